"""HTML tables: they carry the data's values, escape text, and name their contents in a caption."""

from __future__ import annotations

import re

from serm_lessons import tables, trials


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
    empty = tables.systemic(course, None, [])
    assert "<table" not in empty and "0 rows" not in empty  # a plain message, not an empty table
    assert "tick at least one system" in empty


def test_comparison_table_keeps_the_charts_colour_symbol_and_word(course):
    from serm_lessons import vocabulary

    table = tables.comparison(course, "tamoxifen", "raloxifene")
    chips = re.findall(
        r"<span class='serm-effect' data-effect='([^']+)' style='background:([^;]+);"
        r"color:([^;]+);[^>]*>([^<]*)</span>",
        table,
    )
    assert len(chips) >= 2 * len(vocabulary.TISSUES)
    for effect, background, ink, text in chips:
        style = vocabulary.EFFECTS[effect]
        assert (background, ink) == (style.colour, style.text_colour)
        assert text == f"{style.symbol} {effect}"


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


def test_trial_rates_table_lists_every_result_with_rates_and_their_difference(course):
    table = tables.trial_rates(course)
    t = course.trial_outcomes
    with_rates = t[[trials.has_rates(r) for r in t.itertuples()]]  # the one rule for "has rates"
    assert len(column(table, 0)) == len(with_rates)
    assert set(column(table, 0)) == set(with_rates["trial"])
    assert "Cuzick 2013 meta-analysis" not in column(table, 0)  # it gives no absolute rates
    first = column(table, 1)[0]  # the forest plot's order: P-1's primary result leads
    assert first.startswith("benefit: invasive breast cancer (primary")
    assert column(table, 2)[0] == "22 on tamoxifen 20 mg/day"
    assert column(table, 4)[0] == "-21.4"
    assert f"the {len(with_rates)} of {len(t)} trial results" in table
