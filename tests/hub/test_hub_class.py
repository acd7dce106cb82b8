"""A class on a real JupyterHub: ten learners, each in headless chromium, on 127.0.0.1 only.

    make hub-test      # (SERM_HUB_TEST=1 .venv/bin/python -m pytest tests/hub -q)

One module-scoped run does what a class does, then the tests below assert on what happened:

1. JupyterHub + configurable-http-proxy + jupyterhub-idle-culler start (tests/hub/hub.py);
2. every learner logs in, follows the course's nbgitpuller link (serm_lessons.authoring.links) to a local
   clone of this repository's HEAD, runs lesson 1, changes the SERM picker, adds a note and saves
   (tests/hub/classroom.py), `HUB_CONCURRENCY` learners at a time;
3. with every tab closed, the culler must stop every server within its timeout plus a margin;
4. the instructor publishes an update; every learner follows the link again: the update arrives
   and their note is still there.

Each learner's server memory (RSS of jupyterhub-singleuser and its kernel) and time from the link
to a rendered lesson are printed at the end and written to test-artifacts/hub/figures.json.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hub import classroom
from tests.hub.conftest import FIGURES
from tests.hub.hub import is_alive, local_hub

LEARNERS = [f"learner-{i:02d}" for i in range(1, int(os.environ.get("HUB_LEARNERS", "10")) + 1)]
CONCURRENCY = int(os.environ.get("HUB_CONCURRENCY", "2"))  # the machine has 2 cores
CULL_TIMEOUT = 30  # s of inactivity before the culler stops a server (a real class: 30-60 min)
CULL_EVERY = 10  # s between the culler's checks
CULL_MARGIN = 60  # s on top of timeout + interval for activity reports and the stop itself
CLASS_BUDGET = 20 * 60  # s: no learner starts after this; the whole run is bounded by it
ARTIFACTS = classroom.ARTIFACTS


@dataclass
class ClassReport:
    runs: dict[str, classroom.LearnerRun]
    first_round: float  # s, all learners' first sessions
    cull_wait: float  # s from the last tab closed to no server running
    still_running: list[str]
    culled_in_log: int  # "Culling server" lines the culler wrote to the hub's log
    pids_alive_after_cull: list[int]
    second_round: float
    total: float
    listening: set[tuple[str, int, str]]


@pytest.fixture(scope="module")
def hub_class(hub_requirements, tmp_path_factory) -> ClassReport:
    started = time.monotonic()
    deadline = started + CLASS_BUDGET
    runs = {learner: classroom.LearnerRun(learner) for learner in LEARNERS}
    course = classroom.make_course_repo(tmp_path_factory.mktemp("course"))
    with local_hub(LEARNERS, CULL_TIMEOUT, CULL_EVERY, classroom.default_url(course)) as hub:
        with classroom.MemorySampler(hub, runs):
            classroom.run_class(hub, course, runs, classroom.first_session, CONCURRENCY, deadline)
        first_round = time.monotonic() - started
        cull_wait, still_running = classroom.wait_for_culling(
            hub, CULL_TIMEOUT + CULL_EVERY + CULL_MARGIN
        )
        culled = hub.log_text().count("Culling server")
        alive = [
            pid
            for run in runs.values()
            for pid in [run.server_pid, *run.kernel_pids]
            if pid and is_alive(pid)
        ]
        classroom.publish_update(course)
        second_started = time.monotonic()
        classroom.run_class(
            hub, course, runs, classroom.second_pull, CONCURRENCY, deadline, "pull_failures"
        )
        second_round = time.monotonic() - second_started
        (ARTIFACTS).mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "hub.log").write_text(hub.log_text(), encoding="utf-8")
    report = ClassReport(
        runs,
        first_round,
        cull_wait,
        still_running,
        culled,
        alive,
        second_round,
        time.monotonic() - started,
        set(hub.listening),
    )
    _publish_figures(report)
    return report


def test_every_learner_ran_lesson_1_clean_and_the_picker_worked(hub_class):
    failures = [f for run in hub_class.runs.values() for f in run.failures]
    assert not failures, "\n".join(failures)
    for run in hub_class.runs.values():
        assert run.memory is not None, f"{run.name}: no server memory recorded"


def test_the_culler_stopped_every_idle_server(hub_class):
    assert hub_class.still_running == [], (
        f"still running {hub_class.cull_wait:.0f} s after the last tab closed "
        f"(cull timeout {CULL_TIMEOUT} s): {hub_class.still_running}"
    )
    assert hub_class.culled_in_log >= len(LEARNERS), (
        f"the culler logged {hub_class.culled_in_log} culls for {len(LEARNERS)} learners"
    )
    assert hub_class.pids_alive_after_cull == [], (
        f"culled servers' processes (server or kernel) still alive: {hub_class.pids_alive_after_cull}"
    )


def test_everything_listened_on_loopback_only(hub_class):
    # The hub, the proxy, every learner's server and kernel: seen every 2 s while the class ran.
    assert hub_class.listening, "no listening sockets were seen (the watcher saw nothing)"
    exposed = sorted(s for s in hub_class.listening if s[0] not in {"127.0.0.1", "::1"})
    assert not exposed, f"listening beyond loopback: {exposed}"


def test_every_note_survived_the_second_pull(hub_class):
    failures = [f for run in hub_class.runs.values() for f in run.pull_failures]
    assert not failures, "\n".join(failures)


def _publish_figures(report: ClassReport) -> None:
    runs = [r for r in report.runs.values() if r.memory]
    rendered = [r.link_to_rendered for r in report.runs.values() if r.link_to_rendered]
    lines = [
        f"{len(report.runs)} learners, {CONCURRENCY} at a time, on {os.cpu_count()} cores; "
        f"load average at the end {os.getloadavg()[0]:.1f}",
        "memory in MiB (RSS: resident; USS: this learner's alone); CPU: server + kernel seconds",
        "learner     link->rendered  server  kernel  total  peak   USS    CPU  HTTP in  kernel msgs",
    ]
    for r in report.runs.values():
        m = r.memory
        memory = (
            f"{m.server_rss:6.0f}  {m.kernel_rss:6.0f}  {m.total_rss:5.0f}  {r.peak_rss:4.0f}  "
            f"{m.total_uss:4.0f}  {m.cpu_seconds:5.1f} s"
            if m
            else "     -       -      -     -     -       -"
        )
        lines.append(
            f"{r.name}  {r.link_to_rendered:10.1f} s  {memory}  {r.http_mib:5.1f} MiB"
            f"  {r.websocket_mib:6.1f} MiB"
        )
    summary = {}
    if runs:
        summary = {
            "learners": len(report.runs),
            "concurrency": CONCURRENCY,
            "cores": os.cpu_count(),
            "machine": platform.machine(),
            "load_average_end": round(os.getloadavg()[0], 1),
            "link_to_rendered_s": _stats(rendered),
            "server_rss_mib": _stats([r.memory.server_rss for r in runs]),
            "kernel_rss_mib": _stats([r.memory.kernel_rss for r in runs]),
            "total_rss_mib": _stats([r.memory.total_rss for r in runs]),
            "peak_rss_mib": _stats([r.peak_rss for r in runs if r.peak_rss]),
            "total_uss_mib": _stats([r.memory.total_uss for r in runs]),
            "server_cpu_s": _stats([r.memory.cpu_seconds for r in runs]),
            "http_in_mib": _stats([r.http_mib for r in runs]),
            "kernel_messages_in_mib": _stats([r.websocket_mib for r in runs]),
            "second_pull_s": _stats([r.second_pull for r in report.runs.values() if r.second_pull]),
            "first_round_s": round(report.first_round, 1),
            "cull_wait_s": round(report.cull_wait, 1),
            "cull_timeout_s": CULL_TIMEOUT,
            "second_round_s": round(report.second_round, 1),
            "total_s": round(report.total, 1),
        }
        for key in (
            "link_to_rendered_s",
            "total_rss_mib",
            "peak_rss_mib",
            "total_uss_mib",
            "server_cpu_s",
            "http_in_mib",
            "kernel_messages_in_mib",
        ):
            s = summary[key]
            lines.append(f"{key}: median {s['median']}, max {s['max']} (min {s['min']})")
    lines.append(
        f"first round {report.first_round:.0f} s; culler stopped every server "
        f"{report.cull_wait:.0f} s after the last tab closed (timeout {CULL_TIMEOUT} s, "
        f"check every {CULL_EVERY} s); second pulls {report.second_round:.0f} s; "
        f"total {report.total:.0f} s"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "figures.json").write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    FIGURES.extend(lines)
    FIGURES.append(f"figures: {Path(ARTIFACTS / 'figures.json').relative_to(classroom.REPO)}")


def _stats(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    return {
        "median": round(statistics.median(values), 1),
        "min": round(min(values), 1),
        "max": round(max(values), 1),
    }
