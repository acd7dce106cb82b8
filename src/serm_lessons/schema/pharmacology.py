"""Pharmacology: where ERα and ERβ are (receptor_distribution), what binds them (binding_affinity,
from one assay so the numbers compare), tamoxifen's metabolism and the concentrations its
compounds reach."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from .. import vocabulary as v
from .cells import Known, col, non_negative_number, one_of, positive_number, sources_col
from .problems import Problem
from .rows import Table, numbers, row_rule, strict_schema


def _receptor_distribution(known: Known) -> pa.DataFrameSchema:
    return strict_schema(
        {
            "tissue": col(),
            "course_tissue": col(one_of(v.TISSUES), optional=True),
            "receptor": col(one_of(v.RECEPTORS)),
            "gene": col(one_of(("ESR1", "ESR2"))),
            "rna_value": col(non_negative_number()),
            "rna_unit": col(one_of(("nTPM",))),
            "rna_dataset": col(),
            "protein_level": col(one_of(v.PROTEIN_LEVELS)),
            "protein_detail": col(),
            "sources": sources_col(known),
        },
        unique=["tissue", "receptor"],
        checks=[
            row_rule(
                lambda f: (f["receptor"] == "ERα") == (f["gene"] == "ESR1"),
                "receptor and gene disagree (ERα is ESR1, ERβ is ESR2)",
            )
        ],
    )


def _binding_affinity(known: Known) -> pa.DataFrameSchema:
    return strict_schema(
        {
            "ligand": col(),
            "receptor": col(one_of(v.RECEPTORS)),
            "rba": col(positive_number()),
            "assay": col(),
            "ligand_kind": col(one_of(v.LIGAND_KINDS)),
            "note": col(optional=True),
            "sources": sources_col(known),
        },
        unique=["ligand", "receptor"],
    )


def _tamoxifen_metabolism(known: Known) -> pa.DataFrameSchema:
    return strict_schema(
        {
            "from_compound": col(one_of(v.TAMOXIFEN_COMPOUNDS)),
            "to_compound": col(one_of(v.TAMOXIFEN_COMPOUNDS)),
            "reaction": col(),
            "enzymes": col(),
            "product_potency": col(one_of(v.POTENCIES)),
            "product_activity": col(),
            "evidence": col(),
            "sources": sources_col(known),
        },
        unique=["from_compound", "to_compound"],
        checks=[
            row_rule(
                lambda f: f["from_compound"] != f["to_compound"],
                "from_compound and to_compound are the same compound",
            )
        ],
    )


def _tamoxifen_concentrations(known: Known) -> pa.DataFrameSchema:
    return strict_schema(
        {
            "compound": col(one_of(v.TAMOXIFEN_COMPOUNDS)),
            "study": col(),
            "condition": col(),
            "statistic": col(one_of(("mean", "median"))),
            "value": col(positive_number()),
            "low": col(positive_number(), optional=True),
            "high": col(positive_number(), optional=True),
            "unit": col(one_of(v.CONCENTRATION_UNITS)),
            "note": col(optional=True),
            "sources": sources_col(known),
        },
        unique=["compound", "study", "condition"],
        checks=[
            row_rule(
                lambda f: (f["low"] == "") == (f["high"] == ""),
                "low and high must both be given or both be blank",
            ),
            row_rule(_range_contains_value, "low <= value <= high does not hold"),
        ],
    )


def _range_contains_value(frame: pd.DataFrame) -> pd.Series:
    low, value, high = (numbers(frame, c) for c in ("low", "value", "high"))
    return pd.Series(
        [
            (pd.isna(lo) or pd.isna(val) or lo <= val)
            and (pd.isna(hi) or pd.isna(val) or val <= hi)
            for lo, val, hi in zip(low, value, high)
        ],
        index=frame.index,
    )


RECEPTOR_DISTRIBUTION = Table(
    "receptor_distribution", _receptor_distribution, numeric=("rna_value",)
)
BINDING_AFFINITY = Table("binding_affinity", _binding_affinity, numeric=("rba",))
TAMOXIFEN_METABOLISM = Table("tamoxifen_metabolism", _tamoxifen_metabolism)
TAMOXIFEN_CONCENTRATIONS = Table(
    "tamoxifen_concentrations", _tamoxifen_concentrations, numeric=("value", "low", "high")
)


def coverage(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Binding affinities compare only within one assay."""
    binding = frames.get("binding_affinity")
    if binding is None or binding["assay"].nunique() <= 1:
        return []
    return [
        Problem(
            BINDING_AFFINITY.file,
            None,
            "assay",
            "rows come from more than one assay ("
            + "; ".join(sorted(set(binding["assay"])))
            + "); binding affinities from different assays cannot be compared",
        )
    ]
