"""The live slide view in JupyterLab (jupyterlab-rise), at a projector's 1280 x 720 (issue 13).

It shows a lesson as last saved, so the lesson is run and saved first, as the instructor guide
says. Checked on every slide: no code showing (notebooks/rise.css hides it), and content taller
than the screen scrolls inside the slide rather than running off it; the quiz stays inside its
slide. Screenshots of the first slides are kept. (The decks `make slides` writes: test_slides.py.)
"""

from __future__ import annotations

import pytest

from tests.browser import harness

SLIDE_JS = """() => {
  const slide = document.querySelector('.reveal .slides section.present section.present')
      || document.querySelector('.reveal .slides section.present');
  if (!slide) return null;
  const style = getComputedStyle(slide);
  const code = [...slide.querySelectorAll('.jp-CodeCell .jp-InputArea')].filter(
      e => e.getBoundingClientRect().height > 0).length;
  const quiz = [...slide.querySelectorAll('.Quiz')].map(q => q.getBoundingClientRect().bottom);
  return {scroll: slide.scrollHeight, client: slide.clientHeight, overflow: style.overflowY,
          bottom: slide.getBoundingClientRect().bottom, code, quiz,
          text: slide.innerText.trim().slice(0, 50)};
}"""


@pytest.fixture(scope="module")
def slides(lab, browser):
    notebook = harness.LESSONS[0]
    opened = harness.open_and_run(browser, lab, notebook)
    opened.page.keyboard.press("Control+s")  # the slides read the saved notebook
    opened.page.wait_for_function(f"() => !document.querySelector('{harness.DIRTY_TAB}')")
    page = browser.new_page(viewport=harness.SMALL_VIEWPORT)
    page.goto(f"{lab.base_url}/rise/{notebook}?token={lab.token}")
    page.wait_for_selector(".reveal .slides section", timeout=60000)
    page.wait_for_timeout(3000)
    try:
        yield page
    finally:
        page.close()
        opened.page.close()
        lab.shut_down_kernels()


# After a key press: the address names another slide, and no slide is still moving into place.
# (getAnimations brings styles up to date first, so a transition a class change starts is seen.)
# reveal.js marks the arrows that lead somewhere: none on the last slide.
ONWARD_JS = """() => !!document.querySelector(
  '.reveal .controls .navigate-right.enabled, .reveal .controls .navigate-down.enabled')"""
MOVED_ON_JS = """(before) => location.hash !== before
  && !document.getAnimations().some(a => a instanceof CSSTransition && a.playState === 'running'
                                      && a.effect && a.effect.target
                                      && a.effect.target.closest('.reveal .slides'))"""


@pytest.fixture(scope="module")
def walked(slides) -> list[dict]:
    """Every slide's state, from the first to the last (screenshots of the first twelve)."""
    harness.SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    states = []
    for number in range(80):
        state = slides.evaluate(SLIDE_JS)
        assert state is not None, f"no slide is shown after slide {number}"
        states.append(state)
        if number < 12:
            slides.screenshot(path=str(harness.SCREENSHOT_DIR / f"slides-01-{number:02d}.png"))
        if not slides.evaluate(ONWARD_JS):
            break  # the last slide
        before = slides.evaluate("() => location.hash")
        slides.keyboard.press("Space")
        slides.wait_for_function(MOVED_ON_JS, arg=before, polling="raf", timeout=15000)
    return states


def test_every_slide_hides_code_and_fits_or_scrolls(walked):
    problems = []
    for number, state in enumerate(walked):
        where = f"slide {number} ({state['text']!r})"
        if state["code"]:
            problems.append(f"{where} shows code")
        if state["scroll"] > state["client"] + 1 and state["overflow"] not in ("auto", "scroll"):
            problems.append(f"{where} runs off the screen")
        if state["bottom"] > harness.SMALL_VIEWPORT["height"] + 1:
            problems.append(f"{where} is taller than the screen: {state}")
    assert len(walked) >= 10, f"only {len(walked)} slides"
    assert not problems, "\n".join(problems)


def test_explorer_slides_show_the_explorer_not_its_text(walked):
    shown = [s["text"] for s in walked if s["text"].startswith("VBox(children=")]
    assert not shown, f"{len(shown)} explorer slides show widget text"
