"""Lesson 1 in a real browser: the shared checks, the SERM explorer and a quiz answer."""

from __future__ import annotations

import re

from serm_lessons import figures
from tests.browser.checks import PANEL, LessonChecks, plot_in_output, wait_for_plot_value

FEEDBACK = re.compile(r"^(✔ Correct\.|✘ Not quite\.)")


class TestFundamentals(LessonChecks):
    notebook = "01-fundamentals.ipynb"

    def test_body_map_readable_without_colour(self, lesson):
        body_map = plot_in_output(lesson.page, "Compare with:", 0)
        trace = body_map.evaluate("gd => ({text: gd.data[0].text, effects: gd.data[0].customdata})")
        assert len(trace["text"]) == len(figures.TISSUE_ORDER)
        for label, effect in zip(trace["text"], trace["effects"]):
            assert effect in label, f"marker label {label!r} does not name its effect {effect!r}"

    def test_body_map_labels_fit_inside_the_chart(self, lesson):
        # The effect word is the colour-free cue, so a label cut off at the chart's edge fails.
        body_map = plot_in_output(lesson.page, "Compare with:", 0)
        body_map.scroll_into_view_if_needed()
        clipped = body_map.evaluate(
            """gd => { const box = gd.querySelector('.main-svg').getBoundingClientRect();
                 return [...gd.querySelectorAll('.textpoint text')]
                   .filter(t => { const r = t.getBoundingClientRect();
                                  return r.left < box.left - 1 || r.right > box.right + 1; })
                   .map(t => t.textContent); }"""
        )
        assert clipped == [], f"body-map labels cut off at the chart's edge: {clipped}"

    def test_drug_picker_redraws_body_map(self, lesson, course):
        body_map = plot_in_output(lesson.page, "Compare with:", 0)
        cells = figures.effect_cells(course, "raloxifene")
        expected = [cells[t]["effect"] for t in figures.TISSUE_ORDER]
        assert body_map.evaluate("gd => gd.data[0].customdata") != expected  # starts on tamoxifen

        picker = lesson.page.locator(f"{PANEL} .widget-dropdown", has_text="Drug:").first
        picker.locator("select").select_option(label=course.serm_name("raloxifene"))

        shown = wait_for_plot_value(lesson.page, body_map, "gd.data[0].customdata", expected)
        assert shown == expected
        title = body_map.evaluate("gd => gd.layout.title.text")
        assert title.startswith(course.serm_name("raloxifene"))

    def test_quiz_answer_gives_feedback(self, lesson):
        question = lesson.page.locator(f"{PANEL} .Quiz").first
        question.scroll_into_view_if_needed()
        buttons = question.locator(".MCButton")
        assert buttons.count() >= 3
        verdicts = []
        for i in range(buttons.count()):
            buttons.nth(i).click()
            feedback = question.locator(".Feedback")
            feedback.wait_for(state="visible")
            text = feedback.inner_text().strip()
            assert FEEDBACK.match(text), f"feedback {text!r} does not say right or wrong in words"
            verdicts.append(text.startswith("✔"))
        assert verdicts.count(True) == 1, "exactly one answer should be marked correct"
