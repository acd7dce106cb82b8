"""Lesson 4's figures: every agent, count and distance comes from the tables."""

from __future__ import annotations

import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest

from serm_lessons import catalogue, data, figures, vocabulary
from serm_lessons.figures import beyond as figures_beyond
from serm_lessons.structure import ca_traces

from .conftest import REPO


def test_every_figure_is_plain_with_a_text_alternative(course):
    for fig in (
        figures_beyond.endocrine_map(course),
        figures_beyond.prevalence_chart(course),
        figures_beyond.mutation_structure(course),
    ):
        assert type(fig) is go.Figure
        assert len(figures.alt_text(fig)) > 80
        json.loads(fig.to_json())  # drawable with no kernel


def test_the_map_places_every_agent_by_what_it_acts_on(course):
    fig = figures_beyond.endocrine_map(course)
    agents = course.endocrine_agents
    drawn = {trace.name: len(trace.x) for trace in fig.data}
    assert drawn == agents["agent_class"].value_counts().to_dict()
    column = {target: i for i, target in enumerate(vocabulary.ENDOCRINE_TARGETS)}
    for trace in fig.data:
        targets = set(agents.loc[agents["agent_class"] == trace.name, "acts_on"])
        assert {column[t] for t in targets} == set(trace.x)
        style = vocabulary.ENDOCRINE_CLASS_STYLE[trace.name]
        assert trace.marker.symbol == style["marker"]  # shape as well as colour
    alt = figures.alt_text(fig)
    for name in agents["name"]:
        assert name in alt


def test_agents_linked_to_the_hpg_lesson_are_marked_for_men(course):
    fig = figures_beyond.endocrine_map(course)
    labels = [label for trace in fig.data for label in trace.text]
    linked = course.endocrine_agents.loc[course.endocrine_agents["hpg_agent"] != "", "name"]
    marked = {label.split(",")[0].split(" ·")[0] for label in labels if "♂" in label}
    assert marked == set(linked)


def test_the_prevalence_chart_shows_the_datas_counts(course):
    bars = figures_beyond.prevalence_chart(course).data[0]
    assert len(bars.x) == len(course.esr1_prevalence) > 0
    for x, text, r in zip(bars.x, bars.text, course.esr1_prevalence.itertuples()):
        assert x == r.percent
        assert f"({r.with_mutation} of {r.tested})" in text


def test_mutation_sites_are_measured_from_the_coordinates(course):
    sites = figures_beyond.mutation_sites(course)
    assert [s.residue for s in sites] == sorted(set(course.esr1_mutations["residue"]))
    traces = ca_traces(course.structure_atoms)
    peptide = course.structure_atoms.query("kind == 'peptide'")[["x", "y", "z"]].to_numpy()
    for site in sites:
        for entry, position in site.positions.items():
            np.testing.assert_allclose(position, traces[entry][site.residue])
            expected = np.linalg.norm(position - peptide.mean(axis=0))
            assert site.to_peptide[entry] == pytest.approx(expected)
    alt = figures.alt_text(figures_beyond.mutation_structure(course))
    y537 = next(s for s in sites if s.residue == 537)
    assert y537.wild_type == "TYR"
    assert f"{y537.to_peptide['3ERD']:.1f} Å" in alt and f"{y537.to_peptide['3ERT']:.1f} Å" in alt


def test_a_mutation_that_names_the_wrong_residue_is_refused(data_copy):
    def rename(header, rows):
        rows[0]["mutation"] = "F537S"  # residue 537 is a tyrosine in every structure

    data_copy.edit("esr1_mutations", rename)
    with pytest.raises(ValueError, match="F537S: residue 537 is TYR"):
        figures_beyond.mutation_sites(data.load(data_copy.root))


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])", text))


def _table_text(course, names) -> str:
    return " ".join(
        " ".join(map(str, getattr(course, name).astype(str).to_numpy().ravel())) for name in names
    )


@pytest.mark.parametrize(
    ("notebook", "heading", "tables"),
    [
        ("04-beyond-serms.ipynb", None, None),  # the whole lesson, against the tables it cites
        (
            "03-academic.ipynb",
            "## 5. Tamoxifen is a prodrug",
            ["tamoxifen_metabolism", "tamoxifen_concentrations", "binding_affinity", "serms"],
        ),
    ],
)
def test_every_number_in_the_prose_is_in_a_cited_table(course, notebook, heading, tables):
    """Numbers in these sections are not typed from memory: each appears in a row the lesson cites
    (years of the cited papers and section numbers aside)."""
    cells = json.loads((REPO / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    prose = [
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "markdown"
        and (heading is None or "".join(c["source"]).startswith(heading))
    ]
    assert prose
    tables = tables or catalogue.lesson("beyond").tables
    # in the tables a number may sit inside a word ("Asp351")
    known = set(re.findall(r"\d+(?:\.\d+)?", _table_text(course, tables)))
    known |= set(course.references["year"].astype(str))
    known |= {"1", "2", "3", "4", "5", "11", "12"}  # section numbers, helix numbers, "Lesson 3"
    known |= {str(lesson.minutes) for lesson in catalogue.lessons()}  # "about 45 minutes"
    missing = sorted(_numbers(" ".join(prose)) - known, key=float)
    assert not missing, f"{notebook}: numbers not found in its tables: {missing}"
