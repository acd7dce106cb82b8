"""Nothing requested from outside 127.0.0.1, in a real browser: the dashboard (Voilà, as
`make dashboard` starts it), the slides (jupyterlab-rise) and every page of the static site.
(Every lesson in JupyterLab is checked by `LessonChecks.test_nothing_fetched_from_the_network`.)
And no "Share chart" button on the dashboard's charts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import classroom, harness
from tests.browser.harness import VIEWPORT

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
        harness.save_page_screenshot(page, "dashboard")
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
        harness.save_page_screenshot(page, f"slides-{Path(notebook).stem}")
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
