"""What the trials found and what the labels warn of: trial_outcomes (benefits and harms side by
side, each beside its trial's primary result) and safety (boxed warnings, contraindications,
interactions)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from .. import vocabulary as v
from ..citations import split_ids
from .cells import Known, col, known_serm, non_negative_number, one_of, positive_number, sources_col
from .problems import Problem
from .rows import Table, numbers, row_rule, rowwise, strict_schema

REVIEW_NOTE_MESSAGE = (
    "this row cites a review (kind 'review' in references.csv): say in note which figures come "
    "from the review, with the word 'review'"
)


def _ci_contains_estimate(frame: pd.DataFrame) -> pd.Series:
    low, est, high = (numbers(frame, c) for c in ("ci_low", "estimate", "ci_high"))
    complete = low.notna() & est.notna() & high.notna()
    inside = pd.Series(
        [bool(lo <= e <= hi) if ok else True for lo, e, hi, ok in zip(low, est, high, complete)],
        index=frame.index,
    )
    return inside


def _review_named_in_note(known: Known):
    """A result that rests on a review (a secondary source) says so in its note."""

    def test(frame: pd.DataFrame) -> pd.Series:
        kinds = known.reference_kinds
        if kinds is None:  # references.csv could not be read: reported on its own
            return pd.Series(True, index=frame.index)
        return rowwise(
            frame,
            lambda r: (
                "review" in r["note"].lower()  # "Review ..." at a sentence's start counts
                or all(kinds.get(i) != "review" for i in split_ids(r["sources"]))
            ),
        )

    return test


def _trial_outcomes(known: Known) -> pa.DataFrameSchema:
    return strict_schema(
        {
            "trial": col(),
            "comparison": col(),
            "outcome": col(one_of(v.OUTCOMES)),
            "outcome_type": col(one_of(v.OUTCOME_TYPES)),
            "analysis": col(one_of(v.ANALYSES)),
            "measure": col(one_of(v.RATIO_MEASURES)),
            "estimate": col(positive_number()),
            "ci_low": col(positive_number()),
            "ci_high": col(positive_number()),
            "rate_drug": col(non_negative_number(), optional=True),
            "rate_control": col(non_negative_number(), optional=True),
            "rate_unit": col(optional=True),
            "follow_up": col(),
            "note": col(optional=True),
            "sources": sources_col(known),
        },
        unique=["trial", "comparison", "outcome", "analysis", "follow_up"],
        checks=[
            row_rule(_ci_contains_estimate, "ci_low <= estimate <= ci_high does not hold"),
            row_rule(
                lambda f: (
                    ((f["rate_drug"] == "") == (f["rate_control"] == ""))
                    & ((f["rate_drug"] == "") == (f["rate_unit"] == ""))
                ),
                "rate_drug, rate_control and rate_unit must all be given or all be blank",
            ),
            row_rule(
                _trial_has_primary_result,
                "this trial has no 'primary' row: a secondary, post hoc, subgroup or extension "
                "result is shown only beside the trial's primary result",
            ),
            row_rule(
                _trial_has_benefit_and_harm,
                "this trial needs at least one 'efficacy' row and one 'harm' row, so that its "
                "benefits and harms are shown side by side",
            ),
            row_rule(_review_named_in_note(known), REVIEW_NOTE_MESSAGE, "note"),
        ],
    )


def _first_row_of_failing_trial(frame: pd.DataFrame, ok_by_trial: pd.Series) -> pd.Series:
    """True for every row except the first row of each trial that breaks a per-trial rule."""
    first = ~frame["trial"].duplicated()
    failing = ~frame["trial"].map(ok_by_trial).astype(bool)
    return ~(first & failing)


def _trial_has_primary_result(frame: pd.DataFrame) -> pd.Series:
    ok = frame.groupby("trial")["analysis"].agg(lambda a: "primary" in set(a))
    return _first_row_of_failing_trial(frame, ok)


def _trial_has_benefit_and_harm(frame: pd.DataFrame) -> pd.Series:
    ok = frame.groupby("trial")["outcome_type"].agg(lambda t: set(v.OUTCOME_TYPES) <= set(t))
    return _first_row_of_failing_trial(frame, ok)


def _rates_complete(frame: pd.DataFrame) -> pd.Series:
    given = [frame[c] != "" for c in ("rate_drug", "rate_placebo", "rate_unit")]
    return (given[0] & given[1] & given[2]) | ~(given[0] | given[1] | given[2])


def _safety(known: Known) -> pa.DataFrameSchema:
    return strict_schema(
        {
            "serm": col(known_serm(known)),
            "region": col(one_of(v.LABEL_REGIONS)),
            "kind": col(one_of(v.SAFETY_KINDS)),
            "item": col(),
            "detail": col(),
            "setting": col(optional=True),
            "rate_drug": col(non_negative_number(), optional=True),
            "rate_placebo": col(non_negative_number(), optional=True),
            "rate_unit": col(one_of(v.RATE_UNITS), optional=True),
            "rate_note": col(optional=True),
            "section": col(),
            "sources": sources_col(known),
        },
        unique=["serm", "region", "kind", "item"],
        checks=[
            row_rule(
                _rates_complete,
                "rate_drug, rate_placebo and rate_unit must all be given or all be blank",
            ),
            # Absolute rates describe the harms a boxed warning names, in the trial it cites.
            row_rule(
                lambda f: (
                    (f["rate_drug"] == "")
                    | ~f["kind"].isin(v.SAFETY_KINDS)  # an unknown kind is reported on its own
                    | ((f["kind"] == "boxed warning") & (f["setting"] != ""))
                ),
                "rates are given only on a boxed-warning row, with the trial they come from "
                "in 'setting'",
            ),
        ],
    )


TRIAL_OUTCOMES = Table(
    "trial_outcomes",
    _trial_outcomes,
    numeric=("estimate", "ci_low", "ci_high", "rate_drug", "rate_control"),
)
SAFETY = Table("safety", _safety, numeric=("rate_drug", "rate_placebo"))


def coverage(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every drug with a US or EU label has its safety rows."""
    safety, serms = frames.get("safety"), frames.get("serms")
    if safety is None or serms is None:
        return []
    labelled = serms[
        (serms["us_status"] != "not approved")
        | serms["eu_status"].isin(("authorised", "withdrawn", "nationally authorised"))
    ]
    return [
        Problem(
            SAFETY.file,
            None,
            "serm",
            f"no row for '{serm}', which has a label (serms.csv); add its boxed "
            "warnings, contraindications and interactions",
        )
        for serm in sorted(set(labelled["serm"]) - set(safety["serm"]))
    ]
