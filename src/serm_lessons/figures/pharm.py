"""Pure figures for the pharmacology sections: binding affinity from one assay, and tamoxifen's
activation by metabolism.

Each function takes the validated course data and returns a plain `plotly.graph_objects.Figure`
(drawable with no kernel and no network) whose text alternative is in `layout.meta["alt"]`, written
from the data. ERα and ERβ keep the course's Okabe-Ito colours and hatch patterns; CYP2D6 steps differ
from other steps by line style and label as well as colour.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from .. import pharm
from .. import vocabulary as v
from ..data import CourseData
from .style import FIGURE_WIDTH, _arrow
from .style import _titled_layout as _layout

TEXT = v.INK
CYP2D6_COLOUR = v.BLUE  # the step a strong CYP2D6 inhibitor blocks
OTHER_STEP_COLOUR = v.GREY_MID
MORE_POTENT_FILL = v.VERMILLION_TINT  # metabolites more antiestrogenic than tamoxifen
SIMILAR_FILL = v.GREY_FILL


# --- binding affinity (one assay) -----------------------------------------------------------------

KIND_ORDER = {kind: i for i, kind in enumerate(v.LIGAND_KINDS)}


def binding_affinity_chart(course: CourseData) -> go.Figure:
    """ERα and ERβ relative binding affinity (estradiol = 100) from one assay, on a log axis.

    Course drugs and their metabolite come first, then the reference ligands, each group ordered by
    ERα affinity. The course drugs the assay does not include are named under the chart."""
    table = pharm.binding_table(course)
    table = table.assign(kind_rank=table["ligand_kind"].map(KIND_ORDER))
    table = table.sort_values(["kind_rank", "ERα"], ascending=[True, False])
    # data values are escaped: plotly parses these texts as HTML
    labels = [f"{html.escape(r.ligand)} ({html.escape(r.ligand_kind)})" for r in table.itertuples()]
    source = html.escape(course.cite(course.binding_affinity["sources"].iloc[0]))
    fig = go.Figure()
    for receptor in v.RECEPTORS:
        style = v.RECEPTOR_STYLE[receptor]
        fig.add_bar(
            name=receptor,
            orientation="h",
            y=labels,
            x=table[receptor],
            text=[f"{x:g}" for x in table[receptor]],
            textposition="outside",
            cliponaxis=False,
            marker={
                "color": style["colour"],
                "pattern": {"shape": style["pattern"], "fgcolor": v.INK},
                "line": {"color": v.INK, "width": 0.5},
            },
            hovertext=[
                f"<b>{html.escape(r.ligand)}</b> on {receptor}: relative binding affinity "
                f"{r[receptor]:g}<br>ERα {r['ERα']:g}, ERβ {r['ERβ']:g}: {r.preference}"
                f"<br>Source: {source}"
                for _, r in table.iterrows()
            ],
            hoverinfo="text",
        )
    missing = pharm.course_drugs_missing_from_assay(course)
    height = 120 + 46 * len(table)
    fig.add_annotation(
        text="Not in this assay: "
        + (html.escape(", ".join(missing)) if missing else "none of the course drugs"),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-60,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        font={"size": v.FONT_SIZE - 1},
    )
    return _layout(
        fig,
        "How strongly each compound binds ERα and ERβ (one assay)",
        binding_alt(course),
        barmode="group",
        height=height,
        bargap=0.25,
        xaxis={
            "type": "log",
            "title": {"text": "relative binding affinity (estradiol = 100, log scale)"},
            "gridcolor": v.GREY_GRID,
            "dtick": 1,  # decades only: 1, 10, 100, 1000
        },
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
        margin={"t": 90, "b": 80, "r": 40},
    )


def binding_alt(course: CourseData) -> str:
    """Text alternative: the assay, each course drug's pair of values, and what the assay leaves out."""
    table = pharm.binding_table(course)
    assay = course.binding_affinity["assay"].iloc[0]
    drugs = table[table["ligand_kind"] != "reference ligand"]
    pairs = "; ".join(
        f"{r.ligand} ERα {r['ERα']:g} vs ERβ {r['ERβ']:g} ({r.preference})"
        for _, r in drugs.iterrows()
    )
    strongest = table.loc[table["fold"].idxmax()]
    missing = pharm.course_drugs_missing_from_assay(course)
    return (
        f"Horizontal bar chart of relative binding affinity (estradiol = 100, log scale) for ERα and "
        f"ERβ, {len(table)} compounds, all from one assay ({assay}). Course drugs: {pairs}. "
        f"The largest subtype preference in the table is {strongest.ligand}'s "
        f"({strongest.preference}), a reference ligand. "
        f"Not in this assay: {', '.join(missing) if missing else 'none of the course drugs'}."
    )


# --- tamoxifen metabolism -------------------------------------------------------------------------

# Where each compound's box sits (x, y in a 0-1 square): the classic square of tamoxifen metabolism,
# demethylation to the right, 4-hydroxylation downwards.
BOX_XY = {
    "tamoxifen": (0.2, 0.78),
    "N-desmethyltamoxifen": (0.8, 0.78),
    "4-hydroxytamoxifen": (0.2, 0.22),
    "endoxifen": (0.8, 0.22),
}
BOX_HALF = (0.17, 0.15)


def _steady_state(course: CourseData) -> dict[str, tuple[float, str, str]]:
    """Compound -> (mean level, unit, study) at steady state without an inhibitor (the label)."""
    rows = course.tamoxifen_concentrations
    rows = rows[rows["condition"].str.contains("steady state")]
    return {r.compound: (float(r.value), r.unit, r.study) for r in rows.itertuples()}


def _potency(course: CourseData) -> dict[str, str]:
    steps = course.tamoxifen_metabolism
    potency = dict(zip(steps["to_compound"], steps["product_potency"]))
    potency["tamoxifen"] = "the parent drug (a prodrug)"
    return potency


def metabolism_diagram(course: CourseData) -> go.Figure:
    """Tamoxifen and its metabolites as boxes, the cited steps as arrows labelled with their enzymes;
    each box shows the measured plasma level the data gives: at steady state (label) and, for
    endoxifen, before and after adding a strong CYP2D6 inhibitor (Stearns 2003)."""
    steps = course.tamoxifen_metabolism
    steady = _steady_state(course)
    inhibited = pharm.inhibitor_levels(course)
    potency = _potency(course)
    fig = go.Figure()
    hx, hy = BOX_HALF
    for compound, (x, y) in BOX_XY.items():
        more = potency.get(compound) == "greater than tamoxifen"
        fig.add_shape(
            type="rect",
            x0=x - hx,
            x1=x + hx,
            y0=y - hy,
            y1=y + hy,
            fillcolor=MORE_POTENT_FILL if more else SIMILAR_FILL,
            line={"color": TEXT, "width": 2 if more else 1, "dash": "solid" if more else "dot"},
            layer="below",
        )
        role = potency.get(compound, "not stated")
        lines = [
            f"<b>{compound}</b>",
            role if compound == "tamoxifen" else f"antiestrogenic: {role}",
        ]
        if compound in steady:
            value, unit, study = steady[compound]
            lines.append(f"steady state: {value:g} {unit} ({html.escape(study)})")
        if compound in inhibited:
            alone, added, unit = inhibited[compound]
            lines.append(f"without paroxetine: {alone:g} {unit}")
            lines.append(f"with paroxetine: {added:g} {unit}")
        fig.add_annotation(
            x=x, y=y, text="<br>".join(lines), showarrow=False, font={"size": v.FONT_SIZE - 2}
        )
    for step in steps.itertuples():
        (x0, y0), (x1, y1) = BOX_XY[step.from_compound], BOX_XY[step.to_compound]
        cyp2d6 = "CYP2D6" in step.enzymes
        colour = CYP2D6_COLOUR if cyp2d6 else OTHER_STEP_COLOUR
        horizontal = y0 == y1
        # start and end at the box edges, not the centres
        sx, sy = (x0 + hx, y0) if horizontal else (x0, y0 - hy)
        ex, ey = (x1 - hx, y1) if horizontal else (x1, y1 + hy)
        fig.add_annotation(
            _arrow(
                sx,
                sy,
                ex,
                ey,
                colour,
                arrowsize=1.2,
                arrowwidth=4 if cyp2d6 else 2,
                hovertext=f"{step.from_compound} → {step.to_compound}: "
                f"{html.escape(step.reaction)} by {html.escape(step.enzymes)}",
            )
        )
        label = f"{html.escape(step.reaction)}<br><b>{html.escape(step.enzymes)}</b>" + (
            "<br>(blocked by strong inhibitors)" if cyp2d6 else ""
        )
        # vertical steps: label on the side facing the middle of the square, so it stays on the page
        inward = "left" if x0 < 0.5 else "right"
        fig.add_annotation(
            x=(sx + ex) / 2 + (0 if horizontal else (0.02 if inward == "left" else -0.02)),
            y=(sy + ey) / 2 + (0.05 if horizontal else 0),
            text=label,
            showarrow=False,
            xanchor="center" if horizontal else inward,
            align="center" if horizontal else inward,
            font={"size": v.FONT_SIZE - 2, "color": colour},
        )
    fig.add_annotation(
        text=(
            "Boxes: mean plasma levels at steady state (tamoxifen label); for endoxifen, the<br>"
            "same women before and after adding paroxetine, a strong CYP2D6 inhibitor "
            f"({pharm.INHIBITOR_STUDY}).<br>Only steps with a cited source are drawn."
        ),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        align="left",
        font={"size": v.FONT_SIZE - 3},
    )
    axis = {"visible": False, "range": [0, 1], "fixedrange": True}
    return _layout(
        fig,
        "Tamoxifen is a prodrug: CYP2D6 makes its most active metabolites",
        metabolism_alt(course),
        height=600,
        width=FIGURE_WIDTH,
        xaxis=axis,
        yaxis=axis,
        showlegend=False,
        margin={"t": 70, "b": 60},
    )


def metabolism_alt(course: CourseData) -> str:
    """Text alternative: the steps and enzymes shown, and the inhibitor effect from the data."""
    steps = course.tamoxifen_metabolism
    shown = "; ".join(
        f"{s.from_compound} to {s.to_compound} by {s.enzymes} ({s.reaction})"
        for s in steps.itertuples()
    )
    more = [
        s.to_compound for s in steps.itertuples() if s.product_potency == "greater than tamoxifen"
    ]
    inhibited = pharm.inhibitor_levels(course).get("endoxifen")
    effect = ""
    if inhibited:
        alone, added, unit = inhibited
        effect = (
            f" In {pharm.INHIBITOR_STUDY}, mean endoxifen was {alone:g} {unit} on tamoxifen alone and "
            f"{added:g} {unit} after adding paroxetine, a strong CYP2D6 inhibitor "
            f"({100 * (1 - added / alone):.0f}% lower)."
        )
    return (
        f"Diagram of tamoxifen metabolism with {len(steps)} cited steps: {shown}. "
        f"More antiestrogenic than tamoxifen: {', '.join(more)}.{effect}"
    )
