"""Lesson 3 in a real browser: the shared checks (linked views, static charts, quizzes) and the
structure explorer's kernel-free view menu."""

from __future__ import annotations

from serm_lessons.structure_figure import views
from tests.browser.checks import PANEL, LessonChecks, wait_for_plot_value

SHOWN = "[...new Set(gd._fullData.filter(t => t.visible === true).map(t => t.legendgroup))].sort()"
# The lesson's only 3D chart: the one whose layout has a scene.
SCENE_INDEX_JS = f"""() => [...document.querySelectorAll('{PANEL} .js-plotly-plot')]
    .findIndex(gd => !!(gd.layout && gd.layout.scene))"""


class TestAcademic(LessonChecks):
    notebook = "03-academic.ipynb"

    def test_structure_explorer_draws_in_3d_and_switches_views(self, lesson, course):
        index = lesson.page.evaluate(SCENE_INDEX_JS)
        assert index >= 0, "no 3D chart (structure explorer) in the lesson"
        plot = lesson.page.locator(f"{PANEL} .js-plotly-plot").nth(index)
        plot.scroll_into_view_if_needed()
        assert wait_for_plot_value(lesson.page, plot, SHOWN, ["3ERD", "3ERT"]) == ["3ERD", "3ERT"]
        assert plot.locator("canvas").count() > 0, "no WebGL canvas: the 3D scene did not draw"
        label, shown = views(course.structures)[0]  # the first single structure
        plot.locator(".updatemenu-header").first.click()
        plot.locator(".updatemenu-dropdown-button", has_text=label).first.click()
        assert wait_for_plot_value(lesson.page, plot, SHOWN, sorted(shown)) == sorted(shown)
        assert plot.evaluate("gd => gd.layout.title.text").endswith(label)
