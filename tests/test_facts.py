"""Every sentence that summarises a course table agrees with the table.

Each test finds a sentence in the lessons, glossary, quizzes, claims, instructor guide or a figure
description, and checks it against facts computed from the data (serm_lessons.facts). A number in a
sentence is rebuilt from the data, so when the data changes the sentence must change with it.
"""

from __future__ import annotations

import json
import re
from functools import cache

from serm_lessons import facts, figures, quiz, vocabulary

from .conftest import REPO


def _flat(text: str) -> str:
    """Whitespace folded, so a sentence matches however the source wraps it."""
    return re.sub(r"\s+", " ", text)


@cache
def lesson_text(name: str) -> str:
    notebook = json.loads((REPO / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
    return _flat(
        " ".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    )


@cache
def guide_text() -> str:
    return _flat((REPO / "docs" / "instructor-guide.md").read_text(encoding="utf-8"))


def glossary(term: str) -> str:
    (entry,) = [e for e in quiz._load_glossary() if e["term"] == term]
    return entry["definition"]


def claim(course, claim_id: str) -> str:
    return course.claims.set_index("claim_id").loc[claim_id, "correction"]


def says(text: str, sentence: str) -> None:
    assert _flat(sentence) in text, f"not found: {sentence!r}"


# --- receptor_distribution.csv -------------------------------------------------------------------


def test_erbeta_at_least_eralpha_count_is_stated_from_the_data(course):
    shared = facts.tissues_where_beta_at_least_alpha(course)
    n, total = len(shared), len(facts.receptor_levels(course))
    says(
        lesson_text("01-fundamentals"),
        f"In {n} of the {total} tissues ERβ is at least as high as ERα",
    )
    says(guide_text(), f"It is at least as high as ERα in {n} of the {total} tissues")
    says(
        claim(course, "erbeta-bone-cv-cns"),
        f"It is at least as high as ERα in {n} of {total} tissues",
    )
    # "both receptors are low (under 7 nTPM)" in every one of them
    assert facts.max_level(course, "ERα", shared) < 7 and facts.max_level(course, "ERβ", shared) < 7
    says(lesson_text("01-fundamentals"), "but in all of them both receptors are low (under 7 nTPM)")


def test_erbeta_maximum_and_where_it_is_highest(course):
    top = round(facts.max_level(course, "ERβ"))
    says(lesson_text("01-fundamentals"), f"(at most about {top} nTPM)")
    says(claim(course, "erbeta-bone-cv-cns"), f"(at most about {top} nTPM)")
    says(glossary("ERβ"), f"at most about {top} nTPM, in the adrenal gland")
    assert facts.highest_tissues(course, "ERβ", 1) == ["adrenal gland"]
    assert facts.highest_tissues(course, "ERβ", 3) == ["adrenal gland", "testis", "ovary"]
    says(
        lesson_text("01-fundamentals"),
        "its highest values are in the adrenal gland, testis and ovary",
    )


def test_where_eralpha_is_highest(course):
    says(
        lesson_text("01-fundamentals"),
        "ERα mRNA is highest in the tissues of the female reproductive",
    )
    assert facts.highest_tissues(course, "ERα", 3) == ["endometrium", "cervix", "fallopian tube"]
    top6 = facts.highest_tissues(course, "ERα", 6)
    # takeaway: "ERα mRNA is high in the womb lining, cervix, vagina and breast"
    says(
        lesson_text("01-fundamentals"),
        "ERα mRNA is high in the womb lining, cervix, vagina and breast",
    )
    assert {"endometrium", "cervix", "vagina", "breast"} <= set(top6)
    # glossary: ERα "is the main estrogen receptor in the womb and the breast"
    assert facts.higher_receptor(course, "endometrium") == facts.higher_receptor(course, "breast")
    assert facts.higher_receptor(course, "breast") == "ERα"
    # takeaway: "ERβ mRNA is low everywhere" (never above 10 nTPM, while ERα reaches 110)
    assert facts.max_level(course, "ERβ") < 10 < facts.max_level(course, "ERα")


def test_the_cns_and_heart_examples_in_the_erbeta_claim(course):
    text = claim(course, "erbeta-bone-cv-cns")
    says(text, "(for example cerebellum, pons and spinal cord)")
    for tissue in ("cerebellum", "pons", "spinal cord"):
        assert facts.higher_receptor(course, tissue) in {"ERβ", "equal"}, tissue
    says(text, "ERα is higher in heart muscle, cerebral cortex, hippocampus and hypothalamus")
    for tissue in ("heart muscle", "cerebral cortex", "hippocampal formation", "hypothalamus"):
        assert facts.higher_receptor(course, tissue) == "ERα", tissue
    says(guide_text(), "ERα is higher in heart muscle and the hypothalamus")


def test_the_quiz_distractor_names_the_two_tissues_richest_in_erbeta(course):
    bank = quiz.load_questions("fundamentals")
    (question,) = [q for q in bank if q["id"] == "where-alpha-dominates"]
    (wrong,) = [a for a in question["answers"] if a["answer"] == "The adrenal gland and the testis"]
    assert "the two tissues with the most ERβ mRNA, more than their ERα" in wrong["feedback"]
    assert facts.highest_tissues(course, "ERβ", 2) == ["adrenal gland", "testis"]
    assert all(facts.higher_receptor(course, t) == "ERβ" for t in ("adrenal gland", "testis"))


# --- tissue_effects.csv --------------------------------------------------------------------------


def test_which_serms_act_like_estrogen_somewhere(course):
    blocking = facts.serms_only_blocking(course)
    assert blocking == ["clomiphene"]
    says(
        lesson_text("01-fundamentals"), "Clomiphene is the one drug whose known effects in the grid"
    )
    says(guide_text(), "Every SERM in the grid except clomiphene acts like estrogen somewhere")
    assert set(facts.serms_estrogen_like_somewhere(course)) == set(facts.serm_ids(course)) - {
        "clomiphene"
    }
    # "(bone, liver, clotting, vagina)": the tissues where that estrogen-like action is shown
    where = {
        t
        for s in facts.serm_ids(course)
        for t in vocabulary.TISSUES
        if facts.known_effects(course, s, t) & facts.ESTROGEN_LIKE
    }
    assert {"bone", "liver", "coagulation", "vagina"} <= where


def test_breast_blockers_act_like_estrogen_in_bone_and_on_clotting(course):
    breast = facts.serms_with(course, "breast", {"antagonist"})
    assert breast  # the sentences below are about these drugs
    for serm in breast:
        assert facts.known_effects(course, serm, "bone") & facts.ESTROGEN_LIKE, serm
        assert facts.known_effects(course, serm, "coagulation") & facts.ESTROGEN_LIKE, serm
    # "(toremifene at least in men)": its estrogen-like bone row is the men's row
    toremifene = facts.effects(course, "toremifene", "bone")
    assert toremifene["men"] in facts.ESTROGEN_LIKE
    assert toremifene.get("postmenopausal") not in facts.ESTROGEN_LIKE
    says(lesson_text("01-fundamentals"), "act like estrogen in bone (toremifene at least in men)")
    says(lesson_text("01-fundamentals"), "The SERMs that block estrogen in the breast all act like")


def test_most_serms_raise_clot_risk(course):
    clotting = facts.serms_with(course, "coagulation", facts.ESTROGEN_LIKE)
    assert len(clotting) > len(facts.serm_ids(course)) / 2
    says(lesson_text("01-fundamentals"), "most SERMs act like estrogen on the liver's clotting")
    says(guide_text(), "which is why most raise the risk of blood clots")


def test_tamoxifen_and_raloxifene_comparisons(course):
    for serm in ("tamoxifen", "raloxifene"):
        assert facts.known_effects(course, serm, "breast") == {"antagonist"}
        assert facts.known_effects(course, serm, "coagulation") & facts.ESTROGEN_LIKE
        assert facts.known_effects(course, serm, "vasomotor") == {"antagonist"}
    assert facts.known_effects(course, "tamoxifen", "endometrium") & facts.ESTROGEN_LIKE
    assert not facts.known_effects(course, "raloxifene", "endometrium") & facts.ESTROGEN_LIKE
    says(
        lesson_text("02-intermediate"), "Both raise the risk of blood clots, and both can cause hot"
    )
    says(lesson_text("02-intermediate"), "agree in the breast and disagree in the endometrium")
    says(lesson_text("01-fundamentals"), "tamoxifen stimulates it, raloxifene does not")


def test_tamoxifen_on_bone_is_the_menopause_example(course):
    bone = facts.effects(course, "tamoxifen", "bone")
    assert bone["premenopausal"] == "antagonist" and bone["postmenopausal"] in facts.ESTROGEN_LIKE
    assert ("tamoxifen", "bone") in facts.population_dependent(course)
    assert figures.effect_cells(course, "tamoxifen")["bone"]["effect"] == "mixed"
    says(lesson_text("01-fundamentals"), 'a difference the grid marks as "mixed"')
    says(glossary("menopause"), "tamoxifen causes bone loss before menopause but protects bone")


def test_hot_flushes_and_cognition_sentences(course):
    serms = facts.serm_ids(course)
    flushing = facts.serms_with(course, "vasomotor", {"antagonist"})
    assert len(flushing) >= len(serms) - 1 and "raloxifene" in flushing  # "almost every", "most"
    relievers = [
        s
        for s in course.serms["serm"]
        if facts.known_effects(course, s, "vasomotor") == {"agonist"}
    ]
    assert relievers == ["estradiol"]  # "which one relieves them?" / "estradiol relieves them"
    says(lesson_text("03-academic"), "almost every SERM causes hot flushes")
    says(guide_text(), "Most SERMs cause hot flushes; estradiol relieves them.")
    says(glossary("hot flush"), "Most SERMs, raloxifene among them, can cause hot flushes")
    cognition_known = [s for s in serms if facts.known_effects(course, s, "brain")]
    assert cognition_known == ["raloxifene"]
    says(
        lesson_text("03-academic"), "its cognition cell is unknown for every SERM except raloxifene"
    )


def test_which_serms_raised_hdl(course):
    raised = facts.hdl_raised(course)
    assert raised == ["toremifene", "bazedoxifene"]
    assert "did not change" in facts.liver_evidence(course, "raloxifene")
    listed = "toremifene and bazedoxifene"
    says(glossary("HDL cholesterol"), f"while {listed} raised it in trials")
    says(claim(course, "lipids-raise-hdl"), f"while {listed} did raise HDL in trials")
    says(guide_text(), f"while {listed} raised it in trials")


def test_ldl_and_clot_glossary_entries(course):
    for serm in ("tamoxifen", "raloxifene"):
        assert re.search(r"LDL[^.;]*(fell|lower)|lowered LDL", facts.liver_evidence(course, serm))
        assert facts.known_effects(course, serm, "coagulation") & facts.ESTROGEN_LIKE
    says(glossary("LDL cholesterol"), "Tamoxifen and raloxifene lower it.")
    says(glossary("venous thromboembolism"), "Tamoxifen and raloxifene both raise its risk.")
    assert facts.known_effects(course, "ospemifene", "endometrium") == {"agonist"}
    says(glossary("ospemifene"), "It acts like estrogen in the womb lining")


def test_the_grid_description_is_computed_from_the_table(course):
    alt = figures.alt_text(figures.effect_matrix(course))
    assert facts.grid_takeaway(course) in alt
    n_breast = len(facts.serms_with(course, "breast", {"antagonist"}))
    assert (
        f"{n_breast} of the {len(facts.serm_ids(course))} SERMs block estrogen in the breast" in alt
    )
    assert f"Grid of {len(course.serms)} drugs by {len(vocabulary.TISSUES)} tissues" in alt


def test_every_unknown_cell_says_what_was_searched(course):
    unknown = course.tissue_effects[course.tissue_effects["effect"] == "unknown"]
    # cognition is unknown for tamoxifen (tissue_effects.csv), so the loop below has rows to check
    assert ("tamoxifen", "brain") in set(zip(unknown["serm"], unknown["tissue"]))
    for row in unknown.itertuples():
        assert row.evidence.startswith("Not established"), (row.serm, row.tissue)
        assert re.search(r"search|found|read|checked|measured|studied|no study", row.evidence), (
            row.serm,
            row.tissue,
        )


def test_hot_flushes_are_not_filed_under_cognition(course):
    brain = course.tissue_effects[course.tissue_effects["tissue"] == "brain"]
    assert len(brain) >= len(course.serms)  # a row per drug at least
    for row in brain.itertuples():
        assert "flush" not in row.evidence.lower(), row.serm
