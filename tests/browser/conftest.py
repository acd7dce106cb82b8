"""Fixtures for the real-browser tests: one JupyterLab server and one chromium per session, one
rendered lesson page per test class, and the vendored axe-core (tests/browser/vendor/).

Locally a missing chromium skips these tests with a one-line hint; with CI=true
it fails them, so CI can never pass by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import harness

IN_CI = os.environ.get("CI", "").lower() == "true"
TIMINGS: list[str] = []


_SKIP_REASONS: set[str] = set()


def _missing(what: str) -> None:
    """Skip locally, fail in CI: a browser suite that CI skips proves nothing."""
    if IN_CI:
        pytest.fail(f"CI=true but {what}", pytrace=False)
    _SKIP_REASONS.add(what)
    pytest.skip(what)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Report our 'not installed' skips from one place, so `-ra` folds them into one line."""
    report = (yield).get_result()
    if report.skipped and isinstance(report.longrepr, tuple):
        reason = report.longrepr[2].removeprefix("Skipped: ")
        if reason in _SKIP_REASONS:
            report.longrepr = (__file__, _missing.__code__.co_firstlineno, report.longrepr[2])


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = harness.chromium_path()
    if path is None:
        _missing(f"chromium not found; {harness.INSTALL_HINT}")
    return path


@pytest.fixture(scope="session")
def lab(chromium_executable):
    with harness.lab_server() as server:
        yield server


@pytest.fixture(scope="session")
def browser(chromium_executable):
    with harness.chromium_browser(chromium_executable) as chromium:
        yield chromium


AXE_DIR = Path(__file__).parent / "vendor" / "axe-core"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # axe-core 4.14.1, as recorded in vendor/axe-core/README.md


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's browser bundle, vendored (no registry needed), checked against its checksum."""
    import hashlib

    bundle = (AXE_DIR / "axe.min.js").read_bytes()
    assert hashlib.sha256(bundle).hexdigest() == AXE_SHA256, "vendored axe.min.js was changed"
    return bundle.decode("utf-8")


@pytest.fixture(scope="class")
def lesson(request, lab, browser):
    """The class's notebook, opened and run to the end; kernel shut after. (Its whole-notebook
    screenshots are saved by the chart-text check, at both window sizes.)"""
    notebook = request.cls.notebook
    opened = harness.open_and_run(browser, lab, notebook)
    try:
        TIMINGS.append(
            f"{notebook}: opened -> rendered {opened.opened_to_rendered:.1f} s, "
            f"kernel idle -> rendered {opened.idle_to_rendered:.2f} s"
        )
        yield opened
    finally:
        opened.page.close()
        lab.shut_down_kernels()


def pytest_terminal_summary(terminalreporter):
    if TIMINGS:
        terminalreporter.write_sep("-", "browser lessons")
        for line in TIMINGS:
            terminalreporter.write_line(line)
    if harness.SCREENSHOTS:
        terminalreporter.write_line(f"screenshots: {harness.SCREENSHOTS[0].parent}")
