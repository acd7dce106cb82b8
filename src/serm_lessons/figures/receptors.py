"""Where the two estrogen receptors are made: ERα and ERβ mRNA per tissue (lesson 1)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from .. import vocabulary as v
from ..data import CourseData
from .style import _header, _layout, _safe, _wrap

# --- receptor distribution ----------------------------------------------------------------------

RECEPTOR_SORTS = {
    "ERα": "highest ERα first",
    "ERβ": "highest ERβ first",
    "tissue": "tissue name (A–Z)",
}


def receptor_order(distribution: pd.DataFrame, sort_by: str = "ERα") -> list[str]:
    """Tissue names in display order (top of the chart first)."""
    wide = distribution.pivot(index="tissue", columns="receptor", values="rna_value")
    if sort_by == "tissue":
        return sorted(wide.index)
    if sort_by not in v.RECEPTORS:
        raise ValueError(f"sort_by must be one of {list(RECEPTOR_SORTS)}, not {sort_by!r}")
    return list(wide.sort_values([sort_by, "tissue"], ascending=[False, True], kind="stable").index)


def course_tissue_rows(distribution: pd.DataFrame) -> pd.DataFrame:
    """Only the HPA tissues that inform one of the course's tissues (vocabulary.TISSUES)."""
    return distribution[distribution["course_tissue"] != ""]


def receptor_traces(course: CourseData, course_only: bool = False) -> list[dict]:
    """Bar data per receptor (tissues A–Z; the axis's category order does the sorting)."""
    dist = course.receptor_distribution
    if course_only:
        dist = course_tissue_rows(dist)
    traces = []
    for receptor in v.RECEPTORS:
        rows = dist[dist["receptor"] == receptor].sort_values("tissue")
        hover = [
            f"<b>{_safe(r.tissue)}</b><br>{receptor} ({_safe(r.gene)}) mRNA: {r.rna_value:g} "
            f"{_safe(r.rna_unit)}<br>Protein (antibody staining): {_safe(r.protein_level)}"
            f"<br>{_wrap(_safe(r.protein_detail))}<br>Source: {_safe(r.rna_dataset)}; "
            f"{_safe(course.cite(r.sources))}"
            for r in rows.itertuples()
        ]
        traces.append(
            {
                "y": [_safe(t) for t in rows["tissue"]],
                "x": list(rows["rna_value"]),
                "hovertext": hover,
            }
        )
    return traces


def log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """1-2-5 ticks from below `low` to above `high`, printed as numbers ("0.5", not plotly's "5")."""
    import math

    ticks = []
    for power in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        ticks += [m * 10.0**power for m in (1, 2, 5)]
    ticks = [t for t in ticks if low / 5 <= t <= high * 5]
    return ticks, [f"{t:g}" for t in ticks]


def _receptor_axis(log_scale: bool, values: Sequence[float] = ()) -> dict:
    axis = {
        "title": {"text": "mRNA level (nTPM, log scale)" if log_scale else "mRNA level (nTPM)"},
        "type": "log" if log_scale else "linear",
    }
    positive = [x for x in values if x > 0]
    if log_scale and positive:
        axis["tickvals"], axis["ticktext"] = log_ticks(min(positive), max(positive))
    return axis


def _receptor_alt(course: CourseData, dist: pd.DataFrame, order: list[str], sort_by: str) -> str:
    alpha = dist[dist["receptor"] == "ERα"].set_index("tissue")["rna_value"]
    beta = dist[dist["receptor"] == "ERβ"].set_index("tissue")["rna_value"]
    return (
        f"Bar chart of ERα and ERβ messenger RNA in {len(order)} human tissues (Human Protein "
        f"Atlas, nTPM). ERα is highest in {alpha.idxmax()} ({alpha.max():g}); ERβ's highest value "
        f"is {beta.max():g} ({beta.idxmax()}), and ERβ is below 2 nTPM in {(beta < 2).sum()} of "
        f"{len(beta)} tissues. Sorted by {RECEPTOR_SORTS[sort_by]}; top: {order[0]}."
    )


def receptor_view(
    course: CourseData, sort_by: str = "ERα", course_only: bool = False, log_scale: bool = False
) -> dict:
    """The parts of the receptor chart that change with the controls (for in-place updates)."""
    dist = course.receptor_distribution
    if course_only:
        dist = course_tissue_rows(dist)
    order = receptor_order(dist, sort_by)
    return {
        "order": [_safe(t) for t in order],  # the category names, as the traces' y values
        "height": (height := max(420, 24 * len(order) + 240)),
        "header": _header(height),
        "xaxis": _receptor_axis(log_scale, list(dist["rna_value"])),
        "alt": _receptor_alt(course, dist, order, sort_by),
    }


def receptor_chart(
    course: CourseData, sort_by: str = "ERα", course_only: bool = False, log_scale: bool = False
) -> go.Figure:
    """ERα and ERβ mRNA per tissue (HPA consensus nTPM), as horizontal bars, one pair per tissue.

    A log scale makes the small ERβ values visible; the linear scale shows how much ERα dominates.
    """
    view = receptor_view(course, sort_by, course_only, log_scale)
    fig = go.Figure()
    values = []
    for receptor, trace in zip(v.RECEPTORS, receptor_traces(course, course_only)):
        style = v.RECEPTOR_STYLE[receptor]
        values += trace["x"]
        fig.add_bar(
            name=f"{receptor} ({'ESR1' if receptor == 'ERα' else 'ESR2'})",
            orientation="h",
            marker={
                "color": style["colour"],
                "pattern": {"shape": style["pattern"], "fgcolor": v.WHITE},
                "line": {"color": v.INK, "width": 0.5},
            },
            hoverinfo="text",
            # every value written beside its bar: a bar too short to see still reads as a number
            text=[f"{x:g}" for x in trace["x"]],
            textposition="outside",
            textfont={"size": 11},
            cliponaxis=False,
            **trace,
        )
    # The same axis at the bottom as at the top (a tall chart): an invisible trace on a second,
    # matching x axis makes plotly draw it.
    top = view["order"][0]
    fig.add_scatter(
        x=[max(values)] * 2,
        y=[top, top],
        xaxis="x2",
        mode="markers",
        marker={"opacity": 0},
        hoverinfo="skip",
        showlegend=False,
    )
    axis = {**view["xaxis"], "gridcolor": v.GREY_GRID}
    fig = _layout(
        fig,
        "Where the two estrogen receptors are made (mRNA)",
        view["alt"],
        barmode="group",
        height=view["height"],
        xaxis={**axis, "side": "top"},
        xaxis2={**axis, "side": "bottom", "overlaying": "x", "matches": "x", "showgrid": False},
        yaxis={
            "categoryorder": "array",
            "categoryarray": view["order"][::-1],
            "automargin": True,
            "tickfont": {"size": 13},
        },
        legend=view["header"]["legend"],
        margin={"t": 160, "b": 70, "r": 50},
    )
    fig.update_layout(title=view["header"]["title"])
    return fig
