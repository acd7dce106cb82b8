"""A class of learners on the local hub (hub.py), each in real headless chromium.

What each learner does is what an instructor asks of a class:

1. logs in (the hub's login form) and follows the course's nbgitpuller link for lesson 1, built by
   the project's own `serm_lessons.authoring.links.nbgitpuller_url`, whose `repo` points at a local bare
   clone of this repository's HEAD (the class test touches no network);
2. gets the course cloned into their own home, lesson 1 open in JupyterLab; runs every cell; the
   browser suite's own checks must pass (no error output, every widget and chart drawn, nothing
   fetched from off the machine) and its SERM-picker check must pass;
3. adds a note of their own to the lesson and saves it;
4. after the instructor publishes an update, comes back (`second_pull`): half follow the link
   again, half only log in (the hub's default URL is the same pull); the update must arrive and
   their note must still be there.

Learners run a few at a time (`concurrency`), each worker thread with its own Playwright and
chromium, as the sync API requires. The functions here collect results and failures; the test
(test_hub_class.py) asserts on them and prints the figures.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from playwright.sync_api import Error as PlaywrightError

from serm_lessons import load
from serm_lessons.authoring import links
from tests.browser import harness
from tests.browser import test_lesson_01_fundamentals as lesson_01
from tests.browser.checks import LessonChecks
from tests.hub.hub import Hub, Memory, child_pids, server_memory

REPO = harness.REPO
LESSON = links.LESSONS[0]  # notebooks/01-fundamentals.ipynb
NOTEBOOK = LESSON.path.rsplit("/", 1)[-1]
BRANCH = "main"
COURSE_DIR = links.check_repo(links.EXAMPLE_REPO)[1]  # the folder nbgitpuller clones into
ARTIFACTS = REPO / "test-artifacts" / "hub"
UPSTREAM_LINE = "Course update published after the first pull (hub test)."

# The browser suite's checks that say "the lesson ran clean" (tests/browser/checks.py), plus lesson
# 1's own picker check (tests/browser/test_lesson_01_fundamentals.py). Calling them, not copies,
# keeps this test in step when the browser suite changes how charts reach the page.
CLEAN_RUN_CHECKS = (
    LessonChecks.test_runs_without_error_output,
    LessonChecks.test_every_widget_displays,
    LessonChecks.test_every_chart_visible,
    LessonChecks.test_nothing_fetched_from_the_network,
)
PICKER_CHECK = lesson_01.TestFundamentals.test_drug_picker_redraws_body_map


# --- the course repository the learners pull ------------------------------------------------------


@dataclass
class CourseRepo:
    origin: (
        Path  # a bare repository named like the GitHub one: nbgitpuller names the folder after it
    )
    work: Path  # the instructor's clone, used to publish an update

    @property
    def url(self) -> str:
        return self.origin.as_uri()  # file://: git honours --depth for it (not for plain paths)


def _git(*args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Hub test", "-c", "user.email=hub-test@localhost", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def make_course_repo(tmp: Path) -> CourseRepo:
    """A bare clone of the current HEAD (committed files only) on branch `main`."""
    origin = tmp / "origin" / COURSE_DIR
    _git("init", "--quiet", "--bare", str(origin))
    _git("config", "receive.shallowUpdate", "true", cwd=origin)  # CI checkouts may be shallow
    _git("push", "--quiet", str(origin), f"HEAD:refs/heads/{BRANCH}", cwd=REPO)
    _git("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}", cwd=origin)
    work = tmp / "instructor" / COURSE_DIR
    _git("clone", "--quiet", "--branch", BRANCH, origin.as_uri(), str(work))
    return CourseRepo(origin, work)


def publish_update(course: CourseRepo) -> None:
    """The instructor changes a file the learners did not touch and pushes it."""
    readme = course.work / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + f"\n{UPSTREAM_LINE}\n", "utf-8")
    _git("commit", "--quiet", "-am", "Course update (hub test)", cwd=course.work)
    _git("push", "--quiet", "origin", BRANCH, cwd=course.work)


def course_link(hub_url: str, course: CourseRepo) -> str:
    """The project's nbgitpuller link for lesson 1, with `repo` pointed at the local clone.

    links.py writes the GitHub address of OWNER/NAME; the folder the course lands in and the page
    it opens (`urlpath`) come from it unchanged. Only the clone source is swapped, to a repository
    with the same NAME on this machine.
    """
    link = links.nbgitpuller_url(hub_url, links.EXAMPLE_REPO, BRANCH, LESSON.path)
    parts = urlsplit(link)
    query = dict(parse_qsl(parts.query, strict_parsing=True))
    assert query["repo"].rsplit("/", 1)[-1] == COURSE_DIR
    query["repo"] = course.url
    return parts._replace(query=urlencode(query, safe="")).geturl()


def default_url(course: CourseRepo) -> str:
    """The same link as a server's default URL (deploy/z2jh-config.yaml's singleuser.defaultUrl):
    a learner who only logs in also gets the course pulled and lesson 1 opened."""
    return "/" + course_link(links.EXAMPLE_HUB, course).split("/hub/user-redirect/", 1)[1]


def learner_lesson(hub: Hub, learner: str) -> Path:
    return hub.homes / learner / COURSE_DIR / LESSON.path


# --- one learner in the browser -------------------------------------------------------------------


@dataclass
class LearnerRun:
    name: str
    link_to_rendered: float = 0.0  # s: follow the link (spawn, pull, open, Run All) to all drawn
    idle_to_rendered: float = 0.0  # s: kernel idle after Run All to all drawn
    memory: Memory | None = None  # after the lesson rendered and the picker changed
    peak_rss: float = 0.0  # MiB: server + kernels, sampled every second during the session
    server_pid: int | None = None
    kernel_pids: list[int] = field(default_factory=list)
    http_mib: float = (
        0.0  # MiB received until the lesson rendered: JupyterLab's assets and API calls
    )
    websocket_mib: float = 0.0  # MiB of kernel messages (outputs, widget state) until rendered
    failures: list[str] = field(default_factory=list)  # first session: pull, lesson, picker, note
    pull_failures: list[str] = field(default_factory=list)  # second pull: update in, note kept
    second_pull: float = 0.0  # s: come back (spawn, merge, open) until the lesson is shown
    second_visit: str = ""  # "link" (the nbgitpuller link again) or "login" (default URL)


class _LearnerBrowser:
    """What harness.open_and_run asks of a browser: a page, here in the learner's logged-in
    context (a Browser's own new_page would open a fresh context with no hub cookie). It also
    counts the bytes the page receives (chromium's DevTools protocol): HTTP responses as sent
    on the wire, and kernel messages over the websocket."""

    def __init__(self, context):
        self.context = context
        self.http_bytes = 0
        self.websocket_bytes = 0

    def new_page(self, viewport=None):
        page = self.context.new_page()
        if viewport:
            page.set_viewport_size(viewport)
        cdp = self.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", self._http)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        return page

    def _http(self, event: dict) -> None:
        self.http_bytes += int(event.get("encodedDataLength", 0))

    def _frame(self, event: dict) -> None:
        frame = event.get("response", {})
        payload = frame.get("payloadData", "")
        if frame.get("opcode") == 2:  # a binary frame: DevTools hands it over base64-encoded
            self.websocket_bytes += len(payload) * 3 // 4 - payload[-2:].count("=")
        else:
            self.websocket_bytes += len(payload.encode("utf-8"))


@dataclass
class _LinkTarget:
    """What harness.open_and_run asks of a server: where the lesson's source is (to count its
    charts), the address requests may go to, and the URL to open (the nbgitpuller link)."""

    root: Path
    base_url: str
    link: str

    def lab_url(self, notebook: str) -> str:
        return self.link


def log_in(context, hub: Hub, learner: str, page=None, next_path: str | None = "/hub/home") -> None:
    """The hub's login form. With `next_path` /hub/home no server starts yet; with None the hub
    does what it does after a plain login: start the server and open its default URL."""
    own_page = page is None
    page = page or context.new_page()
    try:
        query = f"?next={quote(next_path, safe='')}" if next_path else ""
        page.goto(f"{hub.url}/hub/login{query}", wait_until="domcontentloaded")
        page.fill("#username_input", learner)
        page.fill("#password_input", hub.password)
        with page.expect_navigation():
            page.click("#login_submit")
        if "/hub/login" in page.url:
            raise AssertionError(f"{learner}: login refused")
    finally:
        if own_page:
            page.close()


def add_note_and_save(page, note: str) -> None:
    """A learner's own edit: a Markdown cell after the last one, then File > Save (Ctrl+S)."""
    last = page.locator(f"{harness.PANEL} .jp-Cell").last
    last.scroll_into_view_if_needed()
    last.locator(".jp-InputPrompt").first.click()  # selects the cell, command mode
    page.keyboard.press("Escape")
    page.keyboard.press("b")  # insert a cell below
    page.keyboard.press("m")  # make it Markdown
    page.keyboard.press("Enter")  # edit it
    page.keyboard.type(note)
    page.keyboard.press("Control+Enter")  # render it
    page.keyboard.press("Control+s")


def wait_for_file_text(path: Path, text: str, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(encoding="utf-8", errors="replace"):
            return True
        time.sleep(0.25)
    return False


def note_for(learner: str) -> str:
    return f"My note ({learner}): ERa in bone, agonist; in breast, antagonist."


def first_session(browser, hub: Hub, course: CourseRepo, learner: str, run: LearnerRun) -> None:
    context = browser.new_context(viewport=harness.VIEWPORT)
    try:
        log_in(context, hub, learner)
        target = _LinkTarget(course.work / "notebooks", hub.url, course_link(hub.url, course))
        learner_browser = _LearnerBrowser(context)
        lesson = harness.open_and_run(learner_browser, target, NOTEBOOK)
        run.link_to_rendered = lesson.opened_to_rendered
        run.http_mib = learner_browser.http_bytes / 2**20
        run.websocket_mib = learner_browser.websocket_bytes / 2**20
        run.idle_to_rendered = lesson.idle_to_rendered
        home_copy = learner_lesson(hub, learner)
        if not home_copy.exists():
            run.failures.append(f"the course is not in {learner}'s home ({home_copy})")
        checks = lesson_01.TestFundamentals()
        for check in CLEAN_RUN_CHECKS:
            _record(run, check.__name__, lambda check=check: check(checks, lesson), lesson)
        _record(run, PICKER_CHECK.__name__, lambda: PICKER_CHECK(checks, lesson, load()), lesson)
        run.server_pid = hub.server_pid(learner)
        if run.server_pid:
            run.memory = server_memory(run.server_pid, detailed=True)
            run.kernel_pids = child_pids(run.server_pid)
        note = note_for(learner)
        add_note_and_save(lesson.page, note)
        if not wait_for_file_text(home_copy, note):
            run.failures.append(f"{learner}'s note was not saved to {home_copy}")
    finally:
        context.close()  # the learner closes the tab; the server and kernel stay until culled


def second_pull(browser, hub: Hub, course: CourseRepo, learner: str, run: LearnerRun) -> None:
    """After an update, the learner comes back: every other learner follows the same link again,
    the rest just log in (the server's default URL is the same nbgitpuller pull). Either way the
    update must be merged in and their note kept."""
    via_link = int(learner.rsplit("-", 1)[-1]) % 2 == 0
    run.second_visit = "link" if via_link else "login"
    context = browser.new_context(viewport=harness.VIEWPORT)
    try:
        if via_link:
            log_in(context, hub, learner)
            page = context.new_page()
            started = time.perf_counter()
            page.goto(course_link(hub.url, course), wait_until="domcontentloaded")
        else:
            page = context.new_page()
            started = time.perf_counter()
            log_in(context, hub, learner, page=page, next_path=None)
        page.locator(f"{harness.PANEL} .jp-Cell").first.wait_for(timeout=120_000)
        run.second_pull = time.perf_counter() - started
        if f"/lab/tree/{COURSE_DIR}/{LESSON.path}" not in page.url:
            run.pull_failures.append(f"{learner} ({run.second_visit}): landed on {page.url}")
        home = hub.homes / learner / COURSE_DIR
        where = f"{learner} ({run.second_visit})"
        if not wait_for_file_text(home / "README.md", UPSTREAM_LINE, timeout=5):
            run.pull_failures.append(f"{where}: the update did not arrive in their home")
        if not wait_for_file_text(home / LESSON.path, note_for(learner), timeout=1):
            run.pull_failures.append(f"{where}: their note did not survive the second pull")
        cells = json.loads((home / LESSON.path).read_text(encoding="utf-8"))["cells"]
        if not any(note_for(learner) in "".join(c["source"]) for c in cells):
            run.pull_failures.append(f"{where}: lesson 1 no longer holds their note as a cell")
        harness.dismiss_kernel_dialog(page)
    finally:
        context.close()


def _record(run: LearnerRun, name: str, check: Callable[[], None], lesson=None) -> None:
    """Run one check; a failure (assertion or a page error) is recorded with evidence."""
    try:
        check()
    except (AssertionError, PlaywrightError) as error:
        detail = str(error).strip().splitlines()[0][:500]
        run.failures.append(f"{run.name}: {name}: {detail}")
        if lesson is not None:
            run.failures.append(f"{run.name}: evidence: {_evidence(lesson, run.name)}")


# For each chart on the page: how many traces plotly holds (an empty chart has none) and its title.
PLOTS_STATE_JS = f"""() => [...document.querySelectorAll('{harness.PANEL} .js-plotly-plot')]
  .map(gd => ({{traces: Array.isArray(gd.data) ? gd.data.length : null,
               title: ((gd.layout && gd.layout.title && gd.layout.title.text) || '').slice(0, 40),
               svg: !!gd.querySelector('.main-svg')}}))"""


def _evidence(lesson, learner: str) -> str:
    """A screenshot, the state of every chart and the page's console errors, for the report."""
    page = lesson.page
    try:
        shot = ARTIFACTS / f"{learner}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        plots = page.evaluate(PLOTS_STATE_JS)
        page.wait_for_timeout(10_000)  # a late chart would fill in by now; an empty one stays
        later = page.evaluate(PLOTS_STATE_JS)
    except PlaywrightError as error:
        return f"(no evidence: {str(error).splitlines()[0]})"
    errors = "; ".join(lesson.console_errors[-5:]) or "none"
    return f"screenshot {shot}; charts {plots}; 10 s later {later}; console errors: {errors}"


# --- the class ------------------------------------------------------------------------------------


def run_class(
    hub: Hub,
    course: CourseRepo,
    runs: dict[str, LearnerRun],
    session: Callable,
    concurrency: int,
    deadline: float,
    failures: str = "failures",
) -> None:
    """Run `session` for every learner, `concurrency` at a time, each worker with its own chromium.
    A learner not started by `deadline` (time.monotonic) is recorded as a failure, not run; any
    error is recorded in the run's list named `failures`."""
    todo: queue.Queue[str] = queue.Queue()
    for learner in runs:
        todo.put(learner)

    def worker() -> None:
        with harness.chromium_browser(harness.chromium_path()) as browser:
            while True:
                try:
                    learner = todo.get_nowait()
                except queue.Empty:
                    return
                run = runs[learner]
                record = getattr(run, failures)
                if time.monotonic() > deadline:
                    record.append(f"{learner}: not started: the class ran out of time")
                    continue
                try:
                    session(browser, hub, course, learner, run)
                except Exception as error:  # one learner's failure must not hide the others'
                    detail = traceback.format_exception_only(error)[-1].strip()[:500]
                    record.append(f"{learner}: {session.__name__}: {detail}")

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic() + 300))


class MemorySampler:
    """Every second, the RSS of each running learner's server and kernels; keeps each peak."""

    def __init__(self, hub: Hub, runs: dict[str, LearnerRun], interval: float = 1.0):
        self.hub, self.runs, self.interval = hub, runs, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        pids: dict[str, int] = {}
        while not self._stop.wait(self.interval):
            for learner in self.hub.running():
                if learner not in pids or server_memory(pids[learner]) is None:
                    pid = self.hub.server_pid(learner)
                    if pid:
                        pids[learner] = pid
                memory = server_memory(pids[learner]) if learner in pids else None
                if memory:
                    run = self.runs[learner]
                    run.peak_rss = max(run.peak_rss, memory.total_rss)


def wait_for_culling(hub: Hub, timeout: float) -> tuple[float, list[str]]:
    """Seconds until the hub reports no running server (or timeout); who is still running."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        running = hub.running()
        if not running:
            return time.monotonic() - start, []
        time.sleep(2)
    return time.monotonic() - start, hub.running()
