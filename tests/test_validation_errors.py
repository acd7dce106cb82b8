"""Each kind of bad input is reported clearly: file, row, column, what is wrong; no traceback.

Row numbers are spreadsheet rows: the header is row 1, so the first data row (index 0) is row 2.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from serm_lessons import data
from serm_lessons.schema import Problem


def problems_in(data_copy) -> list[Problem]:
    course, problems = data.validate(data_copy.root)
    assert course is None, "bad data must not load"
    assert problems, "bad data must be reported"
    return problems


def only_problem(data_copy) -> Problem:
    problems = problems_in(data_copy)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def set_cell(table, index, column, value):
    def change(header, rows):
        rows[index][column] = value

    return table, change


def drop_rows(table, unwanted):
    """An edit that deletes every row of `table` for which unwanted(row) is true."""

    def change(header, rows):
        rows[:] = [row for row in rows if not unwanted(row)]

    return table, change


def test_missing_file(data_copy):
    data_copy.path("serms").unlink()
    problems = problems_in(data_copy)
    assert problems[0].file == "serms.csv"
    assert "file is missing" in problems[0].message
    # the tables that depend on serms.csv are not buried in follow-on errors
    assert all(p.file == "serms.csv" for p in problems)


def test_missing_column(data_copy):
    def drop(header, rows):
        header.remove("evidence")
        for row in rows:
            del row["evidence"]

    data_copy.edit("tissue_effects", drop)
    problem = only_problem(data_copy)
    assert (problem.file, problem.row, problem.column) == ("tissue_effects.csv", 1, "evidence")
    assert "missing" in problem.message


def test_unexpected_column(data_copy):
    def add(header, rows):
        header.append("colour")
        for row in rows:
            row["colour"] = "red"

    data_copy.edit("tissue_effects", add)
    problem = only_problem(data_copy)
    assert (problem.file, problem.row, problem.column) == ("tissue_effects.csv", 1, "colour")
    assert "unexpected column" in problem.message


def test_unknown_effect_label(data_copy):
    data_copy.edit(*set_cell("tissue_effects", 4, "effect", "agonst"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row, problem.column) == ("tissue_effects.csv", 6, "effect")
    assert "must be one of: agonist, partial agonist" in problem.message
    assert "'agonst'" in problem.message


def test_unknown_serm(data_copy):
    header, rows = data_copy.read("tissue_effects")
    rows.append({**rows[0], "serm": "tamoxifin"})
    data_copy.write("tissue_effects", header, rows)
    problem = only_problem(data_copy)
    assert (problem.row, problem.column) == (len(rows) + 1, "serm")
    assert "not a serm listed in serms.csv" in problem.message and "tamoxifin" in problem.message


def test_unknown_tissue(data_copy):
    header, rows = data_copy.read("tissue_effects")
    rows.append({**rows[0], "tissue": "kidney"})
    data_copy.write("tissue_effects", header, rows)
    problem = only_problem(data_copy)
    assert (problem.row, problem.column) == (len(rows) + 1, "tissue")
    assert "must be one of" in problem.message and "kidney" in problem.message


def test_unknown_reference_id(data_copy):
    _, rows = data_copy.read("serms")
    first = rows[0]["sources"]
    data_copy.edit(*set_cell("serms", 0, "sources", first + ";nosuch2020"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row, problem.column) == ("serms.csv", 2, "sources")
    assert problem.message.endswith("not in references.csv: nosuch2020")


def test_a_sources_cell_of_separators_only_names_no_reference(data_copy):
    data_copy.edit(*set_cell("claims", 0, "sources", " ; ;"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row, problem.column) == ("claims.csv", 2, "sources")
    assert problem.message == "needs at least one reference id"


def test_duplicate_serm_tissue_pair(data_copy):
    header, rows = data_copy.read("tissue_effects")
    rows.append(dict(rows[3]))
    data_copy.write("tissue_effects", header, rows)
    problem = only_problem(data_copy)
    assert problem.row == len(rows) + 1
    assert "duplicates row 5" in problem.message
    assert f"serm={rows[3]['serm']}" in problem.message


def test_blank_required_cell(data_copy):
    data_copy.edit(*set_cell("tissue_effects", 0, "evidence", "   "))
    problem = only_problem(data_copy)
    assert (problem.row, problem.column) == (2, "evidence")
    assert "blank" in problem.message


def test_non_numeric_number(data_copy):
    _, rows = data_copy.read("serms")
    index = next(i for i, r in enumerate(rows) if r["half_life_value"])
    data_copy.edit(*set_cell("serms", index, "half_life_value", "five"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row, problem.column) == (
        "serms.csv",
        index + 2,
        "half_life_value",
    )
    assert "must be a number greater than 0" in problem.message and "'five'" in problem.message


def test_negative_number(data_copy):
    data_copy.edit(*set_cell("trial_outcomes", 0, "ci_low", "-0.5"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row, problem.column) == ("trial_outcomes.csv", 2, "ci_low")
    assert "greater than 0" in problem.message


def test_estimate_outside_its_interval(data_copy):
    _, rows = data_copy.read("trial_outcomes")
    data_copy.edit(*set_cell("trial_outcomes", 0, "estimate", str(float(rows[0]["ci_high"]) * 2)))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row) == ("trial_outcomes.csv", 2)
    assert "ci_low <= estimate <= ci_high" in problem.message


def trial_rows(data_copy, trial):
    _, rows = data_copy.read("trial_outcomes")
    return [i for i, row in enumerate(rows) if row["trial"] == trial]


def test_trial_without_its_primary_result(data_copy):
    rows = trial_rows(data_copy, "RUTH")
    for index in rows:
        data_copy.edit(*set_cell("trial_outcomes", index, "analysis", "secondary"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row) == ("trial_outcomes.csv", rows[0] + 2)
    assert "no 'primary' row" in problem.message


def test_trial_showing_benefits_without_harms(data_copy):
    rows = trial_rows(data_copy, "RUTH")
    for index in rows:
        data_copy.edit(*set_cell("trial_outcomes", index, "outcome_type", "efficacy"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row) == ("trial_outcomes.csv", rows[0] + 2)
    assert "one 'efficacy' row and one 'harm' row" in problem.message


def test_unknown_analysis_kind(data_copy):
    _, rows = data_copy.read("trial_outcomes")
    index = next(i for i, row in enumerate(rows) if row["analysis"] == "secondary")
    data_copy.edit(*set_cell("trial_outcomes", index, "analysis", "exploratory"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row, problem.column) == (
        "trial_outcomes.csv",
        index + 2,
        "analysis",
    )
    assert "must be one of: primary, secondary, post hoc, subgroup, extension" in problem.message


def test_rate_without_its_comparator_rate(data_copy):
    _, rows = data_copy.read("trial_outcomes")
    index = next(i for i, row in enumerate(rows) if row["rate_drug"])
    data_copy.edit(*set_cell("trial_outcomes", index, "rate_control", ""))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row) == ("trial_outcomes.csv", index + 2)
    assert "must all be given or all be blank" in problem.message


@pytest.mark.parametrize("note", ["", "All thromboembolic events."])
def test_a_result_resting_on_a_review_must_say_so(data_copy, note):
    _, rows = data_copy.read("trial_outcomes")
    index = next(i for i, r in enumerate(rows) if "vogel2009" in r["sources"])  # a review
    data_copy.edit(*set_cell("trial_outcomes", index, "note", note))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row, problem.column) == ("trial_outcomes.csv", index + 2, "note")
    assert "cites a review" in problem.message and "the word 'review'" in problem.message


def test_a_note_naming_the_review_at_a_sentences_start_is_accepted(data_copy):
    _, rows = data_copy.read("trial_outcomes")
    index = next(i for i, r in enumerate(rows) if "vogel2009" in r["sources"])  # a review
    data_copy.edit(*set_cell("trial_outcomes", index, "note", "Review figures: all events."))
    course, problems = data.validate(data_copy.root)
    assert problems == [] and course is not None


def test_wrong_encoding(data_copy):
    path = data_copy.path("serms")
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[3] = lines[3].replace(",", ",Ésterase note ", 1)  # a non-ASCII character on row 4
    path.write_bytes("\n".join(lines).encode("latin-1", errors="replace"))
    problem = problems_in(data_copy)[0]
    assert (problem.file, problem.row) == ("serms.csv", 4)
    assert "not UTF-8" in problem.message


def test_broken_csv_line_with_an_extra_cell(data_copy):
    path = data_copy.path("claims")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2] + ",stray"
    path.write_text("\n".join(lines), encoding="utf-8")
    problem = only_problem(data_copy)
    assert (problem.file, problem.row) == ("claims.csv", 3)
    assert "cells but the header has" in problem.message


def test_broken_csv_quote(data_copy):
    path = data_copy.path("hpg_agents")
    path.write_text(path.read_text(encoding="utf-8") + 'x,"unclosed\n', encoding="utf-8")
    problem = only_problem(data_copy)
    assert problem.file == "hpg_agents.csv"
    assert "not valid CSV" in problem.message


def test_a_missing_pair_is_named(data_copy):
    def drop_raloxifene_vagina(header, rows):
        rows[:] = [r for r in rows if (r["serm"], r["tissue"]) != ("raloxifene", "vagina")]

    data_copy.edit("tissue_effects", drop_raloxifene_vagina)
    problem = only_problem(data_copy)
    assert "no row for serm 'raloxifene' and tissue 'vagina'" in problem.message


def test_a_missing_mechanism_step_is_named(data_copy):
    data_copy.edit(*drop_rows("mechanism_steps", lambda row: row["case"] == "antagonist"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.column) == ("mechanism_steps.csv", "case")
    assert problem.message == "no row for coregulators 'antagonist'"


def test_load_raises_a_readable_error(data_copy):
    data_copy.edit(*set_cell("tissue_effects", 0, "effect", "blocker"))
    with pytest.raises(data.DataError) as caught:
        data.load(data_copy.root)
    text = str(caught.value)
    assert "tissue_effects.csv, row 2, column 'effect'" in text
    assert "python -m serm_lessons validate" in text


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "serm_lessons", "validate", *map(str, args)],
        capture_output=True,
        text=True,
    )


def test_cli_passes_on_shipped_data_with_a_one_screen_summary():
    result = run_cli()
    assert result.returncode == 0, result.stderr
    assert "Course data OK" in result.stdout
    assert len(result.stdout.splitlines()) <= 25


def test_cli_fails_with_file_row_column_and_no_traceback(data_copy):
    data_copy.edit(*set_cell("tissue_effects", 0, "effect", "blocker"))
    data_copy.edit(*set_cell("serms", 1, "us_status", "maybe"))
    result = run_cli(data_copy.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "tissue_effects.csv, row 2, column 'effect'" in result.stderr
    assert "serms.csv, row 3, column 'us_status'" in result.stderr


def test_cli_groups_a_repeated_problem_into_row_ranges(data_copy):
    def rename_ref(header, rows):
        for row in rows:
            row["sources"] = "gone-ref"

    data_copy.edit("claims", rename_ref)
    result = run_cli(data_copy.root)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "claims.csv" in line]
    assert len(lines) == 1 and "rows 2-" in lines[0] and "gone-ref" in lines[0]


def test_cli_rejects_a_folder_that_does_not_exist(tmp_path):
    result = run_cli(tmp_path / "nope")
    assert result.returncode == 2
    assert "is not a folder" in result.stderr


# --- references a reader can follow (citations.py, hosts.py) -----------------------------------


def ref_row(data_copy, ref_id: str) -> int:
    """Index of a reference row in references.csv (its spreadsheet row is this + 2)."""
    _, rows = data_copy.read("references")
    return next(i for i, r in enumerate(rows) if r["id"] == ref_id)


def only_reference_problem(data_copy, ref_id: str, column: str, value: str) -> Problem:
    index = ref_row(data_copy, ref_id)
    data_copy.edit(*set_cell("references", index, column, value))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row) == ("references.csv", index + 2)
    return problem


@pytest.mark.parametrize(
    "doi",
    [
        "10.1000/x'onmouseover='alert(1)",  # the injection from issue 12
        '10.1000/x"><script>alert(1)</script>',
        "10.1000/<b>",
        "10.1000/a b",
        "10.1000/a\\b",
        "https://doi.org/10.1000/xyz",  # a link, not a DOI
        "10.12/xyz",  # registrant code too short
    ],
)
def test_doi_must_be_strict(data_copy, doi):
    problem = only_reference_problem(data_copy, "cuzick2013", "doi", doi)
    assert problem.column == "doi"
    assert "must be a DOI like 10.1000/xyz" in problem.message


@pytest.mark.parametrize("doi", ["10.1000/a\u0007b", "10.1000/a\u200bb"])  # control, zero-width
def test_a_doi_with_an_invisible_character_is_refused(data_copy, doi):
    """The loader's invisible-character rule (every cell) reports these first, naming the DOI."""
    problem = only_reference_problem(data_copy, "cuzick2013", "doi", doi)
    assert problem.column == "doi"
    assert "invisible character" in problem.message


@pytest.mark.parametrize("pmid", ["023639488", "2363948a", "1234567890", "PMID 23639488"])
def test_pmid_must_be_one_to_nine_digits_without_a_leading_zero(data_copy, pmid):
    problem = only_reference_problem(data_copy, "cuzick2013", "pmid", pmid)
    assert problem.column == "pmid"
    assert "1-9 digits, no leading zero" in problem.message


@pytest.mark.parametrize(
    "url",
    [
        "http://pmc.ncbi.nlm.nih.gov/articles/PMC3671272",  # not https
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC3671272'onclick='x",
        "https:///articles/PMC3671272",  # no host
        "https://user@pmc.ncbi.nlm.nih.gov/articles/PMC3671272",  # credentials in the host
    ],
)
def test_url_must_be_a_plain_https_address(data_copy, url):
    problem = only_reference_problem(data_copy, "cuzick2013", "url", url)
    assert problem.column == "url"
    assert "must be an https:// address with a host name" in problem.message


@pytest.mark.parametrize(
    "url",
    [
        "https://repository.uantwerpen.be/link/irua/108407",  # institutional repository
        "https://suppr.wilddata.cn/browses/detail/pubmed/23639488",  # PubMed mirror
        "https://47.251.13.51/23639488",  # an IP address
        "https://doi.org.example.com/10.1016/S0140-6736(13)60140-3",  # look-alike host
        "https://www.scribd.com/document/1/copy",  # document-sharing site
    ],
)
def test_url_host_must_be_on_the_allow_list(data_copy, url):
    problem = only_reference_problem(data_copy, "cuzick2013", "url", url)
    assert problem.column == "url"
    assert "not on a canonical host" in problem.message
    assert "src/serm_lessons/hosts.py" in problem.message


def test_a_script_address_is_rejected_in_a_url(data_copy):
    index = ref_row(data_copy, "cuzick2013")
    data_copy.edit(*set_cell("references", index, "url", "javascript:alert(1)"))
    problems = problems_in(data_copy)
    assert {(p.file, p.row, p.column) for p in problems} == {("references.csv", index + 2, "url")}
    assert any("javascript: or data: address" in p.message for p in problems)


@pytest.mark.parametrize(
    ("table", "column", "text"),
    [
        ("claims", "correction", "See JavaScript:alert(document.cookie) for details."),
        ("tissue_effects", "evidence", "Shown at data:text/html;base64,PHNjcmlwdD4="),
        ("serms", "notes", "vbscript:msgbox(1)"),
    ],
)
def test_no_cell_anywhere_may_hold_a_script_or_data_address(data_copy, table, column, text):
    data_copy.edit(*set_cell(table, 0, column, text))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row, problem.column) == (f"{table}.csv", 2, column)
    assert "javascript: or data: address" in problem.message


def test_ordinary_words_before_a_colon_are_not_mistaken_for_a_script_address(data_copy):
    data_copy.edit(*set_cell("claims", 0, "correction", "Trial data: no effect. Metadata: none."))
    course, problems = data.validate(data_copy.root)
    assert problems == [] and course is not None


@pytest.mark.parametrize("column", ["url", "verified"])
def test_a_reference_without_its_url_or_what_was_verified_is_an_error(data_copy, column):
    problem = only_reference_problem(data_copy, "cuzick2013", column, "")
    assert problem.column == column
    assert "blank, but a value is required" in problem.message


def test_a_paper_without_doi_or_pmid_is_an_error(data_copy):
    index = ref_row(data_copy, "cuzick2013")

    def strip_ids(header, rows):
        rows[index].update(doi="", pmid="")

    data_copy.edit("references", strip_ids)
    problem = only_problem(data_copy)
    assert (problem.file, problem.row, problem.column) == ("references.csv", index + 2, "doi")
    assert "needs its doi or pmid" in problem.message


def test_a_pharmacology_book_may_cite_its_isbn_instead(data_copy):
    index = ref_row(data_copy, "gardner2006")

    def make_book(header, rows):
        rows[index].update(
            doi="",
            pmid="",
            volume="",
            issue="",
            pages="",
            url="https://link.springer.com/book/10.1007/978-3-030-00000-0",
            note="Textbook chapter. ISBN 978-0-07-182505-4",
        )

    data_copy.edit("references", make_book)
    course, problems = data.validate(data_copy.root)
    assert problems == [] and course is not None


def test_a_journal_paper_needs_volume_and_pages(data_copy):
    problem = only_reference_problem(data_copy, "cuzick2013", "pages", "")
    assert problem.column == "pages"
    assert "needs its volume and pages" in problem.message


def test_authors_are_all_or_the_first_three_then_et_al(data_copy):
    problem = only_reference_problem(data_copy, "cuzick2013", "authors", "Cuzick J, et al.")
    assert problem.column == "authors"
    assert "first three followed by 'et al.'" in problem.message


def test_a_label_needs_a_dailymed_set_id_an_fda_number_or_an_eu_page(data_copy):
    url = "https://www.fda.gov/drugs/postmarket-drug-safety-information/clomiphene"
    problem = only_reference_problem(data_copy, "label-clomiphene", "url", url)
    assert problem.column == "url"
    assert "DailyMed set id" in problem.message and "FDA application number" in problem.message


def test_an_fda_application_number_in_note_identifies_a_label(data_copy):
    index = ref_row(data_copy, "label-clomiphene")

    def to_fda_page(header, rows):
        rows[index].update(url="https://www.fda.gov/drugs/clomid", note="NDA 016131")

    data_copy.edit("references", to_fda_page)
    course, problems = data.validate(data_copy.root)
    assert problems == [] and course is not None


def test_a_doi_link_must_point_at_the_rows_own_doi(data_copy):
    url = "https://doi.org/10.1056/NEJMoa999999"
    problem = only_reference_problem(data_copy, "barrettconnor2006", "url", url)
    assert problem.column == "url"
    assert "own doi or pmid" in problem.message


def test_the_injection_from_issue_12_fails_validate_with_no_traceback(data_copy):
    index = ref_row(data_copy, "cuzick2013")
    data_copy.edit(*set_cell("references", index, "doi", "10.1000/x'onmouseover='alert(1)"))
    result = run_cli(data_copy.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"references.csv, row {index + 2}, column 'doi'" in result.stderr


def test_a_second_validation_sees_a_change_in_the_ids_other_tables_cite(data_copy):
    """An unchanged table is not checked twice in one process, but what it is checked against
    counts: dropping a reference that an unchanged table cites is reported in that table."""
    course, problems = data.validate(data_copy.root)
    assert course is not None and problems == []
    header, refs = data_copy.read("references")
    data_copy.write("references", header, [r for r in refs if r["id"] != "smith2010"])
    problems = problems_in(data_copy)
    cited_in = {p.file for p in problems if "smith2010" in p.message or p.column == "sources"}
    assert {"trial_outcomes.csv", "tissue_effects.csv", "systemic_effects.csv"} <= cited_in, (
        problems
    )
    data_copy.write("references", header, refs)
    course, problems = data.validate(data_copy.root)  # and back: the same tables pass again
    assert course is not None and problems == []
