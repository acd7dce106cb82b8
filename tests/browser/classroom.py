"""A class on the Voilà dashboard: many students open it at once, each in their own browser context.

Used by the browser tests (a small class, every run) and by `make bench` (ten students, printed).
Voilà runs as `make dashboard` runs it: on 127.0.0.1 with a token, the course's Jupyter config
(jupyter_config/: the `serm` template, voila.json's pool of pre-heated kernels, and its culling
settings, so a closed tab's idle kernel is shut down; kernels with an open tab, and the pool's
waiting kernels, are never culled).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser.harness import (
    COURSE_JUPYTER_ENV,
    NOTEBOOKS_DIR,
    REPO,
    VIEWPORT,
    _free_port,
    stop,
    wait_until_up,
)

DASHBOARD = "dashboard.ipynb"
# The course's Voilà settings, read from the config `make dashboard` uses: culling (seconds) and
# the pool of pre-heated kernels (each runs the dashboard before anyone asks for it).
_CONFIG = json.loads((REPO / "jupyter_config" / "voila.json").read_text())
CULL_IDLE_TIMEOUT = _CONFIG["MappingKernelManager"]["cull_idle_timeout"]
CULL_INTERVAL = _CONFIG["MappingKernelManager"]["cull_interval"]
_VOILA = _CONFIG.get("VoilaConfiguration", {})
POOL_SIZE = _VOILA.get("default_pool_size", 1) if _VOILA.get("preheat_kernel") else 0
FILL_DELAY = _CONFIG.get("VoilaKernelManager", {}).get("fill_delay", 1)
INIT_FAILED = "Failed to initialize model"
MODEL_LOST = "widget model not found"  # ipywidgets' renderer gave up on a model (ipywidgets#4026)

# Rendered: every chart of the dashboard has drawn its SVG, and nothing is still loading.
DASHBOARD_RENDERED_JS = """(plots) => {
  if (!document.body) return false;
  const drawn = [...document.querySelectorAll('.js-plotly-plot')]
      .filter(p => p.querySelector('.main-svg') && p.getBoundingClientRect().width > 0);
  return drawn.length >= plots && !/Loading widget|Error displaying widget/.test(document.body.textContent);
}"""
# Each page notes, by the wall clock, when it was first rendered. Timing in the page matters: the
# harness waits for the pages one after another, so a time taken when the harness looks would give
# every page after a slow one that page's time.
RENDER_CLOCK_JS = f"""(() => {{
  const rendered = {DASHBOARD_RENDERED_JS};
  const timer = setInterval(() => {{
    if (rendered({{plots}})) {{ window.__sermRenderedAt = Date.now(); clearInterval(timer); }}
  }}, 100);
}})();"""
# What a page that never rendered shows: how far it got.
PAGE_STATE_JS = """() => ({
  ready: document.readyState,
  plots: document.querySelectorAll('.js-plotly-plot').length,
  drawn: [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.main-svg')).length,
  loading: (document.body.textContent.match(/Loading widget/g) || []).length,
  errors: (document.body.textContent.match(/Error displaying widget[^\\n]{0,60}/g) || []).slice(0, 3),
  widgets: document.querySelectorAll('.jupyter-widgets').length,
  text: document.body.innerText.trim().slice(0, 120),
})"""
FIRST_MAP_TITLE_JS = """() => { const p = document.querySelector('.js-plotly-plot');
  return p && p.layout && p.layout.title ? p.layout.title.text : ''; }"""


@dataclass
class VoilaServer:
    port: int
    token: str
    process: subprocess.Popen
    log_path: Path

    pool_size: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base}/?token={self.token}"

    def kernel_rss_mb(self) -> list[float]:
        """Resident memory of each kernel Voilà has running (its ipykernel child processes)."""
        out = subprocess.run(
            ["ps", "-o", "rss=,args=", "--ppid", str(self.process.pid)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return [int(line.split()[0]) / 1024 for line in out.splitlines() if "ipykernel" in line]

    def kernel_alive(self, kernel_id: str) -> bool:
        url = f"{self.base}/api/kernels/{kernel_id}?token={self.token}"
        try:
            urllib.request.urlopen(url, timeout=5)
        except urllib.error.HTTPError as error:
            return error.code != 404
        return True

    def kernels(self) -> int:
        return len(self.kernel_rss_mb())

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def voila_command(notebook: Path, port: int, token: str, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--no-browser",
        "--template=serm",  # as `make dashboard` runs it
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        f"--Voila.token={token}",
        *extra,
    ]


@contextmanager
def voila_server(
    startup_timeout: float = 60.0,
    pool_size: int | None = None,
    pool_timeout: float = 300.0,
    notebook_cells: list[str] | None = None,
) -> Iterator[VoilaServer]:
    """Voilà on the dashboard, as `make dashboard` runs it; `pool_size` overrides the course's
    pool of pre-heated kernels (0: none). With a pool, it is ready once every pooled kernel has
    rendered the dashboard, as a class arriving after the teacher started Voilà finds it.
    `notebook_cells` serves a notebook of those cells instead, the same way (a benchmark floor)."""
    pool = POOL_SIZE if pool_size is None else pool_size
    extra = (
        [
            "--VoilaConfiguration.preheat_kernel=True",
            f"--VoilaConfiguration.default_pool_size={pool}",
            f"--VoilaKernelManager.fill_delay={FILL_DELAY}",
        ]
        if pool
        else ["--VoilaConfiguration.preheat_kernel=False"]
    )
    with tempfile.TemporaryDirectory(prefix="serm-voila-") as tmp:
        root = Path(tmp) / "notebooks"
        shutil.copytree(NOTEBOOKS_DIR, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        served = root / DASHBOARD
        if notebook_cells is not None:
            served = root / "floor.ipynb"
            write_notebook(served, notebook_cells)
        port, token = _free_port(), secrets.token_hex(16)
        log_path = Path(tmp) / "voila.log"
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(Path(tmp) / "config"),
            "JUPYTER_RUNTIME_DIR": str(Path(tmp) / "runtime"),
            **COURSE_JUPYTER_ENV,
        }
        with open(log_path, "w", encoding="utf-8") as log:
            process = subprocess.Popen(
                voila_command(served, port, token, *extra),
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=root,
            )
        server = VoilaServer(port, token, process, log_path, pool)
        # the static files answer without starting a kernel
        static = f"{server.base}/voila/static/voila.js?token={token}"
        try:
            wait_until_up(
                server, lambda: urllib.request.urlopen(static, timeout=5), "Voilà", startup_timeout
            )
            if pool:
                wait_until_up(
                    server, lambda: _pool_rendered(server), "Voilà's kernel pool", pool_timeout
                )
            yield server
        finally:
            stop(process)


def write_notebook(path: Path, cells: list[str]) -> None:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    notebook.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nbformat.write(notebook, path)


def _page_kernel(page) -> str:
    """The id of the kernel a dashboard page runs on (from Voilà's page config)."""
    try:
        return page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
    except Exception:  # noqa: BLE001 - a page that never loaded has no kernel
        return ""


def _kernel_cpu_ticks(server: VoilaServer) -> dict[int, int]:
    out = subprocess.run(
        ["ps", "-o", "pid=,args=", "--ppid", str(server.process.pid)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    ticks = {}
    for line in out.splitlines():
        if "ipykernel" in line:
            pid = int(line.split()[0])
            with contextlib.suppress(OSError):  # a kernel may end between ps and the read
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime
    return ticks


def _pool_rendered(server: VoilaServer) -> None:
    """Every pooled kernel has run the dashboard: no kernel used any CPU for 3 s. (Voilà logs
    "pool is filled" once the kernels have started, before they have rendered anything, and its
    kernel list is not served to clients.)"""
    before = _kernel_cpu_ticks(server)
    time.sleep(3)
    after = _kernel_cpu_ticks(server)
    if len(after) < server.pool_size or any(after[p] != before.get(p) for p in after):
        raise OSError("the pool is still rendering")


@dataclass
class Student:
    """One browser context on the dashboard."""

    context: object
    page: object
    rendered_s: float | None = None
    picker_works: bool = False
    console_errors: list[str] = field(default_factory=list)
    websocket_bytes: int = 0
    state_if_not_rendered: dict | None = None
    external_requests: list[str] = field(default_factory=list)

    @property
    def init_failures(self) -> list[str]:
        return [e for e in self.console_errors if INIT_FAILED in e]


@dataclass
class ClassResult:
    students: list[Student]
    kernels_while_open: int
    kernels_after_close: int
    seconds_to_release: float | None

    @property
    def rendered(self) -> list[float]:
        return [s.rendered_s for s in self.students if s.rendered_s is not None]

    @property
    def median_rendered_s(self) -> float:
        return statistics.median(self.rendered) if self.rendered else float("nan")


DASHBOARD_CHARTS = 5  # two body maps, the grid, the receptor chart, the HPG chart


def run_class(
    browser,
    server: VoilaServer,
    students: int,
    timeout_s: float = 180.0,
    wait_for_release_s: float = 0.0,
    charts: int = DASHBOARD_CHARTS,
    try_pickers: bool = True,
) -> ClassResult:
    """Open the dashboard in `students` contexts at once; time each until its `charts` charts
    are drawn; try each picker. Closed tabs count as released once every kernel the pages used
    is shut down (the refilled pool's waiting kernels stay)."""
    class_ = []
    for _ in range(students):
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(RENDER_CLOCK_JS.replace("{plots}", str(charts)))
        page = context.new_page()
        student = Student(context, page)
        page.on(
            "console", lambda m, s=student: m.type == "error" and s.console_errors.append(m.text)
        )
        page.on(
            "websocket",
            lambda ws, s=student: ws.on(
                "framereceived",
                lambda payload, s=s: setattr(
                    s, "websocket_bytes", s.websocket_bytes + len(payload)
                ),
            ),
        )
        page.on(
            "request",
            lambda r, s=student: (
                None
                if r.url.startswith((f"http://127.0.0.1:{server.port}", "data:", "blob:", "about:"))
                else s.external_requests.append(r.url)
            ),
        )
        class_.append(student)
    started, started_ms = time.perf_counter(), time.time() * 1000
    for student in class_:  # all at once: navigation does not wait for the page to finish
        student.page.goto(server.url, wait_until="commit", timeout=timeout_s * 1000)
    deadline = started + timeout_s
    for student in class_:
        remaining = max(1.0, deadline - time.perf_counter()) * 1000
        try:
            student.page.wait_for_function(
                "() => window.__sermRenderedAt !== undefined", timeout=remaining, polling=100
            )
            rendered_at = student.page.evaluate("() => window.__sermRenderedAt")
            student.rendered_s = (rendered_at - started_ms) / 1000
        except Exception:  # noqa: BLE001 - a page that never renders is a result, not a crash
            with contextlib.suppress(Exception):
                student.state_if_not_rendered = student.page.evaluate(PAGE_STATE_JS)
            continue
    for student in class_:
        if student.rendered_s is None or not try_pickers:
            continue
        try:
            student.page.select_option("select >> nth=0", label="Raloxifene")
            student.page.wait_for_function(
                f"() => ({FIRST_MAP_TITLE_JS})().startsWith('Raloxifene')", timeout=30000
            )
            student.picker_works = True
        except Exception:  # noqa: BLE001
            student.picker_works = False
    open_kernels = server.kernels()
    used = [k for k in (_page_kernel(s.page) for s in class_) if k]
    for student in class_:
        student.context.close()
    released_at = None
    if wait_for_release_s:
        closed = time.perf_counter()
        while time.perf_counter() - closed < wait_for_release_s:
            if not any(server.kernel_alive(k) for k in used):
                released_at = time.perf_counter() - closed
                break
            time.sleep(2)
    return ClassResult(class_, open_kernels, server.kernels(), released_at)
