"""The pharmacology tables say what their sources say, and the helpers read them faithfully."""

from __future__ import annotations

import pytest

from serm_lessons import pharm

# Rank orders printed in the Kuiper 1997 abstract ('>' between groups, ',' within a group), restricted
# to the ligands the course table holds. Every value in binding_affinity.csv must respect them.
KUIPER_ABSTRACT_RANK = {
    "ERα": [
        ["diethylstilbestrol"],
        ["hexestrol"],
        ["dienestrol"],
        ["4-hydroxytamoxifen"],
        ["estradiol"],
        ["coumestrol", "ICI-164384"],
        ["estrone", "17α-estradiol"],
        ["nafoxidine", "moxestrol"],
        ["clomiphene"],
        ["estriol"],
        ["tamoxifen", "genistein"],
    ],
    "ERβ": [
        ["dienestrol"],
        ["4-hydroxytamoxifen"],
        ["diethylstilbestrol"],
        ["hexestrol"],
        ["coumestrol", "ICI-164384"],
        ["estradiol"],
        ["estrone", "genistein"],
        ["estriol"],
        ["nafoxidine"],
        ["17α-estradiol", "clomiphene"],
        ["tamoxifen", "moxestrol"],
    ],
}


@pytest.mark.parametrize("receptor", ["ERα", "ERβ"])
def test_binding_values_follow_the_rank_order_printed_in_the_kuiper_abstract(course, receptor):
    rba = course.binding_affinity.query("receptor == @receptor").set_index("ligand")["rba"]
    groups = KUIPER_ABSTRACT_RANK[receptor]
    assert {lig for g in groups for lig in g} == set(rba.index)
    for higher, lower in zip(groups, groups[1:]):
        assert min(rba[h] for h in higher) > max(rba[lo] for lo in lower), (higher, lower)


def test_subtype_preferences_of_the_course_drugs_are_small(course):
    table = pharm.binding_table(course).set_index("ligand")
    assert table.loc["tamoxifen", "preference"] == "alike"
    assert table.loc["4-hydroxytamoxifen", "preference"] == "ERβ about 1.9-fold"
    assert table.loc["clomiphene", "preference"] == "ERα about 2.1-fold"
    assert table.loc["estradiol", "ratio"] == 1


def test_the_assay_leaves_out_raloxifene_and_the_newer_serms(course):
    missing = pharm.course_drugs_missing_from_assay(course)
    assert {"raloxifene", "bazedoxifene", "lasofoxifene", "ospemifene"} <= set(missing)
    assert "tamoxifen" not in missing and "clomiphene" not in missing


def test_metabolism_steps_lead_from_tamoxifen_to_endoxifen_through_cyp2d6(course):
    steps = course.tamoxifen_metabolism
    edges = set(zip(steps["from_compound"], steps["to_compound"]))
    assert ("tamoxifen", "N-desmethyltamoxifen") in edges
    assert ("N-desmethyltamoxifen", "endoxifen") in edges
    to_endoxifen = steps[steps["to_compound"] == "endoxifen"]
    assert to_endoxifen["enzymes"].str.contains("CYP2D6").all()


def test_a_strong_cyp2d6_inhibitor_lowers_endoxifen(course):
    levels = pharm.inhibitor_levels(course)
    assert levels["endoxifen"] == (12.4, 5.5, "ng/mL")  # Stearns 2003 abstract, same 12 women
    assert pharm.inhibitor_fold_changes(course)["endoxifen"] < 0.5


def test_esr1_prevalence_after_an_aromatase_inhibitor_is_fribbens_counts(course):
    # (percent = 100 x with_mutation / tested on every row is a schema rule)
    p = course.esr1_prevalence
    after_ai = p[p["study"] == "Fribbens 2018"].iloc[0]
    assert (after_ai["with_mutation"], after_ai["tested"], after_ai["percent"]) == (22, 39, 56.4)


def test_endocrine_map_covers_each_class_and_links_the_mens_agents(course):
    agents = course.endocrine_agents.set_index("agent")
    assert set(agents["agent_class"]) == {
        "SERM",
        "SERD",
        "aromatase inhibitor",
        "GnRH agonist (ovarian suppression)",
    }
    assert agents.loc["elacestrant", "us_approval_year"] == "2023"
    assert agents.loc["goserelin", "hpg_agent"] == "gonadorelin-continuous"  # one of the links
