"""Browser benchmark: how fast the lessons render and the SERM picker repaints, in real chromium.

    .venv/bin/python scripts/bench_browser.py [--changes 7]

Uses the browser tests' harness (tests/browser/harness.py): a JupyterLab server on a temporary
copy of notebooks/ and Debian's chromium, headless. It prints numbers beside their targets and
asserts nothing: timings on a shared 2-core machine vary, so they are for reading, not for CI.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser import harness  # noqa: E402  (needs the repo root on sys.path first)

PICKER_TARGET_MS = 100
RENDER_TARGET_S = 2.0
# The picker cycles through these (lesson 01 opens on tamoxifen): each change is a real change.
PICKER_DRUGS = ("Raloxifene", "Tamoxifen", "Clomiphene citrate", "Ospemifene", "Bazedoxifene")


def picker_repaint_ms(lesson: harness.OpenLesson, changes: int) -> list[float]:
    """In-page time from a 'Drug:' change to the body map's repaint, once per change."""
    page = lesson.page
    # Measure with the explorer on screen, as a reader would see it.
    page.locator(f"{harness.PANEL} .jp-OutputArea-output select").first.scroll_into_view_if_needed()
    times = []
    for i in range(changes):
        drug = PICKER_DRUGS[i % len(PICKER_DRUGS)]  # never the drug already shown
        times.append(page.evaluate(harness.PICKER_REPAINT_JS, [0, drug]))
        page.wait_for_function(harness.KERNEL_DONE_JS, arg=lesson.expected.code_cells)
        page.wait_for_timeout(300)  # let the rest of the explorer settle between samples
    return times


def mark(ok: bool) -> str:
    return "ok" if ok else "OVER TARGET"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=7, help="picker changes to time")
    args = parser.parse_args()
    chromium = harness.chromium_path()
    if chromium is None:
        print(f"chromium not found; {harness.INSTALL_HINT}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    with harness.lab_server() as server, harness.chromium_browser(chromium) as browser:
        print(f"{'lesson':<24}{'open -> rendered':>18}{'kernel idle -> rendered':>26}")
        for notebook in harness.LESSONS:
            lesson = harness.open_and_run(browser, server, notebook)
            idle = lesson.idle_to_rendered
            print(
                f"{notebook:<24}{lesson.opened_to_rendered:>16.1f} s{idle:>24.2f} s"
                f"   target <= {RENDER_TARGET_S:.0f} s after idle: {mark(idle <= RENDER_TARGET_S)}"
            )
            if notebook.startswith("01"):
                times = picker_repaint_ms(lesson, args.changes)
            lesson.page.close()
            server.shut_down_kernels()
    median = statistics.median(times)
    print(
        f"\nSERM picker -> body map repainted (lesson 01, {len(times)} changes): "
        f"median {median:.0f} ms, min {min(times):.0f}, max {max(times):.0f}"
        f"   target <= {PICKER_TARGET_MS} ms: {mark(median <= PICKER_TARGET_MS)}"
    )
    print(f"(whole run {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
