"""A static HTML copy of the lessons that works offline: `python -m serm_lessons site [OUTDIR]`.

Each lesson is executed in a fresh kernel, exported to one self-contained HTML page, and an
index.html links them. A teacher can copy the folder to any web server, a learning platform or a
USB stick, and open it with no Python and no network.

How it stays offline and useful:

* The lessons run with ``SERM_LESSONS_STATIC=1``, so each explorer shows plain plotly figures
  instead of ipywidgets (a widget needs a kernel, and its exported view loads a widget manager
  from a CDN). The SERM explorer's body map keeps a plotly drop-down that switches drugs with no
  kernel; the other charts keep hover, zoom and legend clicks.
* Plotly's ``plotly_mimetype+notebook`` renderer writes plotly.js inline, once per page, before the
  first chart. (Under nbconvert, plotly's default renderer writes only the plotly JSON, which the
  HTML exporter does not draw.) The MathJax ``<script src>`` plotly adds to every chart is
  removed: the charts use no LaTeX.
* The page template is nbconvert's "lab" template with the blocks that load require.js, MathJax,
  mermaid and the widget manager from CDNs emptied (the lessons use no math, no mermaid diagrams,
  and no widget state is stored). The lab CSS is inlined by the template and uses no web fonts.
  The jupyterquiz self-checks carry their own JavaScript inline and work on the page.
* After export every page is checked: a ``<script src>``, ``<link href>``, ``<img src>``, CSS
  ``url()`` or ``@import`` pointing at http(s) fails the build, naming the address.

Why nbconvert and the lab template rather than Jupyter Book: nbconvert is already installed (it
comes with JupyterLab), so ``make site`` needs no new packages; three lessons need no sidebar,
search or cross-references; and the output is exactly what the lessons show in JupyterLab,
produced by the same code. Jupyter Book (Sphinx, or the Node-based MyST tool in version 2) would
add a second build system and dependencies, and its default theme loads fonts and scripts that
would have to be hunted down and vendored to work offline.

Code cells are hidden by default (readers of a static page cannot run them; the lessons' code is
one-line calls into this package); ``--show-code`` keeps them.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from string import Template
from typing import Any

from .. import vocabulary as v
from ..page_css import COURSE_CSS
from .execute import SiteError, execute_lesson
from .links import LESSONS, Page, binder_url
from .offline import external_resources

TEMPLATE_NAME = "serm_site.html.j2"
TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{% block extra_css %}<style type="text/css">{{ resources.serm_css }}</style>{% endblock extra_css %}
{%- block body_header -%}
{{ super() }}
{{ resources.serm_header }}
{%- endblock body_header -%}
{% block body_footer %}
{{ resources.serm_footer }}
<script>{{ resources.serm_script }}</script>
{{ super() }}
{% endblock body_footer %}
"""


def _page_css(template: str) -> str:
    """CSS whose colours are written ${NAME}: the page colours named in vocabulary.py."""
    return Template(template).substitute({name: getattr(v, name) for name in PAGE_COLOURS})


PAGE_COLOURS = (
    "PAGE_TEXT",
    "TEXT_MUTED",
    "LINK",
    "TEAL",
    "TEAL_TINT",
    "RULE_LIGHT",
    "GREY_DARK",
    "GREY_BAND",
)

CSS = (
    _page_css(
        """
.serm-nav { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  padding: 0.6em 1em; margin: 0 0 1em; border-bottom: 1px solid ${RULE_LIGHT}; display: flex;
  flex-wrap: wrap; gap: 0.4em 1.2em; }
.serm-nav a { color: ${LINK}; }
.serm-nav a[aria-current="page"] { font-weight: bold; color: ${PAGE_TEXT}; text-decoration: none; }
.serm-static-note { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  border-left: 6px solid ${TEAL}; background: ${TEAL_TINT}; color: ${PAGE_TEXT}; padding: 0.6em 1em;
  margin: 0.6em 1em 1em; max-width: 900px; }
.serm-pager { font: 15px/1.5 system-ui, sans-serif; display: flex; justify-content: space-between;
  padding: 1em; margin-top: 2em; border-top: 1px solid ${RULE_LIGHT}; }
.serm-pager a { color: ${LINK}; }
/* plotly's drop-down list opens below its button: let it spill past the output box, not clip */
.jp-OutputArea-output, .jp-RenderedHTMLCommon, .jp-Cell-outputWrapper { overflow: visible; }
"""
    )
    + COURSE_CSS
)

INDEX_CSS = _page_css(
    """
body { font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: ${PAGE_TEXT};
  max-width: 860px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.9em; margin-bottom: 0.2em; }
a { color: ${LINK}; }
ol.lessons { padding-left: 1.2em; }
ol.lessons li { margin: 1.1em 0; }
ol.lessons .title { font-size: 1.2em; font-weight: bold; }
.meta { color: ${TEXT_MUTED}; font-size: 0.92em; }
.note { border-left: 6px solid ${GREY_DARK}; background: ${GREY_BAND}; padding: 0.6em 1em; margin: 1.2em 0; }
footer { margin-top: 2.5em; font-size: 0.88em; color: ${TEXT_MUTED}; border-top: 1px solid ${RULE_LIGHT}; }
"""
)


def repo_root() -> Path:
    """The source checkout this package lives in (notebooks/ is not shipped in the wheel)."""
    return Path(__file__).resolve().parents[3]


def page_name(page: Page) -> str:
    return f"{page.stem}.html"


# After a chart's own menu changes it (the body map's drug menu), keep what the page says in step:
# the description under the chart is the figure's layout.meta.alt (the menu sets it), and a grid
# in the same cell whose layout.meta.follow_serm has the chosen drug moves its outline there.
PAGE_SCRIPT = """
(function () {
  function follow(plot) {
    if (plot.dataset.sermFollow) return;
    plot.dataset.sermFollow = "1";
    var sync = function () {
      var meta = (plot.layout && plot.layout.meta) || {};
      var all = Array.prototype.slice.call(document.querySelectorAll('.js-plotly-plot, p.serm-alt'));
      var next = all.slice(all.indexOf(plot) + 1).filter(function (e) {
        return e.matches('p.serm-alt'); })[0];
      if (next && typeof meta.alt === 'string') {
        var label = next.querySelector('b');
        next.textContent = '';
        if (label) next.appendChild(label);
        next.appendChild(document.createTextNode(' ' + meta.alt));
      }
      var cell = plot.closest('.jp-Cell') || document;
      if (meta.serm) {
        cell.querySelectorAll('.js-plotly-plot').forEach(function (grid) {
          var rows = grid.layout && grid.layout.meta && grid.layout.meta.follow_serm;
          if (rows && rows[meta.serm] && grid.dataset.sermShows !== meta.serm) {
            grid.dataset.sermShows = meta.serm;
            window.Plotly.relayout(grid, rows[meta.serm]);
          }
        });
      }
    };
    plot.on('plotly_update', sync);
    plot.on('plotly_restyle', sync);
    plot.on('plotly_relayout', sync);
  }
  function start() {
    document.querySelectorAll('.js-plotly-plot').forEach(function (plot) {
      if (plot.on) follow(plot);
    });
  }
  if (document.readyState === 'complete') start(); else window.addEventListener('load', start);
})();
"""


def _nav(current: Page | None) -> str:
    links = ['<a href="index.html">All lessons</a>']
    for number, page in enumerate(LESSONS, start=1):
        here = ' aria-current="page"' if page == current else ""
        links.append(f'<a href="{page_name(page)}"{here}>Lesson {number}</a>')
    return f'<nav class="serm-nav" aria-label="Course">{"".join(links)}</nav>'


def _has_menu(nb) -> bool:
    """True if a chart on the page has a plotly drop-down (the SERM body map)."""
    return any(
        '"updatemenus":[{' in str(output.get("data", {}).get("text/html", ""))
        for cell in nb.cells
        for output in cell.get("outputs", [])
    )


def _static_note(page: Page, repo: str | None, ref: str, menu: bool = False) -> str:
    live = "open the lesson in JupyterLab (see the course README)"
    if repo:
        live = (
            f'open the <a href="{html.escape(binder_url(repo, ref, page.path))}">live lesson on '
            "Binder</a> or in JupyterLab"
        )
    menu_text = "the body map's drug menu works, " if menu else ""
    return (
        '<div role="note" class="serm-static-note"><b>This is a static copy of the lesson.</b> '
        f"The charts answer hover and zoom, {menu_text}and the self-check questions can be "
        "answered. The pickers, tick-boxes and sliders of the live lesson, and running its cells, "
        f"need Python: to use them, {live}.</div>"
    )


def _pager(page: Page) -> str:
    index = LESSONS.index(page)
    before = LESSONS[index - 1] if index > 0 else None
    after = LESSONS[index + 1] if index + 1 < len(LESSONS) else None
    left = f'<a href="{page_name(before)}">← {html.escape(before.title)}</a>' if before else ""
    right = f'<a href="{page_name(after)}">{html.escape(after.title)} →</a>' if after else ""
    if not right:
        right = '<a href="index.html">All lessons ↑</a>'
    return f'<nav class="serm-pager" aria-label="Next and previous">{left or "<span></span>"}{right}</nav>'


def export_lesson(nb, page: Page, repo: str | None = None, ref: str = "main", show_code=False):
    """The executed lesson as one self-contained HTML page."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        template_file=TEMPLATE_NAME,
        extra_loaders=[DictLoader({TEMPLATE_NAME: TEMPLATE})],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        theme="light",
    )
    resources = {
        "serm_css": CSS,
        "serm_header": _nav(page) + _static_note(page, repo, ref, _has_menu(nb)),
        "serm_footer": _pager(page),
        "serm_script": PAGE_SCRIPT,
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    remote = external_resources(body)
    if remote:
        raise SiteError(f"{page.path}: the page would load from the network: {remote[:5]}")
    return body


def index_page(repo: str | None = None, ref: str = "main") -> str:
    """index.html: each lesson with its title, audience and time, and the safety note."""
    from ..lesson import DISCLAIMER
    from ..version import __version__

    items = []
    for page in LESSONS:
        extra = ""
        if repo:
            extra = (
                f' · <a href="{html.escape(binder_url(repo, ref, page.path))}">run it live on '
                "Binder</a>"
            )
        items.append(
            f'<li><a class="title" href="{page_name(page)}">{html.escape(page.title)}</a>'
            f'<div class="meta">about {page.minutes} minutes{extra}</div>'
            f"<div>{html.escape(page.summary)}</div></li>"
        )
    built = datetime.now(UTC).strftime("%Y-%m-%d")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SERM Lessons</title>
<style>{INDEX_CSS}</style>
</head>
<body>
<main>
<h1>SERM Lessons</h1>
<p>An evidence-based course on <b>selective estrogen receptor modulators</b> (SERMs: tamoxifen,
raloxifene, clomiphene, enclomiphene and their kin): why one drug can block estrogen in the breast
yet act like estrogen in bone or the womb lining. Three lessons build on each other; every fact
comes from curated tables that cite drug labels, trials and pharmacology references.</p>
<div class="note" role="note">{DISCLAIMER}</div>
<h2>Lessons</h2>
<ol class="lessons">
{"".join(items)}
</ol>
<p>These pages are a static copy: they need no installation and no network. The charts respond
to hover and zoom, and the self-check questions work; the pickers and sliders of the live lessons
need JupyterLab.</p>
</main>
<footer>
<p>Lesson text and curated tables: CC BY-NC 4.0. Expression data: Human Protein Atlas release 21.1
(www.proteinatlas.org; Uhlén M et al., Science 2015) and GTEx. Built {built} with serm_lessons
{__version__}.</p>
</footer>
</body>
</html>
"""


def write_lessons(
    outdir: str | Path,
    notebooks: str | Path | None,
    file_name: Callable[[Page], str],
    export: Callable[[Any, Page, Path], str],
    timeout: int = 600,
    log=print,
) -> tuple[Path, list[Path]]:
    """Execute every lesson of the catalogue (from `notebooks`, default the repository's) and write
    `export(executed, page, source folder)` to `outdir/file_name(page)`: the site's pages and the
    slide decks. Returns the folder and the files written."""
    source = Path(notebooks) if notebooks else repo_root() / "notebooks"
    missing = [page.path for page in LESSONS if not (source / Path(page.path).name).is_file()]
    if missing:
        raise SiteError(
            f"lesson notebooks not found in {source}: {', '.join(missing)} "
            "(run from a copy of the course repository, or pass --notebooks)"
        )
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for page in LESSONS:
        start = time.perf_counter()
        nb = execute_lesson(source / Path(page.path).name, timeout=timeout)
        target = out / file_name(page)
        target.write_text(export(nb, page, source), encoding="utf-8")
        size = target.stat().st_size / 1e6
        log(f"  {target}  ({size:.1f} MB, {time.perf_counter() - start:.0f} s)")
        written.append(target)
    return out, written


def build_site(
    outdir: str | Path = "_site",
    notebooks: str | Path | None = None,
    repo: str | None = None,
    ref: str = "main",
    show_code: bool = False,
    timeout: int = 600,
    log=print,
) -> list[Path]:
    """Execute and export every lesson into `outdir`, write index.html; return the pages written."""
    if repo:
        binder_url(repo, ref, LESSONS[0].path)  # check repo and ref before the slow part
    out, written = write_lessons(
        outdir,
        notebooks,
        page_name,
        lambda nb, page, _source: export_lesson(nb, page, repo, ref, show_code),
        timeout,
        log,
    )
    index = out / "index.html"
    index.write_text(index_page(repo, ref), encoding="utf-8")
    written.append(index)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m serm_lessons site",
        description="Build a static, offline HTML copy of the lessons (executes each lesson).",
    )
    parser.add_argument("outdir", nargs="?", default="_site", help="output folder (default _site)")
    parser.add_argument("--notebooks", help="folder holding the lesson notebooks")
    parser.add_argument("--repo", help="GitHub OWNER/NAME: adds 'run it live on Binder' links")
    parser.add_argument("--ref", default="main", help="branch or tag for the Binder links")
    parser.add_argument("--show-code", action="store_true", help="keep the code cells visible")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    print(f"Building the static site in {args.outdir}/ (each lesson is executed) ...")
    try:
        build_site(args.outdir, args.notebooks, args.repo, args.ref, args.show_code, args.timeout)
    except (SiteError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Done: open {os.path.join(args.outdir, 'index.html')} in a browser (works offline).")
    return 0
