"""Running a lesson for a static page: the static site and the slide decks share this.

Each lesson runs in a fresh kernel with ``SERM_LESSONS_STATIC=1`` (plain plotly figures instead of
widgets, plotly.js inline once per page), from a setup cell that is removed afterwards. The result
must hold no error and no live widget, and its text is pointed at what a static page offers
instead of the live controls. A lesson already run in this process, with the same cells and data
folder, is not run again, so one `make site`, `make slides` or test session runs it once.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from pathlib import Path

from ..data import DATA_ENV

STATIC_ENV = "SERM_LESSONS_STATIC"
SETUP_TAG = "serm-site-setup"
# Run first in every lesson's kernel, then removed from the page.
SETUP_SOURCE = f"""\
# Added by serm_lessons.site: static figures, plotly.js inline once per page.
import os

os.environ["{STATIC_ENV}"] = "1"
import plotly.io as pio

pio.renderers.default = "plotly_mimetype+notebook"
"""
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# The MathJax loader plotly's HTML renderer adds to every chart (include_mathjax="cdn").
_PLOTLY_MATHJAX = re.compile(
    r"<script[^>]*\bsrc=[\"']https?://[^\"']*mathjax[^\"']*[\"'][^>]*>\s*</script>", re.I
)


class SiteError(RuntimeError):
    """The site could not be built as promised (an error in a lesson, a live widget, a CDN link)."""


def _strip_plotly_mathjax(nb) -> None:
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if isinstance(data.get("text/html"), str):
                data["text/html"] = _PLOTLY_MATHJAX.sub("", data["text/html"])


def _check_outputs(nb, name: str) -> None:
    """No errors (the executor raises on those) and no live widgets, which need a kernel."""
    for index, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                raise SiteError(
                    f"{name}, cell {index}: {output.get('ename')}: {output.get('evalue')}"
                )
            if WIDGET_MIME in output.get("data", {}):
                raise SiteError(
                    f"{name}, cell {index} displays a live widget, which shows nothing on a static "
                    f"page: the explorers must show plain figures when {STATIC_ENV}=1 "
                    "(see serm_lessons.widgets.static_mode)"
                )


# Lessons executed in this process, by what decides the result: the cells' sources, the data folder
# chosen and the time allowed. The site and the slides (and a test session that builds both) then
# run each lesson once; a changed cell or another data folder runs it again.
_EXECUTED: dict[tuple[str, str, int], object] = {}


def execute_lesson(path: Path, timeout: int = 600):
    """The lesson, executed in a fresh kernel in static mode (setup cell removed afterwards).

    Each caller gets its own copy; a lesson already executed in this process, with the same cells
    and data folder, is not executed again."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    sources = json.dumps([[c.cell_type, c.source] for c in nb.cells], ensure_ascii=False)
    key = (hashlib.sha256(sources.encode()).hexdigest(), os.environ.get(DATA_ENV, ""), timeout)
    if key not in _EXECUTED:
        _EXECUTED[key] = _execute(nb, path, timeout)
    return copy.deepcopy(_EXECUTED[key])


def _execute(nb, path: Path, timeout: int):
    import nbformat
    from nbclient.exceptions import CellExecutionError
    from nbconvert.preprocessors import ExecutePreprocessor

    setup = nbformat.v4.new_code_cell(SETUP_SOURCE, metadata={"tags": [SETUP_TAG]})
    nb.cells.insert(0, setup)
    executor = ExecutePreprocessor(
        timeout=timeout,
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
        store_widget_state=False,
    )
    try:
        executor.preprocess(nb, {"metadata": {"path": str(path.parent)}})
    except CellExecutionError as error:
        raise SiteError(f"{path.name}: a cell raised an error:\n{error}") from error
    if nb.cells[0].get("outputs"):
        raise SiteError(f"{path.name}: the site's setup cell printed something unexpected")
    nb.cells.pop(0)
    nb.metadata.pop("widgets", None)
    _check_outputs(nb, path.name)
    adapt_text_for_static(nb)
    _strip_plotly_mathjax(nb)
    return nb


# What the lesson text asks of a live notebook, and what the static copy offers instead.
_RUN_CELLS = re.compile(r"Run each cell in order with \*\*Shift \+ Enter\*\*[^.]*\.")
STATIC_RUN_TEXT = (
    "On this static copy every cell has already been run: read on, hover over the charts, and "
    "answer the self-checks."
)
# Text that sends the reader to a live control (a picker, a tick-box, a step to try).
_ASKS_FOR_CONTROLS = (
    "**Try it",
    "**Things to try**",
    "Pick a drug",
    "Choose a drug",
    "drug picker",
    "Tick one or more",
)
STATIC_TRY_IT_NOTE = (
    '\n\n<div role="note" class="serm-static-note"><b>On this static copy:</b> {offer} The '
    "pickers and tick-boxes named here need the live lesson; hover over the charts for each value "
    "and its source.</div>"
)
STATIC_OFFERS = {
    True: "the body map's own drop-down (top left) switches the drug, and the grid's outline "
    "follows; <b>Compare with</b> is not on this page.",
    False: "the charts below show the lesson's starting view.",
}


def adapt_text_for_static(nb) -> None:
    """Point the lesson's instructions at what the static page has, not at controls it lacks."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        source = _RUN_CELLS.sub(STATIC_RUN_TEXT, cell.source)
        if any(ask in source for ask in _ASKS_FOR_CONTROLS):
            offer = STATIC_OFFERS["**Drug** menu" in source]
            source += STATIC_TRY_IT_NOTE.format(offer=offer)
        cell.source = source
