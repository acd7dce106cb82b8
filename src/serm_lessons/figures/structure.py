"""The structure explorer: ERα ligand-binding-domain crystal structures in 3D, with no kernel needed.

`structure_explorer` draws the superposed Cα traces from structure_atoms.csv as plotly Scatter3d
lines, helix 12 picked out by colour, dash, width and a label, the ligand's atoms as markers and the
GRIP1 co-activator peptide of 3ERD. plotly's own menu switches between single structures and
agonist-antagonist overlays, so the view works in the static site and offline. Every number in the
text alternative and in `facts_table` is measured from the shipped coordinates (structure.py).
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from IPython.display import HTML

from .. import vocabulary as v
from ..data import CourseData
from ..structure import HELIX12, MOBILE_FROM, PAIRS, REFERENCE, StructureFacts, structure_facts

__all__ = ["structure_explorer", "structure_facts", "facts_table", "explorer_alt", "views"]

WIDTH, HEIGHT = 860, 640
BACKBONE_WIDTH, HELIX_WIDTH, PEPTIDE_WIDTH = 5, 14, 10


def _label(row: pd.Series) -> str:
    return f"{html.escape(row['ligand_name'])} · {row['entry']}"  # plotly parses labels as HTML


def views(entries: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """The menu, as (label, entries shown): each structure alone, the two same-paper
    agonist/antagonist overlays, then all four."""
    options = [(_label(row), [row["entry"]]) for _, row in entries.iterrows()]
    names = dict(zip(entries["entry"], map(html.escape, entries["ligand_name"])))
    options += [(f"overlay: {names[a]} vs {names[b]}", [a, b]) for a, b in PAIRS]
    options.append(("overlay: all four", list(entries["entry"])))
    return options


def _line(rows: pd.DataFrame) -> tuple[list, list, list, list]:
    """x, y, z and hover text along consecutive residues, broken (None) wherever a residue is missing."""
    xs, ys, zs, text = [], [], [], []
    previous = None
    for row in rows.itertuples():
        if previous is not None and row.residue != previous + 1:
            xs.append(None), ys.append(None), zs.append(None), text.append(None)
        xs.append(row.x), ys.append(row.y), zs.append(row.z)
        text.append(f"{row.entry} · {html.escape(row.residue_name.title())} {row.residue}")
        previous = row.residue
    return xs, ys, zs, text


LEGEND = {"x": 0.65, "y": 0.95, "yanchor": "top", "font": {"size": 13}}  # right of the scene


def _scene(atoms: pd.DataFrame) -> dict:
    """The 3D scene: no axes, true proportions, the course's camera, the left part of the figure."""
    axis = {"visible": False, "showspikes": False}
    return {
        "xaxis": axis,
        "yaxis": axis,
        "zaxis": axis,
        "aspectmode": "data",
        "camera": _camera(atoms),
        "domain": {"x": [0, 0.64], "y": [0, 1]},
    }


def _chain_trace(rows: pd.DataFrame, **style) -> go.Scatter3d:
    """A 3D line along consecutive residues (broken where one is missing), hover per residue."""
    x, y, z, text = _line(rows)
    return go.Scatter3d(x=x, y=y, z=z, hovertext=text, **style)


def _label_3d(atom: pd.Series, text: str, position: str, colour: str, group: str) -> go.Scatter3d:
    """A text label at one atom, in the legend group of its structure (hidden with it)."""
    return go.Scatter3d(
        x=[atom["x"]],
        y=[atom["y"]],
        z=[atom["z"]],
        mode="text",
        text=[text],
        textposition=position,
        textfont={"color": colour, "size": v.FONT_SIZE, "family": v.FONT_FAMILY},
        showlegend=False,
        hoverinfo="skip",
        legendgroup=group,
    )


def _traces_for(entry: pd.Series, atoms: pd.DataFrame) -> list[go.Scatter3d]:
    """Backbone, helix 12, ligand, helix-12 label (and peptide and its label) for one structure."""
    name, conformation = entry["entry"], entry["conformation"]
    style = v.CONFORMATION_STYLE[conformation]
    mine = atoms[atoms["entry"] == name]
    ca = mine[mine["kind"] == "ca"].sort_values("residue")
    in_helix = ca["residue"].between(*HELIX12)
    # The helix trace starts one residue early, so the two lines meet instead of leaving a gap.
    before = ca[ca["residue"] == HELIX12[0] - 1]
    helix = pd.concat([before, ca[in_helix]])
    group = {"legendgroup": name, "hoverinfo": "text"}
    traces = []
    traces.append(
        _chain_trace(
            ca[~in_helix],
            mode="lines",
            name=f"{name} backbone (Cα trace)",
            line={"color": v.BACKBONE_COLOUR, "width": BACKBONE_WIDTH},
            **group,
        )
    )
    traces.append(
        _chain_trace(
            helix,
            mode="lines",
            name=f"{name} helix 12, {conformation} position",
            line={"color": style["colour"], "width": HELIX_WIDTH, "dash": style["dash"]},
            **group,
        )
    )
    ligand = mine[mine["kind"] == "ligand"]
    traces.append(
        go.Scatter3d(
            x=ligand["x"],
            y=ligand["y"],
            z=ligand["z"],
            mode="markers",
            # data values are escaped: plotly parses trace names and hover text as HTML
            name=f"{name} ligand: {html.escape(entry['ligand_name'])} ({entry['ligand_code']})",
            hovertext=[
                f"{name} · {html.escape(entry['ligand_name'])} atom {html.escape(a)}"
                for a in ligand["atom"]
            ],
            marker={
                "size": 5,
                "color": style["colour"],
                "symbol": style["marker"],
                "line": {"color": v.BLACK, "width": 1},
            },
            **group,
        )
    )
    end = helix.iloc[-1]
    traces.append(_label_3d(end, f"helix 12 · {conformation}", "top left", style["colour"], name))
    if entry["peptide_chain"]:
        peptide = mine[mine["kind"] == "peptide"].sort_values("residue")
        traces.append(
            _chain_trace(
                peptide,
                mode="lines+markers",
                name=f"{name} co-activator peptide ({html.escape(entry['peptide'])})",
                line={"color": v.PEPTIDE_COLOUR, "width": PEPTIDE_WIDTH, "dash": "dot"},
                marker={"size": 3, "color": v.PEPTIDE_COLOUR, "symbol": v.PEPTIDE_MARKER},
                **group,
            )
        )
        first = peptide.iloc[0]
        text = f"{html.escape(entry['peptide'])} peptide"
        traces.append(_label_3d(first, text, "bottom center", v.BLUISH_GREEN_DARK, name))
    return traces


def _camera(atoms: pd.DataFrame) -> dict:
    """Look at the domain from the side where the co-activator groove is, so the move is in view."""
    ref = atoms[(atoms["entry"] == REFERENCE) & (atoms["kind"] == "ca")]
    core = ref[ref["residue"] < MOBILE_FROM][["x", "y", "z"]].to_numpy().mean(axis=0)
    groove = atoms[atoms["kind"] == "peptide"][["x", "y", "z"]].to_numpy().mean(axis=0)
    direction = (groove - core) / np.linalg.norm(groove - core)
    eye = 1.6 * direction
    return {"eye": dict(zip("xyz", map(float, eye))), "up": {"x": 0, "y": 0, "z": 1}}


def explorer_alt(course: CourseData, facts: StructureFacts | None = None) -> str:
    facts = facts or structure_facts(course)
    entries = course.structures.set_index("entry")
    name = entries["ligand_name"].to_dict()
    rmsd = ", ".join(f"{e} {facts.rmsd[e]:.2f} Å" for e in entries.index if e != facts.reference)
    moves = "; ".join(
        f"{facts.displacement[(a, b)]:.1f} Å on average from {name[a]} ({a}) to {name[b]} ({b})"
        for a, b in PAIRS
    )
    to_peptide = ", ".join(f"{facts.to_peptide[e]:.1f} Å in {e}" for e in entries.index)
    return (
        "Rotatable 3D view of the human ERα ligand-binding domain in four crystal structures, drawn as "
        "Cα traces (grey lines) with helix 12 thick and labelled: solid blue where it is in the "
        "agonist position, dashed vermilion where it is in the antagonist position; ligand atoms are "
        "markers (blue circles for agonists, vermilion diamonds for antagonist-type ligands) and the "
        "GRIP1 co-activator peptide of 3ERD is a dotted green line. A menu shows one structure at a "
        f"time or overlays. All are superposed on {facts.reference} by {len(facts.core)} Cα atoms "
        f"they share before residue {MOBILE_FROM}, helix 12 left out (RMSD {rmsd}). Helix 12 (residues "
        f"{facts.helix12[0]}–{facts.helix12[-1]}, resolved in all four) moves {moves}. The centre "
        f"of helix 12 lies {to_peptide} from the centre of 3ERD's co-activator peptide: in the "
        "antagonist structures helix 12 sits where the co-activator would bind."
    )


def structure_explorer(course: CourseData, view: int | None = None) -> go.Figure:
    """The explorer, opening on `view` (an index into `views`; default: the 3ERD-3ERT overlay)."""
    entries, atoms = course.structures, course.structure_atoms
    facts = structure_facts(course)
    traces, owner = [], []
    for _, entry in entries.iterrows():
        for trace in _traces_for(entry, atoms):
            traces.append(trace)
            owner.append(entry["entry"])
    menu = views(entries)
    default = view if view is not None else [shown for _, shown in menu].index(list(PAIRS[1]))
    buttons = [
        {
            "label": label,
            "method": "update",
            "args": [
                {"visible": [o in shown for o in owner]},
                {"title.text": f"ERα ligand-binding domain: {label}"},
            ],
        }
        for label, shown in menu
    ]
    fig = go.Figure(traces)
    for trace, o in zip(fig.data, owner):
        trace.visible = o in menu[default][1]
    fig.update_layout(
        title={
            "text": f"ERα ligand-binding domain: {menu[default][0]}",
            "x": 0,
            "xanchor": "left",
        },
        font={"family": v.FONT_FAMILY, "size": v.FONT_SIZE, "color": v.INK},
        hoverlabel={"font": {"size": v.FONT_SIZE, "family": v.FONT_FAMILY}},
        paper_bgcolor=v.WHITE,
        width=WIDTH,
        height=HEIGHT,
        margin={"l": 0, "r": 0, "t": 100, "b": 0},
        scene=_scene(atoms),
        legend=LEGEND,
        updatemenus=[
            {
                "type": "dropdown",
                "buttons": buttons,
                "active": default,
                "x": 0,
                "xanchor": "left",
                "y": 1.0,
                "yanchor": "bottom",
                "pad": {"t": 4, "b": 4},
                "showactive": True,
            }
        ],
        meta={"alt": explorer_alt(course, facts)},
    )
    return fig


def facts_table(course: CourseData) -> HTML:
    """The measured numbers, one row per structure, plus the helix-12 move per pair."""
    facts = structure_facts(course)
    rows = []
    for _, e in course.structures.iterrows():
        cells = [
            e["entry"],
            f"{e['ligand_name']} ({e['ligand_code']})",
            e["conformation"],
            f"{e['resolution']:.2f}",
            "reference frame" if e["entry"] == facts.reference else f"{facts.rmsd[e['entry']]:.2f}",
            f"{facts.to_peptide[e['entry']]:.1f}",
        ]
        rows.append("".join(f"<td>{html.escape(str(c))}</td>" for c in cells))
    head = (
        "structure",
        "ligand",
        "helix 12 (paper)",
        "resolution (Å)",
        f"core Cα RMSD to {facts.reference} (Å)",
        "helix-12 centre to peptide centre (Å)",
    )
    # this is HTML: every value from the data is escaped
    names = {
        e: html.escape(n)
        for e, n in zip(course.structures["entry"], course.structures["ligand_name"])
    }
    moves = "".join(
        f"<li>{names[a]} ({html.escape(a)}) → {names[b]} ({html.escape(b)}): helix 12 moves "
        f"<b>{facts.displacement[(a, b)]:.1f} Å</b> on average per Cα; most at "
        f"{html.escape(facts.largest[(a, b)][1].title())} {facts.largest[(a, b)][0]} "
        f"({facts.largest[(a, b)][2]:.1f} Å)</li>"
        for a, b in PAIRS
    )
    return HTML(
        "<table style='font-size:15px;border-collapse:collapse' "
        "aria-label='Numbers measured from the crystal structures'>"
        "<thead><tr>"
        + "".join(f"<th style='padding:4px 8px'>{html.escape(h)}</th>" for h in head)
        + "</tr></thead>"
        "<tbody>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</tbody></table>"
        f"<p style='font-size:15px'>Core: {len(facts.core)} Cα atoms shared by all four structures "
        f"(residues {facts.core[0]}–{facts.core[-1]}, none from {MOBILE_FROM} on). Helix 12 measured "
        f"over residues {facts.helix12[0]}–{facts.helix12[-1]}, resolved in all four.</p>"
        f"<ul style='font-size:15px'>{moves}</ul>"
    )
