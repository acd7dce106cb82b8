"""Beyond SERMs (lesson 4): the other endocrine agents (endocrine_agents) and ESR1 mutations,
where they sit and how often they are found (esr1_mutations, esr1_prevalence)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from .. import vocabulary as v
from .cells import (
    Known,
    col,
    matches,
    non_negative_number,
    one_of,
    positive_number,
    slug,
    sources_col,
    whole_number,
    year,
)
from .rows import Table, numbers, row_rule, strict_schema


def _endocrine_agents(known: Known) -> pa.DataFrameSchema:
    return strict_schema(
        {
            "agent": col(slug()),
            "name": col(),
            "agent_class": col(one_of(v.ENDOCRINE_CLASSES)),
            "acts_on": col(one_of(v.ENDOCRINE_TARGETS)),
            "action": col(),
            "used_in": col(),
            "us_product": col(optional=True),
            "us_approval_year": col(year(), optional=True),
            "eu_note": col(),
            "pivotal_trial": col(optional=True),
            "hpg_agent": col(one_of(v.HPG_AGENTS), optional=True),
            "sources": sources_col(known),
        },
        unique=["agent"],
        checks=[
            row_rule(
                lambda f: (f["us_approval_year"] == "") | (f["us_product"] != ""),
                "us_approval_year is given but us_product is blank",
            )
        ],
    )


def _esr1_mutations(known: Known) -> pa.DataFrameSchema:
    return strict_schema(
        {
            "mutation": col(matches(r"[A-Z]\d{1,4}[A-Z]", "a protein change like Y537S")),
            "residue": col(whole_number()),
            "location": col(),
            "mechanism": col(),
            "clinical_relevance": col(),
            "sources": sources_col(known),
        },
        unique=["mutation"],
        checks=[
            row_rule(
                _mutation_names_its_residue,
                "residue does not match the number in the mutation's name",
            )
        ],
    )


def _mutation_names_its_residue(frame: pd.DataFrame) -> pd.Series:
    digits = frame["mutation"].str.extract(r"^[A-Z](\d+)[A-Z]$", expand=False)
    return (frame["residue"] == "") | digits.isna() | (digits == frame["residue"])


def _esr1_prevalence(known: Known) -> pa.DataFrameSchema:
    return strict_schema(
        {
            "study": col(),
            "population": col(),
            "sample": col(),
            "with_mutation": col(whole_number()),
            "tested": col(whole_number(), positive_number()),
            "percent": col(non_negative_number()),
            "sources": sources_col(known),
        },
        unique=["study", "population"],
        checks=[
            row_rule(
                _percent_matches_counts,
                "percent does not equal 100 x with_mutation / tested (to one decimal place)",
            ),
        ],
    )


def _percent_matches_counts(frame: pd.DataFrame) -> pd.Series:
    found, tested, percent = (numbers(frame, c) for c in ("with_mutation", "tested", "percent"))
    return pd.Series(
        [
            any(pd.isna(x) for x in (f, t, p)) or (t > 0 and abs(100 * f / t - p) <= 0.05)
            for f, t, p in zip(found, tested, percent)
        ],
        index=frame.index,
    )


ENDOCRINE_AGENTS = Table("endocrine_agents", _endocrine_agents)
ESR1_MUTATIONS = Table("esr1_mutations", _esr1_mutations, integer=("residue",))
ESR1_PREVALENCE = Table(
    "esr1_prevalence", _esr1_prevalence, numeric=("percent",), integer=("with_mutation", "tested")
)
