"""The static site in a real browser: the body map's drug menu keeps the page in step (issue 13).

After the menu picks another drug, the figure description under the map names that drug (a screen
reader would otherwise read the first drug's effects), the grid's outline moves to its row, and the
menu's list opens fully inside the page.
"""

from __future__ import annotations

import pytest

from serm_lessons import figures
from serm_lessons.authoring import execute, site
from serm_lessons.authoring.links import LESSONS
from tests.browser.harness import (
    SCREENSHOT_DIR,
    SMALL_VIEWPORT,
    VIEWPORT,
    record_requests_outside,
)


@pytest.fixture(scope="module")
def lesson_page(chromium_executable, browser, built_site):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = built_site / site.page_name(LESSONS[0])  # the site is built once per session
    page = browser.new_page(viewport=VIEWPORT)
    requests = record_requests_outside(page, ("file:",))
    page.goto(path.as_uri())
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 2"
    )
    yield page, requests
    page.close()


def _body_map(page):
    return page.locator(".js-plotly-plot").filter(has=page.locator(".updatemenu-header")).first


def test_menu_keeps_description_and_grid_outline_in_step(lesson_page, course):
    page, requests = lesson_page
    body_map = _body_map(page)
    body_map.scroll_into_view_if_needed()
    body_map.locator(".updatemenu-header").first.click()
    buttons = body_map.locator(".updatemenu-dropdown-button")
    assert buttons.count() == len(course.serms)
    # every entry of the open list is inside the chart (plotly clips at the chart's edge)
    svg = body_map.locator(".main-svg").first.bounding_box()
    last = buttons.nth(buttons.count() - 1).bounding_box()
    assert last["y"] + last["height"] <= svg["y"] + svg["height"] + 1, "the menu list is clipped"
    page.screenshot(path=str(SCREENSHOT_DIR / "site-01-menu-open.png"))
    body_map.locator(
        ".updatemenu-dropdown-button", has_text=course.serm_name("raloxifene")
    ).first.click()
    expected = figures.alt_text(figures.body_map(course, "raloxifene"))
    page.wait_for_function(
        "(want) => [...document.querySelectorAll('p.serm-alt')].some(p => p.textContent.includes(want))",
        arg=expected,
    )
    description = body_map.evaluate(
        """gd => { const all = [...document.querySelectorAll('.js-plotly-plot, p.serm-alt')];
             return all.slice(all.indexOf(gd) + 1).find(e => e.matches('p.serm-alt')).textContent; }"""
    )
    assert expected in description and "Tamoxifen." not in description
    grid = page.locator(".js-plotly-plot").filter(has_text="Each drug, tissue by tissue").first
    row = list(course.serms["serm"]).index("raloxifene")
    y0 = grid.evaluate("gd => gd.layout.shapes[0].y0")
    assert y0 == row - 0.5, "the grid's outline did not follow the menu"
    assert requests == []


def test_page_says_what_it_offers_instead_of_running_cells(lesson_page):
    page, _ = lesson_page
    text = page.inner_text("body")
    assert "Shift + Enter" not in text and execute.STATIC_RUN_TEXT in text
    assert "On this static copy:" in text
    for viewport, name in ((VIEWPORT, "1400x1000"), (SMALL_VIEWPORT, "1280x720")):
        page.set_viewport_size(viewport)
        page.screenshot(
            path=str(SCREENSHOT_DIR / f"site-01-fundamentals-{name}.png"), full_page=True
        )
