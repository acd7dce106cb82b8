"""The static site: every lesson executed and exported, interactive charts, nothing from the network.

The build executes every lesson (about 20 s here, allow a minute or two on a slow machine); it
runs once per session (`built_site` in tests/conftest.py), and the browser suite opens the same
pages. The tests marked `slow` use it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
import plotly.offline
import pytest

from serm_lessons import figures, tables, widgets
from serm_lessons.authoring import execute, offline, site
from serm_lessons.authoring.links import LESSONS
from serm_lessons.figures.structure import views

PAGES = [site.page_name(page) for page in LESSONS]


def _page(built: Path, name: str) -> str:
    return (built / name).read_text(encoding="utf-8")


# --- fast checks of the pieces ------------------------------------------------------------------


def test_external_resources_finds_what_a_browser_would_fetch():
    page = """<html><head>
    <script src="https://cdn.example.com/a.js"></script>
    <link rel="stylesheet" href="//fonts.example.com/css">
    <style>@font-face { src: url("https://fonts.example.com/f.woff2"); } @import 'http://x/y.css';</style>
    </head><body>
    <img srcset="local.png 1x, https://img.example.com/b.png 2x">
    <div style="background: url(http://img.example.com/c.png)"></div>
    <a href="https://doi.org/10.1/x">a reference a reader may click</a>
    <script>var s = '<script src="https://not.a.tag/z.js">'; fetch;</script>
    <script src="local.js"></script><img src="data:image/png;base64,AAAA">
    </body></html>"""
    found = offline.external_resources(page)
    for address in (
        "cdn.example.com/a.js",
        "fonts.example.com/css",
        "fonts.example.com/f.woff2",
        "http://x/y.css",
        "img.example.com/b.png",
        "img.example.com/c.png",
    ):
        assert any(address in entry for entry in found), address
    assert len(found) == 6  # not the <a> link, the string inside a script, or the local files


def test_every_explorer_has_a_static_view(course):
    """The site relies on widgets.py showing plain figures when SERM_LESSONS_STATIC=1."""
    picker = widgets.SermPicker(course)
    explorers = [
        widgets.SermExplorer(course),
        widgets.ReceptorExplorer(course),
        widgets.HPGExplorer(course),
        widgets.ComparisonExplorer(course),
        widgets.SystemicExplorer(course, picker),
        widgets.MechanismExplorer(course, picker),
        widgets.PKExplorer(course, picker),
    ]
    for explorer in explorers:
        views = explorer.static_view()  # plain figures, or HTML tables for the table explorers
        assert views and all(type(v) in (go.Figure, tables.HTMLTable) for v in views), type(
            explorer
        ).__name__
    body_map = explorers[0].static_view()[0]
    labels = [button.label for button in body_map.layout.updatemenus[0].buttons]
    assert labels == [course.serm_name(s) for s in course.serms["serm"]]


def test_static_mode_follows_the_environment(monkeypatch):
    monkeypatch.delenv(execute.STATIC_ENV, raising=False)
    assert not widgets.static_mode()
    monkeypatch.setenv(execute.STATIC_ENV, "1")
    assert widgets.static_mode()
    monkeypatch.setenv(execute.STATIC_ENV, "0")
    assert not widgets.static_mode()


def test_a_missing_notebook_folder_is_explained(tmp_path):
    with pytest.raises(execute.SiteError, match="lesson notebooks not found"):
        site.build_site(tmp_path / "out", notebooks=tmp_path)


# --- the built site (executes the lessons once) ----------------------------------------------

CHARTS_PER_PAGE = {  # what each lesson draws; its tables are HTML, not charts
    "01-fundamentals.html": 3,  # receptor chart, body map with drug menu, drug x tissue grid
    "02-intermediate.html": 2,  # HPG model, measured changes
    "03-academic.html": 6,  # mechanism, structure explorer, binding, metabolism, forest plot, PK
    "04-beyond-serms.html": 3,  # endocrine-therapy map, ESR1 prevalence, mutation sites in 3D
}


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGES)
def test_each_lesson_page_has_its_interactive_charts(built_site, name):
    page = _page(built_site, name)
    assert page.count(plotly.offline.get_plotlyjs()[:300]) == 1  # plotly.js inline, once
    assert page.count("Plotly.newPlot(") == CHARTS_PER_PAGE[name]
    assert "MCButton" in page  # jupyterquiz's self-checks, with their JavaScript inline


@pytest.mark.slow
def test_the_serm_body_map_keeps_its_drug_menu(built_site, course):
    page = _page(built_site, "01-fundamentals.html")
    menu = page[page.index('"updatemenus":[') :]
    for serm in course.serms["serm"]:
        assert f'"label":"{course.serm_name(serm)}"' in menu
    assert '"method":"update"' in menu


@pytest.mark.slow
def test_the_structure_explorer_keeps_its_view_menu(built_site, course):
    page = _page(built_site, "03-academic.html")
    assert '"type":"scatter3d"' in page and '"updatemenus":[' in page
    for label, _ in views(course.structures):  # plotly writes non-ASCII as \\u escapes, or not
        assert f'"label":"{label}"' in page or f'"label":{json.dumps(label)}' in page, label


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGES)
def test_no_errors_no_live_widgets_no_leaked_answers(built_site, name):
    page = _page(built_site, name)
    assert "Traceback" not in page
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in page
    assert "jp-OutputArea-error" not in page
    assert "application/vnd.jupyter.widget-view+json" not in page  # widgets need a kernel
    assert "'correct': True" not in page  # a question bank printed as a list shows the answers
    assert "serm-site-setup" not in page and "SERM_LESSONS_STATIC" not in page


@pytest.mark.slow
@pytest.mark.parametrize("name", [*PAGES, "index.html"])
def test_nothing_is_loaded_from_the_network(built_site, name):
    page = _page(built_site, name)
    assert offline.external_resources(page) == []
    assert not re.search(r"<script[^>]*\bsrc\s*=", page)  # every script is inline
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", page)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", page)  # no web fonts or remote images
    # Outside plotly.js (whose map traces, unused here, name tile and font servers) the only CDN
    # address left is jupyterquiz's MathJax fallback, which runs only when a page already has
    # MathJax 3 loaded; these pages load no MathJax, so it never runs.
    rest = page.replace(plotly.offline.get_plotlyjs(), "")
    assert len(rest) < len(page) or name == "index.html"
    cdn = set(re.findall(r"https?://(?:cdn|unpkg|fonts\.)[^\s'\"<>]*", rest))
    assert cdn <= {"https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-svg.js"}


@pytest.mark.slow
def test_index_links_every_lesson_with_the_safety_note(built_site):
    index = _page(built_site, "index.html")
    for page in LESSONS:
        assert f'href="{site.page_name(page)}"' in index
        assert page.title in index and f"about {page.minutes} minutes" in index
    assert "Education, not medical advice." in index
    for name in PAGES:
        page = _page(built_site, name)
        assert 'href="index.html"' in page and "This is a static copy of the lesson." in page


# --- the static page says what it offers (issue 13) ----------------------------------------------


def test_instructions_for_live_controls_are_adapted_to_the_static_page():
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "**How to use it:** Run each cell in order with **Shift + Enter** (or *Run → Run All "
            "Cells*). Play with every chart."
        ),
        nbformat.v4.new_markdown_cell("**Try it:** sort by ERβ."),
        nbformat.v4.new_markdown_cell("Pick a drug in the **Drug** menu."),
        nbformat.v4.new_markdown_cell("Plain text."),
        nbformat.v4.new_code_cell("**Try it"),
    ]
    execute.adapt_text_for_static(nb)
    first, try_it, menu, plain, code = (c.source for c in nb.cells)
    assert "Shift + Enter" not in first and execute.STATIC_RUN_TEXT in first
    assert "On this static copy:" in try_it and "live lesson" in try_it
    assert "drop-down" in menu and "drop-down" not in try_it
    assert plain == "Plain text." and code == "**Try it"


def test_the_grid_carries_the_outline_for_every_drug_the_menu_offers(course):
    fig = figures.effect_matrix_following(course, "tamoxifen")
    follow = fig.layout.meta["follow_serm"]
    assert set(follow) == set(course.serms["serm"])
    rows = list(course.serms["serm"])
    for serm, update in follow.items():
        (shape,) = update["shapes"]
        assert shape["y0"] == rows.index(serm) - 0.5
        assert sum("▶" in t for t in update["yaxis.ticktext"]) == 1


@pytest.mark.parametrize("name", PAGES)
def test_each_page_carries_the_description_updating_script(built_site, name):
    page = _page(built_site, name)
    assert "plotly_update" in page and "follow_serm" in page
    assert "Shift + Enter" not in page


def test_an_unchanged_notebook_is_executed_once_per_process(tmp_path):
    """The site and the slides both run a lesson through `execute.execute_lesson`, which keeps
    each execution for the process: an unchanged notebook is not run again, a changed cell is.
    (A two-cell notebook stands in for a lesson: the memo is the same for any notebook.)"""
    import nbformat

    source = tmp_path / "lesson" / "tiny.ipynb"
    source.parent.mkdir()
    tiny = nbformat.v4.new_notebook()
    tiny.cells = [nbformat.v4.new_markdown_cell("# A lesson"), nbformat.v4.new_code_cell("1 + 1")]
    nbformat.write(tiny, source)
    execute.execute_lesson(source)  # the first run (the site's)
    before = len(execute._EXECUTED)
    again = execute.execute_lesson(source)
    assert len(execute._EXECUTED) == before  # the slides' run of the same lesson: not run again
    again.cells[1].source = "mutated by a caller"
    assert (
        execute.execute_lesson(source).cells[1].source != "mutated by a caller"
    )  # callers' copies
    nb = nbformat.read(source, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("print('a cell the site has not run')"))
    changed = tmp_path / source.name
    nbformat.write(nb, changed)
    executed = execute.execute_lesson(changed)
    assert len(execute._EXECUTED) == before + 1
    assert executed.cells[-1].outputs[0]["text"] == "a cell the site has not run\n"
