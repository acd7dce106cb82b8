"""The class-on-a-hub test: skipped locally when what it needs is missing, failed with CI=true.

It takes several minutes (ten learners, each running lesson 1 in chromium, then the culler's
timeout), so it runs with `make hub-test` (which `make bench` and .ci/run call), not with every
`make test`: there it is skipped with a message saying how to run it.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.browser import harness
from tests.hub import hub

IN_CI = os.environ.get("CI", "").lower() == "true"
RUN_FLAG = "SERM_HUB_TEST"
FIGURES: list[str] = []


def missing(what: str) -> None:
    """Skip locally, fail in CI: a hub test that CI skips proves nothing."""
    if IN_CI:
        pytest.fail(f"CI=true but {what}", pytrace=False)
    pytest.skip(what)


@pytest.fixture(scope="session")
def hub_requirements() -> None:
    if os.environ.get(RUN_FLAG) != "1":
        pytest.skip(f"the hub tests take minutes: run them with `make hub-test` ({RUN_FLAG}=1)")
    if harness.chromium_path() is None:
        missing(f"chromium not found; {harness.INSTALL_HINT}")
    if shutil.which("git") is None:
        missing("git not found (nbgitpuller clones the course with it); apt-get install git")
    try:
        hub.ensure_hub_packages()
        hub.ensure_proxy()
    except hub.Missing as error:
        missing(str(error))


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.write_sep(
            "-", "make hub-test: a class on a local JupyterHub, Voilà culling"
        )
        for line in FIGURES:
            terminalreporter.write_line(line)
