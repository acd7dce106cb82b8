"""A throwaway JupyterHub on 127.0.0.1 for the class test, and the pieces it needs.

`local_hub()` starts JupyterHub (this venv's, with tests/hub/jupyterhub_config.py) behind
configurable-http-proxy (npm, installed into tests/hub/node_modules, never globally), with a random
proxy token, cookie secret, learner password and API token, a temporary home per learner, and
jupyterhub-idle-culler as a service. On exit it stops the hub (which stops the learners' servers and
the proxy) and then ends any process it started that is still alive. Nothing here asserts.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "jupyterhub_config.py"
PROXY_PACKAGE = "configurable-http-proxy@5"
PROXY_BIN = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
BIN = Path(sys.executable).parent  # the venv's bin/: jupyterhub, jupyterhub-singleuser
NPM_HINT = "install Node.js and npm (apt-get install npm)"


class Missing(RuntimeError):
    """Something the hub test needs is not installed (the caller skips or fails)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_proxy(timeout: float = 300.0) -> Path:
    """configurable-http-proxy in tests/hub/node_modules (npm, local, not saved to any manifest)."""
    if PROXY_BIN.exists():
        return PROXY_BIN
    npm = shutil.which("npm")
    if npm is None:
        raise Missing(f"npm not found (needed for configurable-http-proxy); {NPM_HINT}")
    if shutil.which("node") is None:
        raise Missing(f"node not found (configurable-http-proxy runs on Node.js); {NPM_HINT}")
    result = subprocess.run(
        [npm, "install", "--prefix", str(HERE), "--no-save", "--no-audit", "--no-fund"]
        + ["--loglevel=error", PROXY_PACKAGE],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0 or not PROXY_BIN.exists():
        raise Missing(f"`npm install {PROXY_PACKAGE}` failed: {result.stderr.strip()[-400:]}")
    return PROXY_BIN


def ensure_hub_packages() -> None:
    for command in ("jupyterhub", "jupyterhub-singleuser"):
        if not (BIN / command).exists():
            raise Missing(f"{command} is not in {BIN}; run `make hub-test` (installs '.[hub]')")


@dataclass
class Hub:
    url: str  # what learners open: the proxy's public address
    password: str
    learners: list[str]
    homes: Path
    api_token: str
    process: subprocess.Popen
    log_path: Path
    # (address, port, command) of every listening socket seen among the hub's processes
    listening: set[tuple[str, int, str]] = field(default_factory=set)

    def api(self, method: str, path: str, body: dict | None = None) -> object:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}",
            method=method,
            data=data,
            headers={"Authorization": f"token {self.api_token}"},
        )
        with urllib.request.urlopen(request, timeout=15) as response:
            text = response.read()
        return json.loads(text) if text else None

    def server(self, learner: str) -> dict | None:
        """The learner's default server as the hub sees it (None when stopped)."""
        model = self.api("GET", f"/users/{learner}")
        return model.get("servers", {}).get("")

    def server_pid(self, learner: str) -> int | None:
        server = self.server(learner)
        return (server or {}).get("state", {}).get("pid") or None

    def running(self) -> list[str]:
        users = self.api("GET", "/users?state=active") or []
        return sorted(u["name"] for u in users if u.get("servers", {}).get(""))

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])


@contextmanager
def local_hub(
    learners: list[str],
    cull_timeout: int,
    cull_every: int,
    default_url: str = "/lab",
    activity_interval: int = 5,
    startup_timeout: float = 90.0,
) -> Iterator[Hub]:
    ensure_hub_packages()
    proxy = ensure_proxy()
    with tempfile.TemporaryDirectory(prefix="serm-hub-") as tmp:
        run_dir = Path(tmp)
        homes = run_dir / "home"
        homes.mkdir()
        settings = hub_settings(
            run_dir, learners, proxy, cull_timeout, cull_every, default_url, activity_interval
        )
        settings_path = write_settings(run_dir, settings)
        port = settings["port"]
        env = {**os.environ, "SERM_HUB_SETTINGS": str(settings_path)}
        env.pop("JUPYTERHUB_API_TOKEN", None)
        log_path = run_dir / "hub.log"
        with open(log_path, "w", encoding="utf-8") as log:
            process = subprocess.Popen(
                [str(BIN / "jupyterhub"), "-f", str(CONFIG)],
                cwd=run_dir,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        hub = Hub(
            f"http://127.0.0.1:{port}",
            settings["password"],
            learners,
            homes,
            settings["api_token"],
            process,
            log_path,
        )
        # Every process the hub starts (proxy, culler, servers, kernels), recorded as it appears,
        # so that one orphaned by a crash is still ended at exit.
        started: dict[int, psutil.Process] = {}
        stop_watching = threading.Event()
        watcher = threading.Thread(
            target=_watch_descendants,
            args=(process, started, hub.listening, stop_watching),
            daemon=True,
        )
        watcher.start()
        try:
            _wait_until_up(hub, startup_timeout)
            yield hub
        finally:
            stop_watching.set()
            watcher.join(timeout=10)
            _record_descendants(process, started)
            _stop(process, started)


def hub_settings(
    run_dir: Path,
    learners: list[str],
    proxy: Path,
    cull_timeout: int,
    cull_every: int,
    default_url: str = "/lab",
    activity_interval: int = 5,
) -> dict:
    """What tests/hub/jupyterhub_config.py reads: free loopback ports and fresh random secrets."""
    return {
        "dir": str(run_dir),
        "homes": str(run_dir / "home"),
        "port": free_port(),
        "hub_port": free_port(),
        "proxy_api_port": free_port(),
        "proxy_command": str(proxy),
        "proxy_token": secrets.token_hex(32),
        "cookie_secret": secrets.token_hex(32),
        "password": secrets.token_urlsafe(16),
        "api_token": secrets.token_hex(32),
        "learners": learners,
        "singleuser": str(BIN / "jupyterhub-singleuser"),
        "cull_timeout": cull_timeout,
        "cull_every": cull_every,
        "activity_interval": activity_interval,
        "default_url": default_url,
    }


def write_settings(run_dir: Path, settings: dict) -> Path:
    """The settings as a file only its owner can read (they hold the secrets)."""
    path = run_dir / "settings.json"
    path.touch(mode=0o600)
    path.write_text(json.dumps(settings), encoding="utf-8")
    return path


def _wait_until_up(hub: Hub, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited at startup:\n{hub.log_tail()}")
        try:
            hub.api("GET", "/")  # the version: answers once the hub is up
            return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.5)
    raise RuntimeError(f"JupyterHub did not answer within {timeout:.0f} s:\n{hub.log_tail()}")


def _watch_descendants(
    process: subprocess.Popen,
    seen: dict[int, psutil.Process],
    listening: set[tuple[str, int, str]],
    stop: threading.Event,
) -> None:
    """Every 2 s: note new descendants, and where each of them (and the hub) listens."""
    while not stop.wait(2.0):
        _record_descendants(process, seen)
        for proc in [psutil.Process(process.pid), *seen.values()]:
            with suppress(psutil.Error):
                for conn in proc.net_connections(kind="inet"):
                    if conn.status == psutil.CONN_LISTEN:
                        listening.add((conn.laddr.ip, conn.laddr.port, proc.name()))


def _record_descendants(process: subprocess.Popen, seen: dict[int, psutil.Process]) -> None:
    try:
        for child in psutil.Process(process.pid).children(recursive=True):
            seen[child.pid] = child
    except psutil.NoSuchProcess:
        pass


def _stop(process: subprocess.Popen, started: dict[int, psutil.Process]) -> None:
    """SIGTERM to the hub (it stops servers and proxy itself), then end what it left behind."""
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    leftovers = [p for p in started.values() if p.is_running()]
    for proc in leftovers:
        with suppress(psutil.NoSuchProcess):
            proc.terminate()
    _gone, alive = psutil.wait_procs(leftovers, timeout=10)
    for proc in alive:
        with suppress(psutil.NoSuchProcess):
            proc.kill()


# --- memory of a learner's server -------------------------------------------------------------


@dataclass
class Memory:
    server_rss: float  # MiB: jupyterhub-singleuser (Jupyter Server + JupyterLab)
    kernel_rss: float  # MiB: the kernel(s) it started
    total_uss: float  # MiB: memory only this learner's processes use (no shared pages)
    cpu_seconds: float = 0.0  # user + system CPU time of the server and its kernels so far

    @property
    def total_rss(self) -> float:
        return self.server_rss + self.kernel_rss


def server_memory(pid: int, detailed: bool = False) -> Memory | None:
    """RSS of the server and its kernels (children); USS too when `detailed` (reads smaps)."""
    try:
        server = psutil.Process(pid)
        procs = [server, *server.children(recursive=True)]
        rss = {p.pid: p.memory_info().rss for p in procs}
        uss = sum(p.memory_full_info().uss for p in procs) if detailed else 0
        cpu = sum(sum(p.cpu_times()[:2]) for p in procs) if detailed else 0.0
    except psutil.NoSuchProcess:
        return None
    mb = 1024 * 1024
    kernels = sum(v for k, v in rss.items() if k != pid)
    return Memory(rss[pid] / mb, kernels / mb, uss / mb, cpu)


def child_pids(pid: int) -> list[int]:
    """The processes a server started (its kernels)."""
    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def is_alive(pid: int) -> bool:
    """True while the process runs (a zombie, exited but not yet reaped, does not count)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
