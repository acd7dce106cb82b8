"""Pure figures for lesson 4, Beyond SERMs: the endocrine-therapy map, how often ESR1 mutations are
found, and where the mutated residues sit on the receptor.

Each function takes the validated course data and returns a plain plotly figure (drawable with no
kernel and no network) with its text alternative in `layout.meta["alt"]`, or an HTML table. Every
label, count and distance is read or computed from the tables (endocrine_agents, hpg_agents,
esr1_mutations, esr1_prevalence, structures, structure_atoms); none is typed in.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from IPython.display import HTML

from .. import vocabulary as v
from ..data import CourseData
from ..structure import PAIRS
from .structure import LEGEND, _scene, _traces_for
from .style import FIGURE_WIDTH, _wrap
from .style import _titled_layout as _layout

TEXT = v.INK
TARGET_TITLES = {
    "estrogen receptor": "Acts on the estrogen receptor",
    "estrogen supply": "Cuts the estrogen supply",
}
ROW_HEIGHT = 44
# One-letter amino-acid codes of the residues the mutation names start with (Y537S: Tyr 537).
ONE_LETTER = {"TYR": "Y", "ASP": "D", "LEU": "L", "GLU": "E", "SER": "S"}


# --- the endocrine-therapy map ---------------------------------------------------------------------


def _men_status(course: CourseData) -> dict[str, str]:
    """Endocrine agent -> its status in men, from the HPG lesson's table (agents linked by hpg_agent)."""
    status = course.hpg_agents.set_index("agent")["status_in_men"]
    links = course.endocrine_agents.set_index("agent")["hpg_agent"]
    return {agent: str(status[hpg]) for agent, hpg in links.items() if hpg and hpg in status.index}


def map_rows(course: CourseData) -> list[dict]:
    """The map's layout: one dict per agent with its column (what it acts on), class and row."""
    agents = course.endocrine_agents
    rows, row = [], 0
    for target in v.ENDOCRINE_TARGETS:
        row = 0
        for agent_class in v.ENDOCRINE_CLASSES:
            mine = agents[(agents["acts_on"] == target) & (agents["agent_class"] == agent_class)]
            if mine.empty:
                continue
            for agent in mine.itertuples():
                rows.append({"agent": agent, "target": target, "class": agent_class, "row": row})
                row += 1
            row += 1  # a gap between classes
    return rows


def endocrine_map(course: CourseData) -> go.Figure:
    """Every agent of endocrine_agents.csv placed by what it acts on (receptor or estrogen supply)
    and grouped by class; hover gives what it does, in whom it is used and the pivotal trial."""
    rows = map_rows(course)
    men = _men_status(course)
    fig = go.Figure()
    column = {target: i for i, target in enumerate(v.ENDOCRINE_TARGETS)}
    for agent_class in v.ENDOCRINE_CLASSES:
        mine = [r for r in rows if r["class"] == agent_class]
        if not mine:
            continue
        style = v.ENDOCRINE_CLASS_STYLE[agent_class]
        labels = []
        for r in mine:
            a = r["agent"]
            year = f", US {html.escape(str(a.us_approval_year))}" if a.us_approval_year else ""
            labels.append(f"{html.escape(a.name)}{year}" + (" · men ♂" if a.agent in men else ""))
        hover = []
        for r in mine:
            a = r["agent"]
            parts = [
                f"<b>{html.escape(a.name)}</b> ({html.escape(agent_class)})",
                "What it does: " + _wrap(html.escape(a.action)),
                "Used in: " + _wrap(html.escape(a.used_in)),
            ]
            if a.pivotal_trial:
                parts.append("Pivotal trial: " + _wrap(html.escape(a.pivotal_trial)))
            if a.agent in men:
                parts.append("In men (lesson 2): " + _wrap(html.escape(men[a.agent])))
            parts.append("Sources: " + html.escape(course.cite(a.sources)))
            hover.append("<br>".join(parts))
        fig.add_scatter(
            name=agent_class,
            x=[column[r["target"]] for r in mine],
            y=[r["row"] for r in mine],
            mode="markers+text",
            text=labels,
            textposition="middle right",
            marker={
                "size": 16,
                "color": style["colour"],
                "symbol": style["marker"],
                "line": {"color": TEXT, "width": 1},
            },
            hovertext=hover,
            hoverinfo="text",
        )
        first = min(mine, key=lambda r: r["row"])
        fig.add_annotation(
            x=column[first["target"]] - 0.04,
            y=first["row"] - 0.75,
            text=f"<b>{html.escape(agent_class)}</b>",
            showarrow=False,
            xanchor="left",
            font={"color": TEXT},  # dark text: the class's colour is on its markers
        )
    for target, i in column.items():
        fig.add_annotation(
            x=i - 0.04,
            y=-1.8,
            text=f"<b>{TARGET_TITLES[target]}</b>",
            showarrow=False,
            xanchor="left",
            font={"size": v.FONT_SIZE + 1},
        )
    height = 170 + ROW_HEIGHT * (max(r["row"] for r in rows) + 3)
    return _layout(
        fig,
        "The endocrine-therapy map: receptor or estrogen supply",
        endocrine_map_alt(course),
        height=height,
        showlegend=True,
        legend={"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0},
        xaxis={"visible": False, "range": [-0.08, 1.75], "fixedrange": True},
        yaxis={
            "visible": False,
            "autorange": "reversed",
            "range": [-2.4, max(r["row"] for r in rows) + 0.8],
            "fixedrange": True,
        },
        margin={"b": 60},
    )


def endocrine_map_alt(course: CourseData) -> str:
    rows = map_rows(course)
    men = _men_status(course)
    parts = []
    for target in v.ENDOCRINE_TARGETS:
        classes = []
        for agent_class in v.ENDOCRINE_CLASSES:
            names = [
                r["agent"].name for r in rows if r["target"] == target and r["class"] == agent_class
            ]
            if names:
                classes.append(f"{agent_class} ({', '.join(names)})")
        parts.append(f"{TARGET_TITLES[target]}: {'; '.join(classes)}")
    names = course.endocrine_agents.set_index("agent")["name"]
    return (
        f"Map of {len(rows)} endocrine agents in two columns by what they act on. "
        + ". ".join(parts)
        + ". Marked ♂, because lesson 2 covers their use in men: "
        + ", ".join(names[a] for a in men)
        + ". Hover over an agent for what it does, in whom it is used and its pivotal trial."
    )


def endocrine_table(course: CourseData) -> HTML:
    """The map's agents as a table: class, what each does, in whom it is used, trial and sources."""
    head = ("Agent", "Class", "What it does", "Used in", "Pivotal trial", "Sources")
    body = []
    for r in map_rows(course):
        a = r["agent"]
        cells = (
            f"<b>{html.escape(a.name)}</b>",
            html.escape(a.agent_class),
            html.escape(a.action),
            html.escape(a.used_in),
            html.escape(a.pivotal_trial) or "—",
            html.escape(course.cite(a.sources)),
        )
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    th = "".join(f"<th scope='col' style='text-align:left'>{h}</th>" for h in head)
    return HTML(
        "<table aria-label='Endocrine agents: what each does and in whom it is used' "
        "style='font-size:14px;line-height:1.4;max-width:1100px;border-collapse:collapse'>"
        f"<thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


# --- ESR1 mutations: how often, and where --------------------------------------------------------


def prevalence_chart(course: CourseData) -> go.Figure:
    """Share of patients or tumours with an ESR1 ligand-binding-domain mutation, study by study."""
    rows = course.esr1_prevalence
    labels = [f"{html.escape(r.study)} ({html.escape(r.sample)})" for r in rows.itertuples()]
    fig = go.Figure()
    fig.add_bar(
        name="with an ESR1 mutation",
        orientation="h",
        y=labels,
        x=rows["percent"],
        text=[f"{r.percent:g}% ({r.with_mutation} of {r.tested})" for r in rows.itertuples()],
        textposition="outside",
        cliponaxis=False,
        marker={
            "color": v.MUTATION_COLOUR,
            "pattern": {"shape": "/", "fgcolor": v.WHITE},
        },
        hovertext=[
            f"<b>{html.escape(r.study)}</b><br>{_wrap(html.escape(r.population))}<br>"
            f"{r.with_mutation} of {r.tested} ({r.percent:g}%)<br>"
            f"Source: {html.escape(course.cite(r.sources))}"
            for r in rows.itertuples()
        ],
        hoverinfo="text",
    )
    return _layout(
        fig,
        "How often an ESR1 mutation is found (different groups of patients)",
        prevalence_alt(course),
        height=140 + 70 * len(rows),
        xaxis={"title": {"text": "% with a mutation"}, "range": [0, 100], "gridcolor": v.GREY_GRID},
        yaxis={"autorange": "reversed", "automargin": True},
        showlegend=False,
        margin={"r": 40},
        width=FIGURE_WIDTH,
    )


def prevalence_alt(course: CourseData) -> str:
    parts = "; ".join(
        f"{r.study}: {r.with_mutation} of {r.tested} ({r.percent:g}%) — {r.population}"
        for r in course.esr1_prevalence.itertuples()
    )
    return (
        f"Horizontal bar chart of the share with an ESR1 ligand-binding-domain mutation. {parts}."
    )


@dataclass(frozen=True)
class MutationSite:
    residue: int
    wild_type: str  # three-letter code in the crystal structures, e.g. TYR
    mutations: tuple[str, ...]  # e.g. ("Y537S", "Y537N")
    positions: dict[str, np.ndarray]  # entry -> Cα position (superposed frame)
    to_peptide: dict[str, float]  # entry -> Cα distance to the centre of 3ERD's peptide, Å


def mutation_sites(course: CourseData, entries: tuple[str, ...] = PAIRS[1]) -> list[MutationSite]:
    """Each mutated residue of esr1_mutations.csv, located in the superposed structures.

    Raises ValueError if a mutation's wild-type letter does not match the residue in the files."""
    atoms = course.structure_atoms
    ca = atoms[atoms["kind"] == "ca"].set_index(["entry", "residue"])
    peptide = atoms[atoms["kind"] == "peptide"][["x", "y", "z"]].to_numpy().mean(axis=0)
    sites = []
    for residue, rows in course.esr1_mutations.groupby("residue", sort=True):
        residue = int(residue)
        names = tuple(rows["mutation"])
        positions, to_peptide, wild = {}, {}, set()
        for entry in entries:
            if (entry, residue) not in ca.index:
                continue
            row = ca.loc[(entry, residue)]
            wild.add(str(row["residue_name"]))
            positions[entry] = row[["x", "y", "z"]].to_numpy(float)
            to_peptide[entry] = float(np.linalg.norm(positions[entry] - peptide))
        (wild_type,) = wild
        for name in names:
            if ONE_LETTER.get(wild_type) != name[0]:
                raise ValueError(f"{name}: residue {residue} is {wild_type} in the structures")
        sites.append(MutationSite(residue, wild_type, names, positions, to_peptide))
    return sites


def mutation_structure(course: CourseData) -> go.Figure:
    """The agonist (3ERD, with its co-activator peptide) and antagonist (3ERT) structures overlaid,
    with the residues that ESR1 mutations change marked on helix 12 as labelled stars."""
    entries = course.structures.set_index("entry", drop=False)
    atoms = course.structure_atoms
    traces = []
    for entry in PAIRS[1]:
        traces += _traces_for(entries.loc[entry], atoms)
    for site in mutation_sites(course):
        for entry, (x, y, z) in site.positions.items():
            conformation = entries.at[entry, "conformation"]
            traces.append(
                go.Scatter3d(
                    x=[x],
                    y=[y],
                    z=[z],
                    mode="markers+text",
                    name=f"{site.wild_type.title()} {site.residue} in {entry} ({conformation})",
                    text=[f"{ONE_LETTER[site.wild_type]}{site.residue} · {entry}"],
                    textposition="middle right",
                    textfont={"color": TEXT, "size": v.FONT_SIZE, "family": v.FONT_FAMILY},
                    marker={
                        "size": 9,
                        "color": v.MUTATION_COLOUR,
                        "symbol": v.MUTATION_MARKER,
                        "line": {"color": v.WHITE, "width": 1},
                    },
                    hovertext=[
                        f"{entry} · {site.wild_type.title()} {site.residue}: mutated in "
                        f"{', '.join(site.mutations)}; Cα {site.to_peptide[entry]:.1f} Å from the "
                        "centre of 3ERD's co-activator peptide"
                    ],
                    hoverinfo="text",
                    legendgroup="mutations",
                )
            )
    fig = go.Figure(traces)
    return _layout(
        fig,
        f"ESR1 mutation sites on helix 12: agonist {PAIRS[1][0]} vs antagonist {PAIRS[1][1]}",
        mutation_alt(course),
        width=860,
        height=640,
        scene=_scene(atoms),
        legend=LEGEND,
        margin={"l": 0, "r": 0, "t": 80, "b": 0},
    )


def mutation_alt(course: CourseData) -> str:
    entries = course.structures.set_index("entry")
    agonist, antagonist = PAIRS[1]
    parts = []
    for site in mutation_sites(course):
        shift = float(np.linalg.norm(site.positions[agonist] - site.positions[antagonist]))
        parts.append(
            f"{site.wild_type.title()} {site.residue} (mutated in {', '.join(site.mutations)}): its "
            f"Cα lies {site.to_peptide[agonist]:.1f} Å from the centre of the co-activator peptide "
            f"with {entries.at[agonist, 'ligand_name']} bound ({agonist}) and "
            f"{site.to_peptide[antagonist]:.1f} Å with {entries.at[antagonist, 'ligand_name']} "
            f"({antagonist}); it moves {shift:.1f} Å between the two"
        )
    return (
        "Rotatable 3D view of the ERα ligand-binding domain, the agonist structure "
        f"{agonist} and the antagonist structure {antagonist} superposed, drawn as Cα traces with "
        "helix 12 thick (solid blue: agonist position; dashed vermilion: antagonist position), "
        "ligand atoms as markers and the co-activator peptide as a dotted green line. Black "
        "crosses labelled with the residue mark the sites of ESR1 mutations. "
        + "; ".join(parts)
        + "."
    )
