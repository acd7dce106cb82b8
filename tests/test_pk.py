"""First-order elimination helpers, checked against their closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from serm_lessons import pk

HALF_LIFE = 10.0  # hours, enclomiphene-like


def test_to_hours_converts_every_unit():
    assert pk.to_hours(30, "minutes") == pytest.approx(0.5)
    assert pk.to_hours(27.7, "hours") == pytest.approx(27.7)
    assert pk.to_hours(5, "days") == pytest.approx(120)


def test_to_hours_refuses_an_unknown_unit():
    with pytest.raises(ValueError, match="minutes, hours, days"):
        pk.to_hours(2, "weeks")


def test_single_dose_halves_every_half_life():
    t = np.array([-1.0, 0.0, HALF_LIFE, 2 * HALF_LIFE, 5 * HALF_LIFE])
    expected = [0.0, 1.0, 0.5, 0.25, 1 / 32]
    np.testing.assert_allclose(pk.concentration_single(t, HALF_LIFE), expected, rtol=1e-12)


def test_fraction_of_steady_state():
    assert pk.fraction_of_steady_state(0) == 0.0
    assert pk.fraction_of_steady_state(1) == 0.5
    assert pk.fraction_of_steady_state(5) == pytest.approx(0.96875, abs=1e-15)


def test_time_to_steady_state_and_washout_in_half_lives():
    assert pk.time_to_steady_state(HALF_LIFE, fraction=0.96875) == pytest.approx(5 * HALF_LIFE)
    assert pk.washout_time(HALF_LIFE, remaining=0.5) == pytest.approx(HALF_LIFE)
    # 97 % is "about five half-lives": log2(1 / 0.03) = 5.06
    assert pk.time_to_steady_state(HALF_LIFE) / HALF_LIFE == pytest.approx(5.059, abs=1e-3)
    # Approach and wash-out are mirror images: same time for 97 % in as for 3 % left.
    assert pk.washout_time(HALF_LIFE) == pytest.approx(pk.time_to_steady_state(HALF_LIFE))


def test_accumulation_ratio():
    assert pk.accumulation_ratio(HALF_LIFE, HALF_LIFE) == pytest.approx(2.0)
    assert pk.accumulation_ratio(HALF_LIFE, 2 * HALF_LIFE) == pytest.approx(4 / 3)
    # Tamoxifen-like: half-life 5 days, daily doses -> about 7.7-fold accumulation.
    assert pk.accumulation_ratio(120, 24) == pytest.approx(1 / (1 - 2 ** (-0.2)))


def test_one_repeated_dose_is_a_single_dose():
    t = np.linspace(0, 100, 201)
    np.testing.assert_allclose(
        pk.concentration_repeated(t, HALF_LIFE, 24, doses=1), pk.concentration_single(t, HALF_LIFE)
    )


def test_repeated_peaks_climb_to_the_accumulation_ratio():
    interval = 12.0
    n = np.arange(40)
    peaks = pk.concentration_repeated(n * interval, HALF_LIFE, interval)
    q = 2 ** (-interval / HALF_LIFE)
    np.testing.assert_allclose(peaks, (1 - q ** (n + 1)) / (1 - q), rtol=1e-12)
    ratio = pk.accumulation_ratio(HALF_LIFE, interval)
    assert peaks[-1] == pytest.approx(ratio, rel=1e-9)
    # The trough just before a steady-state dose is one dose lower than the peak.
    trough = pk.concentration_repeated(np.array([40 * interval - 1e-9]), HALF_LIFE, interval)
    assert trough[0] == pytest.approx(ratio - 1, rel=1e-6)


def test_fifth_peak_is_96875_percent_of_steady_state_when_tau_is_the_half_life():
    # With tau = t1/2 the n-th dose's peak is 1 - 2^-n of the steady-state peak.
    peaks = pk.concentration_repeated(np.arange(6) * HALF_LIFE, HALF_LIFE, HALF_LIFE)
    ratio = pk.accumulation_ratio(HALF_LIFE, HALF_LIFE)
    assert peaks[4] / ratio == pytest.approx(pk.fraction_of_steady_state(5))


def test_washout_after_the_last_dose_decays_with_the_half_life():
    interval, doses = 24.0, 10
    last = (doses - 1) * interval
    t = last + np.array([0.0, HALF_LIFE, 2 * HALF_LIFE, 5 * HALF_LIFE])
    level = pk.concentration_repeated(t, HALF_LIFE, interval, doses=doses)
    np.testing.assert_allclose(level / level[0], [1, 0.5, 0.25, 1 / 32], rtol=1e-12)
    # With dosing left on, the same times show the next dose instead.
    assert pk.concentration_repeated(t, HALF_LIFE, interval)[-1] > level[-1]


def test_no_doses_and_times_before_the_first_dose_are_zero():
    t = np.array([-5.0, 0.0, 30.0])
    assert not pk.concentration_repeated(t, HALF_LIFE, doses=0).any()
    assert pk.concentration_repeated(t, HALF_LIFE)[0] == 0.0


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_nonsense_half_lives_and_intervals_are_refused(bad):
    with pytest.raises(ValueError, match="positive"):
        pk.concentration_single(np.array([0.0]), bad)
    with pytest.raises(ValueError, match="positive"):
        pk.concentration_repeated(np.array([0.0]), HALF_LIFE, interval_h=bad)
    with pytest.raises(ValueError, match="positive"):
        pk.accumulation_ratio(bad, 24)


@pytest.mark.parametrize("bad", [0.0, 1.0, 1.5])
def test_fractions_outside_zero_to_one_are_refused(bad):
    with pytest.raises(ValueError, match="between 0 and 1"):
        pk.time_to_steady_state(HALF_LIFE, fraction=bad)
    with pytest.raises(ValueError, match="between 0 and 1"):
        pk.washout_time(HALF_LIFE, remaining=bad)


def test_negative_dose_count_is_refused():
    with pytest.raises(ValueError, match="doses"):
        pk.concentration_repeated(np.array([0.0]), HALF_LIFE, doses=-1)


# --- a metabolite formed from the drug ------------------------------------------------------------

PARENT, FORMED = 144.0, 336.0  # hours: tamoxifen-like parent, N-desmethyltamoxifen-like metabolite


def test_one_dose_of_metabolite_rises_then_falls_with_its_own_half_life():
    t = np.linspace(0, 150 * 24, 2001)
    level = pk.metabolite_single(t, PARENT, FORMED)
    assert level[0] == 0.0 and level.max() > 0
    late = t > 100 * 24  # long after the parent is gone, the metabolite halves every FORMED hours
    ratio = pk.metabolite_single(t[late] + FORMED, PARENT, FORMED) / level[late]
    np.testing.assert_allclose(ratio, 0.5, rtol=0.02)


def test_metabolite_area_per_dose_gives_the_steady_state_ratio():
    t = np.linspace(0, 400 * 24, 40001)
    parent_auc = np.trapezoid(pk.concentration_single(t, PARENT), t)
    formed_auc = np.trapezoid(pk.metabolite_single(t, PARENT, FORMED), t)
    assert formed_auc / parent_auc == pytest.approx(pk.steady_state_ratio(PARENT, FORMED), rel=1e-3)


def test_metabolite_time_to_steady_state_matches_repeated_dosing():
    hours = pk.metabolite_time_to_steady_state(PARENT, FORMED)
    assert hours > pk.time_to_steady_state(FORMED) > pk.time_to_steady_state(PARENT)
    assert pk.metabolite_fraction_of_steady_state(hours, PARENT, FORMED) == pytest.approx(0.97)
    # daily doses: the mean level over a day near `hours` is about 97% of the late mean
    t = np.arange(0, 400 * 24, 0.5)
    level = pk.metabolite_repeated(t, PARENT, FORMED, 24.0)
    day = (t >= hours - 12) & (t < hours + 12)
    late = t >= 380 * 24
    assert level[day].mean() / level[late].mean() == pytest.approx(0.97, abs=0.01)
