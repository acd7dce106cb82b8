"""Benchmark: lesson execution time and kernel memory against a floor, and widget update times.

    python scripts/bench.py            # (make bench) prints one table; nothing is asserted

The floor is the least any lesson can cost, with the same tricks the lessons use: a kernel that
imports pandas, plotly and ipywidgets and shows one course `Chart` beside a drop-down (FLOOR_CELLS,
shared with the browser benchmark). Each lesson is executed in a fresh kernel in the same run, and
the runs are interleaved (floor, every lesson, floor, ...), so a busy moment of a shared machine
hits the floor as often as the lessons and the ratio lesson/floor stays fair whatever its speed.
A lesson kernel reads the validated tables from the learner's cache (data.py, table_cache.py);
the first execution of the run fills the cache if a data file or the package changed. The floor
loads no data, so the cache has nothing to speed up there; it shares every other trick (the
same Chart, no FigureWidget, no nbformat or jsonschema import). Targets (issue 10): each lesson
<= 1.3x the floor's kernel time and <= 200 MB peak kernel memory; each widget update <= 50 ms.
Measured figures and the choices behind them: docs/performance.md.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from serm_lessons import catalogue

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = [REPO / lesson.path for lesson in catalogue.lessons()]  # from the notebooks' metadata
RUNS = 3  # median of three executions per notebook

FLOOR_CELLS = [
    "import pandas as pd\nimport plotly.graph_objects as go\nimport ipywidgets as widgets\n"
    "from serm_lessons.chart import Chart",
    "widgets.VBox([widgets.Dropdown(options=['a', 'b'], description='Pick:'),\n"
    "              Chart(go.Figure(go.Bar(x=[1, 2], y=[3, 4])))])",
]
KERNEL_RATIO_TARGET = 1.3
PEAK_MB_TARGET = 200
# Appended to every executed copy: the kernel's own peak resident memory (Linux: KiB).
PEAK_MEMORY_CELL = "import resource\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"


def execute(notebook: nbformat.NotebookNode, workdir: Path) -> tuple[float, float]:
    """Run a notebook in a fresh kernel; return (seconds, peak kernel memory in MB)."""
    notebook = nbformat.from_dict(notebook)
    notebook.cells.append(nbformat.v4.new_code_cell(PEAK_MEMORY_CELL))
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    peak_kib = int(notebook.cells[-1].outputs[0]["text"].strip())
    return seconds, peak_kib / 1024


def floor_notebook() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(src) for src in FLOOR_CELLS]
    return notebook


def interleaved_runs(notebooks: dict[str, tuple[nbformat.NotebookNode, Path]]) -> dict:
    """name -> (median seconds, max peak MB) over RUNS rounds of every notebook in turn."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in notebooks}
    for _ in range(RUNS):
        for name, (notebook, workdir) in notebooks.items():
            runs[name].append(execute(notebook, workdir))
    return {
        name: (statistics.median(r[0] for r in done), max(r[1] for r in done))
        for name, done in runs.items()
    }


def widget_timings() -> dict[str, float]:
    """Median in-kernel milliseconds per widget update (the code a picker change runs)."""
    from serm_lessons import data, hpg, widgets

    course = data.load()
    timings: dict[str, list[float]] = {}

    def record(name: str, explorer, changes) -> None:
        for change in changes:
            change()
            timings.setdefault(name, []).append(explorer.last_update_ms)

    serms = list(course.serms["serm"])
    explorer = widgets.SermExplorer(course)
    record(
        "SERM explorer: drug",
        explorer,
        [lambda s=s: setattr(explorer.picker, "value", s) for s in serms[1:] + serms[:1]],
    )
    record(
        "SERM explorer: compare",
        explorer,
        [lambda s=s: setattr(explorer.compare, "value", s) for s in serms[1:4]],
    )
    receptors = widgets.ReceptorExplorer(course)
    record(
        "receptor chart: sort",
        receptors,
        [lambda v=v: setattr(receptors.sort, "value", v) for v in ("ERβ", "tissue", "ERα")],
    )
    record(
        "receptor chart: course tissues",
        receptors,
        [lambda v=v: setattr(receptors.course_only, "value", v) for v in (True, False)],
    )
    axis = widgets.HPGExplorer(course)
    record("HPG axis: agents", axis, [lambda a=a: axis.set_agents((a,)) for a in hpg.AGENTS])
    picker = widgets.SermPicker(course)
    linked = [
        widgets.SystemicExplorer(course, picker),
        widgets.MechanismExplorer(course, picker),
        widgets.PKExplorer(course, picker),
    ]
    for serm in serms[1:6]:
        picker.value = serm
        for view in linked:
            timings.setdefault(f"{type(view).__name__}: drug", []).append(view.last_update_ms)
    return {name: statistics.median(values) for name, values in timings.items()}


def main() -> int:
    if not NOTEBOOKS:
        print("no lesson notebooks found in notebooks/", file=sys.stderr)
        return 1
    print(
        f"Executing each notebook {RUNS} times in a fresh kernel, interleaved (median time, "
        f"max memory); load average {os.getloadavg()[0]:.1f}\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        notebooks = {"floor": (floor_notebook(), Path(tmp))}
        notebooks |= {p.name: (nbformat.read(p, as_version=4), p.parent) for p in NOTEBOOKS}
        results = interleaved_runs(notebooks)
        floor_s, floor_mb = results.pop("floor")
        print(f"{'notebook':<28}{'time (s)':>10}{'x floor':>10}{'peak MB':>10}  targets")
        print(f"{'floor':<28}{floor_s:>10.2f}{1:>10.2f}{floor_mb:>10.0f}")
        for path in NOTEBOOKS:
            seconds, peak = results[path.name]
            ratio = seconds / floor_s
            ok = "ok" if ratio <= KERNEL_RATIO_TARGET and peak <= PEAK_MB_TARGET else "OVER TARGET"
            print(
                f"{path.name:<28}{seconds:>10.2f}{ratio:>10.2f}{peak:>10.0f}  {ok}"
                f" (<= {KERNEL_RATIO_TARGET}x, <= {PEAK_MB_TARGET} MB)"
            )
    print(f"(load average at the end: {os.getloadavg()[0]:.1f})")
    print("\nWidget updates (median in-kernel ms per change; target <= 50 ms)")
    for name, ms in widget_timings().items():
        print(f"  {name:<36}{ms:>8.1f}  {'ok' if ms <= 50 else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
