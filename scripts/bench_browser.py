"""Browser benchmark: what a page costs a learner, measured in real chromium against a floor.

    .venv/bin/python scripts/bench_browser.py [--runs 2] [--changes 9] [--students 10]

In one run, beside each target (issue 10):
- page weight: bytes the kernel's websocket sends each page (widget state plus outputs);
- Run All -> every output drawn, for each lesson and for the floor notebook (the same imports and one
  course Chart beside a drop-down: scripts/bench.py FLOOR_CELLS), on the same JupyterLab server, after
  one warm-up page (so every page, floor included, finds JupyterLab's files in the browser cache);
- the SERM picker's repaint, measured in the page (change event -> first frame after plotly redrew);
- the dashboard in Voilà: one student, then a whole class opening it at once, each in their own
  browser context: time to rendered, whether each picker works, "Failed to initialize model" errors,
  and whether closed tabs release their kernels (Voilà's culling settings).
It asserts nothing (timings on a shared 2-core machine vary); the browser tests check the
budgets that do not depend on speed (page weight, one copy of plotly.js, no widget errors).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from bench import FLOOR_CELLS  # noqa: E402

from tests.browser import classroom, harness  # noqa: E402  (needs the repo root on sys.path)

PICKER_TARGET_MS = 100
PICKER_AIM_MS = 50
RENDER_RATIO_TARGET = 1.5
LESSON_BUDGET_MB = 1.5
DASHBOARD_BUDGET_MB = 2.5
CLASS_RATIO_TARGET = 3.0
FLOOR = "floor.ipynb"
# The picker cycles through these (lesson 01 opens on tamoxifen): each change is a real change.
PICKER_DRUGS = ("Raloxifene", "Tamoxifen", "Clomiphene citrate", "Ospemifene", "Bazedoxifene")


def mark(ok: bool) -> str:
    return "ok" if ok else "OVER TARGET"


def write_floor(root: Path) -> None:
    classroom.write_notebook(root / FLOOR, FLOOR_CELLS)


def open_floor(browser, server) -> harness.OpenLesson:
    expected = harness.Expected(code_cells=len(FLOOR_CELLS), figures=1, widgets=1, static_figures=0)
    return harness.open_and_run(browser, server, FLOOR, expected=expected)


def picker_repaint_ms(lesson: harness.OpenLesson, changes: int) -> list[float]:
    """In-page time from a 'Drug:' change to the body map's repaint, once per change."""
    page = lesson.page
    # the SERM explorer's picker: the first drop-down in an explorer that holds a chart
    index = page.evaluate(
        f"""() => [...document.querySelectorAll('{harness.PANEL} .jp-OutputArea-output select')]
             .findIndex(s => (s.closest('.widget-vbox') || document).querySelector('.js-plotly-plot')
                             && [...s.options].some(o => o.text === 'Raloxifene'))"""
    )
    select = page.locator(f"{harness.PANEL} .jp-OutputArea-output select").nth(index)
    select.scroll_into_view_if_needed()
    times = []
    for i in range(changes):
        drug = PICKER_DRUGS[i % len(PICKER_DRUGS)]  # never the drug already shown
        times.append(page.evaluate(harness.PICKER_REPAINT_JS, [index, drug]))
        page.wait_for_function(harness.KERNEL_DONE_JS, arg=lesson.expected.code_cells)
        page.wait_for_timeout(300)  # let the rest of the explorer settle between samples
    return times


def lab_figures(browser, runs: int, changes: int) -> None:
    # One browser context for every page, as one learner's browser: its cache keeps JupyterLab's
    # and plotly.js's files between pages (a new context per page would start cold each time).
    browser = browser.new_context(viewport=harness.VIEWPORT)
    with harness.lab_server() as server:
        write_floor(server.root)
        names = [FLOOR, *harness.LESSONS]
        rendered: dict[str, list[float]] = {n: [] for n in names}
        weight: dict[str, int] = {}
        repaint: list[float] = []
        warm_up = open_floor(browser, server)  # the first page pays for a cold cache: not counted
        warm_up.page.close()
        server.shut_down_kernels()
        for _ in range(runs):  # interleaved, so a slow moment of the machine hits every notebook
            for name in names:
                lesson = open_floor(browser, server) if name == FLOOR else None
                lesson = lesson or harness.open_and_run(browser, server, name)
                rendered[name].append(lesson.run_to_rendered)
                weight[name] = max(weight.get(name, 0), lesson.websocket_bytes)
                if name.startswith("01") and not repaint:
                    repaint = picker_repaint_ms(lesson, changes)
                lesson.page.close()
                server.shut_down_kernels()
        floor = statistics.median(rendered[FLOOR])
        print(f"JupyterLab: Run All -> every output drawn (median of {runs}), and page weight")
        print(f"{'notebook':<26}{'rendered':>10}{'x floor':>9}{'sent':>10}   targets")
        for name in names:
            seconds = statistics.median(rendered[name])
            ratio = seconds / floor
            mb = weight[name] / 1e6
            verdict = (
                ""
                if name == FLOOR
                else f"{mark(ratio <= RENDER_RATIO_TARGET)} (<= {RENDER_RATIO_TARGET}x), "
                f"{mark(mb <= LESSON_BUDGET_MB)} (<= {LESSON_BUDGET_MB} MB)"
            )
            print(f"{name:<26}{seconds:>8.1f} s{ratio:>9.2f}{mb:>7.2f} MB   {verdict}")
        median = statistics.median(repaint)
        print(
            f"\nSERM picker -> body map repainted (lesson 01, {len(repaint)} changes): median "
            f"{median:.0f} ms (min {min(repaint):.0f}, max {max(repaint):.0f})   target <= "
            f"{PICKER_TARGET_MS} ms: {mark(median <= PICKER_TARGET_MS)}; aim {PICKER_AIM_MS} ms: "
            f"{mark(median <= PICKER_AIM_MS)}"
        )


def class_figures(browser, students: int, pool: int | None = None) -> None:
    pool = classroom.POOL_SIZE if pool is None else pool
    print(
        f"\nVoilà dashboard: one student, then {students} at once (own browser context each); "
        f"pool of pre-heated kernels: {pool or 'none'}"
    )
    with classroom.voila_server(pool_size=pool) as server:
        pooled = server.kernel_rss_mb()
        one = classroom.run_class(browser, server, 1)
    with classroom.voila_server(pool_size=pool) as server:
        many = classroom.run_class(
            browser,
            server,
            students,
            wait_for_release_s=classroom.CULL_IDLE_TIMEOUT + 4 * classroom.CULL_INTERVAL,
        )
    # The floor: the same class on a dashboard of the floor's cells (imports, one Chart beside a
    # drop-down). Ten browsers and ten kernels share this machine's cores, so the floor shows what
    # the machine itself allows: the ratio ten / one that no dashboard could beat here.
    floor = {}
    for size in (1, students):
        with classroom.voila_server(pool_size=pool, notebook_cells=FLOOR_CELLS) as server:
            floor[size] = classroom.run_class(browser, server, size, charts=1, try_pickers=False)
    if pooled:
        print(
            f"  pooled kernels waiting: {len(pooled)}, {statistics.median(pooled):.0f} MB each "
            f"(resident), {sum(pooled):.0f} MB in all"
        )
    single = one.median_rendered_s
    weight = max(s.websocket_bytes for s in one.students) / 1e6
    print(
        f"  page weight (one student): {weight:.2f} MB   target <= {DASHBOARD_BUDGET_MB} MB: "
        f"{mark(weight <= DASHBOARD_BUDGET_MB)}"
    )
    print(
        f"  one student: rendered in {single:.1f} s; picker works: {one.students[0].picker_works}"
    )
    rendered = len(many.rendered)
    working = sum(s.picker_works for s in many.students)
    failures = sum(len(s.init_failures) for s in many.students)
    lost = sum(classroom.MODEL_LOST in e for s in many.students for e in s.console_errors)
    ratio = many.median_rendered_s / single
    print(
        f"  {students} students: {rendered}/{students} rendered, median {many.median_rendered_s:.1f} s "
        f"({ratio:.1f}x one student; target <= {CLASS_RATIO_TARGET}x: "
        f"{mark(ratio <= CLASS_RATIO_TARGET and rendered == students)}); pickers working "
        f"{working}/{students}; 'Failed to initialize model' messages: {failures}; "
        f"'widget model not found': {lost}"
    )
    floor_one, floor_many = floor[1].median_rendered_s, floor[students].median_rendered_s
    floor_ratio = floor_many / floor_one
    print(
        f"  floor dashboard (FLOOR_CELLS, same class): one {floor_one:.1f} s; {students} at once: "
        f"{len(floor[students].rendered)}/{students} rendered, median {floor_many:.1f} s "
        f"({floor_ratio:.1f}x one); the dashboard's ratio is {ratio / floor_ratio:.2f}x the "
        f"floor's, and its class median {many.median_rendered_s / floor_many:.2f}x the floor's"
    )
    for number, student in enumerate(many.students, 1):
        if student.rendered_s is None:
            errors = "; ".join(e.splitlines()[0][:160] for e in student.console_errors[:3])
            print(
                f"  student {number} never rendered; console errors: {errors or 'none'}; "
                f"page: {student.state_if_not_rendered}"
            )
    released = (
        f"all released {many.seconds_to_release:.0f} s after the tabs closed"
        if many.seconds_to_release is not None
        else f"{many.kernels_after_close} still running"
    )
    print(
        f"  kernels: {many.kernels_while_open} while open (the class's and the refilled pool's); "
        f"{released} (cull_idle_timeout {classroom.CULL_IDLE_TIMEOUT} s, interval "
        f"{classroom.CULL_INTERVAL} s; the pool's {pool} waiting kernels stay)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="page loads per notebook")
    parser.add_argument("--changes", type=int, default=9, help="picker changes to time")
    parser.add_argument("--students", type=int, default=10, help="size of the Voilà class")
    parser.add_argument(
        "--pool", type=int, default=None, help="pre-heated kernels (default: jupyter_config)"
    )
    parser.add_argument("--class-only", action="store_true", help="only the Voilà class figures")
    args = parser.parse_args()
    chromium = harness.chromium_path()
    if chromium is None:
        print(f"chromium not found; {harness.INSTALL_HINT}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    with harness.chromium_browser(chromium) as browser:
        if not args.class_only:
            lab_figures(browser, args.runs, args.changes)
        class_figures(browser, args.students, args.pool)
    print(f"(whole browser run {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
