"""The lessons' `from serm_lessons import structure_figure`: the figure lives in figures/structure.py
(and the browser tests read `views` from here)."""

from .figures.structure import facts_table, structure_explorer, views

__all__ = ["facts_table", "structure_explorer", "views"]
