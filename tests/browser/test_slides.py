"""The slide decks `make slides` writes, at a projector's 1280 x 720 (issue 13).

The decks (serm_lessons.authoring.slides): every lesson is
built from a copy with its outputs stripped, as on a fresh clone where nobody has run or saved
anything, and each deck must still show every chart drawn and every self-check, with no code, each
slide inside the screen or scrolling (and saying so), nothing fetched from off this machine and
no serious axe finding. Screenshots of every slide are kept (deck-<lesson>-<slide>.png).
The live slide view in JupyterLab is checked in test_slides_live.py.
"""

from __future__ import annotations

import json
import re

import pytest

from serm_lessons.authoring import slides as slide_decks
from serm_lessons.authoring.links import LESSONS as PAGES
from tests.browser import checks, harness

# --- the decks `make slides` writes ------------------------------------------------------------

DECK_SLIDE_JS = r"""() => {
  const slide = Reveal.getCurrentSlide();
  const box = slide.getBoundingClientRect();
  const style = getComputedStyle(slide);
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const plots = [...slide.querySelectorAll('.js-plotly-plot')];
  return {
    indices: Reveal.getIndices(),
    box: {left: box.left, top: box.top, right: box.right, bottom: box.bottom},
    scroll: slide.scrollHeight, client: slide.clientHeight, overflow: style.overflowY,
    cue: slide.classList.contains('serm-more-below'),
    wide: slide.scrollWidth - slide.clientWidth,
    code: [...slide.querySelectorAll('.jp-CodeCell .jp-InputArea')].filter(visible).length,
    plots: plots.length,
    drawn: plots.filter(p => p.querySelector('.main-svg') && visible(p)).length,
    plot_boxes: plots.map(p => { const r = p.getBoundingClientRect();
                                 return {left: r.left, right: r.right}; }),
    quizzes: [...slide.querySelectorAll('.Quiz')].filter(visible).map(q => {
      const r = q.getBoundingClientRect();
      return {left: r.left, right: r.right, answers: q.querySelectorAll('.MCButton').length}; }),
    outputs: [...slide.querySelectorAll('.jp-OutputArea-output')].filter(visible).length,
    text: slide.innerText.trim().slice(0, 60),
    code_text: /from serm_lessons import|quiz\.show\(|lesson\.\w+\(course/.test(slide.innerText),
  };
}"""

# The deck says which slide is ready once the shown slide's charts are redrawn (slides.py).
SLIDE_READY_JS = """() => { const at = Reveal.getIndices();
  return document.documentElement.dataset.sermShown === `${at.h}.${at.v || 0}`; }"""

AXE_SLIDE_JS = """async () => {
  const result = await axe.run(Reveal.getCurrentSlide(), {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                              summary: n.failureSummary}))
  }));
}"""


@pytest.fixture(scope="module")
def fresh_decks(built_decks, chromium_executable):
    """`make slides` on a fresh checkout: the lessons with no outputs, never run or saved
    (tests/conftest.py builds them once for the run, with the static site)."""
    return built_decks


def _quiz_cells(notebook: str) -> int:
    cells = json.loads((harness.NOTEBOOKS_DIR / notebook).read_text("utf-8"))["cells"]
    return sum(
        1
        for cell in cells
        if cell["cell_type"] == "code" and re.search(r"\bquiz\.show\(", "".join(cell["source"]))
    )


@pytest.fixture(scope="module", params=PAGES, ids=lambda page: page.stem)
def deck(request, fresh_decks, browser, axe_source):
    """One deck walked from its first slide to its last at 1280 x 720, axe run on each slide."""
    page_info = request.param
    page = browser.new_page(viewport=harness.SMALL_VIEWPORT)
    requests = harness.record_requests_outside(page, ("file:",))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((fresh_decks / slide_decks.deck_name(page_info)).as_uri())
    page.wait_for_function("() => document.documentElement.dataset.sermSlides === 'ready'")
    page.add_script_tag(content=axe_source)
    harness.SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    states, findings = [], []
    total = page.evaluate("() => Reveal.getTotalSlides()")
    for number in range(total):
        page.wait_for_function(SLIDE_READY_JS)  # its charts are redrawn at the slide's size
        state = page.evaluate(DECK_SLIDE_JS)
        states.append(state)
        where = f"slide {number + 1} ({state['text'][:40]!r})"
        findings += [
            {**v, "help": f"{where}: {v['help']}"}
            for v in page.evaluate(AXE_SLIDE_JS)
            if v["impact"] in ("serious", "critical")
        ]
        page.screenshot(
            path=str(harness.SCREENSHOT_DIR / f"deck-{page_info.stem}-{number + 1:02d}.png")
        )
        if page.evaluate("() => Reveal.isLastSlide()"):
            break
        page.evaluate("() => Reveal.next()")
    page.set_viewport_size(harness.VIEWPORT)  # the same deck scaled to a 1400 x 1000 window
    page.evaluate("() => Reveal.slide(0, 0)")
    page.wait_for_timeout(300)
    page.screenshot(path=str(harness.SCREENSHOT_DIR / f"deck-{page_info.stem}-1400x1000.png"))
    try:
        yield {
            "browser_page": page,
            "page": page_info,
            "states": states,
            "total": total,
            "requests": requests,
            "errors": errors,
            "findings": findings,
        }
    finally:
        page.close()


def test_deck_reaches_every_slide_without_errors(deck):
    assert len(deck["states"]) == deck["total"] >= 6, "the walk did not reach the last slide"
    assert deck["errors"] == [], f"script errors in the deck: {deck['errors']}"


def test_deck_draws_every_chart_on_a_fresh_checkout(deck):
    expected = harness.expected_from_notebook(
        harness.NOTEBOOKS_DIR / deck["page"].path.split("/")[-1]
    )
    plots = sum(state["plots"] for state in deck["states"])
    drawn = sum(state["drawn"] for state in deck["states"])
    assert plots == expected.figures, (
        f"{plots} charts in the deck, the lesson shows {expected.figures}"
    )
    assert drawn == plots, f"only {drawn} of {plots} charts were drawn when their slide was shown"


def test_deck_shows_every_self_check_inside_its_slide(deck):
    quiz_slides = [state for state in deck["states"] if state["quizzes"]]
    assert len(quiz_slides) == _quiz_cells(deck["page"].path.split("/")[-1])
    for state in quiz_slides:
        for quiz in state["quizzes"]:
            assert quiz["answers"] >= 2, f"a self-check without answers: {state['text']!r}"
            assert (
                state["box"]["left"] - 1 <= quiz["left"]
                and quiz["right"] <= state["box"]["right"] + 1
            ), f"a self-check runs off the side of {state['text']!r}"


def test_deck_self_check_answers_on_its_slide(deck):
    page = deck["browser_page"]
    first = next(state for state in deck["states"] if state["quizzes"])
    page.evaluate("([h, v]) => Reveal.slide(h, v)", [first["indices"]["h"], first["indices"]["v"]])
    page.wait_for_timeout(300)
    answer = page.locator("section.present .Quiz .MCButton").first
    feedback = answer.get_attribute("data-feedback")
    answer.click()
    shown = page.locator("section.present .Quiz").first.get_by_text(feedback.strip()[:40])
    shown.wait_for(state="visible", timeout=5000)
    slide = page.evaluate("() => Reveal.getCurrentSlide().getBoundingClientRect().right")
    assert shown.bounding_box()["x"] + shown.bounding_box()["width"] <= slide + 1
    page.screenshot(
        path=str(harness.SCREENSHOT_DIR / f"deck-{deck['page'].stem}-quiz-answered.png")
    )
    # the presenter moves on with the keyboard after clicking an answer
    before = page.evaluate("() => Reveal.getIndices()")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert page.evaluate("() => Reveal.getIndices()") != before, "the arrow key no longer moves on"


def test_deck_hides_code_and_every_slide_fits_or_scrolls(deck):
    width, height = harness.SMALL_VIEWPORT["width"], harness.SMALL_VIEWPORT["height"]
    problems = []
    for number, state in enumerate(deck["states"], start=1):
        where = f"slide {number} ({state['text'][:40]!r})"
        box = state["box"]
        if state["code"] or state["code_text"]:
            problems.append(f"{where} shows code")
        if state["outputs"] == 0 and not state["text"]:
            problems.append(f"{where} is empty")
        if (
            box["left"] < -1
            or box["top"] < -1
            or box["right"] > width + 1
            or box["bottom"] > height + 1
        ):
            problems.append(f"{where} is larger than the {width} x {height} screen: {box}")
        if state["scroll"] > state["client"] + 1 and state["overflow"] not in ("auto", "scroll"):
            problems.append(f"{where} runs off the screen without scrolling")
        if state["scroll"] > state["client"] + 2 and not state["cue"]:
            problems.append(f"{where} scrolls but does not say there is more below")
        if state["wide"] > 1:
            problems.append(f"{where} is {state['wide']} px too wide")
        for plot in state["plot_boxes"]:
            if plot["left"] < box["left"] - 1 or plot["right"] > box["right"] + 1:
                problems.append(f"{where}: a chart is wider than the slide: {plot}")
    assert not problems, "\n".join(problems)


def test_deck_fetches_nothing_from_the_network(deck):
    assert deck["requests"] == [], f"requests off this machine: {deck['requests']}"


def test_deck_has_no_serious_accessibility_violations(deck):
    assert not deck["findings"], checks.describe_violations(deck["findings"])
