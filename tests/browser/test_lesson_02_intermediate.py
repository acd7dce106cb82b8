"""Lesson 2 in a real browser: the shared checks and the HPG explorer."""

from __future__ import annotations

from serm_lessons import figures, hpg, widgets
from tests.browser.checks import PANEL, LessonChecks, plot_in_output, wait_for_plot_value


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
