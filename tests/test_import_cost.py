"""A lesson kernel never imports plotly's FigureWidget or jsonschema.

plotly's `FigureWidget` (and showing a plain figure through plotly's renderers) imports nbformat and
jsonschema, and jsonschema then builds about forty Lark parsers for rfc3987-syntax: seconds of a
lesson's first cell. The course's own `Chart` needs neither, so a lesson pays none of it.
"""

from __future__ import annotations

import subprocess
import sys

CHECK = (
    "import sys\n"
    "from serm_lessons import figures, lesson, load, widgets\n"
    "course = load()\n"
    "explorer = widgets.SermExplorer(course); explorer.picker.value = 'raloxifene'\n"
    "lesson.figure(figures.forest_plot(course))._ipython_display_()\n"
    "print(*(m in sys.modules for m in ('plotly.basewidget', 'jsonschema', 'nbformat')))\n"
)


def test_a_lesson_imports_neither_figurewidget_nor_jsonschema():
    out = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[-3:] == ["False", "False", "False"]
