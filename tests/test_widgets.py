"""Explorers redraw their charts in place, and what they show follows the data."""

from __future__ import annotations

import json

import ipywidgets

from serm_lessons import figures, widgets
from serm_lessons.chart import Chart

from .test_figures import expected_effect


def test_serm_explorer_shows_the_selected_drug_everywhere(course):
    explorer = widgets.SermExplorer(course, serm="estradiol")
    body, grid = explorer.outputs["map"], explorer.outputs["matrix"]
    for serm in course.serms["serm"]:  # estradiol is last, so every selection is a change
        explorer.picker.value = serm
        assert explorer.outputs["map"] is body and explorer.outputs["matrix"] is grid  # same views
        assert explorer.shown_effects() == {
            t: expected_effect(course, serm, t) for t in figures.TISSUE_ORDER
        }
        row = list(course.serms["serm"]).index(serm)
        assert grid.figure["layout"]["shapes"][0]["y0"] == row - 0.5
        assert course.serm_name(serm) in body.alt
        assert explorer.last_update_ms > 0


def test_compare_picker_shows_and_hides_the_second_map(course):
    explorer = widgets.SermExplorer(course, serm="tamoxifen")
    second = explorer.outputs["compare_map"]
    assert second.layout.display == "none"
    explorer.compare.value = "raloxifene"
    assert second.layout.display is None
    shown = explorer.shown_effects("compare_map")
    assert shown["endometrium"] == expected_effect(course, "raloxifene", "endometrium")
    # side by side: both maps narrow enough to share one output area
    widths = [explorer.chart(n).figure["layout"]["width"] for n in ("map", "compare_map")]
    assert sum(widths) <= 880
    explorer.compare.value = ""
    assert second.layout.display == "none"
    assert explorer.chart("map").figure["layout"]["width"] == widgets.MAP_WIDTH


def test_receptor_explorer_sorts_and_filters(course):
    explorer = widgets.ReceptorExplorer(course)
    explorer.sort.value = "ERβ"
    assert explorer.shown_order() == figures.receptor_order(course.receptor_distribution, "ERβ")
    explorer.course_only.value = True
    course_tissues = set(figures.course_tissue_rows(course.receptor_distribution)["tissue"])
    assert set(explorer.shown_order()) == course_tissues
    assert set(explorer.chart("chart").figure["data"][0]["y"]) == course_tissues
    explorer.scale.value = True
    assert explorer.chart("chart").figure["layout"]["xaxis"]["type"] == "log"


def test_hpg_explorer_moves_hormones_as_the_model_says(course):
    from serm_lessons import hpg

    explorer = widgets.HPGExplorer(course)
    for agent in hpg.AGENTS:
        explorer.set_agents((agent,))
        assert explorer.shown_directions() == hpg.direction((agent,)), agent


def test_setting_several_agents_redraws_once(course):
    explorer = widgets.HPGExplorer(course)
    sent = []
    explorer.chart("figure").observe(lambda change: sent.append(change), names="figure")
    explorer.set_agents(("clomiphene", "anastrozole"))
    assert len(sent) == 1


def test_one_picker_drives_every_linked_view(course):
    picker = widgets.SermPicker(course, "tamoxifen")
    systemic = widgets.SystemicExplorer(course, picker)
    mechanism = widgets.MechanismExplorer(course, picker, tissue="endometrium")
    pk = widgets.PKExplorer(course, picker)
    picker.value = "raloxifene"
    assert set(systemic.shown_drugs()) <= {"Raloxifene", "SERMs in general"}
    assert mechanism.shown_effect() == expected_effect(course, "raloxifene", "endometrium")
    assert any("Raloxifene" in name for name in pk.shown_drugs())


def test_comparison_explorer_follows_both_pickers(course):
    explorer = widgets.ComparisonExplorer(course)
    explorer.second.value = "bazedoxifene"
    assert ">Bazedoxifene</th>" in explorer.table.value


def test_an_unchanged_view_sends_nothing(course):
    explorer = widgets.ReceptorExplorer(course)
    sent = []
    explorer.chart("chart").observe(lambda change: sent.append(change), names="figure")
    explorer.refresh()
    assert sent == []


def test_a_chart_carries_no_plotly_js(course):
    """The widget state is the figure's JSON and a small script, never plotly.js itself."""
    chart = Chart(figures.body_map(course, "tamoxifen"))
    state = chart.get_state()
    assert len(state["_esm"]) < 5_000
    assert len(json.dumps(state)) < 60_000
    assert "window.Plotly" in state["_esm"]


def test_a_chart_keeps_the_share_button_out_of_the_mode_bar(course):
    config = Chart(figures.body_map(course, "tamoxifen")).config
    assert "sendDataToCloud" in config["modeBarButtonsToRemove"]
    assert config["displaylogo"] is False


def test_pk_explorer_offers_tick_boxes_and_not_the_drug_already_chosen(course):
    explorer = widgets.PKExplorer(course, others=("raloxifene",))
    boxes = explorer.others.boxes
    assert all(isinstance(b, ipywidgets.Checkbox) for b in boxes.values())
    assert boxes["tamoxifen"].layout.display == "none"  # the picker's drug is not offered again
    boxes["lasofoxifene"].value = True
    assert explorer._serms() == ["tamoxifen", "raloxifene", "lasofoxifene"]
    explorer.picker.value = "raloxifene"
    assert (
        boxes["raloxifene"].layout.display == "none" and boxes["tamoxifen"].layout.display is None
    )
    assert explorer._serms() == ["raloxifene", "lasofoxifene"]


def test_systemic_explorer_uses_tick_boxes_and_says_when_nothing_is_chosen(course):
    explorer = widgets.SystemicExplorer(course)
    assert all(isinstance(b, ipywidgets.Checkbox) for b in explorer.systems.controls)
    explorer.systems.value = ()
    assert (
        "<table" not in explorer.table.value and "tick at least one system" in explorer.table.value
    )


def test_receptor_sort_shows_its_choice_by_more_than_colour(course):
    explorer = widgets.ReceptorExplorer(course)
    # radio buttons: the chosen one has a filled dot and is announced as checked
    assert isinstance(explorer.sort, ipywidgets.RadioButtons)
    assert isinstance(explorer.scale, ipywidgets.RadioButtons)


def test_every_output_opens_with_its_first_view(course, monkeypatch):
    """A chart or table is created with what it first shows in the state it opens with. Nothing
    is sent to it as an update before it is displayed: the browser can lose an update that comes
    while the widget's script is still loading (the lesson's first chart then stays empty)."""
    opened, updates = {}, []
    real_open, real_send = ipywidgets.Widget.open, ipywidgets.Widget.send_state

    def record_open(widget):
        opened[widget] = widget.get_state()
        real_open(widget)

    def record_send(widget, key=None):
        if widget.comm is not None:  # before the widget opens, nothing is sent
            updates.append((widget, key))
        real_send(widget, key)

    monkeypatch.setattr(ipywidgets.Widget, "open", record_open)
    monkeypatch.setattr(ipywidgets.Widget, "send_state", record_send)
    chart = Chart(figures.body_map(course, "tamoxifen"))
    assert opened[chart]["figure"]["data"], "the figure is not in the chart's opening state"
    hidden = Chart(None)
    assert hidden.layout.display == "none" and updates == []

    explorers = [cls(course) for cls in widgets.Explorer.__subclasses__()]
    assert len(explorers) >= 7
    for explorer in explorers:
        for name, content in explorer._sent_view().items():
            output = explorer.outputs[name]
            state = opened[output]
            if content is None:
                assert output.layout.display == "none", f"{type(explorer).__name__}.{name}"
            elif isinstance(output, Chart):
                assert state["figure"] == content, f"{type(explorer).__name__}.{name}"
            else:
                assert state["value"] == content, f"{type(explorer).__name__}.{name}"
    sent_to_outputs = [
        key for widget, key in updates if any(widget in e.outputs.values() for e in explorers)
    ]
    assert sent_to_outputs == [], f"updates sent before display: {sent_to_outputs[:5]}"
