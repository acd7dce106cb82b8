"""What a saved lesson keeps: its charts and tables, but no widget views.

A widget view in a saved notebook points at a model that lived in the kernel. Once the kernel has
gone, JupyterLab shows "Error displaying widget: model not found" in place of every explorer, and
nothing tells the learner what to do. The course's Jupyter config (jupyter_config/, used by
`make lab`, Binder's postBuild and a hub image) installs `pre_save_hook`, which replaces each
widget view with a short note saying how to bring the explorer back, and drops the notebook's
saved widget state. Plain outputs (static charts, tables, quiz questions) are kept as they are.
"""

from __future__ import annotations

from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
RERUN_NOTE = (
    "**This explorer needs its cell run again.** Interactive explorers are not saved with the "
    "notebook. Click in this cell and press Shift+Enter, or choose Run ▸ Run All Cells, to bring "
    "it back."
)
RERUN_TEXT = (
    "This explorer needs its cell run again: interactive explorers are not saved with the "
    "notebook. Press Shift+Enter in this cell, or choose Run > Run All Cells."
)


def _rerun_output(output: dict[str, Any]) -> dict[str, Any]:
    note = {
        "output_type": output.get("output_type", "display_data"),
        "data": {"text/markdown": RERUN_NOTE, "text/plain": RERUN_TEXT},
        "metadata": {},
    }
    if note["output_type"] == "execute_result":
        note["execution_count"] = output.get("execution_count")
    return note


def strip_widget_views(notebook: dict[str, Any]) -> int:
    """Replace every widget view in `notebook` (nbformat 4 JSON) with the re-run note, in place,
    and drop its saved widget state. Returns how many views were replaced."""
    replaced = 0
    for cell in notebook.get("cells", []):
        outputs = cell.get("outputs")
        if not outputs:
            continue
        for index, output in enumerate(outputs):
            if WIDGET_VIEW in (output.get("data") or {}):
                outputs[index] = _rerun_output(output)
                replaced += 1
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict):
        metadata.pop("widgets", None)
    return replaced


def pre_save_hook(model: dict[str, Any], path: str = "", contents_manager=None, **kwargs) -> None:
    """Jupyter Server's `ContentsManager.pre_save_hook`: notebooks are saved without widget views."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    strip_widget_views(model["content"])
