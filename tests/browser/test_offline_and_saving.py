"""Coming back to a saved lesson, and nothing requested from outside 127.0.0.1, in a real browser.

* Save and reopen: a lesson is opened, run and saved, its kernel stopped, and the lesson opened
  again, as a learner coming back the next day. With the course's save hook (jupyter_config/) no
  explorer shows "Error displaying widget: model not found"; each says how to bring it back.
* No news prompt in a fresh profile, and no "Share chart" button on the charts plotly.io draws.
* Network: the dashboard (Voilà, as `make dashboard` starts it), the slides (jupyterlab-rise)
  and every page of the static site must request nothing off this machine. (Every lesson in
  JupyterLab is checked by `LessonChecks.test_nothing_fetched_from_the_network`.)
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from serm_lessons import saving
from tests.browser import classroom, harness
from tests.browser.harness import PANEL, SCREENSHOT_DIR, VIEWPORT

# Every chart of a live lesson is a course Chart (its mode bar from vocabulary.PLOTLY_CONFIG).


def _screenshot(page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)


# --- save, stop, reopen --------------------------------------------------------------------------


SAVED_LESSON = "03-academic.ipynb"  # explorers, and charts shown with lesson.figure


@pytest.fixture(scope="module")
def reopened(lab, browser):
    opened = harness.open_and_run(browser, lab, SAVED_LESSON)
    page = opened.page
    share_buttons = page.evaluate(
        f"""() => [...document.querySelectorAll('{PANEL} .serm-chart .js-plotly-plot')]
          .map(o => ({{share: o.querySelectorAll('[data-title^="Share"]').length,
                      download: o.querySelectorAll('[data-title^="Download"]').length}}))"""
    )
    path = lab.root / SAVED_LESSON
    before = path.stat().st_mtime_ns
    page.locator(f"{PANEL} .jp-Cell").first.click()
    page.keyboard.press("Control+s")
    # saved: the lesson's tab no longer shows unsaved changes (JupyterLab clears it once the
    # server has written the file), and the file on disk is the new one
    page.wait_for_function(f"() => !document.querySelector('{harness.DIRTY_TAB}')")
    deadline = time.monotonic() + 30
    while path.stat().st_mtime_ns == before and time.monotonic() < deadline:
        time.sleep(0.2)
    saved = json.loads(path.read_text(encoding="utf-8"))
    page.close()
    lab.shut_down_kernels()  # the learner's kernel is gone (culled, or the laptop closed)

    page = browser.new_page(viewport=VIEWPORT)
    outside = harness.record_requests_outside(page, (lab.base_url,))
    page.goto(lab.lab_url(SAVED_LESSON), wait_until="domcontentloaded")
    page.locator(f"{PANEL} .jp-Cell").first.wait_for(timeout=60000)
    page.wait_for_function(
        """() => document.querySelector('.jp-Dialog') ||
           [...document.querySelectorAll('.jp-Toolbar-kernelName')]
             .some(e => /python/i.test(e.textContent))""",
        timeout=60000,
    )
    harness.dismiss_kernel_dialog(page)
    page.wait_for_timeout(3000)  # time for widget views (or their errors) and any toast
    try:
        note = page.get_by_text("This explorer needs its cell run again.").first
        if note.count():
            note.scroll_into_view_if_needed()
        _screenshot(page, "03-academic-reopened")  # what a learner sees where an explorer was
        yield {
            "page": page,
            "saved": saved,
            "share_buttons": share_buttons,
            "outside": outside,
            "expected": harness.expected_from_notebook(harness.NOTEBOOKS_DIR / SAVED_LESSON),
            "lab": lab,
        }
    finally:
        page.close()
        lab.shut_down_kernels()


class TestSavedLessonComesBack:
    def test_the_saved_file_holds_no_widget_views_and_a_rerun_note_each(self, reopened):
        saved, expected = reopened["saved"], reopened["expected"]
        text = json.dumps(saved)
        assert saving.WIDGET_VIEW not in text, "a widget view was saved"
        notes = [
            o
            for cell in saved["cells"]
            for o in cell.get("outputs", [])
            if "".join(o.get("data", {}).get("text/markdown", "")) == saving.RERUN_NOTE
        ]
        assert len(notes) == expected.widgets  # explorers and charts alike: both are widgets

    def test_reopened_lesson_says_how_to_bring_the_explorers_back(self, reopened):
        # textContent: JupyterLab skips drawing cells out of view, which innerText leaves out
        text = reopened["page"].locator(PANEL).text_content()
        assert "Error displaying widget" not in text and "model not found" not in text
        assert text.count("This explorer needs its cell run again.") == reopened["expected"].widgets

    def test_no_news_prompt_and_news_off_in_settings(self, reopened):
        page, lab = reopened["page"], reopened["lab"]
        assert page.locator(".Toastify__toast", has_text="news").count() == 0
        settings = lab.api("GET", "/lab/api/settings/@jupyterlab/apputils-extension:notification")
        defaults = settings["schema"]["properties"]  # the course's overrides become the defaults
        assert defaults["fetchNews"]["default"] == "false"
        assert defaults["checkForUpdates"]["default"] is False

    def test_charts_have_no_share_button_but_keep_download(self, reopened):
        buttons = reopened["share_buttons"]  # every chart of the live lesson, before saving
        assert len(buttons) >= reopened["expected"].figures
        assert all(b["share"] == 0 and b["download"] >= 1 for b in buttons), buttons

    def test_reopening_requested_nothing_from_outside(self, reopened):
        assert reopened["outside"] == []


# --- the dashboard (Voilà) ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def voila_dashboard(chromium_executable):
    with classroom.voila_server() as server:  # as `make dashboard` runs it
        yield server.base, server.token


def test_dashboard_requests_nothing_from_outside(voila_dashboard, browser):
    base, token = voila_dashboard
    page = browser.new_page(viewport=VIEWPORT)
    outside = harness.record_requests_outside(page, (base,))
    try:
        page.goto(f"{base}/?token={token}", wait_until="domcontentloaded")
        page.wait_for_function(
            """() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0
                     && !/Loading widget/.test(document.body.textContent)""",
            timeout=120000,
        )
        page.wait_for_load_state("networkidle")  # late stylesheets and fonts
        _screenshot(page, "dashboard")
        assert "Error displaying widget" not in page.inner_text("body")
        assert outside == [], f"the dashboard requested: {outside}"
    finally:
        page.close()


# --- the slides (jupyterlab-rise) ----------------------------------------------------------------


@pytest.mark.parametrize("notebook", harness.LESSONS)
def test_slides_request_nothing_from_outside(notebook, lab, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    outside = harness.record_requests_outside(page, (lab.base_url,))
    try:
        page.goto(f"{lab.base_url}/rise/{notebook}?token={lab.token}", wait_until="load")
        page.locator(".reveal .slides section").first.wait_for(timeout=60000)
        page.wait_for_load_state("networkidle")  # the theme's stylesheet and its fonts
        _screenshot(page, f"slides-{Path(notebook).stem}")
        assert outside == [], f"the slides of {notebook} requested: {outside}"
    finally:
        page.close()
        lab.shut_down_kernels()


# --- the static site ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_dir(chromium_executable, built_site) -> Path:
    return built_site  # built once per session (tests/conftest.py)


def test_static_site_requests_nothing_from_outside(site_dir, browser):
    pages = sorted(site_dir.glob("*.html"))
    assert len(pages) == len(harness.LESSONS) + 1
    for path in pages:
        page = browser.new_page(viewport=VIEWPORT)
        outside = harness.record_requests_outside(page, ("file://",))
        try:
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_load_state("networkidle")  # anything the page asks for late
            assert outside == [], f"{path.name} requested: {outside}"
            plots = page.locator(".js-plotly-plot")
            if plots.count():
                page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30000)
                assert page.locator('.js-plotly-plot [data-title^="Share"]').count() == 0
                assert page.locator('.js-plotly-plot [data-title^="Download"]').count() >= 1
        finally:
            page.close()


def test_dashboard_charts_have_no_share_button(voila_dashboard, browser):
    base, token = voila_dashboard
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(f"{base}/?token={token}", wait_until="domcontentloaded")
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=120000)
        assert page.locator('.js-plotly-plot [data-title^="Download"]').count() >= 1
        assert page.locator('.js-plotly-plot [data-title^="Share"]').count() == 0
    finally:
        page.close()
