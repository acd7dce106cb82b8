"""The drugs and what they do, tissue by tissue: serms, tissue_effects, systemic_effects and the
mechanism explorer's step texts (mechanism_steps)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from .. import vocabulary as v
from .cells import Known, col, known_serm, one_of, positive_number, slug, sources_col, year
from .problems import Problem
from .rows import Table, both_or_neither, row_rule, strict_schema


def _serms(known: Known) -> pa.DataFrameSchema:
    return strict_schema(
        {
            "serm": col(slug()),
            "name": col(),
            "role": col(one_of(v.ROLES)),
            "chemical_class": col(),
            "generation": col(one_of(("1", "2", "3")), optional=True),
            "us_status": col(one_of(v.US_STATUSES)),
            "us_products": col(optional=True),
            "us_first_approval": col(year(), optional=True),
            "approved_uses": col(optional=True),
            "populations": col(optional=True),
            "eu_status": col(one_of(v.EU_STATUSES)),
            "eu_products": col(optional=True),
            "eu_first_authorisation": col(year(), optional=True),
            "eu_approved_uses": col(optional=True),
            "regulatory_note": col(optional=True),
            "half_life_value": col(positive_number(), optional=True),
            "half_life_unit": col(one_of(v.HALF_LIFE_UNITS), optional=True),
            "half_life_note": col(optional=True),
            "metabolite": col(optional=True),
            "metabolite_half_life_value": col(positive_number(), optional=True),
            "metabolite_half_life_unit": col(one_of(v.HALF_LIFE_UNITS), optional=True),
            "metabolite_note": col(optional=True),
            "notes": col(optional=True),
            "sources": sources_col(known),
        },
        unique=["serm"],
        checks=[
            both_or_neither("half_life_value", "half_life_unit", "the drug's half-life"),
            both_or_neither(
                "metabolite_half_life_value", "metabolite_half_life_unit", "the metabolite's"
            ),
            row_rule(
                lambda f: (f["metabolite_half_life_value"] == "") | (f["metabolite"] != ""),
                "metabolite_half_life_value is given but metabolite does not name the metabolite",
            ),
            # A year of approval, or approved uses, for a drug marked not approved is a contradiction.
            row_rule(
                lambda f: (
                    (f["us_status"] != "not approved")
                    | ((f["us_first_approval"] == "") & (f["approved_uses"] == ""))
                ),
                "us_status is 'not approved' but us_first_approval or approved_uses is filled in",
            ),
            row_rule(
                lambda f: (
                    ~f["eu_status"].isin(("refused", "not authorised"))
                    | ((f["eu_first_authorisation"] == "") & (f["eu_approved_uses"] == ""))
                ),
                "eu_status says the drug was never authorised in the EU, but "
                "eu_first_authorisation or eu_approved_uses is filled in",
            ),
        ],
    )


def _tissue_effects(known: Known) -> pa.DataFrameSchema:
    return strict_schema(
        {
            "serm": col(known_serm(known)),
            "tissue": col(one_of(v.TISSUES)),
            "population": col(one_of(v.POPULATIONS)),
            "effect": col(one_of(v.EFFECTS)),
            "evidence": col(),
            "sources": sources_col(known),
        },
        unique=["serm", "tissue", "population"],
    )


def _systemic_effects(known: Known) -> pa.DataFrameSchema:
    return strict_schema(
        {
            "system": col(one_of(v.SYSTEMS)),
            "serm": col(known_serm(known, extra=("class",))),
            "action": col(),
            "implications": col(),
            "sources": sources_col(known),
        },
        unique=["system", "serm"],
    )


# The mechanism explorer's step texts, each with its sources: the receptor shape with an agonist or a
# SERM, and the co-regulator step for each effect that has a mechanism. (For "mixed", "minimal" and
# "unknown" the explorer shows the effect's meaning and the tissue_effects row's own evidence.)
MECHANISM_STEP_CASES = {
    "shape": ("agonist", "SERM"),
    "coregulators": ("agonist", "partial agonist", "antagonist"),
}


def _mechanism_steps(known: Known) -> pa.DataFrameSchema:
    cases = tuple(dict.fromkeys(c for group in MECHANISM_STEP_CASES.values() for c in group))
    return strict_schema(
        {
            "step": col(one_of(MECHANISM_STEP_CASES)),
            "case": col(one_of(cases)),
            "text": col(),
            "sources": sources_col(known),
        },
        unique=["step", "case"],
    )


SERMS = Table("serms", _serms, numeric=("half_life_value", "metabolite_half_life_value"))
TISSUE_EFFECTS = Table("tissue_effects", _tissue_effects)
SYSTEMIC_EFFECTS = Table("systemic_effects", _systemic_effects)
MECHANISM_STEPS = Table("mechanism_steps", _mechanism_steps)


def coverage(frames: dict[str, pd.DataFrame], known: Known) -> list[Problem]:
    """Every SERM has a row for every tissue (for all populations, or for specific ones), and
    every mechanism step has its text."""
    problems: list[Problem] = []
    effects = frames.get("tissue_effects")
    if effects is not None and known.serms:
        file = TISSUE_EFFECTS.file
        for serm in sorted(known.serms):
            for tissue in v.TISSUES:
                rows = effects[(effects["serm"] == serm) & (effects["tissue"] == tissue)]
                populations = set(rows["population"])
                if rows.empty:
                    problems.append(
                        Problem(file, None, None, f"no row for serm '{serm}' and tissue '{tissue}'")
                    )
                elif "all" in populations and len(populations) > 1:
                    problems.append(
                        Problem(
                            file,
                            int(rows.index[0]),
                            "population",
                            f"serm '{serm}', tissue '{tissue}' has a row for 'all' and rows for "
                            "specific populations; keep one or the other",
                        )
                    )
    steps = frames.get("mechanism_steps")
    if steps is not None:
        present = set(zip(steps["step"], steps["case"]))
        needed = [(step, case) for step, cases in MECHANISM_STEP_CASES.items() for case in cases]
        for step, case in needed:
            if (step, case) not in present:
                problems.append(
                    Problem(MECHANISM_STEPS.file, None, "case", f"no row for {step} '{case}'")
                )
    return problems
