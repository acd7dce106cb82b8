"""The HPG teaching model: calibrated baseline, documented directions in men, combinations."""

from __future__ import annotations

import pytest

from serm_lessons import hpg
from serm_lessons.vocabulary import HORMONES, HPG_AGENTS, UNCHANGED_WITHIN, direction_of

MEASURED = ("lh", "fsh", "testosterone", "estradiol")  # what the trials report; GnRH is not

# The documented direction of each hormone in men, one agent at a time. A set holds every
# direction the literature allows. Citations checked against the PubMed/journal abstract unless
# marked (verify).
LITERATURE: dict[str, dict[str, set[str]]] = {
    # Helo S, et al. BJU Int 2017;119:171-176 (clomiphene 25 mg/d): LH 4.0 -> 6.1 mIU/mL,
    # total T 205 -> 488 ng/dL, E2 17 -> 34 pg/mL; FSH rises with LH (verify FSH in the paper).
    "clomiphene": {"lh": {"up"}, "fsh": {"up"}, "testosterone": {"up"}, "estradiol": {"up"}},
    # Wiehle RD, et al. Fertil Steril 2014;102:720-727: enclomiphene raised T, E2, LH and FSH.
    # Kaminetsky J, et al. J Sex Med 2013;10:1628-1635 (verify): T, LH, FSH up. E2 may be flat.
    "enclomiphene": {
        "lh": {"up"},
        "fsh": {"up"},
        "testosterone": {"up"},
        "estradiol": {"up", "unchanged"},
    },
    # Vermeulen A, Comhaire F. Fertil Steril 1978;29:320-327: tamoxifen 20 mg/d in normal men
    # raised LH, FSH, testosterone and estradiol.
    "tamoxifen": {"lh": {"up"}, "fsh": {"up"}, "testosterone": {"up"}, "estradiol": {"up"}},
    # Leder BZ, et al. J Clin Endocrinol Metab 2004;89:1174-1180: anastrozole 1 mg/d, total T
    # 343 -> 572 ng/dL, E2 26 -> 17 pg/mL, LH up; FSH rises too (Hayes FJ, et al. JCEM
    # 2000;85:3027-3035, verify).
    "anastrozole": {"lh": {"up"}, "fsh": {"up"}, "testosterone": {"up"}, "estradiol": {"down"}},
    # Matsumoto AM. J Clin Endocrinol Metab 1990;70:282-287: weekly testosterone enanthate
    # suppressed LH and FSH in step with the dose. Lakshman KM, et al. J Clin Endocrinol Metab
    # 2010;95:3955-3964 (PMID 20534765): on weekly testosterone enanthate (25-600 mg) total and
    # free E2 rose dose-dependently (not in references.csv: its co-authors were not read).
    "testosterone": {"lh": {"down"}, "fsh": {"down"}, "testosterone": {"up"}, "estradiol": {"up"}},
    # Hoffman AR, Crowley WF Jr. N Engl J Med 1982;307:1237-1241: pulsatile GnRH by pump raised
    # LH, FSH and testosterone (77 -> 520 ng/dL) in hypogonadotropic men. E2 follows T by
    # aromatisation (a model inference, not measured there).
    "gonadorelin-pulsatile": {
        "lh": {"up"},
        "fsh": {"up"},
        "testosterone": {"up"},
        "estradiol": {"up"},
    },
    # Continuous GnRH desensitises the pituitary: Belchetz PE, et al. Science 1978;202:631-633
    # (monkeys, verify); in men, daily GnRH agonist: Linde R, et al. N Engl J Med
    # 1981;305:663-667 (verify): LH, FSH and T fall after an initial flare. E2 follows T.
    "gonadorelin-continuous": {
        "lh": {"down"},
        "fsh": {"down"},
        "testosterone": {"down"},
        "estradiol": {"down"},
    },
}


def test_agents_are_the_vocabulary():
    assert hpg.AGENTS == HPG_AGENTS
    assert set(LITERATURE) == set(HPG_AGENTS)


def test_baseline_is_one_for_every_hormone():
    levels = hpg.baseline().as_dict()
    assert list(levels) == list(HORMONES)
    for hormone, level in levels.items():
        assert level == pytest.approx(1.0, abs=1e-9), hormone


def test_no_agents_changes_nothing():
    assert all(abs(c) < 1e-9 for c in hpg.relative_change([]).values())
    assert set(hpg.direction([]).values()) == {"unchanged"}


@pytest.mark.parametrize("agent", HPG_AGENTS)
def test_single_agent_matches_the_literature(agent):
    model = hpg.direction([agent])
    for hormone in MEASURED:
        assert model[hormone] in LITERATURE[agent][hormone], (agent, hormone, model[hormone])


def test_a_bare_string_is_one_agent():
    assert hpg.steady_state("tamoxifen") == hpg.steady_state(["tamoxifen"])


def test_one_direction_rule_for_every_change():
    assert UNCHANGED_WITHIN == 0.02
    cases = {0.25: "up", -0.5: "down", 0.0: "unchanged", 0.02: "unchanged", -0.02: "unchanged"}
    cases |= {0.0201: "up", -0.0201: "down"}
    for change, expected in cases.items():
        assert direction_of(change) == expected, change
    assert direction_of(0.5, threshold=1.0) == "unchanged"


def test_relative_change_and_direction_agree():
    change = hpg.relative_change(["anastrozole"])
    assert change["estradiol"] < -0.02 and change["lh"] > 0.02
    assert hpg.direction(["anastrozole"], threshold=10.0) == dict.fromkeys(HORMONES, "unchanged")


def test_enclomiphene_raises_lh_more_than_clomiphene():
    # Clomiphene's zuclomiphene part is a weak agonist: less net antagonism (documented choice).
    assert hpg.steady_state(["enclomiphene"]).lh > hpg.steady_state(["clomiphene"]).lh > 1.0


def test_gnrh_counts_gonadorelin_and_the_pattern_decides_lh():
    # Both patterns raise GnRH at the pituitary; only pulses raise LH (Belchetz 1978).
    pulses = hpg.direction(["gonadorelin-pulsatile"])
    steady = hpg.direction(["gonadorelin-continuous"])
    assert pulses["gnrh"] == steady["gnrh"] == "up"
    assert (pulses["lh"], steady["lh"]) == ("up", "down")


def test_continuous_gonadorelin_falls_well_below_baseline():
    assert hpg.steady_state(["gonadorelin-continuous"]).lh < 0.7


def test_anastrozole_lowers_estradiol_on_testosterone():
    alone = hpg.steady_state(["testosterone"])
    both = hpg.steady_state(["testosterone", "anastrozole"])
    assert both.estradiol < alone.estradiol
    assert both.testosterone > alone.testosterone  # less estradiol brake on the remaining LH


def test_a_serm_does_not_undo_exogenous_testosterone_suppression_of_lh():
    with_serm = hpg.steady_state(["testosterone", "enclomiphene"])
    assert with_serm.lh < 1.0
    assert with_serm.lh > hpg.steady_state(["testosterone"]).lh


def test_serm_plus_aromatase_inhibitor_raises_lh_more_than_either():
    both = hpg.steady_state(["clomiphene", "anastrozole"]).lh
    assert both > hpg.steady_state(["clomiphene"]).lh
    assert both > hpg.steady_state(["anastrozole"]).lh


def test_order_and_repeats_do_not_matter():
    assert hpg.steady_state(["anastrozole", "testosterone", "anastrozole"]) == hpg.steady_state(
        ("testosterone", "anastrozole")
    )


def test_unknown_agent_is_refused_with_the_allowed_ids():
    with pytest.raises(ValueError, match="raloxifene") as error:
        hpg.steady_state(["raloxifene"])
    for agent in HPG_AGENTS:
        assert agent in str(error.value)


def test_both_gonadorelin_patterns_are_refused():
    with pytest.raises(ValueError, match="one drug"):
        hpg.steady_state(["gonadorelin-pulsatile", "gonadorelin-continuous"])


def test_every_hormone_stays_positive_for_every_pair():
    for first in HPG_AGENTS:
        for second in HPG_AGENTS:
            if {first, second} == {"gonadorelin-pulsatile", "gonadorelin-continuous"}:
                continue
            levels = hpg.steady_state([first, second]).as_dict()
            assert all(level > 0 for level in levels.values()), (first, second, levels)


def test_model_agrees_with_the_course_data(course):
    table = course.hpg_agents
    disagreements, compared = [], 0
    for row in table.to_dict("records"):
        model = hpg.direction([row["agent"]])
        for hormone in MEASURED:
            documented = row[hormone]
            compared += documented != "unknown"
            if documented != "unknown" and model[hormone] != documented:
                disagreements.append(
                    f"{row['agent']} {hormone}: data {documented}, model {model[hormone]}"
                )
    assert not disagreements, "\n".join(disagreements)
    assert compared >= len(HPG_AGENTS)  # every agent has documented directions to compare


def test_model_moves_each_measured_hormone_the_way_it_was_measured(course):
    """Every measured change in data/hormone_measurements.csv has the model's sign."""
    rows = course.hormone_measurements
    helo_lh = rows[(rows["study"] == "Helo 2017") & (rows["hormone"] == "lh")].iloc[0]
    assert (helo_lh["before"], helo_lh["after"]) == (4.0, 6.1)  # LH rose on clomiphene
    assert hpg.direction(("clomiphene",))["lh"] == "up"
    for r in rows.itertuples():
        measured = direction_of(r.after / r.before - 1)
        assert hpg.direction((r.agent,))[r.hormone] == measured, (r.study, r.agent, r.hormone)
