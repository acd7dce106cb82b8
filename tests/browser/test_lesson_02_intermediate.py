"""Lesson 2 in a real browser: the shared checks and the HPG explorer."""

from __future__ import annotations

from serm_lessons import figures, hpg, widgets
from tests.browser.checks import (
    PANEL,
    LessonChecks,
    assert_accessible,
    assert_chart_text_readable,
    plot_in_output,
    wait_for_plot_value,
)
from tests.browser.harness import save_element_screenshot


def agent_checkbox(page, name: str):
    return page.locator(f"{PANEL} .widget-checkbox", has_text=name).first.locator("input")


class TestIntermediate(LessonChecks):
    notebook = "02-intermediate.ipynb"

    def test_agent_checkboxes_redraw_hormone_bars(self, lesson, course):
        names = widgets.agent_labels(course)  # the check boxes show these
        bars = plot_in_output(lesson.page, "Agents taken", 0)
        hormones = list(figures.HORMONE_LABELS)
        before = hpg.direction(("clomiphene",))
        assert bars.evaluate("gd => gd.data[1].customdata") == [before[h] for h in hormones]

        agent_checkbox(lesson.page, names["testosterone"]).check()
        agent_checkbox(lesson.page, names["clomiphene"]).uncheck()

        after = hpg.direction(("testosterone",))
        assert after["lh"] == "down"  # exogenous testosterone brakes the axis
        expected = [after[h] for h in hormones]
        shown = wait_for_plot_value(lesson.page, bars, "gd.data[1].customdata", expected)
        assert shown == expected

    def test_several_agents_keep_the_hpg_chart_readable(self, lesson, course, axe_source):
        page = lesson.page
        names = widgets.agent_labels(course)
        for agent in ("clomiphene", "testosterone", "anastrozole"):
            agent_checkbox(page, names[agent]).check()
        page.locator(
            f"{PANEL} .widget-radio-box label", has_text="gonadorelin continuously"
        ).first.locator("input").check()
        bars = plot_in_output(page, "Agents taken", 0)
        agents = ("clomiphene", "anastrozole", "testosterone", "gonadorelin-continuous")
        expected = figures.hpg_title(agents)
        title = wait_for_plot_value(page, bars, "gd.layout.title.text", expected)
        assert "gonadorelin-continuous" not in title and "gonadorelin continuously" in title
        page.wait_for_timeout(500)
        save_element_screenshot(page, bars, "02-hpg-four-agents")
        assert_chart_text_readable(page, "ticking four agents")
        assert_accessible(page, axe_source, "ticking four agents")

    def test_comparison_table_keeps_colour_and_symbol(self, lesson):
        chips = lesson.panel.locator(".serm-table .serm-effect")
        assert chips.count() >= 18
        style = chips.first.evaluate(
            "c => ({bg: getComputedStyle(c).backgroundColor, text: c.textContent})"
        )
        assert style["bg"] not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)") or "?" in style["text"]
