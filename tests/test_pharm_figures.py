"""The pharmacology figures draw the data they are given and describe it in their text alternative."""

from __future__ import annotations

import json

import plotly.graph_objects as go

from serm_lessons import data, pharm
from serm_lessons import vocabulary as v
from serm_lessons.figures import pharm as pharm_figures


def alt(fig: go.Figure) -> str:
    return str(fig.layout.meta["alt"])


def test_binding_chart_draws_every_measured_value_on_a_log_axis(course):
    fig = pharm_figures.binding_affinity_chart(course)
    assert type(fig) is go.Figure and fig.layout.xaxis.type == "log"
    drawn = {(t.name, label.split(" (")[0]): x for t in fig.data for label, x in zip(t.y, t.x)}
    expected = {(r.receptor, r.ligand): r.rba for r in course.binding_affinity.itertuples()}
    assert drawn == expected
    json.loads(fig.to_json())  # drawable with no kernel


def test_binding_chart_keeps_the_receptor_colours_and_patterns(course):
    fig = pharm_figures.binding_affinity_chart(course)
    for trace in fig.data:
        style = v.RECEPTOR_STYLE[trace.name]
        assert trace.marker.color == style["colour"]
        assert trace.marker.pattern.shape == style["pattern"]
    assert {t.marker.pattern.shape for t in fig.data} == {"", "/"}  # not colour alone


def test_binding_alt_text_is_written_from_the_data(course):
    fig = pharm_figures.binding_affinity_chart(course)
    text = alt(fig)
    assert "ERα 7 vs ERβ 6 (alike)" in text
    assert "ERα 178 vs ERβ 339 (ERβ about 1.9-fold)" in text
    assert str(len(set(course.binding_affinity["ligand"]))) + " compounds" in text
    for drug in pharm.course_drugs_missing_from_assay(course):
        assert drug in text
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "raloxifene" in notes


def test_binding_chart_follows_an_edited_table(data_copy):
    def halve_tamoxifen(header, rows):
        for row in rows:
            if row["ligand"] == "tamoxifen" and row["receptor"] == "ERβ":
                row["rba"] = "3.5"

    data_copy.edit("binding_affinity", halve_tamoxifen)
    edited = data.load(data_copy.root)
    text = alt(pharm_figures.binding_affinity_chart(edited))
    assert "tamoxifen ERα 7 vs ERβ 3.5 (ERα about 2.0-fold)" in text


def test_metabolism_diagram_draws_one_arrow_per_cited_step(course):
    fig = pharm_figures.metabolism_diagram(course)
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    steps = course.tamoxifen_metabolism
    assert len(arrows) == len(steps)
    for arrow, step in zip(arrows, steps.itertuples()):
        assert step.enzymes in arrow.hovertext
        assert (arrow.arrowcolor == pharm_figures.CYP2D6_COLOUR) == ("CYP2D6" in step.enzymes)
        assert (arrow.arrowwidth > 2) == ("CYP2D6" in step.enzymes)  # width as well as colour
    assert len([s for s in fig.layout.shapes if s.type == "rect"]) == len(v.TAMOXIFEN_COMPOUNDS)
    json.loads(fig.to_json())


def test_metabolism_boxes_show_the_measured_levels(course):
    fig = pharm_figures.metabolism_diagram(course)
    texts = " ".join(a.text for a in fig.layout.annotations if not a.showarrow)
    assert len(course.tamoxifen_concentrations) > 0
    for row in course.tamoxifen_concentrations.itertuples():
        assert f"{row.value:g} {row.unit}" in texts
    text = alt(fig)
    alone, added, unit = pharm.inhibitor_levels(course)["endoxifen"]
    assert f"{alone:g} {unit}" in text and f"{added:g} {unit}" in text and "CYP2D6" in text
    assert "4-hydroxytamoxifen, endoxifen" in text  # the more potent metabolites, from the data
