"""Executed slide decks of the lessons: `python -m serm_lessons slides [OUTDIR]` (`make slides`).

An instructor must be able to present a lesson straight from a fresh copy of the course, with its
outputs showing. jupyterlab-rise shows the notebook as last saved (a fresh clone has no outputs),
and has no setting that runs the cells first. So each lesson is executed here, exactly as the
static site executes it (``execute.execute_lesson``: a fresh kernel, static charts, no live widgets),
and written as one reveal.js deck per lesson:

* one slide per section and a slide of its own for each chart, table, claim box and self-check
  (the cells' ``slideshow`` metadata, as in the notebooks), code hidden;
* laid out for a 1280 x 720 projector; a slide taller than that scrolls inside itself;
* self-contained: reveal.js 5.2.1 (vendored in ``static/reveal/``, MIT), plotly.js and every
  style sheet are inlined, nothing is fetched from the network (checked after export, as the site
  checks its pages), so a deck opens from a USB stick or ``file://`` with no server and no Python.

The charts keep hover, zoom and the body map's drug menu; the pickers and sliders of the live
lesson need a kernel (show those from JupyterLab, or the dashboard in Voilà).
"""

from __future__ import annotations

import argparse
import html
import os
import sys
from importlib import resources
from pathlib import Path

from .. import vocabulary as v
from ..page_css import COURSE_CSS
from .execute import SiteError
from .links import LESSONS, Page
from .offline import external_resources
from .site import CSS as SITE_CSS
from .site import PAGE_SCRIPT, repo_root, write_lessons

WIDTH, HEIGHT = 1280, 720  # a classroom projector
RISE_CSS = "rise.css"  # next to the lessons; the jupyterlab-rise view loads the same file

TEMPLATE_NAME = "serm_slides.html.j2"
# nbconvert's reveal template with every CDN address taken out: its <head> (reveal.css and a theme
# from unpkg, jQuery, require.js, mermaid, MathJax) and its footer (reveal.js through require.js)
# are replaced by the inlined copies.
TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block header -%}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ resources.serm_title | e }}: slides</title>
<style type="text/css">{{ resources.serm_reveal_css }}</style>
{% for css in resources.inlining.css -%}<style type="text/css">{{ css }}</style>{% endfor %}
{{ resources.include_css("static/index.css") }}
{{ resources.include_css("static/theme-light.css") }}
<style type="text/css">{{ resources.serm_css }}</style>
</head>
{%- endblock header -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block body_header -%}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
<main aria-label="{{ resources.serm_title | e }}: slides">
<div class="reveal">
<div class="slides">
{%- endblock body_header -%}
{% block footer_js %}
<script>{{ resources.serm_reveal_js }}</script>
<script>{{ resources.serm_script }}</script>
{% endblock footer_js %}
"""

# Laid out at the projector's size and scaled by reveal.js to the window; margin 0 so that at
# 1280 x 720 the scale is exactly 1 (plotly's hover positions stay exact).
REVEAL_INIT = f"""
Reveal.initialize({{
  width: {WIDTH}, height: {HEIGHT}, margin: 0, minScale: 0.2, maxScale: 2.5,
  center: false, hash: true, controls: true, progress: true, slideNumber: 'c/t',
  transition: 'none', backgroundTransition: 'none'
}}).then(function () {{
  // a slide longer than the screen says so until it has been scrolled to its end
  var cue = function (slide) {{
    var more = slide.scrollHeight - slide.clientHeight - slide.scrollTop > 2;
    slide.classList.toggle('serm-more-below', more);
  }};
  document.querySelectorAll('.reveal .slides section:not(.stack)').forEach(function (slide) {{
    slide.addEventListener('scroll', function () {{ cue(slide); }}, {{passive: true}});
  }});
  // a chart drawn on a hidden slide may have measured nothing: redraw it when it is shown
  var shown = function () {{
    var slide = Reveal.getCurrentSlide();
    if (!slide) return;
    var resized = [];
    if (window.Plotly) {{
      slide.querySelectorAll('.js-plotly-plot').forEach(function (plot) {{
        resized.push(window.Plotly.Plots.resize(plot));
      }});
    }}
    cue(slide);
    // once the shown slide's charts are redrawn, the page says which slide is ready
    var at = Reveal.getIndices();
    Promise.allSettled(resized).then(function () {{
      document.documentElement.dataset.sermShown = at.h + '.' + (at.v || 0);
    }});
  }};
  Reveal.on('slidechanged', shown);
  shown();
  // reveal.js ignores keys while an answer's radio button has focus: after a mouse click on a
  // self-check, hand focus back so the arrows move on; a keyboard user keeps focus on the answers
  document.addEventListener('click', function (event) {{
    if (event.detail > 0 && event.target.closest('.Quiz')) {{
      setTimeout(function () {{ document.activeElement.blur(); }}, 0);
    }}
  }});
  document.documentElement.dataset.sermSlides = 'ready';
}});
"""

DECK_CSS = f"""
html, html body.jp-Notebook, main {{ height: 100%; margin: 0; padding: 0; overflow: hidden; }}
.reveal a.anchor-link {{ display: none; }}
.reveal {{ font: 22px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: {v.PAGE_TEXT}; }}
.reveal-viewport {{ background: {v.WHITE}; }}
.reveal .slides {{ text-align: left; }}
/* every slide is the projector's size; one that holds more scrolls inside itself */
.reveal .slides section:not(.stack) {{ height: {HEIGHT}px; max-height: none; box-sizing: border-box;
  padding: 18px 48px 40px; overflow-y: auto !important; overflow-x: hidden; }}
.reveal .slides section.serm-more-below::after {{ content: "↓ more below: scroll"; display: block;
  position: sticky; bottom: 0; z-index: 5; margin: 0 -48px -40px; padding: 28px 48px 10px;
  text-align: center;
  font-size: 16px; color: {v.PAGE_TEXT}; background: linear-gradient({v.WHITE_CLEAR}, {v.WHITE} 55%);
  pointer-events: none; }}
.reveal h1 {{ font-size: 44px; line-height: 1.2; margin: 0 0 0.4em; }}
.reveal h2 {{ font-size: 36px; line-height: 1.2; margin: 0 0 0.4em; }}
.reveal h3 {{ font-size: 28px; margin: 0.4em 0; }}
/* links are underlined, not told apart by colour alone (lab's CSS takes the underline off) */
.reveal a, .reveal .jp-RenderedHTMLCommon a:link, .reveal .jp-RenderedHTMLCommon a:visited {{
  color: {v.LINK}; text-decoration: underline; }}
.reveal .jp-Cell {{ padding: 0; }}
.reveal .jp-Cell-inputWrapper:empty, .reveal .jp-mod-noOutputs .jp-Cell-outputWrapper {{
  display: none; }}
/* reveal.js draws its arrows in the page's accent colour: keep them dark enough to see */
.reveal .controls {{ color: {v.LINK}; }}
.reveal .progress {{ color: {v.LINK}; }}
.reveal .slide-number {{ background: {v.PAGE_TEXT}; color: {v.WHITE}; font-size: 14px; }}
"""


def _shows_something(cell) -> bool:
    if cell.cell_type == "markdown":
        return bool(cell.source.strip())
    return bool(cell.get("outputs"))


def one_idea_per_slide(nb) -> None:
    """Give each chart, table, claim box, self-check and note a slide of its own.

    The lessons' ``slideshow`` metadata already does this for most cells; a cell left in the slide
    above it ("-" or no type) would pile a chart and a quiz under a section's text, so after the
    title slide any such cell that shows something starts a sub-slide. Cells that show nothing
    (imports) stay where they are.
    """
    in_sections = False
    for index, cell in enumerate(nb.cells):
        slideshow = cell.metadata.setdefault("slideshow", {})
        kind = slideshow.get("slide_type") or "-"
        if kind == "slide" and index > 0:
            in_sections = True
        if in_sections and kind == "-" and _shows_something(cell):
            slideshow["slide_type"] = "subslide"


def _read_static(name: str) -> str:
    return resources.files("serm_lessons").joinpath("static", "reveal", name).read_text("utf-8")


def deck_css(notebooks: Path | None = None) -> str:
    """reveal.css is inlined separately; this is the course's look on top of it."""
    rise = (notebooks or repo_root() / "notebooks") / RISE_CSS
    shared = rise.read_text("utf-8") if rise.is_file() else ""
    return SITE_CSS + COURSE_CSS + shared + DECK_CSS


def export_deck(nb, page: Page, notebooks: Path | None = None) -> str:
    """The executed lesson as one self-contained reveal.js deck (code hidden)."""
    import copy

    from jinja2 import DictLoader
    from nbconvert import SlidesExporter

    nb = copy.deepcopy(nb)
    one_idea_per_slide(nb)
    exporter = SlidesExporter(
        template_file=TEMPLATE_NAME,
        extra_loaders=[DictLoader({TEMPLATE_NAME: TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        theme="light",
        # not used by the template above; set so that nothing can fall back to the CDN default
        reveal_url_prefix="reveal.js",
    )
    extra = {
        "serm_title": page.title,
        "serm_reveal_css": _read_static("reveal.css"),
        "serm_reveal_js": _read_static("reveal.js"),
        "serm_css": deck_css(notebooks),
        "serm_script": PAGE_SCRIPT + REVEAL_INIT,
    }
    body, _ = exporter.from_notebook_node(nb, resources=extra)
    remote = external_resources(body)
    if remote:
        raise SiteError(f"{page.path}: the slides would load from the network: {remote[:5]}")
    return body


def deck_name(page: Page) -> str:
    return f"{page.stem}.html"


def index_page() -> str:
    items = "".join(
        f'<li><a href="{deck_name(page)}">{html.escape(page.title)}</a></li>' for page in LESSONS
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>SERM Lessons: slides</title>
<style>body {{ font: 20px/1.5 system-ui, sans-serif; max-width: 800px; margin: 2em auto;
padding: 0 1em; color: {v.PAGE_TEXT}; }} a {{ color: {v.LINK}; }} li {{ margin: 0.6em 0; }}</style>
</head>
<body><main>
<h1>SERM Lessons: slides</h1>
<p>Each lesson as slides, already run: arrow keys or Space to move, F for full screen, Esc for an
overview of all slides. They work offline; the charts answer hover and zoom.</p>
<ol>{items}</ol>
</main></body>
</html>
"""


def build_slides(
    outdir: str | Path = "_slides",
    notebooks: str | Path | None = None,
    timeout: int = 600,
    log=print,
) -> list[Path]:
    """Execute every lesson and write its deck into `outdir`, plus index.html."""
    out, written = write_lessons(outdir, notebooks, deck_name, export_deck, timeout, log)
    index = out / "index.html"
    index.write_text(index_page(), encoding="utf-8")
    written.append(index)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m serm_lessons slides",
        description="Run every lesson and write it as offline reveal.js slides (code hidden).",
    )
    parser.add_argument("outdir", nargs="?", default="_slides", help="output folder (_slides)")
    parser.add_argument("--notebooks", help="folder holding the lesson notebooks")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    print(f"Writing the slides in {args.outdir}/ (each lesson is executed) ...")
    try:
        build_slides(args.outdir, args.notebooks, args.timeout)
    except SiteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Done: open {os.path.join(args.outdir, 'index.html')} in a browser (works offline).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
