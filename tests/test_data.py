"""The shipped data: it validates, loads with the right types, and says what it should."""

from __future__ import annotations

import csv
import subprocess
import sys

import pandas as pd
import pytest

from serm_lessons import data
from serm_lessons.schema import TABLES

from .conftest import REPO

REQUIRED_SERMS = {
    "tamoxifen",
    "toremifene",
    "raloxifene",
    "bazedoxifene",
    "lasofoxifene",
    "ospemifene",
    "clomiphene",
    "enclomiphene",
    "estradiol",
}


def test_shipped_data_has_no_problems():
    course, problems = data.validate()
    assert problems == []
    assert course is not None


def test_load_is_cached_and_returns_the_same_object():
    # not `is course`: test_table_cache clears load's memo, and may run first in this process
    assert data.load() is data.load()


def test_nothing_is_dropped_on_load(course):
    for table in TABLES:
        with open(data.default_data_dir() / table.file, encoding="utf-8", newline="") as handle:
            n_rows = sum(1 for row in csv.reader(handle) if any(cell.strip() for cell in row)) - 1
        assert len(getattr(course, table.name)) == n_rows, table.file


def test_numbers_are_numbers(course):
    assert pd.api.types.is_float_dtype(course.serms["half_life_value"])
    assert pd.api.types.is_float_dtype(course.trial_outcomes["estimate"])
    assert pd.api.types.is_integer_dtype(course.references["year"])


def test_every_required_drug_is_present_with_estradiol_as_reference(course):
    assert set(course.serms["serm"]) >= REQUIRED_SERMS
    roles = course.serms.set_index("serm")["role"]
    assert roles["estradiol"] == "reference agonist"
    assert (roles.drop("estradiol") == "SERM").all()


def test_tamoxifen_on_bone_depends_on_menopause(course):
    effects = course.tissue_effects
    bone = effects[(effects["serm"] == "tamoxifen") & (effects["tissue"] == "bone")]
    by_population = dict(zip(bone["population"], bone["effect"]))
    assert by_population.get("postmenopausal") in {"agonist", "partial agonist"}
    assert by_population.get("premenopausal") == "antagonist"


# (rows as population: effect) -> (the one effect shown, the populations named with it)
COMBINED = [
    ({"all": "agonist"}, ("agonist", "")),
    ({"men": "antagonist", "premenopausal": "antagonist"}, ("antagonist", "")),
    ({"premenopausal": "antagonist", "postmenopausal": "agonist"}, ("mixed", "")),
    ({"men": "agonist", "postmenopausal": "minimal"}, ("mixed", "")),
    ({"men": "antagonist", "premenopausal": "unknown"}, ("antagonist", "men")),
    (
        {"men": "antagonist", "premenopausal": "antagonist", "postmenopausal": "unknown"},
        ("antagonist", "men, premenopausal"),
    ),
    ({"men": "agonist", "premenopausal": "antagonist", "postmenopausal": "unknown"}, ("mixed", "")),
    ({"men": "unknown", "premenopausal": "unknown"}, ("unknown", "")),
]


@pytest.mark.parametrize("rows, shown", COMBINED)
def test_combined_effect_combines_a_cells_populations(course, rows, shown):
    import dataclasses

    frame = pd.DataFrame(
        [{"serm": "x", "tissue": "bone", "population": p, "effect": e} for p, e in rows.items()]
    )
    assert dataclasses.replace(course, tissue_effects=frame).combined_effect("x", "bone") == shown


def test_combined_effect_on_the_shipped_data(course):
    assert course.combined_effect("tamoxifen", "bone") == ("mixed", "")
    assert course.combined_effect("enclomiphene", "hypothalamus-pituitary") == ("antagonist", "men")
    assert course.combined_effect("raloxifene", "breast") == ("antagonist", "")


def test_raloxifene_blocks_breast_and_builds_bone(course):
    effects = course.tissue_effects.set_index(["serm", "tissue", "population"])["effect"]
    assert effects[("raloxifene", "breast", "all")] == "antagonist"
    assert effects[("raloxifene", "bone", "all")] in {"agonist", "partial agonist"}


def test_article_citation_errors_are_recorded_as_claims(course):
    verdicts = set(course.claims["verdict"])
    assert {"wrong citation", "citation not found"} <= verdicts


def test_estradiol_is_the_binding_reference_at_100_on_both_receptors(course):
    # (one assay only is a schema rule: tests/test_validation_errors_pharm.py)
    rba = course.binding_affinity.set_index(["ligand", "receptor"])["rba"]
    assert rba[("estradiol", "ERα")] == 100 and rba[("estradiol", "ERβ")] == 100


def test_absolute_rates_agree_with_their_ratio(course):
    # Catches swapped or mistyped rates: the two groups' rates must tell the same story as the
    # ratio (these trials' rate ratios lie within 15% of the published ratio). Not a schema rule:
    # a crude rate ratio may rightly differ more from a trial's hazard or odds ratio.
    t = course.trial_outcomes.dropna(subset=["rate_drug", "rate_control"])
    assert len(t) >= 20
    rate_ratio = t["rate_drug"] / t["rate_control"]
    assert ((rate_ratio / t["estimate"] - 1).abs() < 0.15).all(), t[["trial", "outcome"]]


def test_receptor_distribution_is_rebuilt_exactly_from_the_raw_tables():
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_receptor_distribution.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_receptor_distribution_keeps_the_measured_values(course):
    rd = course.receptor_distribution.set_index(["tissue", "receptor"])
    # Spot checks against HPA v21.1 consensus nTPM (data/raw): ERα dominates the womb lining.
    assert rd.loc[("endometrium", "ERα"), "rna_value"] == pytest.approx(110.9)
    assert rd.loc[("endometrium", "ERβ"), "rna_value"] == pytest.approx(1.2)


def test_one_rule_splits_sources_cells_for_validation_and_for_reading():
    """Reading tables (data.py, no pandera) and validating them split a sources cell by one rule."""
    from serm_lessons import citations, data, schema

    assert data.split_ids is schema.split_ids is citations.split_ids
    assert citations.split_ids(" a; b ;;c ") == ["a", "b", "c"]
