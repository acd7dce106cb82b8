"""SERM Lessons: the helper package behind the course notebooks.

Modules, each with one job:
    vocabulary  names, colours and symbols of effects, tissues and other categories
    schema/     the CSV schemas and cross-table rules (pandera), a module per topic
    data        load the CSV tables once, validated (and cached: table_cache)
    figures/    pure figure functions, a module per topic (tables in, plotly figures out)
    widgets     the explorers: controls, and a pure view() applied in place
    lesson, quiz, page_css  the notebooks' prose helpers, self-checks and page styles
    authoring/  tools for instructors, apart from the lessons: `python -m serm_lessons
                validate | links | site | slides` (authoring/cli.py), the static site, the
                slide decks, Binder links

docs/architecture.md has a paragraph per module.

Importing the package is cheap: pandas and plotly load only when a module that needs them is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .version import __version__ as __version__  # re-exported

__all__ = ["load", "DataError", "CourseData"]

if TYPE_CHECKING:
    from .data import CourseData, DataError, load


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module(".data", __name__), name)
    raise AttributeError(f"module 'serm_lessons' has no attribute {name!r}")
