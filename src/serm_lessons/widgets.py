"""The explorers: controls whose values choose what the pure figures and tables show.

Every explorer has one shape (`Explorer`): controls, named outputs, and a `view()` that calls the
pure functions in `figures` and `tables` for the controls' current values. On any change `refresh`
builds the view again and each output applies it in place: a `Chart` redraws with Plotly.react,
a table swaps its HTML. Nothing is kept in step by hand, and `last_update_ms` records how long a
change took in the kernel, for the benchmark.

With no kernel behind the page (the static site sets SERM_LESSONS_STATIC=1) an explorer shows its
`static_view()` instead: plain figures, with plotly's own menus where a choice can work offline.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator

import ipywidgets as w
import plotly.graph_objects as go
from IPython.display import HTML, display

from . import figures, tables
from . import vocabulary as v
from .chart import Chart, figure_json
from .data import CourseData

STATIC_ENV = "SERM_LESSONS_STATIC"
VIEW_CACHE_SIZE = 64  # views kept per explorer (a few MB at most)


def static_mode() -> bool:
    """True when explorers should show plain plotly figures instead of live widgets.

    The static site (`python -m serm_lessons site`) sets SERM_LESSONS_STATIC=1: an exported page has
    no kernel, so pickers could not work and widget views would show nothing offline.
    """
    return os.environ.get(STATIC_ENV, "").strip() not in {"", "0"}


def serm_options(course: CourseData) -> list[tuple[str, str]]:
    """(display name, id) pairs for a drug picker, in the table's order."""
    return [(str(r.name), str(r.serm)) for r in course.serms.itertuples()]


class Table(w.HTML):
    """An HTML table output that an explorer replaces as a whole (None hides it)."""

    def __init__(self, html: str | None = None, **kwargs) -> None:
        # the first table is in the state the widget opens with (see Chart.__init__)
        if html is None:
            kwargs.setdefault("layout", w.Layout(display="none"))
        else:
            kwargs["value"] = html
        super().__init__(**kwargs)

    def show(self, html: str | None) -> None:
        self.layout.display = "none" if html is None else None
        if html is not None:
            self.value = html


View = dict[str, "go.Figure | str | None"]


class Explorer:
    """Controls, named outputs, and a pure `view()` of the controls' current values."""

    widget: w.Widget
    last_update_ms: float = 0.0
    _held: bool = False

    def __init__(self, course: CourseData) -> None:
        self.course = course
        self.outputs: dict[str, Chart | Table] = {}
        self._controls: list[w.Widget] = []
        # Views already built, by the controls' values: the figures are pure functions of the
        # (immutable) course data, so going back to a drug costs no rebuild and no serialising.
        self._views: OrderedDict[tuple, dict] = OrderedDict()

    def view(self) -> View:
        """Output name -> what it shows now (a figure, an HTML table, or None to hide it)."""
        raise NotImplementedError

    def static_view(self) -> list:
        """What to show with no kernel behind the page: the current view as plain outputs."""
        return [
            tables.HTMLTable(content) if isinstance(content, str) else content
            for content in self.view().values()
            if content is not None
        ]

    def _outputs(self, *names: str, tables_: Iterable[str] = ()) -> None:
        """Create the named outputs, each opening with the first view (not updated to it at once
        after: an update that reaches the browser before the widget's view exists can be lost)."""
        table_names = set(tables_)
        first = self._sent_view()
        for name in names:
            kind = Table if name in table_names else Chart
            self.outputs[name] = kind(first.get(name))

    def _watch(self, *controls: w.Widget) -> None:
        self._controls.extend(controls)
        for control in controls:
            control.observe(lambda _change: self.refresh(), names="value")

    def _sent_view(self) -> dict:
        """The view for the controls' current values, as it is sent (figures as JSON)."""
        key = tuple(repr(control.value) for control in self._controls)
        if key not in self._views:
            self._views[key] = {
                name: figure_json(content) if isinstance(content, go.Figure) else content
                for name, content in self.view().items()
            }
            if len(self._views) > VIEW_CACHE_SIZE:
                self._views.popitem(last=False)
        self._views.move_to_end(key)
        return self._views[key]

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Change several controls with no redraw until the end (the caller then refreshes)."""
        self._held = True
        try:
            yield
        finally:
            self._held = False

    def refresh(self) -> None:
        if self._held:
            return
        start = time.perf_counter()
        for name, content in self._sent_view().items():
            self.outputs[name].show(content)
        self.last_update_ms = (time.perf_counter() - start) * 1000

    def chart(self, name: str) -> Chart:
        output = self.outputs[name]
        assert isinstance(output, Chart), f"output {name!r} is not a chart"
        return output

    def _ipython_display_(self) -> None:
        if not static_mode():
            display(self.widget)
            return
        figures.use_course_mode_bar()
        for content in self.static_view():
            if isinstance(content, go.Figure):
                display(content)
                display(HTML(figures.alt_html(content)))
            else:  # tables carry their own caption
                display(content)


def _dropdown(options, value, description: str, **layout) -> w.Dropdown:
    return w.Dropdown(
        options=options,
        value=value,
        description=description,
        style={"description_width": "initial"},
        layout=w.Layout(**layout),
    )


class CheckGroup:
    """Tick-boxes for a multiple choice: each option is visible and toggled on its own (no
    Ctrl-click list whose "all selected" state looks disabled). `value` is the ticked keys."""

    def __init__(self, options: Iterable[tuple[str, str]], value: Iterable[str], title: str):
        chosen = set(value)
        self.boxes = {
            key: w.Checkbox(
                value=key in chosen, description=label, indent=False, layout=w.Layout(width="auto")
            )
            for label, key in options
        }
        self.title = title
        self.widget = w.VBox(
            [w.Label(title), w.VBox(list(self.boxes.values()), layout=w.Layout(margin="0 0 0 1em"))]
        )

    @property
    def value(self) -> tuple[str, ...]:
        """The ticked options that are on offer, in the options' order."""
        return tuple(
            k for k, box in self.boxes.items() if box.value and box.layout.display != "none"
        )

    @value.setter
    def value(self, keys: Iterable[str]) -> None:
        chosen = set(keys)
        for key, box in self.boxes.items():
            box.value = key in chosen

    def offer_all_but(self, key: str) -> None:
        """Hide the one option that another control has already chosen."""
        for option, box in self.boxes.items():
            box.layout.display = "none" if option == key else None

    @property
    def controls(self) -> list[w.Checkbox]:
        return list(self.boxes.values())


class SermPicker:
    """One drug selection shared by every linked view in a notebook.

    Each explorer given the same picker shows a view of the same Dropdown, so changing any one
    of them changes them all, and every linked figure follows.
    """

    def __init__(self, course: CourseData, value: str = "tamoxifen", description: str = "Drug:"):
        self.dropdown = _dropdown(serm_options(course), value, description)

    @property
    def value(self) -> str:
        return self.dropdown.value

    @value.setter
    def value(self, serm: str) -> None:
        self.dropdown.value = serm

    def _ipython_display_(self) -> None:
        display(self.dropdown)


MAP_WIDTH = 620  # wide enough for the body map's labels (see figures.body_map)
COMPARE_WIDTH = 430  # two maps side by side in an output area about 880 px wide


class SermExplorer(Explorer):
    """Pick a drug: a body map and the drug × tissue grid follow; optionally compare with a second."""

    def __init__(self, course: CourseData, serm: str = "tamoxifen", compare: str = ""):
        super().__init__(course)
        options = serm_options(course)
        self.picker = _dropdown(options, serm, "Drug:")
        self.compare = _dropdown([("(no comparison)", ""), *options], compare, "Compare with:")
        self._outputs("map", "compare_map", "matrix")
        self.widget = w.VBox(
            [
                w.HBox([self.picker, self.compare]),
                w.HBox([self.outputs["map"], self.outputs["compare_map"]]),
                self.outputs["matrix"],
            ]
        )
        self._watch(self.picker, self.compare)

    def view(self) -> View:
        serm, other = self.picker.value, self.compare.value
        width = COMPARE_WIDTH if other else MAP_WIDTH
        size = {"width": width, "height": figures.body_map_height(width)}
        first = figures.body_map(self.course, serm).update_layout(**size)
        second = figures.body_map(self.course, other).update_layout(**size) if other else None
        matrix = figures.effect_matrix(self.course, highlight=serm)
        return {"map": first, "compare_map": second, "matrix": matrix.update_layout(width=900)}

    def static_view(self) -> list:
        """The body map with plotly's own drug menu (works with no kernel) and the grid."""
        serm = self.picker.value
        return [
            figures.body_map_with_menu(self.course, serm),
            figures.effect_matrix_following(self.course, serm),
        ]

    def shown_effects(self, output: str = "map") -> dict[str, str]:
        """What a body map shows now, tissue -> effect (read back from the sent figure)."""
        trace = self.chart(output).trace(figures.BODY_MAP_TRACE)
        return dict(zip(figures.TISSUE_ORDER, trace["customdata"]))


class ReceptorExplorer(Explorer):
    """Sort and rescale the ERα/ERβ chart; optionally only the tissues the course discusses."""

    def __init__(self, course: CourseData):
        super().__init__(course)
        # Radio buttons, not toggle buttons: the chosen one shows a filled dot (not only a
        # shade of grey) and is announced as checked.
        self.sort = w.RadioButtons(
            options=[(label, key) for key, label in figures.RECEPTOR_SORTS.items()],
            value="ERα",
            description="Sort by:",
            layout=w.Layout(width="auto", margin="0 2em 0 0"),
        )
        self.scale = w.RadioButtons(
            options=[("linear scale", False), ("log scale", True)],
            value=False,
            description="Axis:",
            layout=w.Layout(width="auto", margin="0 2em 0 0"),
        )
        self.course_only = w.Checkbox(value=False, description="only the course's tissues")
        self._outputs("chart")
        self.widget = w.VBox(
            [w.HBox([self.sort, self.scale, self.course_only]), self.outputs["chart"]]
        )
        self._watch(self.sort, self.scale, self.course_only)

    def view(self) -> View:
        return {
            "chart": figures.receptor_chart(
                self.course, self.sort.value, self.course_only.value, self.scale.value
            )
        }

    def shown_order(self) -> list[str]:
        """Tissues from the top of the chart down, as displayed now."""
        return list(self.chart("chart").figure["layout"]["yaxis"]["categoryarray"])[::-1]


def agent_labels(course: CourseData) -> dict[str, str]:
    """The agent check boxes' labels: each agent's short name from hpg_agents.csv, capitalised."""
    table = course.hpg_agents
    return {a: n[:1].upper() + n[1:] for a, n in zip(table["agent"], table["short_name"])}


class HPGExplorer(Explorer):
    """Switch agents on and off; the illustrative HPG model shows how each hormone moves."""

    def __init__(self, course: CourseData, agents: tuple[str, ...] = ()):
        from . import hpg

        super().__init__(course)
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
        self._outputs("figure")
        self.widget = w.VBox(
            [
                w.HTML("<b>Agents taken (tick one or more):</b>"),
                w.HBox([w.VBox(list(self.toggles.values())), self.gonadorelin]),
                self.outputs["figure"],
            ]
        )
        self._watch(*self.toggles.values(), self.gonadorelin)

    def agents(self) -> tuple[str, ...]:
        chosen = [a for a, box in self.toggles.items() if box.value]
        if self.gonadorelin.value:
            chosen.append(self.gonadorelin.value)
        return tuple(chosen)

    def set_agents(self, agents: tuple[str, ...]) -> None:
        """Tick exactly these agents (for tests and for instructors' demos), with one redraw."""
        with self.held():
            for agent, box in self.toggles.items():
                box.value = agent in agents
            self.gonadorelin.value = next((a for a in agents if a.startswith("gonadorelin")), "")
        self.refresh()

    def view(self) -> View:
        agents = self.agents()
        return {
            "figure": figures.hpg_figure(self._hpg.relative_change(agents), agents, self.course)
        }

    def shown_directions(self) -> dict[str, str]:
        """Hormone -> up/down/unchanged, read back from the displayed bars."""
        bars = self.chart("figure").trace(figures.HPG_BARS_TRACE)
        return dict(zip(figures.HORMONE_LABELS, bars["customdata"]))


class ComparisonExplorer(Explorer):
    """Two drug pickers and a side-by-side table (lesson 2: tamoxifen vs raloxifene)."""

    def __init__(self, course: CourseData, first: str = "tamoxifen", second: str = "raloxifene"):
        super().__init__(course)
        self.first = SermPicker(course, first, "First drug:")
        self.second = SermPicker(course, second, "Second drug:")
        self._outputs("table", tables_=["table"])
        self.table = self.outputs["table"]
        self.widget = w.VBox([w.HBox([self.first.dropdown, self.second.dropdown]), self.table])
        self._watch(self.first.dropdown, self.second.dropdown)

    def view(self) -> View:
        return {"table": tables.comparison(self.course, self.first.value, self.second.value)}


class SystemicExplorer(Explorer):
    """The corrected systemic-effects table, filtered by the shared drug picker and by system."""

    def __init__(self, course: CourseData, picker: SermPicker | None = None):
        super().__init__(course)
        self.picker = picker or SermPicker(course)
        self.all_drugs = w.Checkbox(value=False, description="show every drug", indent=False)
        present = [s for s in v.SYSTEMS if s in set(course.systemic_effects["system"])]
        self.systems = CheckGroup([(s, s) for s in present], present, "Systems:")
        self._outputs("table", tables_=["table"])
        self.table = self.outputs["table"]
        self.widget = w.VBox(
            [w.HBox([self.picker.dropdown, self.all_drugs]), self.systems.widget, self.table]
        )
        self._watch(self.picker.dropdown, self.all_drugs, *self.systems.controls)

    def view(self) -> View:
        serms = None if self.all_drugs.value else [self.picker.value]
        return {"table": tables.systemic(self.course, serms, list(self.systems.value))}

    def shown_drugs(self) -> list[str]:
        """The drug column of the table as displayed now."""
        return re.findall(r"</th><td[^>]*>([^<]*)</td>", self.table.value)


class MechanismExplorer(Explorer):
    """Choose a drug (shared picker) and a tissue: see which step decides the outcome, and why."""

    def __init__(
        self, course: CourseData, picker: SermPicker | None = None, tissue: str = "breast"
    ):
        super().__init__(course)
        self.picker = picker or SermPicker(course)
        self.tissue = _dropdown([(t.label, t.id) for t in v.TISSUES.values()], tissue, "Tissue:")
        self._outputs("figure")
        self.widget = w.VBox([w.HBox([self.picker.dropdown, self.tissue]), self.outputs["figure"]])
        self._watch(self.picker.dropdown, self.tissue)

    def view(self) -> View:
        return {
            "figure": figures.mechanism_figure(self.course, self.picker.value, self.tissue.value)
        }

    def shown_effect(self) -> str:
        return self.chart("figure").trace(figures.MECHANISM_RESPONSE_TRACE)["customdata"][0]


class PKExplorer(Explorer):
    """Half-life → build-up and wash-out: pick drugs and when dosing stops."""

    def __init__(
        self,
        course: CourseData,
        picker: SermPicker | None = None,
        others: tuple[str, ...] = ("raloxifene",),
    ):
        super().__init__(course)
        self.picker = picker or SermPicker(course)
        with_half_life = list(figures.half_life_hours(course))
        # tick-boxes (no Ctrl-click); the drug chosen in the picker is not offered again
        self.others = CheckGroup(
            [(course.serm_name(s), s) for s in with_half_life],
            [o for o in others if o in with_half_life],
            "Compare with (tick any):",
        )
        self.others.offer_all_but(self.picker.value)
        self.picker.dropdown.observe(
            lambda change: self.others.offer_all_but(change["new"]), names="value"
        )
        # A labelled drop-down rather than a slider: the slider's handle has no accessible name.
        self.stop_day = _dropdown([(f"day {d}", d) for d in range(5, 60, 5)], 30, "Last dose on:")
        self._outputs("figure")
        self.widget = w.VBox(
            [
                w.HBox([w.VBox([self.picker.dropdown, self.stop_day]), self.others.widget]),
                self.outputs["figure"],
            ]
        )
        self._watch(self.picker.dropdown, *self.others.controls, self.stop_day)

    def _serms(self) -> list[str]:
        return list(dict.fromkeys([self.picker.value, *self.others.value]))

    def view(self) -> View:
        return {"figure": figures.pk_figure(self.course, self._serms(), self.stop_day.value)}

    def shown_drugs(self) -> list[str]:
        return [t.get("name", "") for t in self.chart("figure").figure.get("data", [])]


def show(fig: go.Figure) -> Chart | go.Figure:
    """A single figure in a lesson: a `Chart` (no plotly.js in the output), or the plain figure
    on the static site, where there is no kernel to draw a widget."""
    return fig if static_mode() else Chart(fig)


__all__ = [
    "Chart",
    "ComparisonExplorer",
    "Explorer",
    "HPGExplorer",
    "MechanismExplorer",
    "PKExplorer",
    "ReceptorExplorer",
    "SermExplorer",
    "SermPicker",
    "SystemicExplorer",
    "show",
]
