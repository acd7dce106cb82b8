"""Lessons follow their own order: a self-check asks only about what the course has taught by then.

For each `quiz.show(lesson, section)` cell, the key terms of its questions (glossary terms, drug and
trial names, and acronyms in the question or its right answer) must already appear in what the
learner has read above it: the earlier lessons, this lesson's text, and the claim-vs-evidence
boxes and tables it has shown.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from serm_lessons import catalogue, data, quiz

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
LESSON_FILES = {lesson.slug: lesson.notebook for lesson in catalogue.lessons()}
# Capitalised words that are ordinary English or the course's own names, not taught terms.
NOT_TERMS = {"SERM", "SERMS", "ERα", "ERβ", "US", "EU", "FDA", "DNA", "CI", "RR", "HR", "OR"}


def _claim_ids(source: str, course: data.CourseData) -> list[str]:
    """The claims a `lesson.claims(...)` cell shows (ids listed, or the lesson's citation claims)."""
    ids: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "claims":
            for keyword in node.keywords:
                if keyword.arg == "ids" and isinstance(keyword.value, ast.List):
                    ids += [e.value for e in keyword.value.elts if isinstance(e, ast.Constant)]
                elif keyword.arg == "ids":  # lesson.citation_claims(course)
                    from serm_lessons import lesson

                    ids += lesson.citation_claims(course)
    return ids


def _table_text(source: str, course: data.CourseData) -> str:
    """The text of a table a cell shows with `tables.<name>(course)` (tags stripped)."""
    from serm_lessons import tables

    text = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and getattr(node.func.value, "id", "") == "tables"
            and [getattr(a, "id", "") for a in node.args] == ["course"]
            and not node.keywords
        ):
            text.append(re.sub(r"<[^>]+>", " ", getattr(tables, node.func.attr)(course)))
    return "\n".join(text)


def _cells(lesson: str) -> list[dict]:
    path = NOTEBOOKS / LESSON_FILES[lesson]
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def taught_before_each_quiz(lesson: str, course: data.CourseData) -> dict[str, str]:
    """Section -> everything the learner has read before that section's quiz cell."""
    claims = course.claims.set_index("claim_id")
    slugs = list(catalogue.slugs())
    earlier = slugs[: slugs.index(lesson)]
    read = [
        "".join(c["source"]) for e in earlier for c in _cells(e) if c["cell_type"] == "markdown"
    ]
    taught = {}
    for cell in _cells(lesson):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            read.append(source)
            continue
        for claim_id in _claim_ids(source, course):
            row = claims.loc[claim_id]
            read += [row["topic"], row["article_claim"], row["correction"]]
        read.append(_table_text(source, course))
        for match in re.finditer(r"quiz\.show\(\s*\"(\w+)\",\s*\"([\w-]+)\"\s*\)", source):
            taught[match.group(2)] = "\n".join(read)
    return taught


def key_terms(text: str, course: data.CourseData) -> set[str]:
    """The terms in a question a learner must have met: glossary terms, drug and trial names,
    and acronyms (STAR, MORE, RBA ...)."""
    found = set()
    lowered = text.casefold()
    for entry in quiz._load_glossary():
        term = entry["term"]
        if re.search(rf"(?<![\w-]){re.escape(term.casefold())}(?![\w-])", lowered):
            found.add(term)
    names = set(course.serm_names.values()) | set(course.trial_outcomes["trial"])
    found |= {n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text)}
    # an acronym ends with a letter or digit ("ER-positive" holds ER, not "ER-")
    acronyms = re.findall(r"\b[A-Z][A-Z0-9-]*[A-Z0-9]\b", text)
    found |= {a for a in acronyms if len(a) >= 3 and a not in NOT_TERMS}
    return found


def _appears(term: str, taught: str) -> bool:
    if term.isupper():  # an acronym: as written
        return re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", taught) is not None
    head = term.split()[0]
    if head.isupper() and len(head) >= 3 and _appears(head, taught):  # "LDL" for "LDL cholesterol"
        return True
    return term.casefold() in taught.casefold()


@pytest.mark.parametrize("lesson", catalogue.slugs())
def test_every_question_asks_only_about_what_was_taught_before_it(lesson, course):
    taught = taught_before_each_quiz(lesson, course)
    assert set(taught) == set(quiz.sections(lesson)), "every section's quiz is shown once"
    missing = []
    for question in quiz.load_questions(lesson):
        right = next(a for a in question["answers"] if a["correct"])
        for term in key_terms(f"{question['question']} {right['answer']}", course):
            if not _appears(term, taught[question["section"]]):
                missing.append(f"{question['id']}: {term!r}")
    assert not missing, f"{lesson}: asked before it is taught: {missing}"


def test_the_check_catches_a_term_not_yet_taught(course):
    """The STAR trial, asked about in a lesson that never names it, is caught."""
    assert "STAR" in key_terms("What did the STAR trial show?", course)
    assert not _appears("STAR", "Tamoxifen and raloxifene side by side.")


GARBLED = ("∞", "â€", "Ã", "\ufffd")  # characters left by a wrong text encoding


def test_learner_facing_text_has_no_garbled_characters(course):
    texts = [
        ("claims.csv", t) for col in ("article_claim", "correction") for t in course.claims[col]
    ]
    for lesson, name in LESSON_FILES.items():
        texts += [(name, "".join(c["source"])) for c in _cells(lesson)]
        for question in quiz.load_questions(lesson):
            texts.append((lesson, json.dumps(question, ensure_ascii=False)))
    bad = [(where, text[:80]) for where, text in texts if any(g in text for g in GARBLED)]
    assert not bad, bad


def test_lesson_2_try_it_leaves_one_agent_ticked_before_asking_about_testosterone():
    steps = "".join(_cells("intermediate")[3]["source"])
    step_2 = steps.split("\n2. ")[1].split("\n3. ")[0]
    assert "Untick **clomiphene**" in step_2  # else the chart shows both agents together
