"""Self-check questions and the glossary: load them, check them, show them in a lesson.

The question banks (`content/quiz_<lesson>.json`) use jupyterquiz's multiple-choice format plus two
keys of ours: `id` (unique in the file) and `section` (the lesson section the question follows).
`load_questions` checks a bank and names the file, question and problem of anything wrong;
`show` displays one section's questions with jupyterquiz. Files are read with importlib.resources,
so they also work from an installed wheel.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from . import catalogue
from . import vocabulary as v

ANSWERS_PER_QUESTION = (3, 4)  # fewest and most answers a question may offer
QUIZ_KEYS = ("question", "type", "answers")  # what jupyterquiz reads from a question
OUR_KEYS = ("id", "section")  # ours; stripped before display
ANSWER_KEYS = ("answer", "correct", "feedback")
# A non-colour cue before each feedback text, so right and wrong differ by word as well as colour.
CORRECT_PREFIX = "✔ Correct. "
INCORRECT_PREFIX = "✘ Not quite. "
# jupyterquiz's green/red replaced by colours that differ for colour-blind readers and keep white
# button text and the feedback text on a white page readable (contrast >= 4.5:1).
QUIZ_COLOURS = {"--jq-correct-color": v.TEAL, "--jq-incorrect-color": v.VERMILLION_DEEP}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

Question = dict[str, Any]


def _content(name: str) -> Any:
    """The packaged file content/<name> (works from a source tree and from a wheel)."""
    return files("serm_lessons").joinpath("content", name)


def _check_lesson(lesson: str) -> None:
    catalogue.lesson(lesson)  # ValueError naming the lessons if unknown


def _question_problems(question: Any) -> list[str]:
    """Everything wrong with one question, as short phrases (empty if it is valid)."""
    if not isinstance(question, dict):
        return ["is not a JSON object"]
    problems = []
    unknown = set(question) - set(QUIZ_KEYS) - set(OUR_KEYS)
    if unknown:
        problems.append(f"unknown key(s) {', '.join(sorted(unknown))}")
    section = question.get("section")
    if not isinstance(section, str) or not _SLUG.match(section):
        problems.append("section missing or not a slug (lower-case letters, digits and -)")
    text = question.get("question")
    if not isinstance(text, str) or not text.strip():
        problems.append("question text missing")
    if question.get("type") != "multiple_choice":
        problems.append(f"type must be 'multiple_choice', not {question.get('type')!r}")
    answers = question.get("answers")
    if not isinstance(answers, list):
        return [*problems, "answers missing or not a list"]
    fewest, most = ANSWERS_PER_QUESTION
    if not fewest <= len(answers) <= most:
        problems.append(f"has {len(answers)} answers; needs {fewest} to {most}")
    texts = [text] if isinstance(text, str) else []
    for number, answer in enumerate(answers, start=1):
        if not isinstance(answer, dict):
            problems.append(f"answer {number} is not a JSON object")
            continue
        unknown = set(answer) - set(ANSWER_KEYS)
        if unknown:
            problems.append(f"answer {number} has unknown key(s) {', '.join(sorted(unknown))}")
        for key in ("answer", "feedback"):
            value = answer.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"answer {number} has no {key}")
            else:
                texts.append(value)
        if not isinstance(answer.get("correct"), bool):
            problems.append(f"answer {number} needs 'correct': true or false")
    n_correct = sum(1 for a in answers if isinstance(a, dict) and a.get("correct") is True)
    if n_correct != 1:
        problems.append(f"has {n_correct} correct answers; needs exactly one")
    if any("$" in t for t in texts):
        problems.append("contains '$', which jupyterquiz treats as a LaTeX delimiter")
    return problems


def load_questions(lesson: str, path: str | Path | None = None) -> list[Question]:
    """The validated question bank of a lesson (or of the bank at `path`, for checking a copy).

    Raises ValueError naming the file, the question id (or its position) and the problem.
    """
    _check_lesson(lesson)
    source = Path(path) if path is not None else _content(f"quiz_{lesson}.json")
    name = str(path) if path is not None else f"serm_lessons/content/quiz_{lesson}.json"
    try:
        questions = json.loads(source.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{name}: not valid JSON: {error}") from error
    if not isinstance(questions, list) or not questions:
        raise ValueError(f"{name}: must be a non-empty JSON list of questions")
    seen: set[str] = set()
    for position, question in enumerate(questions, start=1):
        question_id = question.get("id") if isinstance(question, dict) else None
        if not isinstance(question_id, str) or not _SLUG.match(question_id):
            raise ValueError(f"{name}: question #{position}: id missing or not a slug")
        if question_id in seen:
            raise ValueError(f"{name}: question {question_id!r}: duplicate id")
        seen.add(question_id)
        problems = _question_problems(question)
        if problems:
            raise ValueError(f"{name}: question {question_id!r}: {'; '.join(problems)}")
    return questions


def sections(lesson: str) -> list[str]:
    """The sections that have questions, in the order they first appear in the bank."""
    return list(dict.fromkeys(q["section"] for q in load_questions(lesson)))


def for_display(question: Question) -> Question:
    """A question as jupyterquiz should get it: our keys stripped, text HTML-escaped, feedback
    starting with a word that says right or wrong (jupyterquiz inserts text as HTML)."""
    return {
        "question": html.escape(question["question"], quote=False),
        "type": question["type"],
        "answers": [
            {
                "answer": html.escape(a["answer"], quote=False),
                "correct": a["correct"],
                "feedback": (CORRECT_PREFIX if a["correct"] else INCORRECT_PREFIX)
                + html.escape(a["feedback"], quote=False),
            }
            for a in question["answers"]
        ],
    }


class Shown(list):
    """The questions as shown. A list that displays as nothing: `quiz.show(...)` is the last line
    of a lesson cell, and a plain list would print every question with its answers marked."""

    def _ipython_display_(self) -> None:
        pass


def show(lesson: str, section: str | None = None) -> Shown:
    """Display the questions of one section (all if `section` is None) and return them as shown.

    jupyterquiz embeds the questions and its own JavaScript and CSS in the output (no network
    needed). Answers are shuffled; each answer's feedback appears when it is clicked and stays
    until another answer is chosen.
    """
    questions = load_questions(lesson)
    if section is not None:
        questions = [q for q in questions if q["section"] == section]
        if not questions:
            raise ValueError(
                f"lesson {lesson!r} has no questions for section {section!r}; "
                f"sections: {', '.join(sections(lesson))}"
            )
    shown = [for_display(q) for q in questions]
    from IPython.display import Javascript, display
    from jupyterquiz import display_quiz  # lazy: only lessons that show a quiz pay for it

    from .page_css import course_css_script

    display(Javascript(course_css_script()))  # the course's focus ring on the answers (keyboard)
    display_without_mathjax(
        lambda: display_quiz(
            shown,
            shuffle_answers=True,
            shuffle_questions=False,
            preserve_responses=False,
            max_width=800,
            colors=QUIZ_COLOURS,
        )
    )
    return Shown(shown)


# jupyterquiz's script typesets with MathJax wherever a MathJax object exists, and downloads MathJax
# 3 from a CDN when that object has no `typeset` (JupyterLab's, the slide view's). The questions
# hold no maths (a `$` is rejected above), so the script is given with MathJax switched off: nothing
# in it can fetch from the network, whatever the page's MathJax is or when it appears.
MATHJAX_CHECK = "typeof MathJax != 'undefined'"
MATHJAX_CDN = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-svg.js"  # in those switched-off steps


def display_without_mathjax(display_quiz: Callable[[], None]) -> None:
    """Run jupyterquiz's `display_quiz`, and show its outputs with the script's MathJax switched off
    (its HTML and styles as they are)."""
    from IPython.display import Javascript, display
    from IPython.utils.capture import capture_output

    with capture_output(stdout=False, stderr=False) as captured:
        display_quiz()
    for output in captured.outputs:
        script = output.data.get("application/javascript")
        if script is None:
            display(output)
        else:
            display(Javascript(without_mathjax(script)))


def without_mathjax(script: str) -> str:
    """jupyterquiz's script with every MathJax step off; refuses a script that names a server."""
    if script.count(MATHJAX_CHECK) < 2:
        raise RuntimeError("jupyterquiz's script changed: re-check how it loads MathJax")
    script = script.replace(MATHJAX_CHECK, "false").replace(MATHJAX_CDN, "")
    if "https://" in script or "http://" in script:
        raise RuntimeError("jupyterquiz's script names a remote address")
    return script


def _load_glossary() -> list[dict[str, Any]]:
    name = "serm_lessons/content/glossary.json"
    entries = json.loads(_content("glossary.json").read_text(encoding="utf-8"))
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        term = entry.get("term")
        if not isinstance(term, str) or not term.strip():
            raise ValueError(f"{name}: entry #{position}: term missing")
        if term.casefold() in seen:
            raise ValueError(f"{name}: term {term!r}: duplicate")
        seen.add(term.casefold())
        if not isinstance(entry.get("definition"), str) or not entry["definition"].strip():
            raise ValueError(f"{name}: term {term!r}: definition missing")
        lessons = entry.get("lessons")
        slugs = catalogue.slugs()
        if not isinstance(lessons, list) or not lessons or not set(lessons) <= set(slugs):
            raise ValueError(
                f"{name}: term {term!r}: lessons must be a non-empty subset of {slugs}"
            )
    return entries


def glossary(lesson: str) -> list[dict[str, Any]]:
    """The glossary entries a lesson uses, sorted by term (case-insensitive)."""
    _check_lesson(lesson)
    entries = [e for e in _load_glossary() if lesson in e["lessons"]]
    return sorted(entries, key=lambda e: e["term"].casefold())


def glossary_markdown(lesson: str) -> str:
    """The lesson's glossary as a Markdown table (term | definition), sorted by term."""

    def cell(text: str) -> str:
        # Markdown passes raw HTML through: escape it, and backslash Markdown's own link and
        # emphasis syntax, so a definition shows as the words it is and nothing else.
        text = html.escape(text.replace("\n", " "), quote=False)
        return re.sub(r"([\\`*_\[\]|!])", r"\\\1", text)

    rows = [f"| **{cell(e['term'])}** | {cell(e['definition'])} |" for e in glossary(lesson)]
    return "\n".join(["| Term | Definition |", "|---|---|", *rows])
