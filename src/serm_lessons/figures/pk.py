"""Pharmacokinetics (lesson 3): build-up and wash-out with one dose a day, with a long-lived
metabolite where the data give its half-life and measured level."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from .. import vocabulary as v
from ..data import CourseData
from .style import FIGURE_WIDTH, _hover_name, _layout, _safe

# --- pharmacokinetics (lesson 3) ----------------------------------------------------------------


def half_life_hours(course: CourseData) -> dict[str, float]:
    """Drug id -> elimination half-life in hours, for drugs whose half-life the data gives."""
    from ..pk import to_hours

    rows = course.serms.dropna(subset=["half_life_value"])
    return {r.serm: to_hours(r.half_life_value, r.half_life_unit) for r in rows.itertuples()}


def pk_curves(
    course: CourseData,
    serms: Sequence[str],
    interval_h: float = 24.0,
    days: float = 60.0,
    stop_day: float | None = 30.0,
) -> list[dict]:
    """Relative blood level over time for repeated daily doses, stopping at `stop_day`."""
    import numpy as np

    from .. import pk

    hours = half_life_hours(course)
    t = np.linspace(0, days * 24, 1201)
    doses = None if stop_day is None else int(stop_day * 24 // interval_h)
    curves = []
    for serm in serms:
        if serm not in hours:
            continue
        h = hours[serm]
        level = pk.concentration_repeated(t, h, interval_h=interval_h, doses=doses)
        to_ss = pk.time_to_steady_state(h) / 24
        curves.append(
            {
                "x": t / 24,
                "y": level,
                "name": f"{_safe(course.serm_name(serm))} (t½ ≈ {_hours_text(h)})",
                "hovertemplate": f"{_hover_name(course.serm_name(serm))}<br>day %{{x:.1f}}: %{{y:.2f}}"
                "<extra></extra>",
                "meta": {"serm": serm, "half_life_h": h, "days_to_steady_state": to_ss},
            }
        )
        formed = metabolite_curve(course, serm, t, interval_h, doses)
        if formed:
            curves.append(formed)
    return curves


def metabolite_half_lives(course: CourseData) -> dict[str, tuple[str, float]]:
    """Drug id -> (metabolite, half-life in hours) where serms.csv gives the metabolite's half-life."""
    from ..pk import to_hours

    rows = course.serms.dropna(subset=["metabolite_half_life_value"])
    return {
        r.serm: (r.metabolite, to_hours(r.metabolite_half_life_value, r.metabolite_half_life_unit))
        for r in rows.itertuples()
    }


def metabolite_curve(course: CourseData, serm: str, t, interval_h: float, doses) -> dict | None:
    """The drug's long-lived metabolite, formed from it (parent -> metabolite model in pk.py), scaled
    to the measured metabolite : parent ratio at steady state. None when serms.csv gives no
    metabolite half-life or the data give no measured ratio (then its height would be a guess)."""
    from .. import pharm, pk

    found = metabolite_half_lives(course).get(serm)
    parent_h = half_life_hours(course).get(serm)
    if not found or parent_h is None:
        return None
    metabolite, h = found
    measured = pharm.measured_steady_state_ratio(course, serm, metabolite)
    if measured is None:
        return None
    scale = measured / pk.steady_state_ratio(parent_h, h)
    level = scale * pk.metabolite_repeated(t, parent_h, h, interval_h=interval_h, doses=doses)
    to_ss = pk.metabolite_time_to_steady_state(parent_h, h) / 24
    name = f"{_safe(metabolite)} (metabolite of {_safe(course.serm_name(serm))}, t½ ≈ {_hours_text(h)})"
    return {
        "x": t / 24,
        "y": level,
        "name": name,
        "hovertemplate": f"{_hover_name(metabolite)}<br>day %{{x:.1f}}: %{{y:.2f}}<extra></extra>",
        "meta": {
            "serm": serm,
            "metabolite": metabolite,
            "half_life_h": h,
            "days_to_steady_state": to_ss,
            "steady_state_ratio": measured,
        },
    }


def _hours_text(hours: float) -> str:
    return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.1f} days"


def pk_line(serm: str) -> dict:
    """The drug's own line style (vocabulary.DRUG_LINE_STYLE), whatever else is drawn with it; a
    drug added to the data without a style of its own gets a plain grey dash."""
    style = v.DRUG_LINE_STYLE.get(serm, {"colour": v.GREY_DARK, "dash": "dash"})
    return {"width": 3, "dash": style["dash"], "color": style["colour"]}


PK_HEIGHT = 560


def pk_figure(
    course: CourseData,
    serms: Sequence[str] = ("raloxifene", "tamoxifen"),
    stop_day: float | None = 30.0,
) -> go.Figure:
    """Blood level with one dose a day, then wash-out: long half-lives build up and clear slowly."""
    fig = go.Figure()
    curves = pk_curves(course, serms, stop_day=stop_day, days=pk_days(course, serms, stop_day))
    for curve in curves:
        line = pk_line(curve["meta"]["serm"])
        if curve["meta"].get("metabolite"):  # the drug's own colour, dotted and thinner
            line = {**line, "dash": "dot", "width": 2}
        fig.add_scatter(mode="lines", line=line, **curve)
    if stop_day is not None:
        fig.add_vline(x=stop_day, line={"color": v.GREY_DARK, "dash": "dot"})
        fig.add_annotation(  # inside the plot, under its top edge: clear of title and legend
            text="last dose",
            x=stop_day,
            xref="x",
            y=1,
            yref="paper",
            yanchor="top",
            xanchor="left",
            xshift=4,
            showarrow=False,
            font={"size": 13, "color": v.INK_SOFT},
        )
    missing = [s for s in dict.fromkeys(serms) if s not in half_life_hours(course)]
    if missing:  # say why a chosen drug has no line, rather than leave it out silently
        names = ", ".join(course.serm_name(s) for s in missing)
        fig.add_annotation(  # below the x-axis title, in pixels, so the two never meet
            text=f"Not drawn (no half-life in a primary source): {_safe(names)}",
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-PK_NOTE_BELOW_AXIS,
            yanchor="top",
            showarrow=False,
            xanchor="left",
            font={"size": 13, "color": v.INK_SOFT},
        )
    alt = pk_alt(curves, stop_day) + (
        f" Not drawn, because no primary source gives a half-life: {names}." if missing else ""
    )
    drawn = {c["meta"].get("metabolite") for c in curves}
    unscaled = [
        f"{metabolite} ({course.serm_name(serm)})"
        for serm, (metabolite, _) in metabolite_half_lives(course).items()
        if serm in serms and metabolite not in drawn
    ]
    if (
        unscaled
    ):  # a half-life but no measured level beside the parent's: its height would be a guess
        alt += f" Metabolite not drawn, as no measured level ratio to the parent is in the data: {', '.join(unscaled)}."
    legend_rows = max(1, len(curves))  # one line each: the names are long (half-lives, metabolite)
    fig = _layout(
        fig,
        "Build-up and wash-out with one dose a day",
        alt,
        height=400 + 24 * legend_rows,
        xaxis={"title": {"text": "days", "standoff": 8}, "gridcolor": v.GREY_GRID},
        yaxis={
            # two short lines: one long line ran up past the plot into the chart title
            "title": {"text": "blood level<br>(1 = peak after the first dose)"},
            "gridcolor": v.GREY_GRID,
            "rangemode": "tozero",
            "ticklabelstandoff": 6,  # the y axis's "0" clear of the x axis's "0"
        },
        legend={"orientation": "v", "y": 1.0, "yanchor": "bottom", "x": 0},
        width=FIGURE_WIDTH,
        margin={"t": max(130, 60 + 24 * legend_rows), "b": 110 if missing else 60},
    )
    # the title at the very top, so the legend's lines fit between it and the plot
    return fig.update_layout(
        title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 14}}
    )


PK_NOTE_BELOW_AXIS = 64  # px from the plot's bottom edge: past tick labels and the axis title


def pk_days(course: CourseData, serms: Sequence[str], stop_day: float | None) -> float:
    """Days to draw: 60, or long enough after the last dose for the slowest compound shown
    (a long-lived metabolite) to wash out, up to 150."""
    slowest = 0.0
    for serm in serms:
        for curve in pk_curves(course, [serm], days=1, stop_day=None):
            slowest = max(slowest, curve["meta"]["days_to_steady_state"])  # = wash-out time
    return float(min(150.0, max(60.0, (stop_day or 30.0) + slowest)))


def pk_alt(curves: Sequence[dict], stop_day: float | None) -> str:
    parts = [
        f"{c['name']}: about 97% of steady state after {c['meta']['days_to_steady_state']:.1f} days"
        + (
            f" (drawn at the measured steady-state ratio of {c['meta']['steady_state_ratio']:.1f} "
            "times the parent drug's level; as long again to wash out after the last dose)"
            if "metabolite" in c["meta"]
            else ""
        )
        for c in curves
    ]
    stop = f"; dosing stops on day {stop_day:g}" if stop_day is not None else ""
    return (
        "Line chart of relative blood level with one dose a day"
        + stop
        + ". "
        + "; ".join(parts)
        + ". The longer the half-life, the slower the build-up and the "
        "wash-out (about five half-lives each)."
    )
