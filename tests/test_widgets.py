"""Widgets update their figures in place, and what they show follows the data."""

from __future__ import annotations

import pytest

from serm_lessons import data, figures, widgets

from .test_figures import expected_effect


@pytest.fixture(scope="module")
def course() -> data.CourseData:
    return data.load()


def test_serm_explorer_shows_the_selected_drug_everywhere(course):
    explorer = widgets.SermExplorer(course, serm="estradiol")
    body, grid = explorer.map, explorer.matrix
    for serm in course.serms["serm"]:  # estradiol is last, so every selection is a change
        explorer.picker.value = serm
        assert explorer.map is body and explorer.matrix is grid  # updated, never rebuilt
        assert explorer.shown_effects() == {
            t: expected_effect(course, serm, t) for t in figures.TISSUE_ORDER
        }
        row = list(course.serms["serm"]).index(serm)
        assert grid.layout.shapes[0].y0 == row - 0.5
        assert course.serm_name(serm) in explorer.map_alt.value
        assert explorer.last_update_ms > 0


def test_compare_picker_shows_and_hides_the_second_map(course):
    explorer = widgets.SermExplorer(course, serm="tamoxifen")
    assert explorer.compare_box.layout.display == "none"
    explorer.compare.value = "raloxifene"
    assert explorer.compare_box.layout.display == ""
    shown = dict(zip(figures.TISSUE_ORDER, explorer.compare_map.data[0].customdata))
    assert shown["endometrium"] == expected_effect(course, "raloxifene", "endometrium")
    explorer.compare.value = ""
    assert explorer.compare_box.layout.display == "none"
    second_map = explorer.compare_map
    explorer.compare.value = "bazedoxifene"
    assert explorer.compare_map is second_map  # built once, then updated in place
    assert explorer.compare_box.layout.display == ""


def test_a_lesson_that_never_compares_builds_no_second_map(course):
    explorer = widgets.SermExplorer(course, serm="tamoxifen")
    assert explorer.compare_map is None and explorer.compare_box.children == ()


def test_receptor_explorer_sorts_and_filters_in_place(course):
    explorer = widgets.ReceptorExplorer(course)
    chart = explorer.chart
    explorer.sort.value = "ERβ"
    assert explorer.shown_order() == figures.receptor_order(course.receptor_distribution, "ERβ")
    explorer.course_only.value = True
    assert set(explorer.shown_order()) == set(
        figures.course_tissue_rows(course.receptor_distribution)["tissue"]
    )
    assert set(chart.data[0].y) == set(explorer.shown_order())
    explorer.scale.value = True
    assert chart.layout.xaxis.type == "log" and explorer.chart is chart


def test_hpg_explorer_moves_hormones_as_the_model_says(course):
    from serm_lessons import hpg

    explorer = widgets.HPGExplorer(course)
    for agent in hpg.AGENTS:
        explorer.set_agents((agent,))
        assert explorer.shown_directions() == hpg.direction((agent,)), agent


def test_one_picker_drives_every_linked_view(course):
    picker = widgets.SermPicker(course, "tamoxifen")
    systemic = widgets.SystemicExplorer(course, picker)
    mechanism = widgets.MechanismExplorer(course, picker, tissue="endometrium")
    pk = widgets.PKExplorer(course, picker)
    picker.value = "raloxifene"
    assert set(systemic.shown_drugs()) <= {"Raloxifene", "SERMs in general"}
    assert mechanism.figure.data[0].customdata[0] == expected_effect(
        course, "raloxifene", "endometrium"
    )
    assert any("Raloxifene" in trace.name for trace in pk.figure.data)


def test_comparison_explorer_follows_both_pickers(course):
    explorer = widgets.ComparisonExplorer(course)
    explorer.second.value = "bazedoxifene"
    assert ">Bazedoxifene</th>" in explorer.table.value
