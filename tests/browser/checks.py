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


# Every piece of text plotly drew in each visible chart (titles, axis titles and ticks, legend,
# annotations, bar and point labels, menu headers), and whether any two of them overlap or any one
# runs past the chart's edge. Returns a list of findings as short strings.
# The binding chart is being rebuilt on another branch (h-beyond, issue 13's binding item).
TEXT_CHECK_EXEMPT = ["How strongly each compound binds"]
TEXT_PROBLEMS_JS = f"""() => {{
  const EXEMPT = {json.dumps(TEXT_CHECK_EXEMPT)};
  const found = [];
  const plots = [...document.querySelectorAll('{PANEL} .js-plotly-plot, body > .jp-Notebook .js-plotly-plot, .reveal .js-plotly-plot')];
  plots.forEach((gd, index) => {{
    const svg = gd.querySelector('.main-svg');
    if (!svg) return;
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    const title = (gd.layout && gd.layout.title && gd.layout.title.text) || `chart ${{index}}`;
    if (EXEMPT.some(t => title.startsWith(t))) return;
    // axis titles and tick labels of every subplot (x, x2, y2 ...), not only the first
    const selectors = ['.gtitle', '.infolayer [class^="g-x"] text', '.infolayer [class^="g-y"] text',
      '.xaxislayer-above text', '.yaxislayer-above text', '.legendtext', '.annotation-text-g',
      '.bartext', '.textpoint text', '.updatemenu-header-group'];
    const items = [];
    selectors.forEach(sel => gd.querySelectorAll(sel).forEach(el => {{
      const r = el.getBoundingClientRect();
      const text = (el.textContent || '').trim();
      if (!text || r.width === 0 || r.height === 0) return;
      if (el.closest('.updatemenu-dropdown-button-group')) return;  // an open menu may cover
      // a rotated label's bounding box is wider than its text: boxes of neighbours always meet
      const turned = /rotate\\((?!0[,)])/.test(el.getAttribute('transform') || '');
      if (turned && sel.includes('axislayer')) return;
      items.push({{sel, text, r}});
    }}));
    items.forEach(a => {{
      // markup drawn as text: the course's own tags or an entity escaped once too often
      if (/<\\/?(br|b|i|em|span|sup|sub)\\b|&(lt|gt|amp|quot|#\\d+);/i.test(a.text))
        found.push(`${{title}}: "${{a.text}}" shows markup as text`);
      if (a.r.left < box.left - 1 || a.r.right > box.right + 1 || a.r.top < box.top - 1 ||
          a.r.bottom > box.bottom + 1) found.push(`${{title}}: "${{a.text}}" runs past the chart`);
    }});
    for (let i = 0; i < items.length; i++) {{
      for (let j = i + 1; j < items.length; j++) {{
        const a = items[i].r, b = items[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2) found.push(`${{title}}: "${{items[i].text}}" overlaps "${{items[j].text}}"`);
      }}
    }}
  }});
  return found;
}}"""


def text_problems(page) -> list[str]:
    """Overlapping or clipped text, or markup drawn as text, in the charts on show
    (see TEXT_PROBLEMS_JS)."""
    return page.evaluate(TEXT_PROBLEMS_JS)


# Elements inside plotly charts that Tab would stop on (the mode bar's buttons must not be).
CHART_TAB_STOPS_JS = f"""() => [...document.querySelectorAll('{PANEL} .js-plotly-plot')]
  .flatMap(gd => [...gd.querySelectorAll('a, button, input, select, textarea, [tabindex]')])
  .filter(e => e.tabIndex >= 0 && !e.disabled)
  .map(e => e.className && e.className.baseVal !== undefined ? e.className.baseVal : e.className)"""


def chart_tab_stops(page) -> list[str]:
    return page.evaluate(CHART_TAB_STOPS_JS)


def axe_violations(page, axe_source: str) -> list[dict]:
    """Serious or critical axe-core findings in the lesson's outputs as the page is now."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    violations = page.evaluate(AXE_RUN_JS)
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def assert_accessible(page, axe_source: str, state: str) -> None:
    """Run axe on the page state an interaction has just reached."""
    serious = axe_violations(page, axe_source)
    assert not serious, f"axe-core after {state}:\n{describe_violations(serious)}"


def assert_chart_text_readable(page, state: str) -> None:
    problems = text_problems(page)
    assert not problems, f"chart text after {state}:\n" + "\n".join(problems)


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
        if not lesson.page.evaluate("() => typeof axe !== 'undefined'"):
            lesson.page.add_script_tag(content=axe_source)
        violations = lesson.page.evaluate(AXE_RUN_JS)
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        others = [v for v in violations if v not in serious]
        if others:
            print(f"\n{self.notebook}: minor accessibility findings\n{describe_violations(others)}")
        assert not serious, (
            f"axe-core, course content of {self.notebook}:\n{describe_violations(serious)}"
        )

    def test_chart_text_neither_overlaps_nor_runs_past_the_chart(self, lesson):
        """At both window sizes every chart's labels are readable (screenshots kept for review)."""
        from tests.browser.harness import SCREENSHOTS, SMALL_VIEWPORT, VIEWPORT, save_screenshot

        page = lesson.page
        for viewport in (VIEWPORT, SMALL_VIEWPORT):
            page.set_viewport_size(viewport)
            page.wait_for_timeout(600)  # plotly redraws on resize
            plots = lesson.panel.locator(".js-plotly-plot")
            for i in range(plots.count()):
                plots.nth(i).scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            size = f"{viewport['width']}x{viewport['height']}"
            problems = text_problems(page)
            SCREENSHOTS.append(save_screenshot(lesson, viewport=viewport, suffix=size))
            assert not problems, f"{self.notebook} at {size}:\n" + "\n".join(problems)
        page.set_viewport_size(VIEWPORT)

    def test_tab_skips_the_chart_mode_bars(self, lesson):
        assert chart_tab_stops(lesson.page) == []

    def test_quiz_answers_show_a_focus_ring(self, lesson):
        page = lesson.page
        answer = lesson.panel.locator(".Quiz .MCButton input").first
        answer.scroll_into_view_if_needed()
        answer.focus()
        page.keyboard.press("Tab")  # move by keyboard, so the browser treats focus as visible
        page.keyboard.press("Shift+Tab")
        ring = page.evaluate(
            """() => { const label = document.activeElement.closest('.MCButton');
                 if (!label) return null;
                 const s = getComputedStyle(label);
                 return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"""
        )
        assert ring is not None, "keyboard focus did not land on a quiz answer"
        assert ring["style"] != "none" and ring["width"] >= 2, f"no visible focus ring: {ring}"

    def test_nothing_fetched_from_the_network(self, lesson):
        # README: "nothing in the course fetches from the network at run time".
        assert lesson.external_requests == [], (
            f"requests off this machine: {lesson.external_requests}"
        )
