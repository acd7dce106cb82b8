"""First-order elimination: how a half-life shapes one dose, repeated doses and wash-out.

With first-order elimination a fixed *fraction* of the drug leaves per unit time, so the level
after one dose is

    C(t) = C0 · 2^(−t / t½)

and repeated equal doses add up (superposition; the body treats each dose independently). Every
curve here is in units of one dose's peak: C0 = 1. That single normalisation makes the teaching
numbers fall out directly:

* the first dose peaks at 1;
* with a dose every τ hours the peaks climb towards the accumulation ratio
  R = 1 / (1 − 2^(−τ/t½)), and the troughs (just before each dose) towards R − 1;
* after n half-lives of regular dosing the level has reached 1 − 2^(−n) of its steady state, and
  after stopping, n half-lives leave 2^(−n) behind (so about 5 half-lives either way for 97 %).

A metabolite formed from the drug (tamoxifen's N-desmethyltamoxifen) is drawn with the classic
parent → metabolite model: each dose of parent turns into metabolite at the parent's elimination rate
kp and the metabolite leaves at its own rate km, so one dose gives

    M(t) = kp / (km − kp) · (2^(−t / t½p) − 2^(−t / t½m))      (in the parent's units)

superposed over doses like the parent. When the metabolite's half-life is the longer one, its build-up
and wash-out are set by it: about five of *its* half-lives, not the parent's. The curve's height is
then scaled to a measured steady-state ratio (metabolite : parent), so only the shape is modelled.

These are idealised one-compartment curves with instant absorption: real drugs are absorbed over
hours, and an isomer such as clomiphene's zuclomiphene has kinetics of its own.
"""

from __future__ import annotations

import math

import numpy as np

from .vocabulary import HALF_LIFE_UNITS


def _positive(name: str, value: float) -> float:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number of hours, not {value!r}")
    return float(value)


def _fraction(name: str, value: float) -> float:
    if not 0 < value < 1:
        raise ValueError(f"{name} must be between 0 and 1 (exclusive), not {value!r}")
    return float(value)


def to_hours(value: float, unit: str) -> float:
    """Hours from a value in one of `vocabulary.HALF_LIFE_UNITS` (e.g. 5 days -> 120)."""
    try:
        factor = HALF_LIFE_UNITS[unit]
    except KeyError:
        raise ValueError(
            f"unknown time unit {unit!r}; allowed: {', '.join(HALF_LIFE_UNITS)}"
        ) from None
    return value * factor


def concentration_single(t_hours: np.ndarray, half_life_h: float) -> np.ndarray:
    """Level after one dose at t = 0: 1.0 at t = 0, halving every half-life, 0 before the dose."""
    half_life_h = _positive("half_life_h", half_life_h)
    t = np.asarray(t_hours, dtype=float)
    # Clip before exponentiating so times before the dose cannot overflow; `where` zeroes them.
    return np.where(t >= 0, np.exp2(-np.clip(t, 0, None) / half_life_h), 0.0)


def _dosing(t_hours, interval_h: float, doses: int | None) -> tuple[np.ndarray, float, int]:
    """Times as an array, the checked interval, and the number of doses given (None: through the
    whole time range, the approach to steady state)."""
    interval_h = _positive("interval_h", interval_h)
    t = np.asarray(t_hours, dtype=float)
    if doses is None:
        last_time = float(t.max()) if t.size else 0.0
        doses = math.floor(last_time / interval_h) + 1 if last_time >= 0 else 0
    elif doses < 0:
        raise ValueError(f"doses must be a whole number >= 0 or None, not {doses!r}")
    return t, interval_h, doses


def concentration_repeated(
    t_hours: np.ndarray,
    half_life_h: float,
    interval_h: float = 24.0,
    doses: int | None = None,
) -> np.ndarray:
    """Level under equal doses at t = 0, τ, 2τ, …, in units of one dose's peak.

    `doses=None` keeps dosing through the whole time range (the approach to steady state);
    `doses=N` gives N doses and then stops, so the curve after the last dose shows wash-out.
    """
    t, interval_h, doses = _dosing(t_hours, interval_h, doses)
    level = np.zeros_like(t)
    for k in range(doses):  # superposition: each dose decays on its own
        level += concentration_single(t - k * interval_h, half_life_h)
    return level


def fraction_of_steady_state(n_half_lives: float) -> float:
    """How close regular dosing is to steady state after n half-lives: 1 − 2^(−n)."""
    return 1.0 - 0.5**n_half_lives


def time_to_steady_state(half_life_h: float, fraction: float = 0.97) -> float:
    """Hours of regular dosing to reach `fraction` of steady state (97 %: about 5 half-lives)."""
    half_life_h = _positive("half_life_h", half_life_h)
    fraction = _fraction("fraction", fraction)
    return half_life_h * math.log2(1.0 / (1.0 - fraction))


def washout_time(half_life_h: float, remaining: float = 0.03) -> float:
    """Hours after stopping until only `remaining` of the level is left (3 %: ~5 half-lives)."""
    half_life_h = _positive("half_life_h", half_life_h)
    remaining = _fraction("remaining", remaining)
    return half_life_h * math.log2(1.0 / remaining)


def accumulation_ratio(half_life_h: float, interval_h: float) -> float:
    """Steady-state peak over the first dose's peak: 1 / (1 − 2^(−τ/t½))."""
    half_life_h = _positive("half_life_h", half_life_h)
    interval_h = _positive("interval_h", interval_h)
    return 1.0 / (1.0 - 2.0 ** (-interval_h / half_life_h))


def metabolite_single(
    t_hours: np.ndarray, parent_half_life_h: float, half_life_h: float
) -> np.ndarray:
    """Metabolite level after one dose of parent at t = 0, if all the parent became metabolite:
    kp / (km − kp) · (e^(−kp t) − e^(−km t)), in units of the parent's first-dose peak."""
    kp = math.log(2) / _positive("parent_half_life_h", parent_half_life_h)
    km = math.log(2) / _positive("half_life_h", half_life_h)
    t = np.clip(np.asarray(t_hours, dtype=float), 0, None)
    if math.isclose(kp, km):
        level = kp * t * np.exp(-kp * t)
    else:
        level = kp / (km - kp) * (np.exp(-kp * t) - np.exp(-km * t))
    return np.where(np.asarray(t_hours, dtype=float) >= 0, level, 0.0)


def metabolite_repeated(
    t_hours: np.ndarray,
    parent_half_life_h: float,
    half_life_h: float,
    interval_h: float = 24.0,
    doses: int | None = None,
) -> np.ndarray:
    """Metabolite level under equal doses of parent (superposition, as `concentration_repeated`)."""
    t, interval_h, doses = _dosing(t_hours, interval_h, doses)
    level = np.zeros_like(t)
    for k in range(doses):
        level += metabolite_single(t - k * interval_h, parent_half_life_h, half_life_h)
    return level


def steady_state_ratio(parent_half_life_h: float, half_life_h: float) -> float:
    """Metabolite : parent average level at steady state in this model (all parent -> metabolite):
    the ratio of the areas under one dose's curves, t½m / t½p."""
    return _positive("half_life_h", half_life_h) / _positive(
        "parent_half_life_h", parent_half_life_h
    )


def metabolite_fraction_of_steady_state(
    t_hours: float, parent_half_life_h: float, half_life_h: float
) -> float:
    """How close the metabolite is to its steady state after t hours of constant intake:
    1 − (km e^(−kp t) − kp e^(−km t)) / (km − kp)."""
    kp = math.log(2) / _positive("parent_half_life_h", parent_half_life_h)
    km = math.log(2) / _positive("half_life_h", half_life_h)
    if math.isclose(kp, km):
        return 1.0 - (1.0 + kp * t_hours) * math.exp(-kp * t_hours)
    return 1.0 - (km * math.exp(-kp * t_hours) - kp * math.exp(-km * t_hours)) / (km - kp)


def metabolite_time_to_steady_state(
    parent_half_life_h: float, half_life_h: float, fraction: float = 0.97
) -> float:
    """Hours of constant intake until the metabolite reaches `fraction` of steady state (bisection).
    By symmetry of the superposition this is also the wash-out time to 1 − fraction."""
    fraction = _fraction("fraction", fraction)
    low, high = 0.0, 50.0 * max(parent_half_life_h, half_life_h)
    for _ in range(100):
        mid = (low + high) / 2
        if metabolite_fraction_of_steady_state(mid, parent_half_life_h, half_life_h) < fraction:
            low = mid
        else:
            high = mid
    return high
