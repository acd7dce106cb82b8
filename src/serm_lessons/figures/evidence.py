"""Clinical evidence: each trial's benefits and harms together, in one forest plot (lesson 3)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from .. import trials as tr
from .. import vocabulary as v
from ..data import CourseData
from .style import FIGURE_WIDTH, _header, _layout, _safe, _wrap

# --- clinical evidence --------------------------------------------------------------------------


def forest_plot(course: CourseData, outcomes: Sequence[str] | None = None) -> go.Figure:
    """Each trial's benefits and harms together: ratios with 95% CIs on a log axis.

    Rows are grouped by trial: its primary result first, then its other benefits, then its harms,
    then labelled extras (post hoc, subgroup, extension; drawn as open symbols). Left of the line
    at 1 = fewer events with the drug; right = more. Hover gives the absolute rates where the
    source prints them, the follow-up, what the figure comes from, and the source.
    """
    trials = course.trial_outcomes
    if outcomes is not None:
        trials = trials[trials["outcome"].isin(outcomes)]
    trials = tr.ordered(trials)
    positions, ticks, bands = _forest_rows(trials)
    benefit = trials["ci_high"] < 1
    harm = trials["ci_low"] > 1
    verdict = [
        "fewer events" if b else "more events" if h else "no clear difference"
        for b, h in zip(benefit, harm)
    ]
    fig = go.Figure()
    for kind, style in v.TRIAL_VERDICT_STYLE.items():
        symbol, colour = style["marker"], style["colour"]
        rows = [i for i, verdict_i in enumerate(verdict) if verdict_i == kind]
        if not rows:
            continue
        sub = trials.iloc[rows]
        extra = sub["analysis"].isin(tr.EXTRAS)
        fig.add_scatter(
            name=f"{kind} with the drug" if kind != "no clear difference" else kind,
            x=sub["estimate"],
            y=[positions[i] for i in rows],
            mode="markers",
            marker={
                "symbol": [f"{symbol}-open" if e else symbol for e in extra],
                "color": colour,
                "size": 11,
                "line": {"width": 1.5, "color": colour},
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": sub["ci_high"] - sub["estimate"],
                "arrayminus": sub["estimate"] - sub["ci_low"],
                "color": colour,
                "thickness": 2,
            },
            hovertext=[_forest_hover(course, r) for r in sub.itertuples()],
            hoverinfo="text",
        )
    fig.add_scatter(  # legend key only: open symbols mark the extra analyses
        name="open symbol: extra analysis (post hoc, subgroup, extension)",
        x=[None],
        y=[None],
        mode="markers",
        marker={"symbol": "circle-open", "color": v.GREY_DARK, "size": 11},
        hoverinfo="skip",
    )
    fig.add_vline(x=1, line={"color": v.INK, "dash": "dash", "width": 1.5})
    for top, bottom in bands[::2]:  # shade every other trial so each trial's rows read as one
        fig.add_hrect(
            y0=top - 0.5, y1=bottom + 0.5, fillcolor=v.GREY_BAND, line_width=0, layer="below"
        )
    height = 190 + 24 * len(ticks)
    fig = _layout(
        fig,
        "What the trials found: benefits and harms, trial by trial (ratio and 95% CI)",
        _forest_alt(trials, benefit, harm),
        height=height,
        width=FIGURE_WIDTH,  # without it the plot shrank to ~150 px beside its long row labels
        xaxis={
            "type": "log",
            "tickvals": [0.1, 0.2, 0.5, 1, 2, 5, 10],
            "ticktext": ["0.1", "0.2", "0.5", "1", "2", "5", "10"],
            "title": {"text": "ratio, log scale: below 1 = fewer events"},
            "gridcolor": v.GREY_GRID,
            "side": "top",
        },
        yaxis={
            "autorange": "reversed",
            "automargin": True,
            "tickfont": {"size": 12},
            "tickvals": list(ticks),
            "ticktext": list(ticks.values()),
            "showgrid": False,
            "zeroline": False,
        },
        legend=_header(height)["legend"],
        margin={"t": 160},
    )
    fig.update_layout(title=_header(height)["title"])
    return fig


def _forest_rows(trials: pd.DataFrame) -> tuple[list[int], dict[int, str], list[tuple[int, int]]]:
    """y position of each row, tick labels (a bold header per trial, then its rows) and bands."""
    positions, ticks, bands = [], {}, []
    y = 0
    for trial in dict.fromkeys(trials["trial"]):
        rows = trials[trials["trial"] == trial]
        ticks[y] = f"<b>{_safe(tr.header(trials, trial))}</b>"
        top = y
        several_doses = rows["comparison"].map(tr.dose).nunique() > 1
        repeated = rows.duplicated(["comparison", "outcome", "analysis"], keep=False)
        for r, again in zip(rows.itertuples(), repeated):
            y += 1
            positions.append(y)
            dose = f" ({tr.dose(r.comparison)})" if several_doses and tr.dose(r.comparison) else ""
            tag = tr.analysis_tag(r, again)
            label = f"{tr.ROLE_WORDS[r.outcome_type]}: {r.outcome}{dose} · {tag}"
            ticks[y] = _safe(label)
        bands.append((top, y))
        y += 1
    return positions, ticks, bands


def _forest_hover(course: CourseData, r) -> str:
    lines = [
        f"<b>{_safe(r.trial)}</b>: {_safe(r.comparison)}",
        f"{tr.ROLE_WORDS[r.outcome_type]}: {_safe(r.outcome)} ({r.analysis} result)",
        f"{r.measure} {r.estimate:g} (95% CI {r.ci_low:g}–{r.ci_high:g}), "
        f"follow-up {_safe(r.follow_up)}",
    ]
    if tr.has_rates(r):
        lines.append("Absolute: " + _wrap(_safe(tr.rate_text(r))))
    if r.note:
        lines.append(_wrap(_safe(r.note)))
    lines.append(f"Source: {_safe(course.cite(r.sources))}")
    return "<br>".join(lines)


def _forest_alt(trials: pd.DataFrame, benefit: pd.Series, harm: pd.Series) -> str:
    """Text alternative computed from the rows drawn, including which trials show a trade-off."""
    names = list(dict.fromkeys(trials["trial"]))
    extras = int(trials["analysis"].isin(tr.EXTRAS).sum())
    with_rates = sum(tr.has_rates(r) for r in trials.itertuples())
    efficacy = trials["outcome_type"] == "efficacy"
    traded = [
        t
        for t in names
        if ((trials["trial"] == t) & efficacy & benefit).any()
        and ((trials["trial"] == t) & ~efficacy & harm).any()
    ]
    text = (
        f"Forest plot of {len(trials)} results from {len(names)} trials ({', '.join(names)}), each a "
        "relative risk, hazard ratio or odds ratio with its 95% confidence interval on a log scale "
        "(1 means no difference). Each trial's rows are together: its primary result first, then "
        f"its other benefits, then its harms, then {extras} labelled extra analyses (open symbols). "
        f"{int(benefit.sum())} results show fewer events with the drug and {int(harm.sum())} show "
        f"more; the rest cross 1. {with_rates} results give absolute rates (in the hover text and "
        "the table below)."
    )
    if traded:
        text += (
            " Notice the trade-off: in "
            + ", ".join(traded)
            + " the drug lowered at least one outcome it aimed to prevent and raised at least one "
            "harm."
        )
    return text
