"""Sentences about the trials (quiz, instructor guide, lesson 3) agree with trial_outcomes.csv."""

from __future__ import annotations

import json

from serm_lessons import quiz

from .conftest import REPO


def result(course, trial: str, outcome: str, analysis: str, comparison: str | None = None):
    t = course.trial_outcomes
    rows = t[(t["trial"] == trial) & (t["outcome"] == outcome) & (t["analysis"] == analysis)]
    if comparison is not None:
        rows = rows[rows["comparison"] == comparison]
    assert len(rows) == 1, (trial, outcome, analysis, comparison)
    return next(rows.itertuples())


def question(qid: str) -> dict:
    return next(q for q in quiz.load_questions("academic") if q["id"] == qid)


def right_feedback(q: dict) -> str:
    return next(a["feedback"] for a in q["answers"] if a["correct"])


def test_p1_absolute_risk_question_uses_the_trials_own_numbers(course):
    benefit = result(course, "NSABP P-1", "invasive breast cancer", "primary")
    harm = result(course, "NSABP P-1", "endometrial cancer", "secondary")
    q = question("p1-absolute-vs-relative")
    assert (
        f"{benefit.rate_control:.1f} per 1,000 (placebo) vs {benefit.rate_drug:.1f} per 1,000 "
        "(tamoxifen) over 69 months" in q["question"]
    )
    assert f"{round((1 - benefit.estimate) * 100)}% reduction" in q["question"]
    difference = round(benefit.rate_control - benefit.rate_drug)
    assert f"about {difference} fewer cases per 1,000" in json.dumps(q)
    assert f"{harm.rate_drug:g} vs {harm.rate_control:g} per 1,000 women a year" in right_feedback(
        q
    )


def test_more_question_quotes_the_primary_and_secondary_results(course):
    feedback = right_feedback(question("more-trial-summary"))
    vertebral = result(
        course, "MORE", "vertebral fracture", "primary", "raloxifene 60 mg/day vs placebo"
    )
    breast = result(course, "MORE", "invasive breast cancer", "secondary")
    clots = result(course, "MORE", "venous thromboembolism", "secondary")
    assert f"the primary end point, 4-year RR {vertebral.estimate:g}" in feedback
    assert f"a secondary end point, RR {breast.estimate:g}" in feedback
    assert f"VTE RR {clots.estimate:g}" in feedback


def test_meta_analysis_questions_quote_its_primary_result_and_its_clot_risk(course):
    primary = result(
        course, "Cuzick 2013 meta-analysis", "all breast cancer (invasive and in situ)", "primary"
    )
    clots = result(course, "Cuzick 2013 meta-analysis", "venous thromboembolism", "secondary")
    assert primary.measure == "HR" and clots.measure == "OR"
    text = question("cuzick-net-benefit")["question"]
    assert f"HR {primary.estimate:g}" in text and f"VTE OR {clots.estimate:g}" in text
    ci = right_feedback(question("confidence-interval-reading"))
    assert f"OR {clots.estimate:g}, {clots.ci_low:g} to {clots.ci_high:g}" in ci


def test_guide_reports_stars_first_result_and_its_update_from_the_data(course):
    guide = (REPO / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    first = result(course, "STAR", "invasive breast cancer", "primary")
    update = result(course, "STAR", "invasive breast cancer", "extension")
    assert f"as effective as tamoxifen against invasive breast cancer (RR {first.estimate:g})" in (
        " ".join(guide.split())
    )
    assert f"less effective (RR {update.estimate:g})" in " ".join(guide.split())
