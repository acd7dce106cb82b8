"""Pharmacology read from the tables: subtype preference in the binding assay, what the assay leaves
out, and what a strong CYP2D6 inhibitor does to tamoxifen's metabolites.

Every number comes from the validated CSVs; nothing here is typed in, so lesson text and figures that use
these helpers say what the data say.
"""

from __future__ import annotations

import pandas as pd

from .data import CourseData

# Below this ratio the two receptors are said to bind a ligand alike; above it the lesson names the
# preferred receptor and the fold difference (Kuiper 1997 reports single values, no error bars).
ALIKE_BELOW = 1.5


def binding_table(course: CourseData) -> pd.DataFrame:
    """One row per ligand: ERα and ERβ relative binding affinity, the ERβ/ERα ratio and the preference."""
    binding = course.binding_affinity
    wide = binding.pivot(index="ligand", columns="receptor", values="rba")
    order = list(dict.fromkeys(binding["ligand"]))
    wide = wide.reindex(order)
    kinds = binding.drop_duplicates("ligand").set_index("ligand")["ligand_kind"]
    table = pd.DataFrame(
        {
            "ligand": wide.index,
            "ligand_kind": kinds.reindex(wide.index).to_numpy(),
            "ERα": wide["ERα"].to_numpy(),
            "ERβ": wide["ERβ"].to_numpy(),
        }
    )
    table["ratio"] = table["ERβ"] / table["ERα"]
    table["fold"] = table["ratio"].where(table["ratio"] >= 1, 1 / table["ratio"])
    table["preference"] = [preference(r) for r in table["ratio"]]
    return table


def preference(ratio: float) -> str:
    """'alike', or the preferred receptor with its fold difference, e.g. 'ERβ about 1.9-fold'."""
    fold = ratio if ratio >= 1 else 1 / ratio
    if fold < ALIKE_BELOW:
        return "alike"
    return f"{'ERβ' if ratio > 1 else 'ERα'} about {fold:.1f}-fold"


def course_drugs_missing_from_assay(course: CourseData) -> list[str]:
    """The course's SERMs (serms.csv, role SERM) that the one binding assay does not include."""
    measured = set(course.binding_affinity["ligand"])
    serms = course.serms[course.serms["role"] == "SERM"]
    return [s for s in serms["serm"] if s not in measured]


INHIBITOR_STUDY = "Stearns 2003"  # the same women before and after adding paroxetine


def inhibitor_levels(course: CourseData, study: str = INHIBITOR_STUDY) -> dict[str, tuple]:
    """Compound -> (level without, level with the strong CYP2D6 inhibitor, unit) in one study."""
    rows = course.tamoxifen_concentrations
    rows = rows[rows["study"] == study]
    out = {}
    for compound, mine in rows.groupby("compound", sort=False):
        added = mine["condition"].str.contains("added")
        if added.any() and (~added).any():
            out[compound] = (
                float(mine.loc[~added, "value"].iloc[0]),
                float(mine.loc[added, "value"].iloc[0]),
                str(mine["unit"].iloc[0]),
            )
    return out


def inhibitor_fold_changes(course: CourseData, study: str = INHIBITOR_STUDY) -> dict[str, float]:
    """Compound -> level with the strong CYP2D6 inhibitor / level without it."""
    return {c: added / alone for c, (alone, added, _) in inhibitor_levels(course, study).items()}


def measured_steady_state_ratio(course: CourseData, serm: str, metabolite: str) -> float | None:
    """Metabolite : parent mean plasma level at steady state, from a label row for each (same study
    and condition) in tamoxifen_concentrations.csv; None if the data give no such pair."""
    rows = course.tamoxifen_concentrations
    rows = rows[
        rows["study"].str.contains("label", case=False)
        & rows["condition"].str.contains("steady state")
        & (rows["statistic"] == "mean")
    ]
    parent = rows[rows["compound"] == serm]
    formed = rows[rows["compound"] == metabolite]
    for p in parent.itertuples():
        match = formed[(formed["study"] == p.study) & (formed["condition"] == p.condition)]
        if len(match) and match["unit"].iloc[0] == p.unit:
            return float(match["value"].iloc[0]) / float(p.value)
    return None
