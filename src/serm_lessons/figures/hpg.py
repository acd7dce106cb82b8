"""The HPG axis in men (lesson 2): the feedback loop with each agent's site, the illustrative
model's hormone changes, and the changes measured in men."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from .. import vocabulary as v
from ..data import CourseData, load
from .style import (
    FIGURE_WIDTH,
    HPG_BARS_TRACE,
    HPG_FALL_LABELS_TRACE,
    _arrow,
    _layout,
    _note,
    _safe,
    _wrap,
)

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


def agent_table(course: CourseData | None = None) -> pd.DataFrame:
    """hpg_agents.csv by agent id: what the diagram, title and alt text call each agent
    (short_name), the organ its label points at (diagram_site) and what it does (diagram_action).
    With no course given (the HPG explorer draws with none) it is the course data the lessons load.
    """
    return (course if course is not None else load()).hpg_agents.set_index("agent")


def _shown(agents: Sequence[str], table: pd.DataFrame, none: str) -> str:
    return " + ".join(_safe(table.at[a, "short_name"]) for a in agents) if agents else none


def hpg_range(changes: dict[str, float]) -> list[float]:
    """x range of the hormone panel, with room for the labels beyond the longest rising bar and
    beside the zero line of the falling ones."""
    high = max(100 * max(changes.values()), 0)
    low = min(100 * min(changes.values()), 0)
    return [min(-120, low * 1.1), max(160, high * 1.35 + 30)]


def hpg_bar_data(changes: dict[str, float]) -> dict:
    """Bar data for the hormone panel: percent change with an arrow, a colour and a sign."""
    hormones = list(HORMONE_LABELS)
    directions = [v.direction_of(changes[h]) for h in hormones]
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
    return f"{v.DIRECTION_STYLE[v.direction_of(change)]['symbol']} {100 * change:+.0f}%"


def hpg_fall_labels(changes: dict[str, float]) -> dict:
    """Text points right of the zero line, one per falling hormone, carrying its label."""
    falls = [h for h in HORMONE_LABELS if changes[h] < 0]
    return {
        "x": [0] * len(falls),
        "y": [HORMONE_LABELS[h] for h in falls],
        "text": [hpg_label(changes[h]) for h in falls],
    }


def _hpg_annotations(agents: Sequence[str], table: pd.DataFrame) -> list[dict]:
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
        _arrow(ax, ay + h, hx + w, hy - 0.1, colour=v.VERMILLION, arrowhead=6, arrowwidth=2),
        _note(
            2.45,
            2.95,
            f"{v.BRAKE_MARK} brake: estradiol<br>(via the estrogen<br>receptor) and<br>testosterone",
            xanchor="left",
            align="left",
            font={"size": 12, "color": v.VERMILLION_DARK},
        ),
    ]
    per_site: dict[str, int] = {}
    for agent in agents:
        site, name, action = table.loc[agent, ["diagram_site", "short_name", "diagram_action"]]
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
                    colour=v.BLUE,
                    arrowwidth=1.5,
                ),
                "text": f"{v.AGENT_MARK} {_bold_lines(name)}<br>{_safe(action)}",
                "font": {"size": 11, "color": v.BLUE_DARK},
                "bgcolor": v.BLUE_TINT,
                "bordercolor": v.BLUE,
                "align": "left",
                "xanchor": "right" if site != "aromatase" else "center",
            }
        )
    return notes


def _bold_lines(name: str, width: int = 24) -> str:
    """An agent's name in bold, broken into short lines: the labels sit left of the boxes, so a
    long name ("testosterone as a medicine") would run past the chart's edge."""
    return "<br>".join(f"<b>{line}</b>" for line in _wrap(_safe(name), width).split("<br>"))


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
            "fillcolor": v.PANEL,
            "line": {"color": v.GREY_DARK, "width": 1.5},
            "layer": "below",
        }
        for x, y, _ in _HPG_NODES.values()
    ]


def hpg_figure(
    changes: dict[str, float], agents: Sequence[str] = (), course: CourseData | None = None
) -> go.Figure:
    """The feedback loop (left) and each hormone's modelled change from baseline (right).

    `changes` is hormone -> relative change (0.25 = +25%), e.g. from `hpg.relative_change(agents)`;
    the agents' names and sites come from the course's hpg_agents table (see `agent_table`).
    """
    table = agent_table(course)
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
        zerolinecolor=v.INK,
        range=hpg_range(changes),
        gridcolor=v.GREY_GRID,
        row=1,
        col=2,
    )
    fig.update_yaxes(autorange="reversed", row=1, col=2)
    fig.update_layout(annotations=_hpg_annotations(agents, table), shapes=_hpg_boxes())
    title = hpg_title(agents, course)
    lines = title.count("<br>") + 1
    return _layout(
        fig,
        title,
        hpg_alt(changes, agents, course),
        height=540 + 24 * lines,
        width=FIGURE_WIDTH,
        margin={"t": 46 + 24 * lines},
    )


def hpg_title(agents: Sequence[str], course: CourseData | None = None) -> str:
    """The chart title in the agents' short names, wrapped so it never runs past the figure."""
    shown = _shown(agents, agent_table(course), "no drug (the untreated loop)")
    return _wrap(f"Illustrative model of the HPG axis: {shown}", HPG_TITLE_CHARS)


HPG_TITLE_CHARS = 70  # about 800 px of title text at the course's title size


def hpg_alt(
    changes: dict[str, float], agents: Sequence[str], course: CourseData | None = None
) -> str:
    parts = [
        f"{HORMONE_LABELS[h]} {v.direction_of(c)} ({100 * c:+.0f}%)" for h, c in changes.items()
    ]
    who = " + ".join(agent_table(course).loc[list(agents), "short_name"]) or "no drug"
    return (
        "Diagram of the loop hypothalamus → pituitary → testes, with estradiol and testosterone "
        f"braking the top of the loop, and a bar chart of modelled hormone changes for {who}: "
        + ", ".join(parts)
        + ". An illustrative model, not a prediction for a person."
    )


def measured_changes(course: CourseData) -> go.Figure:
    """Real measured hormone changes in men (percent change, with the raw values in the label)."""
    rows = course.hormone_measurements
    pct = 100 * (rows["after"] / rows["before"] - 1)
    directions = [v.direction_of(r.after / r.before - 1) for r in rows.itertuples()]
    names = course.hpg_agents.set_index("agent")["name"]
    # two lines, so the bars and their value labels get the width; the data's words are escaped,
    # the line break between them is the course's own
    shown_labels = [
        f"{_safe(r.study)}: {_safe(names[r.agent])}<br>{HORMONE_LABELS[r.hormone]}"
        for r in rows.itertuples()
    ]
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
        + "; ".join(f"{r.study}: {part}" for r, part in zip(rows.itertuples(), parts))
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
            "zerolinecolor": v.INK,
            "gridcolor": v.GREY_GRID,
        },
        yaxis={"autorange": "reversed", "automargin": True},
    )
