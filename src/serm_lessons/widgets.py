"""Thin interactive layer: pickers that update the pure figures (figures.py) in place.

Each explorer builds its FigureWidgets once from the course data and, on a change, edits them inside
`batch_update` (one message to the browser, no rebuilt widget). `last_update_ms` records how long the
last change took in the kernel, for the benchmark.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable

import ipywidgets as w
import plotly.graph_objects as go
from IPython.display import HTML, display


def _import_figurewidget_cheaply() -> None:
    """Import plotly's FigureWidget machinery at the lowest cost a lesson kernel can get.

    Its import chain (plotly.io -> nbformat -> jsonschema) lets jsonschema load the optional
    rfc3987-syntax package, which builds about forty Lark parsers at import: most of the cost of
    a lesson's first cell in a kernel (measured here: 5.6 s for lesson 1's first cell, 0.7 s
    without them; the whole lesson 7.8 s -> 2.8 s).
    Nothing in a lesson validates IRIs, so jsonschema is told the package is absent while it
    loads, then the entry is removed so a later `import rfc3987_syntax` works as usual. The cyclic
    collector is paused meanwhile: the import creates many objects and no garbage worth scanning.
    """
    block = "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules
    if block:
        sys.modules["rfc3987_syntax"] = None  # import of it raises ImportError: jsonschema skips it
    gc.disable()
    try:
        from plotly.graph_objs._figurewidget import FigureWidget  # noqa: F401
    finally:
        gc.enable()
        if block:
            del sys.modules["rfc3987_syntax"]


_import_figurewidget_cheaply()

# after the block above on purpose: these load pandas, pandera and the data
from . import figures, tables  # noqa: E402
from .data import CourseData  # noqa: E402

STATIC_ENV = "SERM_LESSONS_STATIC"


def static_mode() -> bool:
    """True when explorers should show plain plotly figures instead of live widgets.

    The static site (`python -m serm_lessons.site`) sets SERM_LESSONS_STATIC=1: an exported page has
    no kernel, so pickers could not work and widget views would show nothing offline.
    """
    return os.environ.get(STATIC_ENV, "").strip() not in {"", "0"}


def _alt_box(fig: go.Figure) -> w.HTML:
    """A visible text alternative for a figure (also read by screen readers)."""
    return w.HTML(
        value=_alt_html(fig),
        layout=w.Layout(max_width="900px"),
    )


def _alt_html(fig: go.Figure) -> str:
    return figures.alt_html(fig)


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

    def static_figures(self) -> list[go.Figure]:
        """What to show with no kernel behind the page: plain figures of the current view."""
        raise NotImplementedError

    def _ipython_display_(self) -> None:
        if static_mode():
            for view in self.static_figures():
                display(view)
                if isinstance(view, go.Figure):  # tables carry their own caption
                    display(HTML(_alt_html(view)))
            return
        display(self.widget)


class SermPicker:
    """One drug selection shared by every linked view in a notebook.

    Each explorer given the same picker shows a view of the same Dropdown, so changing any one
    of them changes them all, and every linked figure follows.
    """

    def __init__(self, course: CourseData, value: str = "tamoxifen", description: str = "Drug:"):
        self.dropdown = w.Dropdown(
            options=serm_options(course),
            value=value,
            description=description,
            style={"description_width": "initial"},
        )

    @property
    def value(self) -> str:
        return self.dropdown.value

    @value.setter
    def value(self, serm: str) -> None:
        self.dropdown.value = serm

    def on_change(self, callback: Callable[[str], None]) -> None:
        self.dropdown.observe(lambda change: callback(change["new"]), names="value")

    def _ipython_display_(self) -> None:
        display(self.dropdown)


MAP_WIDTH = 560  # wide enough for the body map's labels (see figures.body_map)


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
        self.map.layout.width = MAP_WIDTH
        self.matrix = go.FigureWidget(figures.effect_matrix(course, highlight=serm))
        self.matrix.layout.width = figures.FIGURE_WIDTH  # room for every cell's symbol and word
        self.map_alt = _alt_box(self.map)
        # The second map is built on first use: every FigureWidget ships plotly.js to the page
        # (about 5 MB), so a lesson that never compares should not pay for it.
        self.compare_map: go.FigureWidget | None = None
        self.compare_alt: w.HTML | None = None
        self.compare_box = w.VBox([], layout=w.Layout(display="none"))
        self.widget = w.VBox(
            [
                w.HBox([self.picker, self.compare]),
                # a second map wraps below the first when the page is too narrow for both
                w.HBox(
                    [w.VBox([self.map, self.map_alt]), self.compare_box],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                self.matrix,
                _alt_box(self.matrix),
            ]
        )
        self.picker.observe(lambda change: self.select(change["new"]), names="value")
        self.compare.observe(lambda change: self.select_compare(change["new"]), names="value")
        if compare:
            self.select_compare(compare)

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
            if serm and self.compare_map is None:
                self.compare_map = go.FigureWidget(figures.body_map(self.course, serm))
                self.compare_map.layout.width = MAP_WIDTH
                self.compare_alt = _alt_box(self.compare_map)
                self.compare_box.children = [self.compare_map, self.compare_alt]
            elif serm:
                with self.compare_map.batch_update():
                    figures.set_body_map(self.compare_map, self.course, serm)
                self.compare_alt.value = _alt_html(self.compare_map)
            self.compare_box.layout.display = "" if serm else "none"

        self._timed(update)

    def static_figures(self) -> list[go.Figure]:
        """The body map with plotly's own drug menu (works with no kernel) and the grid."""
        serm = self.picker.value
        return [
            figures.body_map_with_menu(self.course, serm),
            figures.effect_matrix(self.course, highlight=serm),
        ]

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
                self.chart.layout.legend.y = view["header"]["legend"]["y"]
                self.chart.layout.title.y = view["header"]["title"]["y"]
                self.chart.layout.meta = {"alt": view["alt"]}
            self.alt.value = _alt_html(self.chart)

        self._timed(update)

    def static_figures(self) -> list[go.Figure]:
        return [go.Figure(self.chart)]

    def shown_order(self) -> list[str]:
        """Tissues from the top of the chart down, as displayed now."""
        return list(self.chart.layout.yaxis.categoryarray)[::-1]


def agent_labels(course: CourseData) -> dict[str, str]:
    """Short names for the agent check boxes (the data's full names are in the agents table)."""
    labels = {
        a: n.split(" (")[0] for a, n in zip(course.hpg_agents["agent"], course.hpg_agents["name"])
    }
    labels["testosterone"] = "Testosterone taken as a medicine"
    return labels


class HPGExplorer(_Explorer):
    """Switch agents on and off; the illustrative HPG model shows how each hormone moves."""

    def __init__(self, course: CourseData, agents: tuple[str, ...] = ()):
        from . import hpg

        self.course = course
        self._hpg = hpg
        names = agent_labels(course)
        single = [a for a in hpg.AGENTS if not a.startswith("gonadorelin")]
        self.toggles = {
            a: w.Checkbox(
                value=a in agents,
                description=names.get(a, a),
                indent=False,
                layout=w.Layout(width="auto"),
            )
            for a in single
        }
        pattern = next((a for a in agents if a.startswith("gonadorelin")), "")
        self.gonadorelin = w.RadioButtons(
            options=[
                ("no gonadorelin", ""),
                ("gonadorelin in pulses", "gonadorelin-pulsatile"),
                ("gonadorelin continuously", "gonadorelin-continuous"),
            ],
            value=pattern,
            description="Gonadorelin (GnRH):",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        changes = hpg.relative_change(self.agents())
        self.figure = go.FigureWidget(figures.hpg_figure(changes, self.agents()))
        self.alt = _alt_box(self.figure)
        self.widget = w.VBox(
            [
                w.HTML("<b>Agents taken (tick one or more):</b>"),
                w.HBox([w.VBox(list(self.toggles.values())), self.gonadorelin]),
                self.figure,
                self.alt,
            ]
        )
        for control in (*self.toggles.values(), self.gonadorelin):
            control.observe(lambda _change: self.refresh(), names="value")

    def agents(self) -> tuple[str, ...]:
        chosen = [a for a, box in self.toggles.items() if box.value]
        if self.gonadorelin.value:
            chosen.append(self.gonadorelin.value)
        return tuple(chosen)

    def set_agents(self, agents: tuple[str, ...]) -> None:
        """Tick exactly these agents (for tests and for instructors' demos)."""
        with self.figure.hold_trait_notifications():
            for agent, box in self.toggles.items():
                box.value = agent in agents
            self.gonadorelin.value = next((a for a in agents if a.startswith("gonadorelin")), "")
        self.refresh()

    def refresh(self) -> None:
        def update() -> None:
            agents = self.agents()
            changes = self._hpg.relative_change(agents)
            with self.figure.batch_update():
                figures.update_hpg_figure(self.figure, changes, agents)
            self.alt.value = _alt_html(self.figure)

        self._timed(update)

    def static_figures(self) -> list[go.Figure]:
        return [go.Figure(self.figure)]

    def shown_directions(self) -> dict[str, str]:
        """Hormone -> up/down/unchanged, read back from the displayed bars."""
        bars = self.figure.data[1]
        return dict(zip(figures.HORMONE_LABELS, bars.customdata))


class ComparisonExplorer(_Explorer):
    """Two drug pickers and a side-by-side table (lesson 2: tamoxifen vs raloxifene)."""

    def __init__(self, course: CourseData, first: str = "tamoxifen", second: str = "raloxifene"):
        self.course = course
        self.first = SermPicker(course, first, "First drug:")
        self.second = SermPicker(course, second, "Second drug:")
        self.table = w.HTML(tables.comparison(course, first, second))
        self.widget = w.VBox([w.HBox([self.first.dropdown, self.second.dropdown]), self.table])
        self.first.on_change(lambda _serm: self.refresh())
        self.second.on_change(lambda _serm: self.refresh())

    def refresh(self) -> None:
        def update() -> None:
            self.table.value = tables.comparison(self.course, self.first.value, self.second.value)

        self._timed(update)

    def static_figures(self) -> list:
        return [tables.HTMLTable(self.table.value)]


class SystemicExplorer(_Explorer):
    """The corrected systemic-effects table, filtered by the shared drug picker and by system."""

    def __init__(self, course: CourseData, picker: SermPicker | None = None):
        from . import vocabulary

        self.course = course
        self.picker = picker or SermPicker(course)
        self.all_drugs = w.Checkbox(value=False, description="show every drug", indent=False)
        present = [s for s in vocabulary.SYSTEMS if s in set(course.systemic_effects["system"])]
        self.systems = w.SelectMultiple(
            options=present,
            value=tuple(present),
            description="Systems:",
            rows=len(present),
            style={"description_width": "initial"},
        )
        self.table = w.HTML(tables.systemic(course, [self.picker.value]))
        self.widget = w.VBox(
            [w.HBox([self.picker.dropdown, self.all_drugs]), self.systems, self.table]
        )
        self.picker.on_change(lambda _serm: self.refresh())
        for control in (self.all_drugs, self.systems):
            control.observe(lambda _change: self.refresh(), names="value")

    def refresh(self) -> None:
        def update() -> None:
            serms = None if self.all_drugs.value else [self.picker.value]
            self.table.value = tables.systemic(self.course, serms, list(self.systems.value))

        self._timed(update)

    def static_figures(self) -> list:
        return [tables.HTMLTable(self.table.value)]

    def shown_drugs(self) -> list[str]:
        """The drug column of the table as displayed now."""
        import re

        return re.findall(r"</th><td[^>]*>([^<]*)</td>", self.table.value)


class MechanismExplorer(_Explorer):
    """Choose a drug (shared picker) and a tissue: see which step decides the outcome, and why."""

    def __init__(
        self, course: CourseData, picker: SermPicker | None = None, tissue: str = "breast"
    ):
        from . import vocabulary

        self.course = course
        self.picker = picker or SermPicker(course)
        self.tissue = w.Dropdown(
            options=[(t.label, t.id) for t in vocabulary.TISSUES.values()],
            value=tissue,
            description="Tissue:",
        )
        self.figure = go.FigureWidget(figures.mechanism_figure(course, self.picker.value, tissue))
        self.alt = _alt_box(self.figure)
        self.widget = w.VBox([w.HBox([self.picker.dropdown, self.tissue]), self.figure, self.alt])
        self.picker.on_change(lambda _serm: self.refresh())
        self.tissue.observe(lambda _change: self.refresh(), names="value")

    def refresh(self) -> None:
        def update() -> None:
            new = figures.mechanism_figure(self.course, self.picker.value, self.tissue.value)
            with self.figure.batch_update():
                self.figure.layout.shapes = new.layout.shapes
                self.figure.layout.annotations = new.layout.annotations
                self.figure.layout.title.text = new.layout.title.text
                self.figure.layout.meta = new.layout.meta
                self.figure.data[0].update(
                    hovertext=new.data[0].hovertext, customdata=new.data[0].customdata
                )
            self.alt.value = _alt_html(self.figure)

        self._timed(update)

    def static_figures(self) -> list[go.Figure]:
        return [go.Figure(self.figure)]


class PKExplorer(_Explorer):
    """Half-life → build-up and wash-out: pick drugs and when dosing stops."""

    def __init__(
        self,
        course: CourseData,
        picker: SermPicker | None = None,
        others: tuple[str, ...] = ("raloxifene",),
    ):
        self.course = course
        self.picker = picker or SermPicker(course)
        with_half_life = list(figures.half_life_hours(course))
        self.others = w.SelectMultiple(
            options=[(course.serm_name(s), s) for s in with_half_life],
            value=tuple(o for o in others if o in with_half_life),
            description="Compare with:",
            rows=min(6, len(with_half_life)),
            style={"description_width": "initial"},
        )
        # A labelled drop-down rather than a slider: the slider's handle has no accessible name.
        self.stop_day = w.Dropdown(
            options=[(f"day {d}", d) for d in range(5, 60, 5)],
            value=30,
            description="Last dose on:",
            style={"description_width": "initial"},
        )
        self.figure = go.FigureWidget(figures.pk_figure(course, self._serms(), self.stop_day.value))
        self.alt = _alt_box(self.figure)
        self.widget = w.VBox(
            [w.HBox([self.picker.dropdown, self.others]), self.stop_day, self.figure, self.alt]
        )
        self.picker.on_change(lambda _serm: self.refresh())
        for control in (self.others, self.stop_day):
            control.observe(lambda _change: self.refresh(), names="value")

    def _serms(self) -> list[str]:
        return list(dict.fromkeys([self.picker.value, *self.others.value]))

    def refresh(self) -> None:
        def update() -> None:
            new = figures.pk_figure(self.course, self._serms(), self.stop_day.value)
            with self.figure.batch_update():
                self.figure.data = []
                for trace in new.data:
                    self.figure.add_trace(trace)
                self.figure.layout.shapes = new.layout.shapes
                self.figure.layout.annotations = new.layout.annotations
                self.figure.layout.meta = new.layout.meta
            self.alt.value = _alt_html(self.figure)

        self._timed(update)

    def static_figures(self) -> list[go.Figure]:
        return [go.Figure(self.figure)]
