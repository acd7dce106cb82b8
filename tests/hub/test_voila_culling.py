"""Voilà for a projector, with culling on: a closed tab's kernel is stopped, the open one is kept.

Voilà starts a kernel for every page load and, by default, never stops it (culling is off), so a
dashboard reloaded through a lecture leaves kernels behind. docs/deploy.md gives the settings that
fix it; this test runs the dashboard with them (short timeouts) on 127.0.0.1 with a token, opens
it twice in headless chromium, closes one tab and checks that only that tab's kernel is culled,
while the one still on screen (connected) keeps running. It prints the kernel's memory.

Runs with `make hub-test`, like the class test (SERM_HUB_TEST=1).
"""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from tests.browser import harness
from tests.browser.checks import JS_ERROR, WIDGET_ERROR
from tests.hub.conftest import FIGURES
from tests.hub.hub import free_port, is_alive

REPO = harness.REPO
DASHBOARD = REPO / "notebooks" / "dashboard.ipynb"
CULL_IDLE_TIMEOUT = 15  # s; docs/deploy.md suggests 900 for a lecture
CULL_INTERVAL = 5  # s


def voila_command(port: int, token: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "voila",
        str(DASHBOARD),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        f"--Voila.token={token}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_TIMEOUT}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL}",
        "--MappingKernelManager.cull_connected=False",
    ]


def kernels_of(process: subprocess.Popen) -> list[psutil.Process]:
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [p for p in children if is_alive(p.pid) and "ipykernel" in " ".join(p.cmdline())]


def wait_for(condition, timeout: float, interval: float = 0.5) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(interval)
    return None


@pytest.fixture
def voila_server(hub_requirements):
    port, token = free_port(), secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="serm-voila-") as tmp:
        log_path = Path(tmp) / "voila.log"
        with open(log_path, "w", encoding="utf-8") as log:
            process = subprocess.Popen(
                voila_command(port, token), cwd=REPO, stdout=log, stderr=subprocess.STDOUT
            )
        url = f"http://127.0.0.1:{port}/?token={token}"
        try:

            def up() -> bool:  # the port answers (a page request would start a kernel)
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    return True
                except OSError:
                    return process.poll() is not None

            wait_for(up, 60)
            if process.poll() is not None:
                pytest.fail(f"Voilà exited:\n{log_path.read_text(encoding='utf-8')[-2000:]}")
            yield process, url
        finally:
            for kernel in kernels_of(process):
                kernel.terminate()
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_closed_tab_kernel_is_culled_and_the_projector_kept(voila_server):
    process, url = voila_server
    with harness.chromium_browser(harness.chromium_path()) as browser:
        projector = browser.new_page(viewport=harness.VIEWPORT)
        reloaded = browser.new_page(viewport=harness.VIEWPORT)
        for page in (projector, reloaded):
            page.goto(url, wait_until="domcontentloaded")
            page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=180_000)
        assert wait_for(lambda: len(kernels_of(process)) == 2, 30) is not None, "not two kernels"
        memory = [k.memory_info().rss / 1024**2 for k in kernels_of(process)]
        server = psutil.Process(process.pid).memory_info().rss / 1024**2

        reloaded.close()  # a tab closed (or reloaded): its kernel is now idle and disconnected
        culled_after = wait_for(
            lambda: len(kernels_of(process)) == 1, CULL_IDLE_TIMEOUT + 3 * CULL_INTERVAL + 30
        )
        assert culled_after is not None, "the closed tab's kernel was not culled"
        # The projector's page stays open and idle past the timeout: its kernel must survive.
        time.sleep(CULL_IDLE_TIMEOUT + 2 * CULL_INTERVAL)
        assert len(kernels_of(process)) == 1, "the open (connected) page's kernel was culled"
        text = projector.locator("body").inner_text()
        assert WIDGET_ERROR not in text and JS_ERROR not in text
        projector.close()
    FIGURES.append(
        f"Voilà dashboard: server {server:.0f} MiB RSS, kernel {max(memory):.0f} MiB RSS; "
        f"closed tab's kernel culled {culled_after:.0f} s after the tab closed "
        f"(cull_idle_timeout {CULL_IDLE_TIMEOUT} s, cull_interval {CULL_INTERVAL} s); "
        "the open page's kernel kept (cull_connected=False)"
    )
