"""The course's chart style, shared by every figure module: layout, safe text, wrapping, arrows.

Also the names of the traces that explorers and tests read back (never by position).
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from .. import vocabulary as v

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
        font={"family": v.FONT_FAMILY, "size": v.FONT_SIZE, "color": v.INK},
        hoverlabel={"font": {"size": v.FONT_SIZE, "family": v.FONT_FAMILY}, "align": "left"},
        paper_bgcolor=v.WHITE,
        plot_bgcolor=v.WHITE,
        margin=margin,
        meta={"alt": alt},
        **extra,
    )
    return fig


def _titled_layout(fig: go.Figure, title: str, alt: str, **extra) -> go.Figure:
    """The course's chart style, with room above the plot for the title."""
    extra["margin"] = {"t": 70, **extra.get("margin", {})}
    return _layout(fig, title, alt, **extra)


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


def _hover_name(name: str) -> str:
    """A data value for a hovertemplate: escaped as HTML, and '%' too (it reads %{...} as a
    placeholder)."""
    return _safe(name).replace("%", "&#37;")


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


def _arrow(x0: float, y0: float, x1: float, y1: float, colour: str = v.INK, **extra) -> dict:
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


BODY_MAP_TRACE = "tissue effects"
UNKNOWN_MARKS_TRACE = "unknown marks"
HPG_BARS_TRACE = "hormone changes"
HPG_FALL_LABELS_TRACE = "labels of falling hormones"
MECHANISM_RESPONSE_TRACE = "response"


def _strip_tags(text: str) -> str:
    import re

    # the alt text is plain text (escaped where it is shown), so entities go back to characters
    return html.unescape(re.sub(r"<[^>]+>", " ", text).replace("  ", " ").strip())
