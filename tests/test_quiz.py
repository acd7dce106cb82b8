"""Question banks and glossary: valid, complete, and shown with jupyterquiz."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from serm_lessons import catalogue, quiz

GOOD_QUESTION = {
    "id": "sample",
    "section": "receptors",
    "question": "What is a receptor?",
    "type": "multiple_choice",
    "answers": [
        {"answer": "A protein", "correct": True, "feedback": "Receptors are proteins."},
        {"answer": "A gene", "correct": False, "feedback": "A gene only encodes it."},
        {"answer": "A hormone", "correct": False, "feedback": "The hormone is the message."},
    ],
}


def write_bank(tmp_path: Path, questions: list) -> Path:
    path = tmp_path / "quiz_broken.json"
    path.write_text(json.dumps(questions), encoding="utf-8")
    return path


@pytest.fixture
def shell():
    """An IPython shell, so display() output can be captured as it would be in a notebook."""
    yield InteractiveShell.instance()
    InteractiveShell.clear_instance()


@pytest.mark.parametrize("lesson", catalogue.slugs())
def test_every_bank_loads_and_has_enough_questions(lesson):
    questions = quiz.load_questions(lesson)
    assert len(questions) >= 8


@pytest.mark.parametrize("lesson", catalogue.slugs())
def test_every_section_has_a_group_of_two_to_four_questions(lesson):
    questions = quiz.load_questions(lesson)
    for section in quiz.sections(lesson):
        count = sum(q["section"] == section for q in questions)
        assert 2 <= count <= 4, f"{lesson}/{section} has {count} questions"


@pytest.mark.parametrize("lesson", catalogue.slugs())
def test_every_bank_has_a_claims_section(lesson):
    assert "claims" in quiz.sections(lesson)


def test_a_good_bank_from_a_path_loads(tmp_path):
    path = write_bank(tmp_path, [GOOD_QUESTION])
    assert quiz.load_questions("fundamentals", path) == [GOOD_QUESTION]


def _two_correct(q):
    q["answers"][1]["correct"] = True


def _no_correct(q):
    q["answers"][0]["correct"] = False


def _missing_feedback(q):
    del q["answers"][2]["feedback"]


def _blank_feedback(q):
    q["answers"][1]["feedback"] = "  "


def _no_section(q):
    del q["section"]


def _too_few_answers(q):
    del q["answers"][2]


def _typo_key(q):
    q["answers"][0]["feedbak"] = q["answers"][0].pop("feedback")


def _dollar_sign(q):
    q["question"] = "Costs $5?"


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (_two_correct, "2 correct answers"),
        (_no_correct, "0 correct answers"),
        (_missing_feedback, "answer 3 has no feedback"),
        (_blank_feedback, "answer 2 has no feedback"),
        (_no_section, "section missing"),
        (_too_few_answers, "has 2 answers"),
        (_typo_key, "unknown key(s) feedbak"),
        (_dollar_sign, "'$'"),
    ],
)
def test_a_broken_question_is_named_with_its_problem(tmp_path, breakage, message):
    question = copy.deepcopy(GOOD_QUESTION)
    breakage(question)
    path = write_bank(tmp_path, [question])
    with pytest.raises(ValueError) as error:
        quiz.load_questions("fundamentals", path)
    assert str(path) in str(error.value)
    assert "'sample'" in str(error.value)
    assert message in str(error.value)


def test_a_duplicate_id_is_named(tmp_path):
    path = write_bank(tmp_path, [GOOD_QUESTION, copy.deepcopy(GOOD_QUESTION)])
    with pytest.raises(ValueError, match=r"question 'sample': duplicate id"):
        quiz.load_questions("fundamentals", path)


def test_a_missing_id_is_named_by_position(tmp_path):
    question = copy.deepcopy(GOOD_QUESTION)
    del question["id"]
    path = write_bank(tmp_path, [GOOD_QUESTION | {"id": "first"}, question])
    with pytest.raises(ValueError, match=r"question #2: id missing"):
        quiz.load_questions("fundamentals", path)


def test_an_unknown_lesson_is_refused():
    with pytest.raises(ValueError, match="unknown lesson"):
        quiz.load_questions("advanced")


@pytest.mark.parametrize("lesson", catalogue.slugs())
def test_show_displays_every_question_of_each_section(shell, lesson):
    for section in quiz.sections(lesson):
        with capture_output() as captured:
            shown = quiz.show(lesson, section)
        expected = [q for q in quiz.load_questions(lesson) if q["section"] == section]
        assert len(shown) == len(expected)
        html = "".join(o.data.get("text/html", "") for o in captured.outputs)
        script = "".join(o.data.get("application/javascript", "") for o in captured.outputs)
        assert 'data-shuffleanswers="True"' in html
        for question in expected:
            # jupyterquiz embeds the questions as JSON (non-ASCII escaped) in its script
            assert json.dumps(question["question"])[1:-1] in script
        assert all(set(q) == {"question", "type", "answers"} for q in shown)


def test_show_embeds_its_scripts_and_loads_nothing_from_the_network(shell):
    with capture_output() as captured:
        quiz.show("academic", "pk")
    script = "".join(o.data.get("application/javascript", "") for o in captured.outputs)
    assert "function show_questions" in script and "class MCQuestion" in script
    # jupyterquiz's only remote URL is a MathJax fallback, used only if a page has a broken MathJax
    assert [line for line in script.splitlines() if "https://" in line] == [
        line for line in script.splitlines() if "cdn.jsdelivr.net/npm/mathjax" in line
    ]


def test_shown_feedback_says_right_or_wrong_in_words():
    shown = quiz.for_display(GOOD_QUESTION | {"question": "Is 2 < 3 & 3 > 2?"})
    assert shown["question"] == "Is 2 &lt; 3 &amp; 3 &gt; 2?"
    right, *wrong = shown["answers"]
    assert right["feedback"].startswith(quiz.CORRECT_PREFIX)
    assert all(a["feedback"].startswith(quiz.INCORRECT_PREFIX) for a in wrong)


def test_show_refuses_an_unknown_section():
    with pytest.raises(ValueError, match="sections: receptors"):
        quiz.show("fundamentals", "no-such-section")


def test_glossary_terms_are_unique_and_defined():
    entries = quiz._load_glossary()
    terms = [e["term"].casefold() for e in entries]
    assert len(terms) == len(set(terms)) and len(terms) >= 35


@pytest.mark.parametrize("lesson", catalogue.slugs())
def test_every_lesson_has_a_sorted_glossary_table(lesson):
    entries = quiz.glossary(lesson)
    assert len(entries) >= 10
    terms = [e["term"] for e in entries]
    assert terms == sorted(terms, key=str.casefold)
    table = quiz.glossary_markdown(lesson).splitlines()
    assert table[:2] == ["| Term | Definition |", "|---|---|"]
    assert len(table) == len(entries) + 2


@pytest.mark.parametrize(
    ("term", "lessons"),
    [
        ("ERα", {"fundamentals"}),
        ("mRNA", {"fundamentals"}),
        ("gonadorelin", {"intermediate"}),
        ("negative feedback", {"intermediate"}),
        ("helix 12", {"academic"}),
        ("half-life", {"academic"}),
        ("hazard ratio", {"academic"}),
    ],
)
def test_key_terms_are_in_their_lessons_glossaries(term, lessons):
    for lesson in lessons:
        assert term in {e["term"] for e in quiz.glossary(lesson)}


@pytest.mark.parametrize("lesson", catalogue.slugs())
def test_the_correct_answer_is_not_given_away_by_its_length(lesson):
    giveaways = []
    for question in quiz.load_questions(lesson):
        right = [len(a["answer"]) for a in question["answers"] if a["correct"]][0]
        longest_wrong = max(len(a["answer"]) for a in question["answers"] if not a["correct"])
        if right > 1.2 * longest_wrong:
            giveaways.append(question["id"])
    assert len(giveaways) <= len(quiz.load_questions(lesson)) // 4, giveaways


def test_instructor_guide_gives_every_question_and_its_answer():
    """The guide's answer key is the question bank's: no question is missing or out of date."""
    guide = (Path(__file__).resolve().parents[1] / "docs" / "instructor-guide.md").read_text(
        encoding="utf-8"
    )
    for lesson in catalogue.slugs():
        for question in quiz.load_questions(lesson):
            correct = next(a for a in question["answers"] if a["correct"])
            assert question["question"] in guide, question["id"]
            assert correct["answer"] in guide, question["id"]
            assert correct["feedback"] in guide, question["id"]  # the "why" too


def test_show_adds_a_visible_focus_ring_to_the_answers(shell):
    with capture_output() as captured:
        quiz.show("academic", "pk")
    script = "".join(o.data.get("application/javascript", "") for o in captured.outputs)
    assert "serm-course-css" in script and ".MCButton:focus-within" in script


def test_quiz_script_never_loads_mathjax_from_a_server():
    """jupyterquiz downloads MathJax 3 from a CDN when the page's MathJax has no `typeset`; the
    course shows its script with every MathJax step off, so no page can fetch it."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()
    with capture_output() as captured:
        quiz.show("fundamentals")
    scripts = [
        o.data["application/javascript"]
        for o in captured.outputs
        if "application/javascript" in o.data
    ]
    assert len(scripts) == 2  # the course's focus-ring script, then jupyterquiz's
    assert "questions" in scripts[-1] and "cdn.jsdelivr" not in scripts[-1]
    assert quiz.MATHJAX_CHECK not in scripts[-1]
    html = "".join(o.data.get("text/html", "") for o in captured.outputs)
    assert "https://" not in html


def test_a_script_that_names_a_server_is_refused():
    script = f"if ({quiz.MATHJAX_CHECK}) {{}} if ({quiz.MATHJAX_CHECK}) {{}} load('https://x.example/m.js')"
    with pytest.raises(RuntimeError, match="remote address"):
        quiz.without_mathjax(script)
    with pytest.raises(RuntimeError, match="changed"):
        quiz.without_mathjax("no check here")
