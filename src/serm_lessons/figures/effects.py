"""Each drug's effect tissue by tissue: the drug × tissue grid and the body map (lessons 1-2)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from .. import facts
from .. import vocabulary as v
from ..data import CourseData
from .style import BODY_MAP_TRACE, UNKNOWN_MARKS_TRACE, _layout, _safe, _wrap, alt_text

# --- tissue effects -----------------------------------------------------------------------------

TISSUE_ORDER = list(v.TISSUES)


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
        effect, only_in = course.combined_effect(serm, tissue)
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
        "line": {"color": v.BLACK, "width": 3},
        "fillcolor": v.TRANSPARENT,
    }


def row_ticktext(course: CourseData, serm: str | None) -> list[str]:
    """The grid's row labels: drug names (long ones on two lines), the chosen one bold with a mark."""
    labels = []
    for s in course.serms["serm"]:
        name = _safe(course.serm_name(s))
        if len(name) > 14 and " " in name:  # "Clomiphene citrate", "Estradiol (17beta-...)"
            name = name.replace(" ", "<br>", 1)
        labels.append(f"<b>{v.CHOSEN_MARK} {name}</b>" if s == serm else name)
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
    style = {
        "line": {"color": v.GREY_SILHOUETTE, "width": 1.5},
        "fillcolor": v.PANEL,
        "layer": "below",
    }
    return [{**shape, **style, "xref": "x", "yref": "y"} for shape in _SILHOUETTE]


# Traces that explorers and tests read back by name (never by position).


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
            "line": {"color": v.INK, "width": 2},
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
        textfont={"size": 15, "color": v.BLACK},
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
