"""HTML tables: they carry the data's values, escape text, and name their contents in a caption."""

from __future__ import annotations

import re

import pytest

from serm_lessons import data, tables


@pytest.fixture(scope="module")
def course() -> data.CourseData:
    return data.load()


def column(table: str, index: int) -> list[str]:
    """The text of one body column (0 = the row header)."""
    body = table.split("<tbody>")[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)[index] for row in rows]


def test_systemic_table_filters_by_drug_and_keeps_class_statements(course):
    table = tables.systemic(course, ["raloxifene"])
    drugs = set(column(table, 1))
    assert drugs <= {"Raloxifene", "SERMs in general"} and "Raloxifene" in drugs
    expected = course.systemic_effects["serm"].isin(["raloxifene", "class"]).sum()
    assert len(column(table, 1)) == expected


def test_systemic_table_filters_by_system(course):
    table = tables.systemic(course, None, ["bone"])
    assert set(column(table, 0)) == {"bone"}
    assert "<tbody></tbody>" in tables.systemic(course, None, [])


def test_comparison_table_puts_two_drugs_side_by_side_with_population_splits(course):
    table = tables.comparison(course, "tamoxifen", "raloxifene")
    assert ">Tamoxifen</th>" in table and ">Raloxifene</th>" in table
    rows = dict(zip(column(table, 0), column(table, 1)))
    assert "premenopausal" in rows["Bone"] and "postmenopausal" in rows["Bone"]


def test_agents_and_evidence_tables_have_a_row_per_agent(course):
    for table in (tables.agents(course), tables.hpg_evidence(course)):
        assert len(column(table, 0)) == len(course.hpg_agents)
        assert "<caption" in table and "</caption>" in table


def test_cell_text_is_escaped():
    table = tables.html_table("t", ["a"], [("<script>x</script>",)])
    assert "<script>x" not in table and "&lt;script&gt;" in table


def test_tables_display_as_html_in_a_notebook(course):
    table = tables.agents(course)
    assert isinstance(table, str) and table._repr_html_() == str(table)
