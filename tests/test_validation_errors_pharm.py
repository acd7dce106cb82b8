"""Bad input in the pharmacology tables is reported with file, row and column, never a traceback.

Same conventions as test_validation_errors.py: row numbers are spreadsheet rows (header = row 1).
"""

from __future__ import annotations

import pytest

from tests.test_validation_errors import drop_rows, only_problem, problems_in, run_cli, set_cell


def where(problem):
    return (problem.file, problem.row, problem.column)


@pytest.mark.parametrize(
    ("edit", "expected", "words"),
    [
        (
            set_cell("receptor_distribution", 0, "rna_unit", "TPM"),
            ("receptor_distribution.csv", 2, "rna_unit"),
            ("must be one of: nTPM", "'TPM'"),
        ),
        (  # binding values compare only within one assay: a whole-table rule, so no row
            set_cell("binding_affinity", 3, "assay", "another lab's assay"),
            ("binding_affinity.csv", None, "assay"),
            ("more than one assay", "another lab's assay", "cannot be compared"),
        ),
        (
            drop_rows("hpg_agents", lambda row: row["agent"] == "anastrozole"),
            ("hpg_agents.csv", None, "agent"),
            ("no row for agent 'anastrozole'",),
        ),
    ],
    ids=["rna-unit", "second-assay", "hpg-agent-row"],
)
def test_a_wrong_unit_a_second_assay_or_a_missing_agent_row_is_named(
    data_copy, edit, expected, words
):
    data_copy.edit(*edit)
    problem = only_problem(data_copy)
    assert where(problem) == expected
    assert all(word in problem.message for word in words), problem.message


def test_unknown_ligand_kind(data_copy):
    data_copy.edit(*set_cell("binding_affinity", 2, "ligand_kind", "drug"))
    problem = only_problem(data_copy)
    assert where(problem) == ("binding_affinity.csv", 4, "ligand_kind")
    assert "must be one of: course drug, active metabolite, reference ligand" in problem.message


def test_unknown_tamoxifen_compound(data_copy):
    data_copy.edit(*set_cell("tamoxifen_metabolism", 1, "to_compound", "4-OH-tamoxifen"))
    problem = only_problem(data_copy)
    assert where(problem) == ("tamoxifen_metabolism.csv", 3, "to_compound")
    assert "'4-OH-tamoxifen'" in problem.message


def test_a_step_from_a_compound_to_itself(data_copy):
    data_copy.edit(*set_cell("tamoxifen_metabolism", 0, "to_compound", "tamoxifen"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row) == ("tamoxifen_metabolism.csv", 2)
    assert "same compound" in problem.message


def test_concentration_outside_its_range(data_copy):
    data_copy.edit(*set_cell("tamoxifen_concentrations", 0, "value", "250"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row) == ("tamoxifen_concentrations.csv", 2)
    assert "low <= value <= high" in problem.message


def test_concentration_range_with_one_end_missing(data_copy):
    data_copy.edit(*set_cell("tamoxifen_concentrations", 1, "high", ""))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row) == ("tamoxifen_concentrations.csv", 3)
    assert "both be given or both be blank" in problem.message


def test_concentration_in_an_unknown_unit(data_copy):
    data_copy.edit(*set_cell("tamoxifen_concentrations", 2, "unit", "nmol/L"))
    problem = only_problem(data_copy)
    assert where(problem) == ("tamoxifen_concentrations.csv", 4, "unit")


def test_endocrine_agent_linked_to_an_unknown_hpg_agent(data_copy):
    data_copy.edit(*set_cell("endocrine_agents", 3, "hpg_agent", "arimidex"))
    problem = only_problem(data_copy)
    assert where(problem) == ("endocrine_agents.csv", 5, "hpg_agent")


def test_endocrine_agent_with_an_unknown_class(data_copy):
    data_copy.edit(*set_cell("endocrine_agents", 1, "agent_class", "degrader"))
    problem = only_problem(data_copy)
    assert where(problem) == ("endocrine_agents.csv", 3, "agent_class")
    assert "must be one of: SERM, SERD" in problem.message


def test_endocrine_agent_citing_an_unknown_reference(data_copy):
    data_copy.edit(*set_cell("endocrine_agents", 2, "sources", "label-elacestrant;emerald2022"))
    problem = only_problem(data_copy)
    assert where(problem) == ("endocrine_agents.csv", 4, "sources")
    assert "emerald2022" in problem.message


def test_mutation_whose_residue_does_not_match_its_name(data_copy):
    data_copy.edit(*set_cell("esr1_mutations", 0, "residue", "538"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row) == ("esr1_mutations.csv", 2)
    assert "residue does not match" in problem.message


def test_mutation_name_that_is_not_a_protein_change(data_copy):
    data_copy.edit(*set_cell("esr1_mutations", 2, "mutation", "D538 G"))
    problem = only_problem(data_copy)
    assert where(problem) == ("esr1_mutations.csv", 4, "mutation")
    assert "a protein change like Y537S" in problem.message


def test_prevalence_percent_that_disagrees_with_its_counts(data_copy):
    data_copy.edit(*set_cell("esr1_prevalence", 1, "percent", "65.4"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.row) == ("esr1_prevalence.csv", 3)
    assert "100 x with_mutation / tested" in problem.message


def test_prevalence_count_that_is_not_a_whole_number(data_copy):
    data_copy.edit(*set_cell("esr1_prevalence", 0, "tested", "80.5"))
    # the percent rule fails too (14/80.5 is not 17.5%); the cell itself must be named
    problems = [p for p in problems_in(data_copy) if p.column == "tested"]
    assert [(p.file, p.row) for p in problems] == [("esr1_prevalence.csv", 2)]
    assert "whole number" in problems[0].message


def test_cli_names_the_new_tables_file_row_and_column(data_copy):
    data_copy.edit(*set_cell("esr1_mutations", 0, "residue", "five"))
    result = run_cli(data_copy.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "esr1_mutations.csv, row 2, column 'residue'" in result.stderr
