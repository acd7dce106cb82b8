"""Lesson 1 in a real browser: the shared checks, the SERM explorer and a quiz answer."""

from __future__ import annotations

import re

from serm_lessons import figures
from tests.browser.checks import (
    PANEL,
    LessonChecks,
    assert_accessible,
    assert_chart_text_readable,
    plot_in_output,
    wait_for_plot_value,
)
from tests.browser.harness import save_element_screenshot

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

    def test_receptor_chart_log_scale_reads_and_the_choice_shows(self, lesson, axe_source):
        page = lesson.page
        chart = plot_in_output(page, "Sort by:", 0)
        assert chart.locator(".xtick").count() and chart.locator(".x2tick").count(), (
            "the receptor chart needs its axis at the top and at the bottom"
        )
        log = lesson.panel.locator(".widget-radio-box label", has_text="log scale").first
        log.locator("input").check()
        ticks = wait_for_plot_value(page, chart, "gd.layout.xaxis.type", "log")
        assert ticks == "log"
        page.wait_for_timeout(500)
        shown = chart.evaluate(
            "gd => [...gd.querySelectorAll('.xtick text')].map(t => t.textContent)"
        )
        assert "0.5" in shown and "5" in shown, shown  # plotly's own log ticks print 0.5 as "5"
        # the chosen option differs by more than a shade: a checked radio button, and bold text
        chosen = log.evaluate(
            "l => ({checked: l.querySelector('input').checked, weight: getComputedStyle(l).fontWeight})"
        )
        assert chosen["checked"] and int(chosen["weight"]) >= 600, chosen
        save_element_screenshot(page, chart, "01-receptors-log")
        assert_chart_text_readable(page, "switching the receptor chart to log scale")
        assert_accessible(page, axe_source, "switching the receptor chart to log scale")

    def test_compare_puts_the_second_map_beside_the_first(self, lesson, course, axe_source):
        page = lesson.page
        compare = lesson.panel.locator(".widget-dropdown", has_text="Compare with:").first
        # an ipywidgets <option>'s value is its label
        compare.locator("select").select_option(value=course.serm_name("raloxifene"))
        second = plot_in_output(page, "Compare with:", 1)
        second.wait_for(state="visible")
        wait_for_plot_value(page, second, "gd.layout.title.text.split(':')[0]", "Raloxifene")
        page.wait_for_timeout(500)
        first = plot_in_output(page, "Compare with:", 0)
        a, b = first.bounding_box(), second.bounding_box()
        assert abs(a["y"] - b["y"]) < 2 and b["x"] >= a["x"] + a["width"] - 1, (a, b)
        explorer = lesson.panel.locator(".jp-OutputArea-output", has_text="Compare with:").first
        save_element_screenshot(page, explorer, "01-compare-1400")
        assert_chart_text_readable(page, "comparing two drugs")
        assert_accessible(page, axe_source, "comparing two drugs")
        compare.locator("select").select_option(index=0)  # back to one map for later tests
        second.wait_for(state="hidden")

    def test_unknown_marker_carries_the_keys_question_mark(self, lesson):
        picker = lesson.page.locator(f"{PANEL} .widget-dropdown", has_text="Drug:").first
        picker.locator("select").select_option(value="Tamoxifen")  # it has unknown cells
        body_map = plot_in_output(lesson.page, "Compare with:", 0)
        wait_for_plot_value(
            lesson.page, body_map, "gd.layout.title.text.split(':')[0]", "Tamoxifen"
        )
        effects = body_map.evaluate("gd => gd.data[0].customdata")
        marks = body_map.evaluate(
            f"gd => gd.data.find(t => t.name === '{figures.UNKNOWN_MARKS_TRACE}').customdata"
        )
        assert marks == [t for t, e in zip(figures.TISSUE_ORDER, effects) if e == "unknown"]
        body_map.scroll_into_view_if_needed()
        count = (
            "[...gd.querySelectorAll('.textpoint text')].filter(t => t.textContent === '?').length"
        )
        drawn = wait_for_plot_value(lesson.page, body_map, count, effects.count("unknown"))
        assert drawn == effects.count("unknown") > 0
