"""Checks every lesson must pass in the browser, plus small page helpers for the lesson tests.

Each test module subclasses `LessonChecks` and sets `notebook`; the class-scoped `lesson` fixture
(conftest.py) opens and runs that notebook once for all of the class's tests.
"""

from __future__ import annotations

import contextlib
import json
import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.harness import PAGE_BUDGET_BYTES, PANEL

# ipykernel's error output starts with a rule and "<Name>Error   Traceback (most recent call last)";
# a warning on stderr ("...: DeprecationWarning: ...") is not an error.
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s*\w*(Error|Exception)\b", re.M)
WIDGET_ERROR = "Error displaying widget"
JS_ERROR = "Javascript Error"

STDERR_TEXTS_JS = f"""() => [...document.querySelectorAll(
    '{PANEL} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
    .map(o => o.textContent)"""

# For each plotly chart: whether the course's Chart widget drew it, its alt text in layout.meta, and
# the description the widget writes under the chart.
FIGURES_JS = f"""() => [...document.querySelectorAll('{PANEL} .js-plotly-plot')].map(plot => {{
  const host = plot.closest('.serm-chart');
  const alt = host && host.querySelector(':scope > p.serm-alt');
  const rect = plot.getBoundingClientRect();
  return {{
    inChart: !!host,
    hidden: rect.width === 0 || rect.height === 0,
    metaAlt: (plot.layout && plot.layout.meta && plot.layout.meta.alt) || '',
    altShown: alt ? alt.textContent.trim() : '',
    title: (plot.layout && plot.layout.title && plot.layout.title.text) || '',
  }};
}})"""

RECTS_JS = f"""() => [...document.querySelectorAll('{PANEL} .js-plotly-plot')]
  .map(p => p.getBoundingClientRect())
  .filter(r => r.width > 0 && r.height > 0)
  .map(r => ({{x: r.left, y: r.top + document.querySelector('{PANEL} .jp-WindowedPanel-outer')
      .scrollTop, w: r.width, h: r.height}}))"""

AXE_RUN_JS = f"""async () => {{
  const targets = document.querySelectorAll(
    '{PANEL} .jp-OutputArea-output, {PANEL} .jp-MarkdownOutput');
  const result = await axe.run(targets, {{resultTypes: ['violations']}});
  return result.violations.map(v => ({{
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({{target: n.target.join(' '), html: n.html.slice(0, 160),
                              summary: n.failureSummary}}))
  }}));
}}"""


def error_outputs(page) -> list[str]:
    """Tracebacks shown in the notebook (stderr warnings are not errors)."""
    return [t for t in page.evaluate(STDERR_TEXTS_JS) if TRACEBACK.search(t)]


def overlapping_charts(page) -> list[tuple[int, int]]:
    rects = page.evaluate(RECTS_JS)
    pairs = []
    for i, a in enumerate(rects):
        for j, b in enumerate(rects[i + 1 :], start=i + 1):
            if (
                a["x"] < b["x"] + b["w"] - 1
                and b["x"] < a["x"] + a["w"] - 1
                and a["y"] < b["y"] + b["h"] - 1
                and b["y"] < a["y"] + a["h"] - 1
            ):
                pairs.append((i, j))
    return pairs


def plot_in_output(page, has_text: str, index: int = 0):
    """The index-th plotly chart in the output that contains `has_text` (e.g. a widget label)."""
    output = page.locator(f"{PANEL} .jp-OutputArea-output", has_text=has_text).first
    return output.locator(".js-plotly-plot").nth(index)


def wait_for_plot_value(page, plot, expression: str, expected, timeout_ms: int = 15000):
    """Wait until `expression` (JS, on the graph div `gd`) equals `expected`; return what it is."""
    handle = plot.element_handle()
    with contextlib.suppress(PlaywrightTimeout):  # the caller's assert shows the difference
        page.wait_for_function(
            f"([gd, want]) => JSON.stringify({expression}) === JSON.stringify(want)",
            arg=[handle, expected],
            timeout=timeout_ms,
            polling=50,
        )
    return json.loads(page.evaluate(f"gd => JSON.stringify({expression})", handle))


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} element(s))")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html']}")
    return "\n".join(lines)


class LessonChecks:
    """What every lesson must do in a real browser after Run All."""

    notebook: str = ""

    def test_runs_without_error_output(self, lesson):
        errors = error_outputs(lesson.page)
        assert not errors, f"{self.notebook} shows error output:\n\n" + "\n\n".join(errors)

    def test_every_widget_displays(self, lesson):
        text = lesson.panel.text_content()
        assert WIDGET_ERROR not in text
        assert JS_ERROR not in text
        views = lesson.panel.locator(
            ".jp-OutputArea-output:has(> .jupyter-widgets), .jp-OutputArea-output:has(> .serm-chart)"
        )
        assert views.count() == lesson.expected.widgets
        for i in range(views.count()):
            view = views.nth(i)
            view.scroll_into_view_if_needed()
            box = view.bounding_box()
            assert box and box["height"] > 50, f"widget output {i} is (nearly) empty: {box}"

    def test_every_chart_visible(self, lesson):
        plots = lesson.panel.locator(".js-plotly-plot")
        visible = []
        for i in range(plots.count()):
            plot = plots.nth(i)
            plot.scroll_into_view_if_needed()
            box = plot.bounding_box()
            if plot.is_visible() and box and box["height"] > 100 and box["width"] > 200:
                assert plot.locator(".main-svg").count(), f"chart {i} has no SVG"
                visible.append(i)
        assert len(visible) == lesson.expected.figures, (
            f"{len(visible)} visible charts, expected {lesson.expected.figures} from the notebook"
        )

    def test_charts_do_not_overlap(self, lesson):
        assert overlapping_charts(lesson.page) == []

    def test_every_chart_has_a_text_alternative(self, lesson):
        charts = [c for c in lesson.page.evaluate(FIGURES_JS) if not c["hidden"]]
        missing = [
            c["title"] or "(untitled chart)"
            for c in charts
            # the description shown is the figure's own, so it can never be stale
            if len(c["metaAlt"]) < 20 or c["altShown"] != f"Figure description: {c['metaAlt']}"
        ]
        assert not missing, f"charts without a matching text alternative: {missing}"

    def test_every_chart_is_a_course_chart(self, lesson):
        """Live lessons draw every figure with the course's Chart widget (no plotly.js inside)."""
        charts = [c for c in lesson.page.evaluate(FIGURES_JS) if not c["hidden"]]
        assert charts and all(c["inChart"] for c in charts)

    def test_one_copy_of_plotly_js_and_no_widget_errors(self, lesson):
        assert lesson.plotly_js_in_websocket == 0, "plotly.js was sent in widget state"
        assert lesson.plotly_js_requests <= 1, "plotly.js was requested more than once"
        failed = [e for e in lesson.console_errors if "Failed to initialize model" in e]
        failed += [e for e in lesson.console_errors if "[serm-lessons chart]" in e]
        assert not failed, failed

    def test_page_weight_within_budget(self, lesson):
        """Widget state and outputs sent over the kernel's websocket (issue 10's budget)."""
        assert lesson.websocket_bytes <= PAGE_BUDGET_BYTES, (
            f"{lesson.websocket_bytes / 1e6:.2f} MB sent to the page"
        )

    def test_no_serious_accessibility_violations(self, lesson, axe_source):
        lesson.page.add_script_tag(content=axe_source)
        violations = lesson.page.evaluate(AXE_RUN_JS)
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        others = [v for v in violations if v not in serious]
        if others:
            print(f"\n{self.notebook}: minor accessibility findings\n{describe_violations(others)}")
        assert not serious, (
            f"axe-core, course content of {self.notebook}:\n{describe_violations(serious)}"
        )

    def test_nothing_fetched_from_the_network(self, lesson):
        # README: "nothing in the course fetches from the network at run time".
        assert lesson.external_requests == [], (
            f"requests off this machine: {lesson.external_requests}"
        )
