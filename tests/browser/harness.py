"""Real-browser harness shared by the browser tests and scripts/bench_browser.py.

It starts JupyterLab (with this venv's Python, so the kernel imports serm_lessons) on a free
localhost port, on a temporary copy of notebooks/, and drives Debian's chromium with Playwright's
sync API. Nothing here asserts: the tests decide what counts as a failure.
"""

from __future__ import annotations

import ast
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from serm_lessons import catalogue

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = REPO / "notebooks"
LESSONS = tuple(lesson.notebook for lesson in catalogue.lessons())  # from the notebooks
SCREENSHOT_DIR = REPO / "test-artifacts" / "screenshots"
SCREENSHOTS: list[Path] = []  # the whole-notebook screenshots this run saved (named at the end)
COURSE_JUPYTER_ENV = {
    "JUPYTER_CONFIG_PATH": str(REPO / "jupyter_config"),
    "JUPYTER_PATH": str(REPO / "jupyter_config" / "data"),
}

INSTALL_HINT = "install it with: sudo apt-get install chromium chromium-driver"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
SMALL_VIEWPORT = {"width": 1280, "height": 720}  # a classroom projector
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook on show
DIRTY_TAB = ".lm-TabBar-tab.lm-mod-current.jp-mod-dirty"  # its tab, while it has unsaved changes
PAGE_BUDGET_BYTES = 1_500_000  # per lesson page, sent over the kernel websocket (issue 10)
PLOTLY_JS_MARK = "window.Plotly="  # plotly.js's bundle sets this global; nothing else does
PLOTLY_BUNDLE_PATH = "/jupyterlab-plotly/static/"

# How many plotly charts each course call draws, so the expected count comes from the notebook
# itself. SermExplorer's second body map is hidden unless `compare=` names a drug.
FIGURES_PER_EXPLORER = {
    "ReceptorExplorer": 1,
    "SermExplorer": 2,
    "HPGExplorer": 1,
    "ComparisonExplorer": 0,  # an HTML table, not a chart
    "SystemicExplorer": 0,  # an HTML table, not a chart
    "MechanismExplorer": 1,
    "PKExplorer": 1,
}

# Modules other than `figures` whose named calls, shown bare (not through lesson.figure), return a
# plotly figure (the rest return tables).
STATIC_FIGURE_CALLS = {"structure": {"structure_explorer"}}

# A page is "rendered" when every expected chart has drawn its SVG and no widget is still loading.
RENDERED_JS = """([plots, widgets]) => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return false;
  const drawn = [...panel.querySelectorAll('.js-plotly-plot')]
      .filter(p => p.querySelector('.main-svg') && p.getBoundingClientRect().width > 0);
  // A widget view's output area holds the rendered widget: an ipywidgets box or a course Chart.
  const views = [...panel.querySelectorAll('.jp-OutputArea-output')]
      .filter(o => o.querySelector(':scope > .jupyter-widgets, :scope > .serm-chart'));
  const loading = /Loading widget|Error displaying widget/.test(panel.textContent);
  return drawn.length >= plots && views.length >= widgets && !loading;
}"""

# Every code cell has run (numbered prompt, none queued) and the kernel is idle.
KERNEL_DONE_JS = """(codeCells) => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return false;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
      .map(p => p.textContent.trim());
  const done = prompts.length === codeCells && prompts.every(t => /^\\[\\d+\\]:$/.test(t));
  const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const idle = !status || status.getAttribute('data-status') === 'idle';
  return done && idle;
}"""


def chromium_path() -> str | None:
    return shutil.which("chromium")


# --- what a notebook should show ----------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    code_cells: int
    figures: int  # visible plotly charts
    widgets: int  # widget outputs (one per displayed explorer)
    static_figures: int  # figures.* shown with lesson.figure (drawn by a Chart widget too)


def _explorer_figures(call: ast.Call, name: str) -> int:
    count = FIGURES_PER_EXPLORER[name]
    if name == "SermExplorer":
        compare = next((k.value for k in call.keywords if k.arg == "compare"), None)
        if isinstance(compare, ast.Constant) and compare.value:
            count += 1
    return count


def expected_from_notebook(path: Path) -> Expected:
    """Count the charts and widgets a lesson displays by reading its code cells."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    figures = widgets = static = 0
    for source in code:
        tree = ast.parse(source)
        explorers = {}  # variable name -> explorer call, for `explorer = ...; explorer`
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        explorers[target.id] = node.value
        last = tree.body[-1] if tree.body else None
        if not isinstance(last, ast.Expr):
            continue  # only a cell's last expression is displayed
        call = last.value
        if isinstance(call, ast.Name) and call.id in explorers:
            call = explorers[call.id]
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
            continue
        module = call.func.value.id if isinstance(call.func.value, ast.Name) else ""
        if module == "lesson" and call.func.attr == "figure" and call.args:
            # lesson.figure(<any figure module>.x(...)): one figure with its description, drawn
            # by the course's Chart widget
            figures += 1
            widgets += 1
            static += 1
        elif module == "widgets" and call.func.attr in FIGURES_PER_EXPLORER:
            figures += _explorer_figures(call, call.func.attr)
            widgets += 1
        elif module == "figures" or (
            module == "structure" and call.func.attr in STATIC_FIGURE_CALLS[module]
        ):
            figures += 1
            widgets += 1  # lesson.figure draws it with the course's Chart widget
            static += 1
    return Expected(len(code), figures, widgets, static)


# --- the JupyterLab server ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    root: Path
    port: int
    token: str
    process: subprocess.Popen
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lab_url(self, notebook: str) -> str:
        # A workspace per notebook and ?reset: the page opens this notebook alone.
        workspace = Path(notebook).stem
        return (
            f"{self.base_url}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={self.token}"
        )

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"{self.base_url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        """Free the 2 cores for the next lesson."""
        for session in self.api("GET", "/api/sessions") or []:
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


@contextmanager
def lab_server(startup_timeout: float = 60.0) -> Iterator[LabServer]:
    """JupyterLab on a temporary copy of notebooks/ (the repo's files stay untouched)."""
    with tempfile.TemporaryDirectory(prefix="serm-lab-") as tmp:
        tmp_path = Path(tmp)
        root = tmp_path / "notebooks"
        shutil.copytree(NOTEBOOKS_DIR, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        port, token = _free_port(), secrets.token_hex(16)
        # Private settings, workspaces and runtime: the user's own JupyterLab state cannot leak in.
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
            "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
            # the course's own config, as `make lab` uses it (save hook, no news prompt)
            **COURSE_JUPYTER_ENV,
        }
        log_path = tmp_path / "server.log"
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # CI containers run as root; still localhost-only
        with open(log_path, "w", encoding="utf-8") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        server = LabServer(root, port, token, process, log_path)
        try:
            wait_until_up(
                server, lambda: server.api("GET", "/api/status"), "JupyterLab", startup_timeout
            )
            yield server
        finally:
            stop(process)


def wait_until_up(server, probe, what: str, timeout: float) -> None:
    """Call `probe()` until it answers (no OSError), failing with the server's log if the process
    exits or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{what} exited at startup:\n{server.log_tail()}")
        try:
            probe()
            return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"{what} did not answer within {timeout:.0f} s:\n{server.log_tail()}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


# --- the browser --------------------------------------------------------------------------------


@contextmanager
def chromium_browser(executable: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class OpenLesson:
    """A lesson page after Run All, with the times it took (seconds)."""

    name: str
    page: object
    expected: Expected
    opened_to_rendered: float = 0.0
    run_to_rendered: float = 0.0  # Run All clicked -> every output drawn
    idle_to_rendered: float = 0.0
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)  # anything not to 127.0.0.1
    websocket_bytes: int = 0  # kernel messages received: widget state and outputs
    plotly_js_in_websocket: int = 0  # messages that carried plotly.js itself
    plotly_js_requests: int = 0  # HTTP requests for the jupyterlab-plotly bundle

    def count_frame(self, payload) -> None:
        self.websocket_bytes += len(payload)
        text = payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
        self.plotly_js_in_websocket += PLOTLY_JS_MARK in text

    @property
    def panel(self):
        return self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")


def dismiss_kernel_dialog(page) -> None:
    """Notebooks without kernelspec metadata ask for a kernel; take the default."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and "Select Kernel" in dialog.first.inner_text():
        dialog.locator("button.jp-mod-accept").first.click()
        dialog.first.wait_for(state="detached")


def dismiss_news_notification(page) -> None:
    """JupyterLab asks once whether to fetch Jupyter news; answer no so the toast goes away."""
    toast = page.locator(".Toastify__toast", has_text="news")
    if toast.count():
        no = toast.locator("button", has_text="No")
        if no.count():
            no.first.click()
        else:
            toast.locator(".Toastify__close-button, button").last.click()


def run_all_cells(page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def new_page(browser_or_context):
    """A page at the tests' viewport, in a new context (a browser) or in a given context (one
    learner's browser, whose cache the pages share)."""
    if hasattr(browser_or_context, "new_context"):
        return browser_or_context.new_page(viewport=VIEWPORT)
    page = browser_or_context.new_page()
    page.set_viewport_size(VIEWPORT)
    return page


def open_and_run(
    browser,
    server: LabServer,
    notebook: str,
    timeout_s: float = 120.0,
    expected: Expected | None = None,
) -> OpenLesson:
    """Open a lesson, run every cell, and wait until all charts and widgets have drawn."""
    expected = expected or expected_from_notebook(server.root / notebook)
    page = new_page(browser)
    lesson = OpenLesson(notebook, page, expected)
    page.on(
        "console", lambda m: lesson.console_errors.append(m.text) if m.type == "error" else None
    )
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((server.base_url, "data:", "blob:", "about:"))
            else lesson.external_requests.append(r.url)
        ),
    )
    page.on("websocket", lambda ws: ws.on("framereceived", lesson.count_frame))
    page.on("response", lambda r: _count_plotly_bundle(lesson, r))
    timeout_ms = timeout_s * 1000
    started = time.perf_counter()
    page.goto(server.lab_url(notebook), wait_until="domcontentloaded")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=timeout_ms)
    # The kernel dialog, if any, appears once the session starts; the kernel name shows after.
    page.wait_for_function(
        """() => document.querySelector('.jp-Dialog') ||
           [...document.querySelectorAll('.jp-Toolbar-kernelName')]
             .some(e => /python/i.test(e.textContent))""",
        timeout=timeout_ms,
    )
    dismiss_kernel_dialog(page)
    dismiss_news_notification(page)
    # Wait for the kernel to be ready before running (Run All would otherwise queue behind startup).
    page.wait_for_function(
        """() => { const s = document.querySelector(
             '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
           return s && s.getAttribute('data-status') === 'idle'; }""",
        timeout=timeout_ms,
    )
    run_clicked = time.perf_counter()
    run_all_cells(page)
    _wait_or_explain(
        page, notebook, "every cell run", KERNEL_DONE_JS, expected.code_cells, timeout_ms
    )
    idle_at = time.perf_counter()
    _wait_or_explain(
        page,
        notebook,
        "every output drawn",
        RENDERED_JS,
        [expected.figures, expected.widgets],
        timeout_ms,
    )
    rendered_at = time.perf_counter()
    lesson.opened_to_rendered = rendered_at - started
    lesson.run_to_rendered = rendered_at - run_clicked
    lesson.idle_to_rendered = rendered_at - idle_at
    dismiss_news_notification(page)  # it can arrive late
    return lesson


# How far a lesson got, for the message when it does not get there in time.
PROGRESS_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return {panel: false};
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
      .map(p => p.textContent.trim());
  const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const plots = [...panel.querySelectorAll('.js-plotly-plot')];
  return {
    prompts: prompts.length, unfinished: prompts.filter(t => !/^\\[\\d+\\]:$/.test(t)).slice(0, 5),
    kernel: status && status.getAttribute('data-status'),
    plots: plots.length, drawn: plots.filter(p => p.querySelector('.main-svg')).length,
    charts: panel.querySelectorAll('.serm-chart').length,
    loading: (panel.textContent.match(/Loading widget/g) || []).length,
    errors: (panel.textContent.match(/Error displaying widget[^\\n]{0,80}/g) || []).slice(0, 3),
    chart_notes: [...panel.querySelectorAll('.serm-chart .serm-alt span')]
        .map(e => e.textContent).filter(t => /could not be drawn/.test(t)).slice(0, 3),
    // which charts are not drawn: the code cell each is in, and how far its drawing got
    undrawn: [...panel.querySelectorAll('.serm-chart')]
        .filter(c => !c.querySelector('.js-plotly-plot .main-svg')).slice(0, 3).map(c => {
          const cell = c.closest('.jp-CodeCell');
          const code = cell && cell.querySelector('.jp-InputArea .cm-content');
          const plot = c.firstElementChild;
          return {cell: [...panel.querySelectorAll('.jp-CodeCell')].indexOf(cell),
                  code: code ? code.textContent.slice(0, 60) : '',
                  started: !!(plot && plot.classList.contains('js-plotly-plot')),
                  draws: plot ? plot.dataset.draws || '0' : 'no plot element',
                  webgl: !!c.querySelector('canvas'),
                  alt: (c.querySelector('.serm-alt span') || {}).textContent || ''}; }),
  };
}"""


def _wait_or_explain(page, notebook: str, what: str, condition: str, arg, timeout_ms: float):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(condition, arg=arg, timeout=timeout_ms, polling=50)
    except PlaywrightTimeout:
        state = page.evaluate(PROGRESS_JS)
        raise AssertionError(
            f"{notebook}: not {what} within {timeout_ms / 1000:.0f} s (expected {arg}); "
            f"the page shows {state}"
        ) from None


def _count_plotly_bundle(lesson: OpenLesson, response) -> None:
    url = response.url
    if PLOTLY_BUNDLE_PATH in url and "remoteEntry" not in url and url.split("?")[0].endswith(".js"):
        lesson.plotly_js_requests += 1


def save_screenshot(
    lesson: OpenLesson, max_height: int = 30000, viewport: dict | None = None, suffix: str = ""
) -> Path:
    """The whole notebook at the given window width. JupyterLab scrolls inside the panel, so a
    full-page shot shows one screen; instead the window is made as tall as the notebook for the
    capture, then restored."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    viewport = viewport or VIEWPORT
    name = Path(lesson.name).stem + (f"-{suffix}" if suffix else "")
    path = SCREENSHOT_DIR / f"{name}.png"
    page = lesson.page
    page.set_viewport_size(viewport)
    page.wait_for_timeout(300)
    content = page.evaluate(
        """() => { const s = document.querySelector(
             '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
           if (!s) return 0;
           s.scrollTop = 0;  // Run All leaves the notebook scrolled to its end
           return s.scrollHeight; }"""
    )
    height = min(max_height, viewport["height"] + int(content))
    page.set_viewport_size({"width": viewport["width"], "height": height})
    try:
        page.wait_for_timeout(500)  # let plotly finish its resize before capturing
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(viewport)
    return path


def save_page_screenshot(page, name: str) -> Path:
    """The whole page as it shows now (a dashboard, a slide view), in the screenshots folder."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def save_element_screenshot(page, locator, name: str) -> Path:
    """One element (a chart, an explorer) as the page shows it now."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    locator.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    locator.screenshot(path=str(path))
    return path


# --- the in-page picker timing ------------------------------------------------------------------

# Resolves with ms from the change event to the first animation frame after plotly has rewritten
# the plot's SVG (a MutationObserver sees the rewrite; requestAnimationFrame waits for the paint).
PICKER_REPAINT_JS = """async ([selectIndex, optionValue]) => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const select = panel.querySelectorAll('.jp-OutputArea-output select')[selectIndex];
  const box = select.closest('.widget-vbox') || panel;  // the explorer holding the picker
  const plot = box.querySelector('.js-plotly-plot');
  return await new Promise((resolve, reject) => {
    let start = 0;
    const timer = setTimeout(() => { observer.disconnect(); reject('no repaint in 10 s'); }, 10000);
    const observer = new MutationObserver(() => {
      observer.disconnect();
      requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve(performance.now() - start);
      });
    });
    observer.observe(plot, {subtree: true, childList: true, attributes: true, characterData: true});
    start = performance.now();
    select.value = optionValue;
    select.dispatchEvent(new Event('change', {bubbles: true}));
  });
}"""


LOCAL_SCHEMES = ("data:", "blob:", "about:")  # never leave the machine


def record_requests_outside(page, allowed: tuple[str, ...]) -> list[str]:
    """A list that fills with every request the page makes to an address not starting with one
    of `allowed` (or a local scheme): what a page fetched from outside."""
    outside: list[str] = []
    prefixes = (*allowed, *LOCAL_SCHEMES)
    page.on("request", lambda r: None if r.url.startswith(prefixes) else outside.append(r.url))
    return outside
