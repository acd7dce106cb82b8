"""Pure figure functions: course tables in, plain plotly Figures out.

Nothing here knows about widgets or kernels, so the same functions draw the live explorers, the static
site and the test expectations. Widgets (widgets.py) only choose what a figure shows and update it in
place. Every figure carries a text alternative in `layout.meta["alt"]` (read it with `alt_text`), and
every colour is doubled by a symbol or a word (see vocabulary.py).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from . import facts
from . import trials as tr
from . import vocabulary as v
from .data import CourseData

# --- shared look --------------------------------------------------------------------------------

# Widest a figure may be and still fit a JupyterLab output area beside the prompt (about 880 px
# at a 1400 px window); fixed widths keep explorers from shrinking inside widget boxes.
FIGURE_WIDTH = 860


def use_course_mode_bar() -> None:
    """Every plotly.io renderer (the static site's mimetype and HTML output) draws charts with
    the course's mode bar: no cloud "Share chart" button (see vocabulary.PLOTLY_CONFIG).

    Called where a plain figure is displayed (static mode), not on import: plotly.io's renderers
    import nbformat and jsonschema, seconds a live lesson (whose charts are `Chart`s) never pays.
    """
    import plotly.io as pio

    for name in pio.renderers:
        renderer = pio.renderers[name]
        if hasattr(renderer, "config"):
            renderer.config = {**(renderer.config or {}), **v.PLOTLY_CONFIG}


def _layout(fig: go.Figure, title: str, alt: str, **extra) -> go.Figure:
    margin = {"l": 10, "r": 10, "t": 60, "b": 10, **extra.pop("margin", {})}
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": v.FONT_FAMILY, "size": v.FONT_SIZE, "color": "#222222"},
        hoverlabel={"font": {"size": v.FONT_SIZE, "family": v.FONT_FAMILY}, "align": "left"},
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        margin=margin,
        meta={"alt": alt},
        **extra,
    )
    return fig


def _header(height: int) -> dict:
    """Title at the very top and a one-row legend under it, in pixels from the top of the figure,
    so neither collides with a top axis however tall the figure is (needs margin t >= 150)."""
    return {
        "title": {"y": 1 - 12 / height, "yref": "container", "yanchor": "top"},
        "legend": {
            "orientation": "h",
            "yref": "container",
            "y": 1 - 50 / height,
            "yanchor": "top",
            "x": 0,
            "xref": "container",
            "traceorder": "normal",
        },
    }


def _safe(value) -> str:
    """A data value made safe for text that plotly parses as HTML (titles, hover, labels, ticks).

    Plotly draws <b>, <i>, <br>, <span style>, <a href> and entities in those texts; data values are
    escaped, so only the course's own markup around them is drawn."""
    return html.escape(str(value))


def alt_text(fig: go.Figure) -> str:
    """The figure's text alternative: what it shows and the one thing to notice."""
    meta = fig.layout.meta
    return str(meta["alt"]) if meta and "alt" in meta else ""


def alt_html(fig: go.Figure) -> str:
    """The text alternative as a visible paragraph, shown under the figure (screen readers too)."""
    return (
        "<p role='note' class='serm-alt' style='font-size:15px;line-height:1.4;max-width:900px'>"
        f"<b>Figure description:</b> {html.escape(alt_text(fig))}</p>"
    )


def _wrap(text: str, width: int = 60) -> str:
    """Break long hover text into lines (plotly does not wrap hover labels)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


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
                "pattern": {"shape": style["pattern"], "fgcolor": "#FFFFFF"},
                "line": {"color": "#222222", "width": 0.5},
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
    axis = {**view["xaxis"], "gridcolor": "#DDDDDD"}
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


# --- tissue effects -----------------------------------------------------------------------------

TISSUE_ORDER = list(v.TISSUES)


def combined_effect(rows: Sequence[dict]) -> tuple[str, str]:
    """One cell's effect from its row(s), and the population it is known for, if only some.

    Rows that agree give their effect; rows that disagree give 'mixed' (tamoxifen on bone); when
    the effect is known for only some populations and unknown for the rest, the known effect is
    shown with the population named, e.g. ('antagonist', 'men').
    """
    effects = {r["effect"] for r in rows}
    if len(effects) == 1:
        return effects.pop(), ""
    known = effects - {"unknown"}
    if len(known) == 1:
        effect = known.pop()
        return effect, ", ".join(r["population"] for r in rows if r["effect"] == effect)
    return "mixed", ""


def effect_cells(course: CourseData, serm: str) -> dict[str, dict[str, str]]:
    """Per tissue: the effect shown on one cell, its text, and the evidence for its hover.

    A pair split by population (tamoxifen on bone) shows as 'mixed', and its hover gives each
    population's effect, so the split is never flattened away.
    """
    if serm not in course.serm_names:
        known = ", ".join(course.serm_names)
        raise ValueError(f"unknown SERM {serm!r}; choose one of: {known}")
    cells = {}
    for tissue in TISSUE_ORDER:
        pair = course.effects_by_pair[(serm, tissue)]
        effect, only_in = combined_effect(pair)
        lines = []
        for r in pair:
            who = "" if r["population"] == "all" else f"<i>{_safe(r['population'])}</i>: "
            mark = v.EFFECTS[r["effect"]].symbol
            lines.append(
                f"{who}{mark} {_safe(r['effect'])}<br>{_wrap(_safe(r['evidence']))}<br>"
                f"<span style='font-size:12px'>Source: {_safe(course.cite(r['sources']))}</span>"
            )
        cells[tissue] = {
            "effect": effect,
            "text": f"{v.EFFECTS[effect].symbol} {effect}"
            + (f" ({_safe(only_in)})" if only_in else ""),
            "hover": f"<b>{_safe(course.serm_name(serm))} — {v.TISSUES[tissue].label}</b><br>"
            + "<br><br>".join(lines),
        }
    return cells


def _effect_colourscale() -> list[list]:
    """A stepped colour scale: effect index i maps to exactly its own colour."""
    labels = list(v.EFFECTS)
    n = len(labels)
    scale = []
    for i, label in enumerate(labels):
        scale += [[i / n, v.EFFECTS[label].colour], [(i + 1) / n, v.EFFECTS[label].colour]]
    return scale


def effect_matrix(course: CourseData, highlight: str | None = None) -> go.Figure:
    """Drug × tissue grid: colour AND symbol AND word per cell; the chosen drug's row outlined."""
    serms = list(course.serms["serm"])
    labels = list(v.EFFECTS)
    z, text, hover = [], [], []
    for serm in serms:
        cells = effect_cells(course, serm)
        z.append([labels.index(cells[t]["effect"]) for t in TISSUE_ORDER])
        text.append([matrix_text(cells[t]["text"]) for t in TISSUE_ORDER])
        hover.append([cells[t]["hover"] for t in TISSUE_ORDER])
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[_two_lines(v.TISSUES[t].label) for t in TISSUE_ORDER],
            y=[_safe(course.serm_name(s)) for s in serms],
            text=text,
            texttemplate="%{text}",
            textfont={"size": 12},  # plotly picks black or white text for contrast
            hovertext=hover,
            hoverinfo="text",
            colorscale=_effect_colourscale(),
            zmin=0,
            zmax=len(labels),
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    fig.update_layout(shapes=[_row_outline(serms, highlight)] if highlight else [])
    _set_row_emphasis(fig, course, highlight)
    alt = (
        f"Grid of {len(serms)} drugs by {len(TISSUE_ORDER)} tissues. Each cell names the effect "
        "(agonist, partial agonist, antagonist, mixed, minimal or unknown) with a symbol and a colour. "
        + facts.grid_takeaway(course)  # computed from the table, so it cannot go stale
    )
    height = 150 + 52 * len(serms)
    fig = _layout(
        fig,
        "Each drug, tissue by tissue",
        alt,
        height=height,
        xaxis={"side": "top", "tickangle": 0, "automargin": True, "tickfont": {"size": 12}},
        yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": 13}},
        margin={"t": 120},
    )
    # the title in the figure's top 40 px; the column labels (automargin) sit below it
    fig.update_layout(title={"y": 1 - 12 / height, "yref": "container", "yanchor": "top"})
    return fig


def effect_matrix_following(course: CourseData, serm: str) -> go.Figure:
    """The grid for a page with no kernel: it carries, per drug, the outline and row labels to show
    when a body-map menu on the page picks that drug (the static site's script applies them)."""
    fig = effect_matrix(course, highlight=serm)
    serms = list(course.serms["serm"])
    follow = {
        s: {"shapes": [_row_outline(serms, s)], "yaxis.ticktext": row_ticktext(course, s)}
        for s in serms
    }
    fig.update_layout(meta={"alt": alt_text(fig), "follow_serm": follow})
    return fig


def _row_outline(serms: Sequence[str], serm: str) -> dict:
    row = list(serms).index(serm)
    return {
        "type": "rect",
        "xref": "paper",
        "yref": "y",
        "x0": -0.005,
        "x1": 1.005,
        "y0": row - 0.5,
        "y1": row + 0.5,
        "line": {"color": "#000000", "width": 3},
        "fillcolor": "rgba(0,0,0,0)",
    }


def row_ticktext(course: CourseData, serm: str | None) -> list[str]:
    """The grid's row labels: drug names (long ones on two lines), the chosen one bold with ▶."""
    labels = []
    for s in course.serms["serm"]:
        name = _safe(course.serm_name(s))
        if len(name) > 14 and " " in name:  # "Clomiphene citrate", "Estradiol (17beta-...)"
            name = name.replace(" ", "<br>", 1)
        labels.append(f"<b>▶ {name}</b>" if s == serm else name)
    return labels


def _set_row_emphasis(fig: go.Figure, course: CourseData, serm: str | None) -> None:
    names = [_safe(course.serm_name(s)) for s in course.serms["serm"]]
    fig.update_yaxes(tickmode="array", tickvals=names, ticktext=row_ticktext(course, serm))


# The body map: a schematic silhouette drawn with shapes, one marker per tissue.
_SILHOUETTE = [
    {"type": "circle", "x0": 42, "x1": 58, "y0": 86, "y1": 100},  # head
    {"type": "rect", "x0": 47, "x1": 53, "y0": 81, "y1": 87},  # neck
    {"type": "path", "path": "M 32 80 L 68 80 L 64 34 L 36 34 Z"},  # torso
    {"type": "path", "path": "M 32 80 L 22 48 L 27 47 L 37 70 Z"},  # left arm
    {"type": "path", "path": "M 68 80 L 78 48 L 73 47 L 63 70 Z"},  # right arm
    {"type": "path", "path": "M 36 34 L 49 34 L 46 2 L 38 2 Z"},  # left leg
    {"type": "path", "path": "M 51 34 L 64 34 L 62 2 L 54 2 Z"},  # right leg
]


def _silhouette_shapes() -> list[dict]:
    style = {"line": {"color": "#9A9A9A", "width": 1.5}, "fillcolor": "#F3F1EE", "layer": "below"}
    return [{**shape, **style, "xref": "x", "yref": "y"} for shape in _SILHOUETTE]


# Traces that explorers and tests read back by name (never by position).
BODY_MAP_TRACE = "tissue effects"
UNKNOWN_MARKS_TRACE = "unknown marks"
HPG_BARS_TRACE = "hormone changes"
HPG_FALL_LABELS_TRACE = "labels of falling hormones"
MECHANISM_RESPONSE_TRACE = "response"


def body_map_trace(course: CourseData, serm: str) -> dict:
    """The marker trace's data for one drug: what widgets swap in on a change."""
    cells = effect_cells(course, serm)
    effects = [cells[t]["effect"] for t in TISSUE_ORDER]
    return {
        "x": [v.TISSUES[t].body_xy[0] for t in TISSUE_ORDER],
        "y": [v.TISSUES[t].body_xy[1] for t in TISSUE_ORDER],
        # two lines (tissue, then effect), so long labels stay inside a narrow map
        "text": [f"{v.TISSUES[t].label}:<br>{cells[t]['text']}" for t in TISSUE_ORDER],
        "hovertext": [cells[t]["hover"] for t in TISSUE_ORDER],
        "customdata": effects,  # the effect per tissue, readable by tests and the browser
        "marker": {
            # an open marker is drawn in its colour (line width 2 keeps it visible on the body)
            "color": [v.EFFECTS[e].colour for e in effects],
            "symbol": [v.EFFECTS[e].marker for e in effects],
            "size": 24,
            "line": {"color": "#222222", "width": 2},
        },
        "name": BODY_MAP_TRACE,
    }


def unknown_marks(course: CourseData, serm: str) -> dict:
    """The "?" written on each "unknown" marker, as in the key: one text point per unknown tissue.

    Only the unknown tissues get a point (not an empty text for every other tissue): after a redraw
    with no "?" at all, plotly.react did not draw the "?" again on points it already had.
    """
    cells = effect_cells(course, serm)
    unknown = [t for t in TISSUE_ORDER if cells[t]["effect"] == "unknown"]
    return {
        "x": [v.TISSUES[t].body_xy[0] for t in unknown],
        "y": [v.TISSUES[t].body_xy[1] for t in unknown],
        "text": [v.EFFECTS["unknown"].symbol] * len(unknown),
        "customdata": unknown,
    }


def _body_alt(course: CourseData, serm: str) -> str:
    cells = effect_cells(course, serm)
    parts = [f"{v.TISSUES[t].label}: {cells[t]['effect']}" for t in TISSUE_ORDER]
    return f"Body map for {course.serm_name(serm)}. " + "; ".join(parts) + "."


BODY_MAP_X_RANGE = [-12, 128]  # room for the longest labels beside the body, and no more
BODY_MAP_Y_RANGE = [-2, 104]
BODY_MAP_HEIGHT = 560
_BODY_MAP_MARGINS = {"t": 50, "l": 4, "r": 4, "b": 4}


def body_map_height(width: int) -> int:
    """The height at which a map `width` px wide has no empty band (x and y share one scale)."""
    span_x = BODY_MAP_X_RANGE[1] - BODY_MAP_X_RANGE[0]
    plot_width = width - _BODY_MAP_MARGINS["l"] - _BODY_MAP_MARGINS["r"]
    span_y = BODY_MAP_Y_RANGE[1] - BODY_MAP_Y_RANGE[0]
    return int(_BODY_MAP_MARGINS["t"] + _BODY_MAP_MARGINS["b"] + span_y * plot_width / span_x) + 1


def body_map(course: CourseData, serm: str) -> go.Figure:
    """A schematic body with each tissue marked by the drug's effect there (colour, shape, word)."""
    trace = body_map_trace(course, serm)
    fig = go.Figure(
        go.Scatter(
            mode="markers+text",
            textposition=[f"middle {v.TISSUES[t].label_side}" for t in TISSUE_ORDER],
            textfont={"size": 13},
            hoverinfo="text",
            cliponaxis=False,
            **trace,
        )
    )
    fig.add_scatter(  # the "?" on each unknown marker, as in the key
        name=UNKNOWN_MARKS_TRACE,
        mode="text",
        **unknown_marks(course, serm),
        textfont={"size": 15, "color": "#000000"},
        hoverinfo="skip",
        showlegend=False,
    )
    axis = {"visible": False, "range": BODY_MAP_X_RANGE, "fixedrange": True}
    return _layout(
        fig,
        f"{_safe(course.serm_name(serm))}: what it does where",
        _body_alt(course, serm),
        shapes=_silhouette_shapes(),
        xaxis=axis,
        yaxis={**axis, "range": BODY_MAP_Y_RANGE, "scaleanchor": "x", "scaleratio": 1},
        height=BODY_MAP_HEIGHT,
        showlegend=False,
        margin=_BODY_MAP_MARGINS,
    )


def body_map_menu_args(course: CourseData, serm: str) -> list:
    """The plotly `update` arguments that switch a body map to `serm` (both its traces), with the
    text alternative the page then shows (layout.meta.alt) and the grid's outline for that drug."""
    trace = body_map_trace(course, serm)
    marks = unknown_marks(course, serm)
    return [
        {
            "x": [trace["x"], marks["x"]],
            "y": [trace["y"], marks["y"]],
            "text": [trace["text"], marks["text"]],
            "hovertext": [trace["hovertext"], None],
            "customdata": [trace["customdata"], marks["customdata"]],
            "marker.color": [trace["marker"]["color"], None],
            "marker.symbol": [trace["marker"]["symbol"], None],
        },
        {
            "title.text": f"{_safe(course.serm_name(serm))}: what it does where",
            "meta.alt": _body_alt(course, serm),
            "meta.serm": serm,
        },
        [0, 1],
    ]


def body_map_with_menu(course: CourseData, serm: str = "tamoxifen") -> go.Figure:
    """The body map with plotly's own drop-down to switch drugs: works with no kernel (static site)."""
    fig = body_map(course, serm)
    buttons = [
        {
            "label": _safe(course.serm_name(option)),
            "method": "update",
            "args": body_map_menu_args(course, option),
        }
        for option in course.serms["serm"]
    ]
    active = list(course.serms["serm"]).index(serm)
    fig.update_layout(
        updatemenus=[{"buttons": buttons, "active": active, "x": 0, "y": 1.0, "xanchor": "left"}],
        margin={"t": 100},
        meta={"alt": _body_alt(course, serm), "serm": serm},
    )
    return fig


def _two_lines(label: str) -> str:
    """Break a long column label in two, so headers can stay horizontal (easier to read)."""
    if len(label) <= 12 or " " not in label:
        return label
    words = label.split()
    half = len(label) / 2
    cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - half))
    return " ".join(words[:cut]) + "<br>" + " ".join(words[cut:])


def matrix_text(cell_text: str) -> str:
    """Cell text for the grid: symbol and word, long labels on two lines (a column is ~80 px)."""
    text = cell_text.replace("partial ", "partial<br>").replace(" (", "<br>(")
    return text.replace("▼ antagonist", "▼<br>antagonist")


# --- clinical evidence --------------------------------------------------------------------------


def forest_plot(course: CourseData, outcomes: Sequence[str] | None = None) -> go.Figure:
    """Each trial's benefits and harms together: ratios with 95% CIs on a log axis.

    Rows are grouped by trial: its primary result first, then its other benefits, then its harms,
    then labelled extras (post hoc, subgroup, extension; drawn as open symbols). Left of the line
    at 1 = fewer events with the drug; right = more. Hover gives the absolute rates where the
    source prints them, the follow-up, what the figure comes from, and the source.
    """
    trials = course.trial_outcomes
    if outcomes is not None:
        trials = trials[trials["outcome"].isin(outcomes)]
    trials = tr.ordered(trials)
    positions, ticks, bands = _forest_rows(trials)
    benefit = trials["ci_high"] < 1
    harm = trials["ci_low"] > 1
    verdict = [
        "fewer events" if b else "more events" if h else "no clear difference"
        for b, h in zip(benefit, harm)
    ]
    markers = {
        "fewer events": ("circle", "#0072B2"),
        "more events": ("square", "#D55E00"),
        "no clear difference": ("diamond", "#555555"),
    }
    fig = go.Figure()
    for kind, (symbol, colour) in markers.items():
        rows = [i for i, verdict_i in enumerate(verdict) if verdict_i == kind]
        if not rows:
            continue
        sub = trials.iloc[rows]
        extra = sub["analysis"].isin(tr.EXTRAS)
        fig.add_scatter(
            name=f"{kind} with the drug" if kind != "no clear difference" else kind,
            x=sub["estimate"],
            y=[positions[i] for i in rows],
            mode="markers",
            marker={
                "symbol": [f"{symbol}-open" if e else symbol for e in extra],
                "color": colour,
                "size": 11,
                "line": {"width": 1.5, "color": colour},
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": sub["ci_high"] - sub["estimate"],
                "arrayminus": sub["estimate"] - sub["ci_low"],
                "color": colour,
                "thickness": 2,
            },
            hovertext=[_forest_hover(course, r) for r in sub.itertuples()],
            hoverinfo="text",
        )
    fig.add_scatter(  # legend key only: open symbols mark the extra analyses
        name="open symbol: extra analysis (post hoc, subgroup, extension)",
        x=[None],
        y=[None],
        mode="markers",
        marker={"symbol": "circle-open", "color": "#555555", "size": 11},
        hoverinfo="skip",
    )
    fig.add_vline(x=1, line={"color": "#222222", "dash": "dash", "width": 1.5})
    for top, bottom in bands[::2]:  # shade every other trial so each trial's rows read as one
        fig.add_hrect(
            y0=top - 0.5, y1=bottom + 0.5, fillcolor="#F2F2F2", line_width=0, layer="below"
        )
    height = 190 + 24 * len(ticks)
    fig = _layout(
        fig,
        "What the trials found: benefits and harms, trial by trial (ratio and 95% CI)",
        _forest_alt(trials, benefit, harm),
        height=height,
        width=FIGURE_WIDTH,  # without it the plot shrank to ~150 px beside its long row labels
        xaxis={
            "type": "log",
            "tickvals": [0.1, 0.2, 0.5, 1, 2, 5, 10],
            "ticktext": ["0.1", "0.2", "0.5", "1", "2", "5", "10"],
            "title": {"text": "ratio, log scale: below 1 = fewer events"},
            "gridcolor": "#DDDDDD",
            "side": "top",
        },
        yaxis={
            "autorange": "reversed",
            "automargin": True,
            "tickfont": {"size": 12},
            "tickvals": list(ticks),
            "ticktext": list(ticks.values()),
            "showgrid": False,
            "zeroline": False,
        },
        legend=_header(height)["legend"],
        margin={"t": 160},
    )
    fig.update_layout(title=_header(height)["title"])
    return fig


def _forest_rows(trials: pd.DataFrame) -> tuple[list[int], dict[int, str], list[tuple[int, int]]]:
    """y position of each row, tick labels (a bold header per trial, then its rows) and bands."""
    positions, ticks, bands = [], {}, []
    y = 0
    for trial in dict.fromkeys(trials["trial"]):
        rows = trials[trials["trial"] == trial]
        ticks[y] = f"<b>{_safe(tr.header(trials, trial))}</b>"
        top = y
        several_doses = rows["comparison"].map(tr.dose).nunique() > 1
        repeated = rows.duplicated(["comparison", "outcome", "analysis"], keep=False)
        for r, again in zip(rows.itertuples(), repeated):
            y += 1
            positions.append(y)
            dose = f" ({tr.dose(r.comparison)})" if several_doses and tr.dose(r.comparison) else ""
            tag = tr.analysis_tag(r, again)
            label = f"{tr.ROLE_WORDS[r.outcome_type]}: {r.outcome}{dose} · {tag}"
            ticks[y] = _safe(label)
        bands.append((top, y))
        y += 1
    return positions, ticks, bands


def _forest_hover(course: CourseData, r) -> str:
    lines = [
        f"<b>{_safe(r.trial)}</b>: {_safe(r.comparison)}",
        f"{tr.ROLE_WORDS[r.outcome_type]}: {_safe(r.outcome)} ({r.analysis} result)",
        f"{r.measure} {r.estimate:g} (95% CI {r.ci_low:g}–{r.ci_high:g}), "
        f"follow-up {_safe(r.follow_up)}",
    ]
    if tr.has_rates(r):
        lines.append("Absolute: " + _wrap(_safe(tr.rate_text(r))))
    if r.note:
        lines.append(_wrap(_safe(r.note)))
    lines.append(f"Source: {_safe(course.cite(r.sources))}")
    return "<br>".join(lines)


def _forest_alt(trials: pd.DataFrame, benefit: pd.Series, harm: pd.Series) -> str:
    """Text alternative computed from the rows drawn, including which trials show a trade-off."""
    names = list(dict.fromkeys(trials["trial"]))
    extras = int(trials["analysis"].isin(tr.EXTRAS).sum())
    with_rates = sum(tr.has_rates(r) for r in trials.itertuples())
    efficacy = trials["outcome_type"] == "efficacy"
    traded = [
        t
        for t in names
        if ((trials["trial"] == t) & efficacy & benefit).any()
        and ((trials["trial"] == t) & ~efficacy & harm).any()
    ]
    text = (
        f"Forest plot of {len(trials)} results from {len(names)} trials ({', '.join(names)}), each a "
        "relative risk, hazard ratio or odds ratio with its 95% confidence interval on a log scale "
        "(1 means no difference). Each trial's rows are together: its primary result first, then "
        f"its other benefits, then its harms, then {extras} labelled extra analyses (open symbols). "
        f"{int(benefit.sum())} results show fewer events with the drug and {int(harm.sum())} show "
        f"more; the rest cross 1. {with_rates} results give absolute rates (in the hover text and "
        "the table below)."
    )
    if traded:
        text += (
            " Notice the trade-off: in "
            + ", ".join(traded)
            + " the drug lowered at least one outcome it aimed to prevent and raised at least one "
            "harm."
        )
    return text


# --- the HPG axis (lesson 2) --------------------------------------------------------------------

HORMONE_LABELS = v.HORMONE_LABELS
# Diagram positions (x, y) of the organs, in the left panel's data units.
_HPG_NODES = {
    "hypothalamus": (0.9, 4.0, "Hypothalamus<br>makes GnRH"),
    "pituitary": (0.9, 2.7, "Pituitary<br>makes LH, FSH"),
    "testes": (0.9, 1.4, "Testes make<br>testosterone<br>and sperm"),
    "aromatase": (
        2.9,
        1.4,
        "Aromatase (in fat<br>and other tissue)<br>turns testosterone<br>into estradiol",
    ),
}
_BOX_HALF = (0.72, 0.45)  # half width, half height of an organ box
# Where each agent acts, for the label drawn on the diagram.
AGENT_SITES = {
    "clomiphene": ("hypothalamus", "blocks the estrogen brake"),
    "enclomiphene": ("hypothalamus", "blocks the estrogen brake"),
    "tamoxifen": ("hypothalamus", "blocks the estrogen brake"),
    "gonadorelin-pulsatile": ("pituitary", "GnRH in pulses: stimulates"),
    "gonadorelin-continuous": ("pituitary", "constant GnRH: desensitises"),
    "anastrozole": ("aromatase", "blocks aromatase"),
    "testosterone": ("testes", "taken as a medicine"),
}


# What the diagram and the title call each agent (the ids stay internal).
AGENT_NAMES = {
    "clomiphene": "clomiphene",
    "enclomiphene": "enclomiphene",
    "tamoxifen": "tamoxifen",
    "gonadorelin-pulsatile": "gonadorelin in pulses",
    "gonadorelin-continuous": "gonadorelin continuously",
    "anastrozole": "anastrozole",
    "testosterone": "testosterone as a medicine",
}


def hpg_range(changes: dict[str, float]) -> list[float]:
    """x range of the hormone panel, with room for the labels beyond the longest rising bar and
    beside the zero line of the falling ones."""
    high = max(100 * max(changes.values()), 0)
    low = min(100 * min(changes.values()), 0)
    return [min(-120, low * 1.1), max(160, high * 1.35 + 30)]


def _direction(change: float, threshold: float = 0.02) -> str:
    return "up" if change > threshold else "down" if change < -threshold else "unchanged"


def hpg_bar_data(changes: dict[str, float]) -> dict:
    """Bar data for the hormone panel: percent change with an arrow, a colour and a sign."""
    hormones = list(HORMONE_LABELS)
    directions = [_direction(changes[h]) for h in hormones]
    return {
        "x": [round(100 * changes[h], 1) for h in hormones],
        "y": [HORMONE_LABELS[h] for h in hormones],
        # a falling bar's label is drawn right of the zero line (hpg_fall_labels): beyond the
        # bar's end it sat on the hormone names ("LH▼-51%")
        "text": [hpg_label(changes[h]) if changes[h] >= 0 else "" for h in hormones],
        "textposition": "outside",
        "customdata": directions,
        "marker": {"color": [v.DIRECTION_STYLE[d]["colour"] for d in directions]},
    }


def hpg_label(change: float) -> str:
    return f"{v.DIRECTION_STYLE[_direction(change)]['symbol']} {100 * change:+.0f}%"


def hpg_fall_labels(changes: dict[str, float]) -> dict:
    """Text points right of the zero line, one per falling hormone, carrying its label."""
    falls = [h for h in HORMONE_LABELS if changes[h] < 0]
    return {
        "x": [0] * len(falls),
        "y": [HORMONE_LABELS[h] for h in falls],
        "text": [hpg_label(changes[h]) for h in falls],
    }


def _arrow(x0: float, y0: float, x1: float, y1: float, colour: str = "#222222", **extra) -> dict:
    return {
        "x": x1,
        "y": y1,
        "ax": x0,
        "ay": y0,
        "xref": "x",
        "yref": "y",
        "axref": "x",
        "ayref": "y",
        "showarrow": True,
        "arrowhead": 3,
        "arrowwidth": 2.5,
        "arrowcolor": colour,
        "text": "",
        **extra,
    }


def _note(x: float, y: float, text: str, **extra) -> dict:
    return {"x": x, "y": y, "xref": "x", "yref": "y", "text": text, "showarrow": False, **extra}


def _hpg_annotations(agents: Sequence[str]) -> list[dict]:
    (hx, hy, _), (px, py, _) = _HPG_NODES["hypothalamus"][:3], _HPG_NODES["pituitary"][:3]
    (tx, ty, _), (ax, ay, _) = _HPG_NODES["testes"][:3], _HPG_NODES["aromatase"][:3]
    w, h = _BOX_HALF
    notes = [_note(x, y, label, font={"size": 11}) for x, y, label in _HPG_NODES.values()]
    notes += [
        _arrow(hx, hy - h, px, py + h),
        _note(hx + 0.1, (hy + py) / 2, "GnRH", xanchor="left", font={"size": 13}),
        _arrow(px, py - h, tx, ty + h),
        _note(px + 0.1, (py + ty) / 2, "LH, FSH", xanchor="left", font={"size": 13}),
        _arrow(tx + w, ty, ax - w, ay),
        # under the gap between the boxes: the word is wider than the gap itself
        _note((tx + ax) / 2, ty - h - 0.08, "testosterone →", yanchor="top", font={"size": 11}),
        # the feedback brake: estradiol (through the estrogen receptor) and testosterone
        _arrow(ax, ay + h, hx + w, hy - 0.1, colour="#D55E00", arrowhead=6, arrowwidth=2),
        _note(
            2.45,
            2.95,
            "⊖ brake: estradiol<br>(via the estrogen<br>receptor) and<br>testosterone",
            xanchor="left",
            align="left",
            font={"size": 12, "color": "#A04000"},
        ),
    ]
    per_site: dict[str, int] = {}
    for agent in agents:
        site, action = AGENT_SITES[agent]
        x, y, _ = _HPG_NODES[site]
        i = per_site[site] = per_site.get(site, -1) + 1
        label_y = y + 0.3 - 0.45 * i if site != "aromatase" else y - h - 0.55 - 0.4 * i
        label_x = x - w - 0.15 if site != "aromatase" else x
        notes.append(
            {
                **_arrow(
                    label_x,
                    label_y,
                    x - w if site != "aromatase" else x,
                    y if site != "aromatase" else y - h,
                    colour="#0072B2",
                    arrowwidth=1.5,
                ),
                "text": f"✚ <b>{_safe(AGENT_NAMES[agent].removesuffix(' as a medicine'))}</b><br>{action}",
                "font": {"size": 11, "color": "#003E63"},
                "bgcolor": "#EAF4FB",
                "bordercolor": "#0072B2",
                "align": "left",
                "xanchor": "right" if site != "aromatase" else "center",
            }
        )
    return notes


def _hpg_boxes() -> list[dict]:
    w, h = _BOX_HALF
    return [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y",
            "x0": x - w,
            "x1": x + w,
            "y0": y - h,
            "y1": y + h,
            "fillcolor": "#F3F1EE",
            "line": {"color": "#555555", "width": 1.5},
            "layer": "below",
        }
        for x, y, _ in _HPG_NODES.values()
    ]


def hpg_figure(changes: dict[str, float], agents: Sequence[str] = ()) -> go.Figure:
    """The feedback loop (left) and each hormone's modelled change from baseline (right).

    `changes` is hormone -> relative change (0.25 = +25%), e.g. from `hpg.relative_change(agents)`.
    """
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, column_widths=[0.62, 0.38], horizontal_spacing=0.16)
    # an invisible point pins the left panel's axes; organ names are annotations on boxes
    fig.add_scatter(
        x=[0.9],
        y=[4.0],
        mode="markers",
        marker={"opacity": 0},
        hoverinfo="skip",
        showlegend=False,
        row=1,
        col=1,
    )
    fig.add_bar(
        name=HPG_BARS_TRACE,
        orientation="h",
        cliponaxis=False,
        showlegend=False,
        hovertemplate="%{y}: %{x:+.0f}% vs untreated<extra></extra>",
        row=1,
        col=2,
        **hpg_bar_data(changes),
    )
    fig.add_scatter(
        name=HPG_FALL_LABELS_TRACE,
        mode="text",
        textposition="middle right",
        hoverinfo="skip",
        showlegend=False,
        cliponaxis=False,
        row=1,
        col=2,
        **hpg_fall_labels(changes),
    )
    fig.update_xaxes(visible=False, range=[-2.3, 3.8], fixedrange=True, row=1, col=1)
    fig.update_yaxes(visible=False, range=[-0.2, 4.6], fixedrange=True, row=1, col=1)
    fig.update_xaxes(
        title={"text": "change vs untreated (%)"},
        zeroline=True,
        zerolinecolor="#222222",
        range=hpg_range(changes),
        gridcolor="#DDDDDD",
        row=1,
        col=2,
    )
    fig.update_yaxes(autorange="reversed", row=1, col=2)
    fig.update_layout(annotations=_hpg_annotations(agents), shapes=_hpg_boxes())
    title = hpg_title(agents)
    lines = title.count("<br>") + 1
    return _layout(
        fig,
        title,
        hpg_alt(changes, agents),
        height=540 + 24 * lines,
        width=FIGURE_WIDTH,
        margin={"t": 46 + 24 * lines},
    )


def hpg_title(agents: Sequence[str]) -> str:
    """The chart title in display names, wrapped so it never runs past the figure's width."""
    shown = " + ".join(AGENT_NAMES[a] for a in agents) if agents else "no drug (the untreated loop)"
    return _wrap(f"Illustrative model of the HPG axis: {shown}", HPG_TITLE_CHARS)


HPG_TITLE_CHARS = 70  # about 800 px of title text at the course's title size


def hpg_alt(changes: dict[str, float], agents: Sequence[str]) -> str:
    parts = [f"{HORMONE_LABELS[h]} {_direction(c)} ({100 * c:+.0f}%)" for h, c in changes.items()]
    who = " + ".join(AGENT_NAMES[a] for a in agents) if agents else "no drug"
    return (
        "Diagram of the loop hypothalamus → pituitary → testes, with estradiol and testosterone "
        f"braking the top of the loop, and a bar chart of modelled hormone changes for {who}: "
        + ", ".join(parts)
        + ". An illustrative model, not a prediction for a person."
    )


# --- pharmacokinetics (lesson 3) ----------------------------------------------------------------


def half_life_hours(course: CourseData) -> dict[str, float]:
    """Drug id -> elimination half-life in hours, for drugs whose half-life the data gives."""
    from .pk import to_hours

    rows = course.serms.dropna(subset=["half_life_value"])
    return {r.serm: to_hours(r.half_life_value, r.half_life_unit) for r in rows.itertuples()}


def pk_curves(
    course: CourseData,
    serms: Sequence[str],
    interval_h: float = 24.0,
    days: float = 60.0,
    stop_day: float | None = 30.0,
) -> list[dict]:
    """Relative blood level over time for repeated daily doses, stopping at `stop_day`."""
    import numpy as np

    from . import pk

    hours = half_life_hours(course)
    t = np.linspace(0, days * 24, 1201)
    doses = None if stop_day is None else int(stop_day * 24 // interval_h)
    curves = []
    for serm in serms:
        if serm not in hours:
            continue
        h = hours[serm]
        level = pk.concentration_repeated(t, h, interval_h=interval_h, doses=doses)
        to_ss = pk.time_to_steady_state(h) / 24
        curves.append(
            {
                "x": t / 24,
                "y": level,
                "name": f"{_safe(course.serm_name(serm))} (t½ ≈ {_hours_text(h)})",
                # '%' escaped too: hovertemplate reads %{...} as a placeholder
                "hovertemplate": f"{_safe(course.serm_name(serm)).replace('%', '&#37;')}<br>day %{{x:.1f}}: %{{y:.2f}}"
                "<extra></extra>",
                "meta": {"serm": serm, "half_life_h": h, "days_to_steady_state": to_ss},
            }
        )
        formed = metabolite_curve(course, serm, t, interval_h, doses)
        if formed:
            curves.append(formed)
    return curves


def metabolite_half_lives(course: CourseData) -> dict[str, tuple[str, float]]:
    """Drug id -> (metabolite, half-life in hours) where serms.csv gives the metabolite's half-life."""
    from .pk import to_hours

    rows = course.serms.dropna(subset=["metabolite_half_life_value"])
    return {
        r.serm: (r.metabolite, to_hours(r.metabolite_half_life_value, r.metabolite_half_life_unit))
        for r in rows.itertuples()
    }


def metabolite_curve(course: CourseData, serm: str, t, interval_h: float, doses) -> dict | None:
    """The drug's long-lived metabolite, formed from it (parent -> metabolite model in pk.py), scaled
    to the measured metabolite : parent ratio at steady state. None when serms.csv gives no
    metabolite half-life or the data give no measured ratio (then its height would be a guess)."""
    from . import pharm, pk

    found = metabolite_half_lives(course).get(serm)
    parent_h = half_life_hours(course).get(serm)
    if not found or parent_h is None:
        return None
    metabolite, h = found
    measured = pharm.measured_steady_state_ratio(course, serm, metabolite)
    if measured is None:
        return None
    scale = measured / pk.steady_state_ratio(parent_h, h)
    level = scale * pk.metabolite_repeated(t, parent_h, h, interval_h=interval_h, doses=doses)
    to_ss = pk.metabolite_time_to_steady_state(parent_h, h) / 24
    name = f"{_safe(metabolite)} (metabolite of {_safe(course.serm_name(serm))}, t½ ≈ {_hours_text(h)})"
    return {
        "x": t / 24,
        "y": level,
        "name": name,
        "hovertemplate": f"{metabolite}<br>day %{{x:.1f}}: %{{y:.2f}}<extra></extra>",
        "meta": {
            "serm": serm,
            "metabolite": metabolite,
            "half_life_h": h,
            "days_to_steady_state": to_ss,
            "steady_state_ratio": measured,
        },
    }


def _hours_text(hours: float) -> str:
    return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.1f} days"


def pk_line(serm: str) -> dict:
    """The drug's own line style (vocabulary.DRUG_LINE_STYLE), whatever else is drawn with it; a
    drug added to the data without a style of its own gets a plain grey dash."""
    style = v.DRUG_LINE_STYLE.get(serm, {"colour": "#555555", "dash": "dash"})
    return {"width": 3, "dash": style["dash"], "color": style["colour"]}


PK_HEIGHT = 560


def pk_figure(
    course: CourseData,
    serms: Sequence[str] = ("raloxifene", "tamoxifen"),
    stop_day: float | None = 30.0,
) -> go.Figure:
    """Blood level with one dose a day, then wash-out: long half-lives build up and clear slowly."""
    fig = go.Figure()
    curves = pk_curves(course, serms, stop_day=stop_day, days=pk_days(course, serms, stop_day))
    for curve in curves:
        line = pk_line(curve["meta"]["serm"])
        if curve["meta"].get("metabolite"):  # the drug's own colour, dotted and thinner
            line = {**line, "dash": "dot", "width": 2}
        fig.add_scatter(mode="lines", line=line, **curve)
    if stop_day is not None:
        fig.add_vline(x=stop_day, line={"color": "#555555", "dash": "dot"})
        fig.add_annotation(  # inside the plot, under its top edge: clear of title and legend
            text="last dose",
            x=stop_day,
            xref="x",
            y=1,
            yref="paper",
            yanchor="top",
            xanchor="left",
            xshift=4,
            showarrow=False,
            font={"size": 13, "color": "#333333"},
        )
    missing = [s for s in dict.fromkeys(serms) if s not in half_life_hours(course)]
    if missing:  # say why a chosen drug has no line, rather than leave it out silently
        names = ", ".join(course.serm_name(s) for s in missing)
        fig.add_annotation(  # below the x-axis title, in pixels, so the two never meet
            text=f"Not drawn (no half-life in a primary source): {_safe(names)}",
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-PK_NOTE_BELOW_AXIS,
            yanchor="top",
            showarrow=False,
            xanchor="left",
            font={"size": 13, "color": "#333333"},
        )
    alt = pk_alt(curves, stop_day) + (
        f" Not drawn, because no primary source gives a half-life: {names}." if missing else ""
    )
    drawn = {c["meta"].get("metabolite") for c in curves}
    unscaled = [
        f"{metabolite} ({course.serm_name(serm)})"
        for serm, (metabolite, _) in metabolite_half_lives(course).items()
        if serm in serms and metabolite not in drawn
    ]
    if (
        unscaled
    ):  # a half-life but no measured level beside the parent's: its height would be a guess
        alt += f" Metabolite not drawn, as no measured level ratio to the parent is in the data: {', '.join(unscaled)}."
    legend_rows = max(1, len(curves))  # one line each: the names are long (half-lives, metabolite)
    fig = _layout(
        fig,
        "Build-up and wash-out with one dose a day",
        alt,
        height=400 + 24 * legend_rows,
        xaxis={"title": {"text": "days", "standoff": 8}, "gridcolor": "#DDDDDD"},
        yaxis={
            # two short lines: one long line ran up past the plot into the chart title
            "title": {"text": "blood level<br>(1 = peak after the first dose)"},
            "gridcolor": "#DDDDDD",
            "rangemode": "tozero",
            "ticklabelstandoff": 6,  # the y axis's "0" clear of the x axis's "0"
        },
        legend={"orientation": "v", "y": 1.0, "yanchor": "bottom", "x": 0},
        width=FIGURE_WIDTH,
        margin={"t": max(130, 60 + 24 * legend_rows), "b": 110 if missing else 60},
    )
    # the title at the very top, so the legend's lines fit between it and the plot
    return fig.update_layout(
        title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 14}}
    )


PK_NOTE_BELOW_AXIS = 64  # px from the plot's bottom edge: past tick labels and the axis title


def pk_days(course: CourseData, serms: Sequence[str], stop_day: float | None) -> float:
    """Days to draw: 60, or long enough after the last dose for the slowest compound shown
    (a long-lived metabolite) to wash out, up to 150."""
    slowest = 0.0
    for serm in serms:
        for curve in pk_curves(course, [serm], days=1, stop_day=None):
            slowest = max(slowest, curve["meta"]["days_to_steady_state"])  # = wash-out time
    return float(min(150.0, max(60.0, (stop_day or 30.0) + slowest)))


def pk_alt(curves: Sequence[dict], stop_day: float | None) -> str:
    parts = [
        f"{c['name']}: about 97% of steady state after {c['meta']['days_to_steady_state']:.1f} days"
        + (
            f" (drawn at the measured steady-state ratio of {c['meta']['steady_state_ratio']:.1f} "
            "times the parent drug's level; as long again to wash out after the last dose)"
            if "metabolite" in c["meta"]
            else ""
        )
        for c in curves
    ]
    stop = f"; dosing stops on day {stop_day:g}" if stop_day is not None else ""
    return (
        "Line chart of relative blood level with one dose a day"
        + stop
        + ". "
        + "; ".join(parts)
        + ". The longer the half-life, the slower the build-up and the "
        "wash-out (about five half-lives each)."
    )


# --- molecular mechanism (lesson 3) -------------------------------------------------------------


def mechanism_steps(course: CourseData, serm: str, tissue: str) -> list[str]:
    """The four steps ligand → receptor shape → co-regulators → response, as short texts."""
    cells = effect_cells(course, serm)
    effect = cells[tissue]["effect"]
    is_estradiol = course.serms.set_index("serm").at[serm, "role"] == "reference agonist"
    texts = course.mechanism_steps.set_index(["step", "case"])["text"]  # cited in the CSV
    shape = texts[("shape", "agonist" if is_estradiol else "SERM")]
    if ("coregulators", effect) in texts.index:
        helpers = texts[("coregulators", effect)]
    else:  # mixed, minimal or unknown: no mechanism to state; the hover gives the evidence
        helpers = f"{v.EFFECTS[effect].meaning.capitalize()} (see hover)"
    width = 22  # characters per line: keeps every line inside its box
    return [
        f"<b>1. Ligand</b><br>{_wrap(_safe(course.serm_name(serm)) + ' binds the estrogen receptor', width)}",
        f"<b>2. Receptor shape</b><br>{_wrap(_safe(shape), width)}",
        f"<b>3. Helpers in this cell</b><br>{_wrap(_safe(helpers), width)}",
        f"<b>4. Response in the</b><br><b>{v.TISSUES[tissue].label.lower()}</b><br>"
        f"{cells[tissue]['text']}",
    ]


def mechanism_figure(course: CourseData, serm: str, tissue: str) -> go.Figure:
    """Ligand → receptor conformation → co-regulator recruitment → tissue response, as four boxes."""
    cells = effect_cells(course, serm)
    effect = cells[tissue]["effect"]
    steps = mechanism_steps(course, serm, tissue)
    colours = ["#F3F1EE", "#F3F1EE", "#F3F1EE", v.EFFECTS[effect].colour]
    text_colours = ["#111111", "#111111", "#111111", v.EFFECTS[effect].text_colour]
    fig = go.Figure()
    shapes, notes = [], []
    for i, (step, fill, ink) in enumerate(zip(steps, colours, text_colours)):
        x0 = i * 1.3
        shapes.append(
            {
                "type": "rect",
                "x0": x0,
                "x1": x0 + 1.1,
                "y0": 0,
                "y1": 1,
                "fillcolor": fill,
                "line": {"color": "#555555", "width": 1.5},
                "xref": "x",
                "yref": "y",
                "layer": "below",
            }
        )
        notes.append(
            {
                "x": x0 + 0.55,
                "y": 0.5,
                "text": step,
                "showarrow": False,
                "font": {"size": 12, "color": ink},
                "xref": "x",
                "yref": "y",
            }
        )
        if i < 3:
            notes.append(_arrow(x0 + 1.12, 0.5, x0 + 1.28, 0.5))
    fig.add_scatter(  # hover on the response box gives the evidence and its source
        name=MECHANISM_RESPONSE_TRACE,
        x=[3 * 1.3 + 0.55],
        y=[0.5],
        mode="markers",
        marker={"size": 60, "opacity": 0},
        hovertext=[cells[tissue]["hover"]],
        hoverinfo="text",
        showlegend=False,
        customdata=[effect],
    )
    axis = {"visible": False, "fixedrange": True}
    alt = (
        f"Four-step diagram for {course.serm_name(serm)} in the {v.TISSUES[tissue].label}: "
        + "; ".join(_strip_tags(s) for s in steps)
        + "."
    )
    return _layout(
        fig,
        f"{_safe(course.serm_name(serm))} in the {v.TISSUES[tissue].label.lower()}: "
        "from binding to response",
        alt,
        shapes=shapes,
        annotations=notes,
        xaxis={**axis, "range": [-0.1, 5.1]},
        yaxis={**axis, "range": [-0.1, 1.1]},
        height=320,
        width=FIGURE_WIDTH,
    )


def _strip_tags(text: str) -> str:
    import re

    # the alt text is plain text (escaped where it is shown), so entities go back to characters
    return html.unescape(re.sub(r"<[^>]+>", " ", text).replace("  ", " ").strip())


def measured_changes(course: CourseData) -> go.Figure:
    """Real measured hormone changes in men (percent change, with the raw values in the label)."""
    rows = course.hormone_measurements
    pct = 100 * (rows["after"] / rows["before"] - 1)
    directions = ["up" if p > 0 else "down" if p < 0 else "unchanged" for p in pct]
    labels = [
        # two lines, so the bars and their value labels get the width
        f"{r.study}: {course.hpg_agents.set_index('agent').at[r.agent, 'name']}<br>"
        f"{HORMONE_LABELS[r.hormone]}"
        for r in rows.itertuples()
    ]
    shown_labels = [_safe(label) for label in labels]
    fig = go.Figure(
        go.Bar(
            x=pct,
            y=shown_labels,
            orientation="h",
            text=[
                f"{v.DIRECTION_STYLE[d]['symbol']} {r.before:g} → {r.after:g} {_safe(r.unit)} ({p:+.0f}%)"
                for d, r, p in zip(directions, rows.itertuples(), pct)
            ],
            textposition="outside",
            cliponaxis=False,
            customdata=directions,
            marker={"color": [v.DIRECTION_STYLE[d]["colour"] for d in directions]},
            hovertext=[
                f"<b>{_safe(r.study)}</b> ({_safe(r.statistic)}s)<br>{_wrap(_safe(r.population))}"
                f"<br>{_safe(r.design)}<br>{HORMONE_LABELS[r.hormone]}: {r.before:g} → {r.after:g} "
                f"{_safe(r.unit)}<br>Source: {_safe(course.cite(r.sources))}"
                for r in rows.itertuples()
            ],
            hoverinfo="text",
        )
    )
    parts = [
        f"{HORMONE_LABELS[r.hormone]} {r.before:g} to {r.after:g} {r.unit}"
        for r in rows.itertuples()
    ]
    alt = (
        "Bar chart of hormone changes measured in men (not modelled): "
        + "; ".join(f"{lab.split(': ')[0]}: {part}" for lab, part in zip(labels, parts))
        + ". Each moved in the direction the model predicts."
    )
    return _layout(
        fig,
        "Measured in men: change from before treatment",
        alt,
        height=140 + 60 * len(rows),
        width=FIGURE_WIDTH,
        xaxis={
            "title": {"text": "change from before treatment (%)"},
            # room beyond each bar for its label ("▲ 205 → 488 ng/dL (+138%)", ~190 px)
            "range": [min(-10, pct.min() * 2.3), max(10, pct.max() * 2.3)],
            "zeroline": True,
            "zerolinecolor": "#222222",
            "gridcolor": "#DDDDDD",
        },
        yaxis={"autorange": "reversed", "automargin": True},
    )
