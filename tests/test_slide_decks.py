"""The slide decks (`make slides`): split one idea per slide, inline reveal.js, fetch nothing.

These tests export hand-made notebooks (no kernel, a second or two); the decks of the real lessons,
executed from a fresh checkout, are checked in a real browser in tests/browser/test_slides.py.
"""

from __future__ import annotations

import hashlib
import re

import nbformat
import pytest

from serm_lessons.authoring import execute, offline, slides
from serm_lessons.authoring.links import LESSONS

REVEAL_SHA256 = {  # as recorded in src/serm_lessons/static/reveal/README.md (reveal.js 5.2.1)
    "reveal.js": "46538b52db48724192f59bf46f5e851a18e302777c46f4a34c32709d010d6a29",
    "reveal.css": "68f915a11ebf7203c0446576b7e952ff61c5dd02134a8a226ffaf62ed42136d2",
}


def _html_output(markup: str):
    return nbformat.v4.new_output(
        "display_data", data={"text/html": markup, "text/plain": "<HTML>"}
    )


def _lesson() -> nbformat.NotebookNode:
    """A title slide with a note, a section, its chart, a note and a quiz left in the section."""
    v4 = nbformat.v4
    title = v4.new_markdown_cell("# A lesson", metadata={"slideshow": {"slide_type": "slide"}})
    imports = v4.new_code_cell("from serm_lessons import lesson")  # shows nothing
    note = v4.new_code_cell("lesson.disclaimer()", outputs=[_html_output("<p>Not advice.</p>")])
    section = v4.new_markdown_cell(
        "## 1. A section", metadata={"slideshow": {"slide_type": "slide"}}
    )
    chart = v4.new_code_cell("chart()", outputs=[_html_output('<div class="chart">C</div>')])
    notice = v4.new_markdown_cell("**What to notice.** Something.")
    quiz = v4.new_code_cell(
        'quiz.show("x")',
        outputs=[_html_output('<div class="Quiz">Q</div>')],
        metadata={"slideshow": {"slide_type": "subslide"}},
    )
    return v4.new_notebook(cells=[title, imports, note, section, chart, notice, quiz])


def test_each_chart_note_and_quiz_gets_a_slide_of_its_own():
    nb = _lesson()
    slides.one_idea_per_slide(nb)
    kinds = [cell.metadata["slideshow"].get("slide_type", "-") for cell in nb.cells]
    # the title slide keeps its safety note; an import that shows nothing stays put
    assert kinds == ["slide", "-", "-", "slide", "subslide", "subslide", "subslide"]


def test_a_deck_inlines_reveal_js_and_hides_the_code():
    deck = slides.export_deck(_lesson(), LESSONS[0])
    assert offline.external_resources(deck) == []
    assert "Reveal.initialize" in deck and "reveal.js 5.2" in deck
    assert "from serm_lessons import" not in deck and 'quiz.show("x")' not in deck
    assert not re.search(r"https?://(unpkg|cdn\.jsdelivr|cdnjs|fonts\.googleapis)", deck)
    # each slide is a <section> holding one <section> per sub-slide: the title (1 sub-slide), and
    # the section (its text, then the chart, the note and the quiz)
    assert deck.count("<section") == (1 + 1) + (1 + 4)
    assert 'class="chart"' in deck and 'class="Quiz"' in deck


def test_the_vendored_reveal_js_is_the_recorded_release():
    from importlib import resources

    folder = resources.files("serm_lessons").joinpath("static", "reveal")
    for name, digest in REVEAL_SHA256.items():
        assert hashlib.sha256(folder.joinpath(name).read_bytes()).hexdigest() == digest, name
    licence = folder.joinpath("LICENSE").read_text("utf-8")
    assert "Permission is hereby granted, free of charge" in licence  # the MIT licence text


def test_a_missing_notebook_folder_is_explained(tmp_path):
    with pytest.raises(execute.SiteError, match="lesson notebooks not found"):
        slides.build_slides(tmp_path / "out", notebooks=tmp_path, log=lambda _line: None)
