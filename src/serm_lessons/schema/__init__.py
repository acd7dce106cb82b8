"""Schemas for the course's CSV tables, and the rules that tie the tables together.

Every table is read as text (see `data.read_csv_table`), then checked here with pandera: each
column's allowed values, each row's internal consistency, and the cross-table rules (every SERM,
tissue and reference id known; no duplicate keys). Failures come back as `Problem`s that name the
file, the row (the header is row 1, as in a spreadsheet), the column and what is wrong — never a
traceback.

    cells         what one cell may hold: cell checks, columns, `Known` (the ids tables share)
    rows          rules about a whole row; `Table` (a file, its schema, its number columns)
    problems      `Problem`, and pandera's failure cases turned into Problems (`check_table`)
    references    references.csv and claims.csv
    effects       serms, tissue_effects, systemic_effects, mechanism_steps
    hpg           hpg_agents, hormone_measurements
    trials        trial_outcomes, safety
    pharmacology  receptor_distribution, binding_affinity, tamoxifen_metabolism and _concentrations
    beyond        endocrine_agents, esr1_mutations, esr1_prevalence
    structures    structures, structure_atoms
"""

from __future__ import annotations

import pandas as pd

from . import beyond, effects, hpg, pharmacology, references, structures, trials
from .cells import BLANK_MESSAGE, SCRIPT_URL_MESSAGE, Known, split_ids
from .problems import Problem, check_table
from .rows import Table

__all__ = [
    "BLANK_MESSAGE",
    "SCRIPT_URL_MESSAGE",
    "TABLES",
    "TABLE_BY_NAME",
    "Known",
    "Problem",
    "Table",
    "check_coverage",
    "check_table",
    "split_ids",
]

# Order matters: references and serms define the ids the later tables use.
TABLES: tuple[Table, ...] = (
    references.REFERENCES,
    effects.SERMS,
    effects.TISSUE_EFFECTS,
    pharmacology.RECEPTOR_DISTRIBUTION,
    effects.SYSTEMIC_EFFECTS,
    hpg.HPG_AGENTS,
    references.CLAIMS,
    trials.TRIAL_OUTCOMES,
    pharmacology.BINDING_AFFINITY,
    hpg.HORMONE_MEASUREMENTS,
    trials.SAFETY,
    pharmacology.TAMOXIFEN_METABOLISM,
    pharmacology.TAMOXIFEN_CONCENTRATIONS,
    beyond.ENDOCRINE_AGENTS,
    beyond.ESR1_MUTATIONS,
    beyond.ESR1_PREVALENCE,
    structures.STRUCTURES,
    structures.STRUCTURE_ATOMS,
    effects.MECHANISM_STEPS,
)
TABLE_BY_NAME = {t.name: t for t in TABLES}


def check_coverage(frames: dict[str, pd.DataFrame], known: Known) -> list[Problem]:
    """Rules about what must be present, which no single row can break."""
    return (
        effects.coverage(frames, known)
        + hpg.coverage(frames)
        + trials.coverage(frames)
        + pharmacology.coverage(frames)
        + structures.coverage(frames)
    )
