"""Coming back to a saved lesson, in a real browser.

* Save and reopen: a lesson is opened, run and saved, its kernel stopped, and the lesson opened
  again, as a learner coming back the next day. With the course's save hook (jupyter_config/) no
  explorer shows "Error displaying widget: model not found"; each says how to bring it back.
* No news prompt in a fresh profile, and no "Share chart" button on the charts plotly.io draws.
* Reopening requests nothing off this machine (the dashboard, the slides and the static site:
  test_network.py).
"""

from __future__ import annotations

import json
import time

import pytest

from serm_lessons import saving
from tests.browser import harness
from tests.browser.harness import PANEL, VIEWPORT

# Every chart of a live lesson is a course Chart (its mode bar from vocabulary.PLOTLY_CONFIG).


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
        harness.save_page_screenshot(
            page, "03-academic-reopened"
        )  # what a learner sees where an explorer was
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
