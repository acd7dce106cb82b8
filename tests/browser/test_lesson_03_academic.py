"""Lesson 3 in a real browser: the shared checks (linked views, static charts, quizzes) and the
structure explorer's kernel-free view menu."""

from __future__ import annotations

from serm_lessons import figures, vocabulary
from serm_lessons.figures.structure import views
from tests.browser.checks import (
    PANEL,
    LessonChecks,
    assert_accessible,
    assert_chart_text_readable,
    plot_in_output,
    wait_for_plot_value,
)
from tests.browser.harness import save_element_screenshot

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

    def test_pk_chart_keeps_each_drugs_style_and_its_notes_clear(self, lesson, course, axe_source):
        page = lesson.page
        chart = plot_in_output(page, "Compare with (tick any):", 0)
        styles = (  # each drug's own line (a metabolite's line is the drug's colour, dotted)
            "gd => Object.fromEntries(gd.data.filter(t => !t.meta.metabolite)"
            ".map(t => [t.meta.serm, [t.line.color, t.line.dash]]))"
        )
        before = chart.evaluate(styles)
        for serm, style in before.items():
            line = vocabulary.DRUG_LINE_STYLE[serm]
            assert style == [line["colour"], line["dash"]], serm
        boxes = lesson.panel.locator(".jp-OutputArea-output", has_text="Compare with (tick any):")
        # the drug chosen in the picker is not offered again as a tick-box
        picked = boxes.locator("select").first.input_value()  # an <option>'s value is its label
        offered = boxes.locator(".widget-checkbox:visible").all_inner_texts()
        assert picked not in [o.strip() for o in offered]
        toremifene = boxes.locator(".widget-checkbox", has_text="Toremifene").first.locator("input")
        toremifene.check()
        wait_for_plot_value(
            page, chart, "gd.data.filter(t => !t.meta.metabolite).length", len(before) + 1
        )
        after = chart.evaluate(styles)
        assert {s: after[s] for s in before} == before  # adding a drug restyles no other line
        # a drug with no half-life in the picker: the "not drawn" note, clear of the axis title
        missing = [s for s in course.serm_names if s not in figures.half_life_hours(course)]
        if missing:
            picker = boxes.locator(".widget-dropdown", has_text="Drug:").first
            before_pick = picker.locator("select").input_value()
            picker.locator("select").select_option(value=course.serm_name(missing[0]))
            chart.locator(".annotation", has_text="Not drawn").first.wait_for()
            page.wait_for_timeout(300)
            save_element_screenshot(page, chart, "03-pk-not-drawn")
            assert_chart_text_readable(page, "choosing a drug with no half-life")
            picker.locator("select").select_option(value=before_pick)
        toremifene.uncheck()
        assert_accessible(page, axe_source, "ticking drugs in the PK explorer")

    def test_systemic_explorer_ticks_and_says_when_nothing_is_chosen(self, lesson, axe_source):
        page = lesson.page
        explorer = lesson.panel.locator(".jp-OutputArea-output", has_text="Systems:").first
        boxes = explorer.locator(".widget-checkbox input")
        assert boxes.count() >= 5
        assert all(not boxes.nth(i).is_disabled() for i in range(boxes.count()))
        for i in range(boxes.count()):
            boxes.nth(i).uncheck()
        explorer.locator(".serm-empty").wait_for()
        assert "0 rows" not in explorer.inner_text()
        assert explorer.locator("table").count() == 0
        assert_accessible(page, axe_source, "unticking every system")
        for i in range(boxes.count()):
            boxes.nth(i).check()
        explorer.locator("table").first.wait_for()
