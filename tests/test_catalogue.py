"""The course catalogue: every lesson notebook describes itself, and everything reads the list."""

from __future__ import annotations

import json

import pytest

from serm_lessons import catalogue, quiz
from serm_lessons.authoring import links
from serm_lessons.schema import TABLE_BY_NAME

from .conftest import REPO


def test_every_notebook_but_the_dashboard_is_a_lesson_in_file_order():
    notebooks = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    lessons = [lesson.notebook for lesson in catalogue.lessons()]
    assert lessons == [n for n in notebooks if n != "dashboard.ipynb"]
    assert len(set(catalogue.slugs())) == len(lessons)


@pytest.mark.parametrize("entry", catalogue.lessons(), ids=lambda e: e.slug)
def test_each_lesson_names_real_tables_and_has_a_question_bank(entry):
    assert entry.level in catalogue.LEVELS
    assert set(entry.tables) <= set(TABLE_BY_NAME), entry.tables
    assert quiz.load_questions(entry.slug)
    assert quiz.glossary(entry.slug)


def test_links_and_site_pages_come_from_the_catalogue():
    assert [p.path for p in links.LESSONS] == [e.path for e in catalogue.lessons()]
    assert [p.title for p in links.LESSONS] == [e.title for e in catalogue.lessons()]


def test_an_incomplete_metadata_block_names_the_notebook_and_field(tmp_path):
    notebook = json.loads((REPO / "notebooks" / "03-academic.ipynb").read_text(encoding="utf-8"))
    del notebook["metadata"]["serm_lessons"]["minutes"]
    path = tmp_path / "09-broken.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    with pytest.raises(ValueError, match=r"09-broken.ipynb: metadata.serm_lessons lacks minutes"):
        catalogue.read_lesson(path)


def test_a_new_notebook_with_a_block_becomes_a_lesson(tmp_path):
    for name in ("01-fundamentals.ipynb", "dashboard.ipynb"):
        (tmp_path / name).write_text((REPO / "notebooks" / name).read_text(encoding="utf-8"))
    assert [e.slug for e in catalogue.lessons(tmp_path)] == ["fundamentals"]


def test_an_unknown_slug_lists_the_lessons():
    with pytest.raises(ValueError, match="choose one of fundamentals"):
        catalogue.lesson("advanced")
