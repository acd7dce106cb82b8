"""An illustrative, qualitative model of the male hypothalamic-pituitary-gonadal (HPG) axis.

This is a teaching model, not a physiological one: it reproduces the documented *directions* of
change (up, down, unchanged) when one or more of the article's agents is given, and nothing more.
Its numbers are arbitrary units; do not read doses, sizes of effect or time courses into them.

State (every hormone is 1.0 in an untreated man, by construction)
----------------------------------------------------------------
``gnrh``          GnRH reaching the pituitary: the hypothalamus's own output plus any gonadorelin
``lh``, ``fsh``   pituitary gonadotropins
``testosterone``  serum testosterone: the testes' output plus any exogenous testosterone
``estradiol``     serum estradiol, made from testosterone by aromatase

Equations (steady state)
------------------------
Every feedback brake has the shape ``brake(x, k) = (1 + k) / (1 + k·x)``: it is 1 at the baseline
level x = 1, rises towards 1 + k as the signal x disappears, and falls as x grows; k is its gain.

    ER signal       S  = (1 − b) · E2                 b: ER blockade by a SERM (0 = none)
    hypothalamus    H  = brake(T, k_T,hyp) · brake(S, k_E,hyp)
    GnRH            GnRH = H + g                      g: gonadorelin (g_pulse or g_cont; 0 if none)
    GnRH receptor   D  = GnRH                         no gonadorelin, or pulses (receptors respond)
                    D  = r · GnRH                     continuous gonadorelin: receptors desensitise
    pituitary       LH  = D          · brake(T, k_T,pit) · brake(S, k_E,pit)
                    FSH = D^(φ)      · brake(T, k_T,pit) · brake(S, k_E,pit)
    testes          T  = LH^β + T_exo                 T_exo: exogenous testosterone
    aromatase       E2 = a · T                        a: aromatase activity (1 = untreated)

Estradiol's brake acts only through the estrogen receptor (ER) in the hypothalamus and pituitary,
so a SERM that blocks that receptor (b > 0) removes the brake without lowering estradiol itself,
while an aromatase inhibitor (a < 1) lowers estradiol. Testosterone also brakes the axis through
the androgen receptor. FSH follows GnRH less steeply than LH (φ < 1), which is why continuous GnRH
suppresses FSH less than LH; FSH's own brake from inhibin B is left out.

Continuous GnRH first causes a flare of LH, then desensitises its receptor; the model shows only
the state after desensitisation (r ≪ 1), where drive falls well below baseline. So GnRH is up under
both gonadorelin patterns, while LH goes up with pulses and down with continuous exposure: the
pattern, not the amount, decides. (Under pulses the hypothalamus's own share H falls, braked by the
extra testosterone.)

Solving
-------
The loop closes at one number, serum testosterone: guess T, walk once around the loop
(T -> E2 -> GnRH -> LH -> T), and see what T comes back. Raising the guess raises the brakes and
lowers what comes back, so there is exactly one T where guess and answer agree; bisection finds it
to ~1e-13 in about 45 steps (about 0.1 ms in pure Python), fast enough to redraw a widget live.

Agent parameters are illustrative, chosen only so each agent's direction matches the literature:
enclomiphene is a pure ER antagonist at the hypothalamus and pituitary; clomiphene is 30-50 %
zuclomiphene, a weak estrogen agonist, so its net antagonism is set a little weaker; tamoxifen is an
ER antagonist at the hypothalamus and pituitary in men.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .vocabulary import HORMONES, HPG_AGENTS, UNCHANGED_WITHIN, direction_of

AGENTS: tuple[str, ...] = HPG_AGENTS
SERMS_AT_HPG = ("clomiphene", "enclomiphene", "tamoxifen")
GONADORELIN_PATTERNS = ("gonadorelin-pulsatile", "gonadorelin-continuous")


@dataclass(frozen=True)
class HPGParameters:
    """Every number in the model. Gains are dimensionless; doses are in baseline units."""

    # Feedback gains k of brake(x, k): how hard each signal presses on GnRH or the gonadotropins.
    # Estradiol's brake is the stronger one in men (aromatase inhibition raises LH markedly).
    t_brake_hypothalamus: float = 0.5
    e2_brake_hypothalamus: float = 1.0
    t_brake_pituitary: float = 0.3
    e2_brake_pituitary: float = 1.0
    fsh_gnrh_exponent: float = 0.6  # φ: FSH follows GnRH drive less steeply than LH
    testis_lh_exponent: float = 0.8  # β: Leydig cells respond less than proportionally to LH

    # Fraction of hypothalamic-pituitary ER signalling each SERM blocks (b).
    enclomiphene_er_block: float = 0.6
    clomiphene_er_block: float = 0.45  # weaker: the zuclomiphene part is a weak agonist
    tamoxifen_er_block: float = 0.5

    anastrozole_aromatase_left: float = 0.5  # a under an aromatase inhibitor
    exogenous_testosterone: float = 1.5  # T_exo, in units of the untreated serum level
    pulsatile_gnrh_dose: float = 1.0  # g_pulse: pulses on top of the endogenous GnRH
    continuous_gnrh_dose: float = 2.0  # g_cont
    continuous_gnrh_receptors_left: float = 0.1  # r: receptor signalling left after desensitising


DEFAULT_PARAMETERS = HPGParameters()


@dataclass(frozen=True)
class HPGState:
    """Hormone levels relative to an untreated man (1.0 = baseline)."""

    gnrh: float
    lh: float
    fsh: float
    testosterone: float
    estradiol: float

    def as_dict(self) -> dict[str, float]:
        """{hormone: level}, keyed and ordered as `vocabulary.HORMONES`."""
        return {hormone: getattr(self, hormone) for hormone in HORMONES}


def _brake(signal: float, gain: float) -> float:
    """Negative feedback normalised to 1 at the baseline signal of 1."""
    return (1.0 + gain) / (1.0 + gain * signal)


def _checked(agents: Iterable[str] | str) -> frozenset[str]:
    # A bare string is one agent, not a sequence of letters.
    chosen = frozenset([agents] if isinstance(agents, str) else agents)
    unknown = sorted(chosen - set(AGENTS))
    if unknown:
        raise ValueError(
            f"unknown HPG agent(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(AGENTS)}"
        )
    if set(GONADORELIN_PATTERNS) <= chosen:
        raise ValueError(
            "gonadorelin-pulsatile and gonadorelin-continuous are two patterns of one drug; "
            "choose one"
        )
    return chosen


def _er_signal_left(chosen: frozenset[str], p: HPGParameters) -> float:
    """1 − b: ER signalling left at the hypothalamus and pituitary after any SERMs."""
    left = 1.0
    blocks = {
        "enclomiphene": p.enclomiphene_er_block,
        "clomiphene": p.clomiphene_er_block,
        "tamoxifen": p.tamoxifen_er_block,
    }
    for serm in SERMS_AT_HPG:
        if serm in chosen:
            left *= 1.0 - blocks[serm]  # two SERMs compete for the same receptors
    return left


def _around_the_loop(
    t_serum: float, chosen: frozenset[str], p: HPGParameters
) -> tuple[HPGState, float]:
    """Every hormone implied by a guessed serum T, and the serum T the testes would then give."""
    aromatase = p.anastrozole_aromatase_left if "anastrozole" in chosen else 1.0
    estradiol = aromatase * t_serum
    er_signal = _er_signal_left(chosen, p) * estradiol

    own_gnrh = _brake(t_serum, p.t_brake_hypothalamus) * _brake(er_signal, p.e2_brake_hypothalamus)
    if "gonadorelin-pulsatile" in chosen:
        gnrh = own_gnrh + p.pulsatile_gnrh_dose
        drive = gnrh
    elif "gonadorelin-continuous" in chosen:
        gnrh = own_gnrh + p.continuous_gnrh_dose
        drive = p.continuous_gnrh_receptors_left * gnrh
    else:
        gnrh = drive = own_gnrh

    pituitary_brake = _brake(t_serum, p.t_brake_pituitary) * _brake(er_signal, p.e2_brake_pituitary)
    lh = drive * pituitary_brake
    fsh = drive**p.fsh_gnrh_exponent * pituitary_brake

    exogenous = p.exogenous_testosterone if "testosterone" in chosen else 0.0
    t_returned = lh**p.testis_lh_exponent + exogenous
    return HPGState(gnrh, lh, fsh, t_serum, estradiol), t_returned


def steady_state(
    agents: Iterable[str] | str = (), *, parameters: HPGParameters = DEFAULT_PARAMETERS
) -> HPGState:
    """The hormone levels once the axis has settled with `agents` given together.

    `agents` is any combination of `AGENTS` (e.g. ``["testosterone", "anastrozole"]``); an
    unknown id, or both gonadorelin patterns at once, raises ValueError.
    """
    chosen = _checked(agents)
    # Bracket the one serum T where guess and answer agree: at T = 0 the answer is positive
    # (the testes still make some T); at T = answer(0) it cannot exceed the guess.
    low, high = 0.0, _around_the_loop(0.0, chosen, parameters)[1]
    while high - low > 1e-13 * high:
        middle = 0.5 * (low + high)
        if _around_the_loop(middle, chosen, parameters)[1] > middle:
            low = middle
        else:
            high = middle
    return _around_the_loop(0.5 * (low + high), chosen, parameters)[0]


def baseline(*, parameters: HPGParameters = DEFAULT_PARAMETERS) -> HPGState:
    """The untreated steady state: 1.0 for every hormone (to within 1e-9)."""
    return steady_state((), parameters=parameters)


def relative_change(
    agents: Iterable[str] | str, *, parameters: HPGParameters = DEFAULT_PARAMETERS
) -> dict[str, float]:
    """{hormone: treated / untreated − 1}, e.g. 0.25 for a 25 % rise."""
    treated = steady_state(agents, parameters=parameters).as_dict()
    untreated = baseline(parameters=parameters).as_dict()
    return {h: treated[h] / untreated[h] - 1.0 for h in HORMONES}


def direction(
    agents: Iterable[str] | str,
    threshold: float = UNCHANGED_WITHIN,
    *,
    parameters: HPGParameters = DEFAULT_PARAMETERS,
) -> dict[str, str]:
    """{hormone: "up" | "down" | "unchanged"} by the course's one rule (vocabulary.direction_of)."""
    return {
        h: direction_of(change, threshold)
        for h, change in relative_change(agents, parameters=parameters).items()
    }
