"""The lessons' `from serm_lessons import pharm_figures`: the figures live in figures/pharm.py."""

from .figures.pharm import binding_affinity_chart, metabolism_diagram

__all__ = ["binding_affinity_chart", "metabolism_diagram"]
