"""Trial results in reading order, with the words the forest plot and the trial tables share.

Each trial's rows come together: its main report first (the primary result, then the other
benefits, then the harms), then its labelled extras (post hoc, subgroup, extension). Nothing here
draws; figures/evidence.py and tables.py turn these rows into a plot and a table.
"""

from __future__ import annotations

import re

import pandas as pd

from . import vocabulary as v

EXTRAS = ("post hoc", "subgroup", "extension")  # shown after the main report, labelled
ROLE_WORDS = {"efficacy": "benefit", "harm": "harm"}
_DOSE = re.compile(r"([\d.]+(?: or [\d.]+)? mg/day)(?: \(pooled\))?")


def ordered(trials: pd.DataFrame) -> pd.DataFrame:
    """Rows grouped by trial (in the table's order), main report before extras, benefits first."""
    trial_rank = {t: i for i, t in enumerate(dict.fromkeys(trials["trial"]))}
    key = pd.DataFrame(
        {
            "trial": trials["trial"].map(trial_rank),
            "extra": trials["analysis"].isin(EXTRAS).astype(int),
            "type": trials["outcome_type"].map(v.OUTCOME_TYPES.index),
            "analysis": trials["analysis"].map(v.ANALYSES.index),
            "row": range(len(trials)),
        },
        index=trials.index,
    )
    return trials.loc[key.sort_values(list(key.columns)).index]


def arms(comparison: str) -> tuple[str, str]:
    """'raloxifene 60 mg/day vs tamoxifen 20 mg/day' -> ('raloxifene 60 mg/day', 'tamoxifen ...')."""
    drug, _, control = comparison.partition(" vs ")
    return drug.strip(), control.strip() or "comparator"


def dose(comparison: str) -> str:
    """The drug arm's dose, e.g. '60 mg/day', '60 or 120 mg/day pooled', or '' when none."""
    match = _DOSE.search(arms(comparison)[0])
    if not match:
        return ""
    return "pooled doses" if "(pooled)" in comparison else match.group(1)


def header(trials: pd.DataFrame, trial: str) -> str:
    """'MORE: raloxifene vs placebo', from the trial's primary comparison without doses."""
    rows = trials[trials["trial"] == trial]
    primary = rows[rows["analysis"] == "primary"]
    comparison = (primary if len(primary) else rows)["comparison"].iloc[0]
    drug, control = arms(comparison)
    drug = _DOSE.sub("", drug).replace("  ", " ").strip()
    control = _DOSE.sub("", control).replace("  ", " ").strip()
    drug = re.sub(r"all SERMs \([^)]*\)", "SERMs pooled", drug)
    return f"{trial}: {drug} vs {control}"


def analysis_tag(row, repeated: bool) -> str:
    """'primary', 'secondary', or e.g. 'extension, 7 years': follow-up named for extras and
    wherever the same result is shown for more than one period."""
    if row.analysis in EXTRAS or repeated:
        return f"{row.analysis}, {row.follow_up}"
    return row.analysis


def has_rates(row) -> bool:
    return not (pd.isna(row.rate_drug) or pd.isna(row.rate_control))


def rate_text(row) -> str:
    """'22 on tamoxifen vs 43.4 on placebo per 1,000 women (...): 21.4 fewer', or ''."""
    if not has_rates(row):
        return ""
    drug, control = (_DOSE.sub("", arm).strip() for arm in arms(row.comparison))
    difference = row.rate_drug - row.rate_control
    change = (
        f"{abs(difference):.3g} {'more' if difference > 0 else 'fewer'}" if difference else "no"
    )
    return (
        f"{row.rate_drug:g} on {drug} vs {row.rate_control:g} on {control} {row.rate_unit}: "
        f"{change} with {drug}"
    )
