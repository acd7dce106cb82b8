"""Thin interactive layer: pickers that update the pure figures (figures.py) in place.

Each explorer builds its FigureWidgets once from the course data and, on a change, edits them inside
`batch_update` (one message to the browser, no rebuilt widget). `last_update_ms` records how long the
last change took in the kernel, for the benchmark.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import ipywidgets as w
import plotly.graph_objects as go
from IPython.display import display

from . import figures
from .data import CourseData

_TEXT_STYLE = {"font_size": "15px"}


def _alt_box(fig: go.Figure) -> w.HTML:
    """A visible text alternative for a figure (also read by screen readers)."""
    return w.HTML(
        value=_alt_html(fig),
        layout=w.Layout(max_width="900px"),
    )


def _alt_html(fig: go.Figure) -> str:
    return (
        "<p role='note' class='serm-alt' style='font-size:15px;line-height:1.4'>"
        f"<b>Figure description:</b> {figures.alt_text(fig)}</p>"
    )


def serm_options(course: CourseData) -> list[tuple[str, str]]:
    """(display name, id) pairs for a drug picker, in the table's order."""
    return [(str(r.name), str(r.serm)) for r in course.serms.itertuples()]


class _Explorer:
    """Shared plumbing: timing of updates and display in a notebook."""

    widget: w.Widget
    last_update_ms: float = 0.0

    def _timed(self, update: Callable[[], None]) -> None:
        start = time.perf_counter()
        update()
        self.last_update_ms = (time.perf_counter() - start) * 1000

    def _ipython_display_(self) -> None:
        display(self.widget)


class SermExplorer(_Explorer):
    """Pick a drug: a body map and the drug × tissue grid follow; optionally compare with a second."""

    def __init__(self, course: CourseData, serm: str = "tamoxifen", compare: str = ""):
        self.course = course
        options = serm_options(course)
        self.picker = w.Dropdown(
            options=options, value=serm, description="Drug:", style={"description_width": "initial"}
        )
        self.compare = w.Dropdown(
            options=[("(no comparison)", ""), *options],
            value=compare,
            description="Compare with:",
            style={"description_width": "initial"},
        )
        self.map = go.FigureWidget(figures.body_map(course, serm))
        self.compare_map = go.FigureWidget(figures.body_map(course, compare or serm))
        self.matrix = go.FigureWidget(figures.effect_matrix(course, highlight=serm))
        self.map_alt = _alt_box(self.map)
        self.compare_alt = _alt_box(self.compare_map)
        self.compare_box = w.VBox([self.compare_map, self.compare_alt])
        self.compare_box.layout.display = "" if compare else "none"
        for fig in (self.map, self.compare_map):
            fig.layout.width = 520
        self.widget = w.VBox(
            [
                w.HBox([self.picker, self.compare]),
                w.HBox([w.VBox([self.map, self.map_alt]), self.compare_box]),
                self.matrix,
                _alt_box(self.matrix),
            ]
        )
        self.picker.observe(lambda change: self.select(change["new"]), names="value")
        self.compare.observe(lambda change: self.select_compare(change["new"]), names="value")

    def select(self, serm: str) -> None:
        """Show `serm` on the body map and outline its row in the grid."""
        if self.picker.value != serm:
            self.picker.value = serm  # the observer calls back here
            return

        def update() -> None:
            with self.map.batch_update():
                figures.set_body_map(self.map, self.course, serm)
            with self.matrix.batch_update():
                figures.highlight_matrix_row(self.matrix, self.course, serm)
            self.map_alt.value = _alt_html(self.map)

        self._timed(update)

    def select_compare(self, serm: str) -> None:
        """Show a second drug beside the first ('' hides it)."""
        if self.compare.value != serm:
            self.compare.value = serm
            return

        def update() -> None:
            if serm:
                with self.compare_map.batch_update():
                    figures.set_body_map(self.compare_map, self.course, serm)
                self.compare_alt.value = _alt_html(self.compare_map)
            self.compare_box.layout.display = "" if serm else "none"

        self._timed(update)

    def shown_effects(self) -> dict[str, str]:
        """What the body map shows now, tissue -> effect (read back from the figure itself)."""
        trace = self.map.data[0]
        return dict(zip(figures.TISSUE_ORDER, trace.customdata))


class ReceptorExplorer(_Explorer):
    """Sort and rescale the ERα/ERβ chart; optionally only the tissues the course discusses."""

    def __init__(self, course: CourseData):
        self.course = course
        self.sort = w.ToggleButtons(
            options=[(label, key) for key, label in figures.RECEPTOR_SORTS.items()],
            value="ERα",
            description="Sort by:",
        )
        self.scale = w.ToggleButtons(
            options=[("linear scale", False), ("log scale", True)], value=False, description="Axis:"
        )
        self.course_only = w.Checkbox(value=False, description="only the course's tissues")
        self.chart = go.FigureWidget(figures.receptor_chart(course))
        self._traces = {False: figures.receptor_traces(course, False)}
        self.alt = _alt_box(self.chart)
        self.widget = w.VBox(
            [w.HBox([self.sort, self.course_only]), self.scale, self.chart, self.alt]
        )
        for control in (self.sort, self.scale, self.course_only):
            control.observe(lambda _change: self.refresh(), names="value")

    def refresh(self) -> None:
        def update() -> None:
            only = self.course_only.value
            if only not in self._traces:
                self._traces[only] = figures.receptor_traces(self.course, only)
            view = figures.receptor_view(self.course, self.sort.value, only, self.scale.value)
            with self.chart.batch_update():
                for shown, trace in zip(self.chart.data, self._traces[only]):
                    if shown.y != tuple(trace["y"]):
                        shown.update(trace)
                self.chart.layout.yaxis.categoryarray = view["order"][::-1]
                self.chart.layout.xaxis.update(view["xaxis"])
                self.chart.layout.height = view["height"]
                self.chart.layout.meta = {"alt": view["alt"]}
            self.alt.value = _alt_html(self.chart)

        self._timed(update)

    def shown_order(self) -> list[str]:
        """Tissues from the top of the chart down, as displayed now."""
        return list(self.chart.layout.yaxis.categoryarray)[::-1]
