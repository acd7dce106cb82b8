"""The course's chart widget: one plotly figure, redrawn in place, without shipping plotly.js.

plotly's own `FigureWidget` carries all of plotly.js (about 5 MB) in every chart's widget state, so a
lesson with three charts sent 15 MB to the browser and evaluated plotly.js three times. `Chart` sends
only the figure's JSON; its small script (static/chart.js) takes plotly.js from the page, where the
jupyterlab-plotly extension (installed with plotly) has loaded it once from files the browser
caches. A new figure is applied with `Plotly.react`, which redraws only what changed.

    >>> chart = Chart(figures.body_map(course, "tamoxifen"))
    >>> chart.show(figures.body_map(course, "raloxifene"))   # the view redraws in place
    >>> chart.show(None)                                        # hidden until shown again

The chart writes the figure's text alternative (`layout.meta["alt"]`) under itself as plain text.
"""

from __future__ import annotations

import json
from pathlib import Path

import anywidget
import ipywidgets as widgets
import plotly.graph_objects as go
import plotly.io as pio
import traitlets

from .vocabulary import PLOTLY_CONFIG


def figure_json(fig: go.Figure | dict) -> dict:
    """The figure as plain JSON data (numpy arrays and dates converted), ready to send; a figure
    already in that form is returned as it is."""
    return fig if isinstance(fig, dict) else json.loads(pio.to_json(fig, validate=False))


class Chart(anywidget.AnyWidget):
    """A plotly figure in the page, drawn by the plotly.js the page already has."""

    _esm = Path(__file__).parent / "static" / "chart.js"
    figure = traitlets.Dict().tag(sync=True)
    config = traitlets.Dict().tag(sync=True)

    def __init__(self, fig: go.Figure | dict | None = None, **kwargs) -> None:
        # The first figure goes in the state the widget opens with, not in an update after it: an
        # update that reaches the browser while the view's script is still loading can be lost
        # (seen on a busy machine: the lesson's first chart stayed empty), the opening state cannot.
        if fig is None:
            kwargs.setdefault("layout", widgets.Layout(display="none"))
        else:
            kwargs["figure"] = figure_json(fig)
        super().__init__(config=dict(PLOTLY_CONFIG), **kwargs)

    def show(self, fig: go.Figure | dict | None) -> None:
        """Draw `fig` (a figure, or its `figure_json`; None hides the chart). An unchanged figure
        sends nothing to the browser."""
        if fig is None:
            self.layout.display = "none"
            return
        self.figure = figure_json(fig)
        self.layout.display = None

    def trace(self, name: str) -> dict:
        """The shown trace called `name` (figures name the traces explorers and tests read)."""
        for trace in self.figure.get("data", []):
            if trace.get("name") == name:
                return trace
        raise KeyError(f"no trace named {name!r} in the chart")

    @property
    def alt(self) -> str:
        """The text alternative shown under the chart."""
        return str(self.figure.get("layout", {}).get("meta", {}).get("alt", ""))
