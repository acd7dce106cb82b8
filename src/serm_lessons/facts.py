"""Facts that the course's prose states about its own tables, computed from the tables.

Lessons, glossary, quiz feedback, claims and figure descriptions summarise the data in words
("ERβ is at least as high as ERα in 20 of 54 tissues", "most SERMs raise the risk of clots"). Each
such fact is a pure function here: figures build their descriptions from them, and
tests/test_facts.py checks every summarising sentence against them, so words and data cannot
drift apart.
"""

from __future__ import annotations

import re

import pandas as pd

from . import vocabulary as v
from .data import CourseData

ESTROGEN_LIKE = frozenset({"agonist", "partial agonist"})


# --- receptor_distribution.csv -------------------------------------------------------------------


def receptor_levels(course: CourseData) -> pd.DataFrame:
    """One row per HPA tissue, one column per receptor (ERα, ERβ), values in nTPM."""
    return course.receptor_distribution.pivot(
        index="tissue", columns="receptor", values="rna_value"
    )


def tissues_where_beta_at_least_alpha(course: CourseData) -> list[str]:
    levels = receptor_levels(course)
    return sorted(levels.index[levels["ERβ"] >= levels["ERα"]])


def highest_tissues(course: CourseData, receptor: str, n: int) -> list[str]:
    """The n tissues with the most mRNA for `receptor`, highest first."""
    return list(
        receptor_levels(course)[receptor].sort_values(ascending=False, kind="stable").index[:n]
    )


def max_level(course: CourseData, receptor: str, tissues: list[str] | None = None) -> float:
    """The highest value of `receptor` over `tissues` (default: every tissue)."""
    levels = receptor_levels(course)[receptor]
    return float((levels if tissues is None else levels[tissues]).max())


def higher_receptor(course: CourseData, tissue: str) -> str:
    """'ERα', 'ERβ' or 'equal' for one HPA tissue."""
    row = receptor_levels(course).loc[tissue]
    if row["ERα"] == row["ERβ"]:
        return "equal"
    return "ERα" if row["ERα"] > row["ERβ"] else "ERβ"


# --- tissue_effects.csv --------------------------------------------------------------------------


def serm_ids(course: CourseData) -> list[str]:
    """The SERMs only (estradiol, the reference agonist, left out)."""
    return list(course.serms.loc[course.serms["role"] == "SERM", "serm"])


def effects(course: CourseData, serm: str, tissue: str) -> dict[str, str]:
    """Population -> effect for one drug and tissue."""
    return {r["population"]: r["effect"] for r in course.effects_by_pair[(serm, tissue)]}


def known_effects(course: CourseData, serm: str, tissue: str) -> set[str]:
    return set(effects(course, serm, tissue).values()) - {"unknown"}


def serms_with(course: CourseData, tissue: str, wanted: set[str] | frozenset[str]) -> list[str]:
    """SERMs with at least one population showing one of the `wanted` effects in `tissue`."""
    return [s for s in serm_ids(course) if known_effects(course, s, tissue) & set(wanted)]


def serms_estrogen_like_somewhere(course: CourseData) -> list[str]:
    return [
        s
        for s in serm_ids(course)
        if any(known_effects(course, s, t) & ESTROGEN_LIKE for t in v.TISSUES)
    ]


def serms_only_blocking(course: CourseData) -> list[str]:
    """SERMs whose every known effect in the table is 'antagonist'."""
    out = []
    for s in serm_ids(course):
        known = set().union(*(known_effects(course, s, t) for t in v.TISSUES))
        if known == {"antagonist"}:
            out.append(s)
    return out


def population_dependent(course: CourseData) -> list[tuple[str, str]]:
    """(serm, tissue) pairs whose populations have different known effects (e.g. tamoxifen, bone)."""
    return [
        (s, t)
        for (s, t), rows in course.effects_by_pair.items()
        if len({r["effect"] for r in rows if r["effect"] != "unknown"}) > 1
    ]


def liver_evidence(course: CourseData, serm: str) -> str:
    return " ".join(r["evidence"] for r in course.effects_by_pair[(serm, "liver")])


# "HDL ... rose" within one clause, or "raised HDL"; \bHDL\b leaves out the HDL2 subfraction.
_HDL_ROSE = re.compile(r"\bHDL\b[^.;]*\b(rose|raised)\b|\braised HDL\b")


def hdl_raised(course: CourseData) -> list[str]:
    """SERMs whose liver evidence reports that total HDL cholesterol rose."""
    return [s for s in serm_ids(course) if _HDL_ROSE.search(liver_evidence(course, s))]


# --- words for figure descriptions ---------------------------------------------------------------


def names(course: CourseData, serms: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    shown = [course.serm_name(s) for s in serms]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def grid_takeaway(course: CourseData) -> str:
    """The grid's 'notice' sentence, from the data rather than from memory."""
    serms = serm_ids(course)
    breast = serms_with(course, "breast", {"antagonist"})
    elsewhere = [
        s
        for s in breast
        if known_effects(course, s, "bone") & ESTROGEN_LIKE
        or known_effects(course, s, "coagulation") & ESTROGEN_LIKE
    ]
    blocking = serms_only_blocking(course)
    first = (
        "Notice that no SERM is an antagonist everywhere"
        if not blocking
        else f"Notice that only {names(course, blocking)} block{'s' if len(blocking) == 1 else ''} "
        "estrogen in every tissue where its effect is known"
    )
    return (
        f"{first}: {len(breast)} of the {len(serms)} SERMs block estrogen in the breast, and "
        f"{'all' if elsewhere == breast else len(elsewhere)} of those act like it in bone or on "
        "blood clotting."
    )
