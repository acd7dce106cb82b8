"""The molecular mechanism (lesson 3): ligand, receptor shape, co-regulators, tissue response."""

from __future__ import annotations

import plotly.graph_objects as go

from .. import vocabulary as v
from ..data import CourseData
from .effects import effect_cells
from .style import (
    FIGURE_WIDTH,
    MECHANISM_RESPONSE_TRACE,
    _arrow,
    _layout,
    _safe,
    _strip_tags,
    _wrap,
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
    colours = [v.PANEL, v.PANEL, v.PANEL, v.EFFECTS[effect].colour]
    text_colours = [v.INK_DARK, v.INK_DARK, v.INK_DARK, v.EFFECTS[effect].text_colour]
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
                "line": {"color": v.GREY_DARK, "width": 1.5},
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
