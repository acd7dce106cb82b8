"""safety.csv and the regulatory columns of serms.csv: loaded, validated, rendered and escaped."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from serm_lessons import data, tables

from .test_validation_errors import drop_rows, only_problem, set_cell


def body_rows(table: str) -> list[list[str]]:
    body = table.split("<tbody>")[1]
    return [
        re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]


# --- loading ------------------------------------------------------------------------------------


def test_safety_loads_with_rates_as_numbers(course):
    assert pd.api.types.is_float_dtype(course.safety["rate_drug"])
    assert pd.api.types.is_float_dtype(course.serms["metabolite_half_life_value"])


def test_tamoxifen_boxed_warning_rates_are_the_labels_p1_rates(course):
    rows = course.safety[
        (course.safety["serm"] == "tamoxifen") & course.safety["rate_drug"].notna()
    ]
    rates = {r.item: (r.rate_drug, r.rate_placebo) for r in rows.itertuples()}
    assert rates == {
        "endometrial cancer (adenocarcinoma)": (2.20, 0.71),
        "uterine sarcoma": (0.17, 0.04),
        "stroke": (1.43, 1.00),
        "pulmonary embolism": (0.75, 0.25),
    }


# --- bad input ----------------------------------------------------------------------------------


def first_rated_row(data_copy) -> int:
    _, rows = data_copy.read("safety")
    return next(i for i, r in enumerate(rows) if r["rate_drug"])


def test_a_rate_without_its_placebo_rate_is_refused(data_copy):
    index = first_rated_row(data_copy)
    data_copy.edit(*set_cell("safety", index, "rate_placebo", ""))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row) == ("safety.csv", index + 2)
    assert "must all be given or all be blank" in problem.message


def test_an_unknown_rate_unit_is_refused(data_copy):
    index = first_rated_row(data_copy)
    data_copy.edit(*set_cell("safety", index, "rate_unit", "per 100 women"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row, problem.column) == ("safety.csv", index + 2, "rate_unit")
    assert "must be one of: per 1,000 woman-years" in problem.message


def test_a_negative_rate_is_refused(data_copy):
    index = first_rated_row(data_copy)
    data_copy.edit(*set_cell("safety", index, "rate_drug", "-1"))
    problem = only_problem(data_copy)
    assert (problem.column, problem.row) == ("rate_drug", index + 2)
    assert ">= 0" in problem.message


def test_rates_on_a_contraindication_are_refused(data_copy):
    _, rows = data_copy.read("safety")
    index = next(i for i, r in enumerate(rows) if r["kind"] == "contraindication")

    def add_rates(header, rows):
        rows[index].update(rate_drug="1", rate_placebo="0.5", rate_unit="per 1,000 woman-years")

    data_copy.edit("safety", add_rates)
    problem = only_problem(data_copy)
    assert problem.row == index + 2 and "only on a boxed-warning row" in problem.message


def test_an_unknown_safety_kind_is_refused(data_copy):
    data_copy.edit(*set_cell("safety", 0, "kind", "black box"))
    problem = only_problem(data_copy)
    assert (problem.row, problem.column) == (2, "kind")
    assert "boxed warning, contraindication, interaction" in problem.message


def test_a_labelled_drug_without_safety_rows_is_named(data_copy):
    data_copy.edit(*drop_rows("safety", lambda row: row["serm"] == "toremifene"))
    problem = only_problem(data_copy)
    assert problem.file == "safety.csv" and "'toremifene'" in problem.message


def test_a_metabolite_half_life_without_a_unit_is_refused(data_copy):
    _, rows = data_copy.read("serms")
    index = next(i for i, r in enumerate(rows) if r["metabolite_half_life_value"])
    data_copy.edit(*set_cell("serms", index, "metabolite_half_life_unit", ""))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row) == ("serms.csv", index + 2)
    assert "metabolite_half_life_value and metabolite_half_life_unit" in problem.message


def test_an_approval_year_for_a_drug_that_is_not_approved_is_refused(data_copy):
    _, rows = data_copy.read("serms")
    index = next(i for i, r in enumerate(rows) if r["us_status"] == "not approved")
    data_copy.edit(*set_cell("serms", index, "us_first_approval", "2009"))
    problem = only_problem(data_copy)
    assert problem.row == index + 2 and "'not approved'" in problem.message


def test_an_unknown_eu_status_is_refused(data_copy):
    data_copy.edit(*set_cell("serms", 0, "eu_status", "approved"))
    problem = only_problem(data_copy)
    assert (problem.row, problem.column) == (2, "eu_status")
    assert "must be one of: authorised" in problem.message


# --- the tables ---------------------------------------------------------------------------------


def test_rate_text_gives_both_rates_and_the_difference():
    row = {"rate_drug": 2.2, "rate_placebo": 0.71, "rate_unit": "per 1,000 woman-years"}
    assert tables.rate_text(row) == "2.2 vs 0.71 per 1,000 woman-years (1.49 more with the drug)"
    fewer = {**row, "rate_drug": 1.13, "rate_placebo": 3.15}
    assert "(2.02 fewer with the drug)" in tables.rate_text(fewer)
    assert tables.rate_text({**row, "rate_drug": float("nan")}) == ""


def test_safety_table_has_a_row_per_safety_row_and_names_drugs_without_a_label(course):
    table = tables.safety(course)
    assert len(body_rows(table)) == len(course.safety)
    assert "no label to read for Enclomiphene citrate" in table


def test_safety_table_filters_by_drug_and_kind(course):
    table = tables.safety(course, ["raloxifene"], ["boxed warning"])
    rows = body_rows(table)
    expected = course.safety[
        (course.safety["serm"] == "raloxifene") & (course.safety["kind"] == "boxed warning")
    ]
    assert len(rows) == len(expected) and {r[0] for r in rows} == {"Raloxifene"}


def test_rates_table_shows_every_rated_row_with_its_difference(course):
    rows = body_rows(tables.safety_rates(course))
    rated = course.safety.dropna(subset=["rate_drug"])
    assert len(rows) == len(rated)
    for cells, (_, r) in zip(
        rows, tables.safety_rows(course).dropna(subset=["rate_drug"]).iterrows()
    ):
        assert float(cells[4]) == pytest.approx(r.rate_drug - r.rate_placebo, abs=0.005)


def test_safety_values_are_escaped(course):
    hostile = course.safety.copy()
    hostile.loc[hostile.index[0], "detail"] = "<script>alert(1)</script>"
    hostile.loc[hostile.index[0], "item"] = 'a "quoted" & <b>bold</b> item'
    tables_only = {f: getattr(course, f) for f in data.CourseData.__dataclass_fields__}
    fake = data.CourseData(**{**tables_only, "safety": hostile})
    table = tables.safety(fake)
    assert "<script>" not in table and "&lt;script&gt;" in table
    assert "<b>bold</b>" not in table and "&amp;" in table


# --- what the lesson and its self-checks say, computed from the data ---------------------------


def test_lesson_and_quiz_numbers_for_p1_endometrial_cancer_follow_from_the_data(course):
    row = course.safety[
        (course.safety["serm"] == "tamoxifen")
        & (course.safety["item"] == "endometrial cancer (adenocarcinoma)")
    ].iloc[0]
    # lesson 3: "roughly tripled ... about 1.5 cases per 1,000 women a year"; quiz: "About 1.5"
    assert round(row.rate_drug / row.rate_placebo) == 3
    assert round(row.rate_drug - row.rate_placebo, 1) == 1.5


def test_tamoxifen_washout_answer_follows_from_the_metabolite_half_life(course):
    from serm_lessons import pk

    tamoxifen = course.serms.set_index("serm").loc["tamoxifen"]
    metabolite_h = pk.to_hours(
        tamoxifen.metabolite_half_life_value, tamoxifen.metabolite_half_life_unit
    )
    parent_h = pk.to_hours(tamoxifen.half_life_value, tamoxifen.half_life_unit)
    # quiz: "About 10 to 12 weeks (the metabolite's half-lives)" vs "About a month" for tamoxifen:
    # five metabolite half-lives, and 12 weeks for the formed metabolite the explorer draws
    assert pk.washout_time(metabolite_h) / 24 / 7 == pytest.approx(10, abs=0.5)
    formed = pk.metabolite_time_to_steady_state(parent_h, metabolite_h)  # = its wash-out time
    assert formed / 24 / 7 == pytest.approx(12, abs=0.5)
    assert pk.washout_time(parent_h) / 24 == pytest.approx(30, abs=2)


def test_comparison_table_gives_eu_status_and_the_metabolite_half_life(course):
    rows = dict(
        (cells[0], cells[1:])
        for cells in body_rows(tables.comparison(course, "tamoxifen", "lasofoxifene"))
    )
    assert rows["EU status"] == ["nationally authorised", "withdrawn"]
    assert "N-desmethyltamoxifen: about 14 days" in rows["half-life"][0]
