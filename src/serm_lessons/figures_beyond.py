"""The lessons' `from serm_lessons import figures_beyond`: the figures live in figures/beyond.py."""

from .figures.beyond import endocrine_map, endocrine_table, mutation_structure, prevalence_chart

__all__ = ["endocrine_map", "endocrine_table", "mutation_structure", "prevalence_chart"]
