"""The course's own Jupyter config: the save hook, no news prompt, offline slides and dashboard,
and the one mode-bar config every chart is drawn with."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.io as pio

from serm_lessons import figures, saving
from serm_lessons import vocabulary as v

from .conftest import REPO

CONFIG = REPO / "jupyter_config"


def _config() -> dict:
    return json.loads((CONFIG / "jupyter_server_config.json").read_text(encoding="utf-8"))


def test_the_save_hook_is_configured_and_importable():
    from traitlets.utils.importstring import import_item

    hook = _config()["ContentsManager"]["pre_save_hook"]
    assert import_item(hook) is saving.pre_save_hook


def test_a_contents_manager_with_the_config_saves_no_widget_views(tmp_path):
    """The real Jupyter Server contents manager, configured from the course's file."""
    from jupyter_server.services.contents.filemanager import FileContentsManager
    from traitlets.config import Config

    manager = FileContentsManager(root_dir=str(tmp_path), config=Config(_config()))
    view = {"model_id": "abc", "version_major": 2, "version_minor": 0}
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "id": "explorer",
                "source": "widgets.SermExplorer(course)",
                "metadata": {},
                "execution_count": 3,
                "outputs": [
                    {
                        "output_type": "display_data",
                        "data": {saving.WIDGET_VIEW: view, "text/plain": "VBox(...)"},
                        "metadata": {},
                    }
                ],
            },
            {
                "cell_type": "code",
                "id": "chart",
                "source": "figures.body_map(course, 'tamoxifen')",
                "metadata": {},
                "execution_count": 4,
                "outputs": [
                    {
                        "output_type": "execute_result",
                        "execution_count": 4,
                        "data": {"application/vnd.plotly.v1+json": {"data": []}},
                        "metadata": {},
                    }
                ],
            },
        ],
        "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    manager.save({"type": "notebook", "format": "json", "content": notebook}, "lesson.ipynb")
    saved = json.loads((tmp_path / "lesson.ipynb").read_text(encoding="utf-8"))
    text = json.dumps(saved)
    assert saving.WIDGET_VIEW not in text and "widget-state" not in text
    note = saved["cells"][0]["outputs"][0]
    assert "".join(note["data"]["text/markdown"]) == saving.RERUN_NOTE
    assert "Shift+Enter" in "".join(note["data"]["text/plain"])
    assert saved["cells"][1]["outputs"][0]["data"] == {
        "application/vnd.plotly.v1+json": {"data": []}
    }


def test_the_hook_leaves_other_files_alone():
    model = {
        "type": "file",
        "format": "text",
        "content": "application/vnd.jupyter.widget-view+json",
    }
    saving.pre_save_hook(model, path="notes.txt")
    assert model["content"] == "application/vnd.jupyter.widget-view+json"


def test_no_news_or_update_prompt():
    lab = _config()["LabApp"]
    assert lab["news_url"] is None
    assert lab["check_for_updates_class"] == "jupyterlab.NeverCheckForUpdate"
    overrides = json.loads((CONFIG / "lab-settings" / "overrides.json").read_text("utf-8"))
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"checkForUpdates": False, "fetchNews": "false"}


def test_the_slide_theme_is_one_whose_fonts_are_bundled():
    overrides = json.loads((CONFIG / "lab-settings" / "overrides.json").read_text("utf-8"))
    assert overrides["jupyterlab-rise:plugin"]["theme"] in ("white", "black")


def test_make_lab_dashboard_and_postbuild_use_the_course_config():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    lab = re.search(r"^lab:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    dashboard = re.search(r"^dashboard:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    for recipe in (lab, dashboard):
        assert "$(JUPYTER_ENV)" in recipe and "127.0.0.1" in recipe
    assert "--template=serm" in dashboard
    assert "ServerApp.token" not in makefile  # deprecated: IdentityProvider.token if ever needed
    assert "JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter_config" in makefile
    post_build = (REPO / "postBuild").read_text(encoding="utf-8")
    assert "jupyter_config/jupyter_server_config.json" in post_build
    assert "jupyter_config/lab-settings/overrides.json" in post_build
    assert "voila/templates/serm" in post_build


def test_the_voila_template_drops_its_cdn_stylesheets():
    template = (CONFIG / "data/voila/templates/serm/index.html.j2").read_text(encoding="utf-8")
    # Voilà is a dependency of the course, so its lab template is installed wherever it runs: a
    # missing template is a broken install, not a reason to skip the check.
    from jupyter_core.paths import jupyter_path

    found = [
        path
        for folder in jupyter_path("voila", "templates", "lab")
        if (path := Path(folder) / "index.html.j2").is_file()
    ]
    assert found, "Voilà's lab template is not installed (pip install -e .)"
    upstream = found[0].read_text(encoding="utf-8")
    cdn_links = re.findall(
        r'<link rel="stylesheet" href="https://[^"]+" type="text/css" />', upstream
    )
    assert cdn_links, "Voilà's lab template changed: check what it loads from outside"
    for link in cdn_links:
        assert f"replace('{link}', '')" in template


def test_every_renderer_draws_without_the_share_button(course):
    """Where plain figures are shown (static mode calls use_course_mode_bar; live lessons draw
    every chart with the Chart widget, whose config is PLOTLY_CONFIG: tests/test_widgets.py)."""
    fig = figures.forest_plot(course)
    figures.use_course_mode_bar()
    bundle = pio.renderers["plotly_mimetype"].to_mimebundle(fig.to_dict())
    assert bundle["application/vnd.plotly.v1+json"]["config"] == v.PLOTLY_CONFIG
    page = pio.renderers["notebook"].to_mimebundle(fig.to_dict())["text/html"]
    assert '"showSendToCloud": false' in page and "sendChartToCloud" in page
    assert "toImage" not in v.PLOTLY_CONFIG["modeBarButtonsToRemove"]  # download stays


def test_the_mode_bar_config_raises_no_plotly_warning(recwarn, course):
    fig = figures.forest_plot(course)
    pio.to_html(fig, config=v.PLOTLY_CONFIG, include_plotlyjs=False)
    assert not [w for w in recwarn if "config" in str(w.message)]


def test_the_incompatible_mathjax3_extension_is_disabled(monkeypatch):
    from jupyter_core.paths import jupyter_config_path
    from jupyterlab_server.config import get_page_config

    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(CONFIG))
    disabled = get_page_config(jupyter_config_path(), logger=None).get("disabledExtensions")
    assert "@jupyterlab/mathjax3-extension" in disabled


def test_every_lesson_opens_in_the_slide_view_the_same_way_without_motion():
    # jupyterlab-rise reads these from each notebook; "none" as in the decks `make slides` writes
    # (authoring/slides.py): no slide swoops in, for viewers sensitive to motion.
    from serm_lessons import catalogue

    settings = [
        json.loads((REPO / lesson.path).read_text(encoding="utf-8"))["metadata"].get("rise")
        for lesson in catalogue.lessons()
    ]
    assert len(settings) >= 4
    assert all(s == settings[0] for s in settings), settings
    assert settings[0]["transition"] == "none" and settings[0]["scroll"] is True
