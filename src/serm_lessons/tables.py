"""Pure table functions: course data in, accessible HTML tables out.

Tables are real HTML (not drawn charts): text wraps to any width, screen readers announce the
headers, and the same markup works in JupyterLab, Voilà and the static site. Each function returns
an `HTMLTable` — a `str` that notebooks display as a table — with a caption that names what it shows.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import pandas as pd

from . import trials as tr
from . import vocabulary as v
from .data import CourseData


class HTMLTable(str):
    """An HTML table; displays as a table in a notebook, and is still a plain string."""

    def _repr_html_(self) -> str:
        return str(self)


# Inline styles: JupyterLab's HTML sanitiser drops <style> blocks, and its own table CSS would
# right-align every cell; style attributes survive and read the same in Voilà and the static site.
_TABLE = (
    # never wider than the output area: a table that overflowed it made an unfocusable scroll box
    "border-collapse:collapse;font-size:14px;line-height:1.4;max-width:min(900px,100%);"
    "margin:0.5em 0;overflow-wrap:anywhere;"
    f"color:{v.INK};background:{v.WHITE}"
)
_CAPTION = "text-align:left;font-weight:bold;font-size:16px;padding:4px 0"
# long words and addresses wrap inside their cell, so no table is wider than the output area
_CELL = (
    f"border:1px solid {v.GREY_RULE};padding:5px 8px;text-align:left;vertical-align:top;"
    "overflow-wrap:anywhere"
)
_HEAD = f"{_CELL};background:{v.GREY_FILL}"
_ROW_HEAD = f"{_CELL};background:{v.GREY_PALE};font-weight:bold"


def _cell(text: str) -> str:
    return html.escape(str(text))


def html_table(
    caption: str,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    row_headers: bool = True,
    raw_columns: Sequence[int] = (),
) -> HTMLTable:
    """Build the table. Cells are escaped except in `raw_columns` (already-safe HTML)."""
    head = "".join(f"<th scope='col' style='{_HEAD}'>{_cell(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            content = value if i in raw_columns else _cell(value)
            if i == 0 and row_headers:
                cells.append(f"<th scope='row' style='{_ROW_HEAD}'>{content}</th>")
            else:
                cells.append(f"<td style='{_CELL}'>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return HTMLTable(
        f"<table class='serm-table' style='{_TABLE}'><caption style='{_CAPTION}'>"
        f"{_cell(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _effect_text(effect: str) -> str:
    return f"{v.EFFECTS[effect].symbol} {effect}"


# --- lesson 2 -------------------------------------------------------------------------------------


def agents(course: CourseData) -> HTMLTable:
    """The agents of the article's male protocols: where and how each acts, and its status in men."""
    rows = [
        (
            f"{r.name} ({r.agent_class})",
            r.site_of_action,
            r.mechanism,
            r.status_in_men,
            course.cite(r.sources),
        )
        for r in course.hpg_agents.itertuples()
    ]
    return html_table(
        "What each agent in the protocols actually does (corrected, with sources)",
        ["agent", "site of action", "mechanism", "status in men", "source"],
        rows,
    )


def hpg_evidence(course: CourseData) -> HTMLTable:
    """Direction each hormone moves in men, per agent, as the cited studies and labels report it."""
    rows = []
    for r in course.hpg_agents.itertuples():
        directions = [
            f"{v.DIRECTION_STYLE[getattr(r, h)]['symbol']} {getattr(r, h)}"
            for h in v.HORMONE_LABELS
        ]
        rows.append((r.name, *directions, course.cite(r.sources)))
    return html_table(
        "What studies in men measured: direction of change (up, down, unchanged or unknown)",
        ["agent", *v.HORMONE_LABELS.values(), "source"],
        rows,
    )


def effect_chip(effect: str) -> str:
    """An effect as the charts show it: its colour, its symbol and its word (safe HTML)."""
    e = v.EFFECTS[effect]
    return (
        f"<span class='serm-effect' data-effect='{_cell(effect)}' style='background:{e.colour};"
        f"color:{e.text_colour};border:1px solid {v.GREY_MID};border-radius:3px;padding:1px 6px;"
        f"white-space:nowrap'>{_cell(_effect_text(effect))}</span>"
    )


def _population_note(course: CourseData, serm: str, tissue: str) -> str:
    """The effect in one tissue as one HTML chip where every population agrees (as the charts
    show it), else one chip per population."""
    effect, only_in = course.combined_effect(serm, tissue)
    if effect != "mixed" and not only_in:
        return effect_chip(effect)
    pair = course.effects_by_pair[(serm, tissue)]
    return "; ".join(f"{_cell(r['population'])}: {effect_chip(r['effect'])}" for r in pair)


def _half_life_text(row: pd.Series) -> str:
    if pd.isna(row["half_life_value"]):
        text = "not established in the sources checked"
    else:
        text = f"about {row['half_life_value']:g} {row['half_life_unit']}"
        text = f"{text} ({row['half_life_note']})" if row["half_life_note"] else text
    if not pd.isna(row["metabolite_half_life_value"]):  # a long-lived metabolite sets wash-out
        text += (
            f"; {row['metabolite']}: about {row['metabolite_half_life_value']:g} "
            f"{row['metabolite_half_life_unit']}"
        )
    return text


def comparison(
    course: CourseData, first: str = "tamoxifen", second: str = "raloxifene"
) -> HTMLTable:
    """Two drugs side by side: approved uses, status, half-life and the effect in every tissue."""
    serms = course.serms.set_index("serm")
    pair = (first, second)
    rows = [
        ("approved uses (US)", *(serms.at[s, "approved_uses"] or "none" for s in pair)),
        ("US status", *(serms.at[s, "us_status"] for s in pair)),
        ("EU status", *(serms.at[s, "eu_status"] for s in pair)),
        ("half-life", *(_half_life_text(serms.loc[s]) for s in pair)),
    ]
    rows = [(label, *(_cell(x) for x in values)) for label, *values in rows]
    # tissue rows keep the charts' coding: colour, symbol and word (lesson 1's promise)
    for tissue in v.TISSUES:
        rows.append((v.TISSUES[tissue].label, *(_population_note(course, s, tissue) for s in pair)))
    a, b = course.serm_name(first), course.serm_name(second)
    return html_table(f"{a} and {b} side by side", ["", a, b], rows, raw_columns=(1, 2))


def systemic_rows(
    course: CourseData, serms: Sequence[str] | None = None, systems: Sequence[str] | None = None
) -> pd.DataFrame:
    """The corrected systemic-effects table, filtered; 'class' rows are kept with every drug."""
    table = course.systemic_effects
    if serms:
        table = table[table["serm"].isin([*serms, "class"])]
    if systems is not None:
        table = table[table["system"].isin(systems)]
    rank = {s: i for i, s in enumerate(v.SYSTEMS)}
    return table.sort_values(["system", "serm"], key=lambda s: s.map(lambda x: rank.get(x, x)))


def systemic(
    course: CourseData, serms: Sequence[str] | None = None, systems: Sequence[str] | None = None
) -> HTMLTable:
    """The article's 'system / action / long-term implication' table, corrected, per drug, cited."""
    names = {**course.serm_names, "class": "SERMs in general"}
    chosen = systemic_rows(course, serms, systems)
    rows = [
        (r.system, names[r.serm], r.action, r.implications, course.cite(r.sources))
        for r in chosen.itertuples()
    ]
    if not rows:  # say what to do, rather than show an empty table
        return HTMLTable(
            "<p role='status' class='serm-empty' style='font-size:15px;max-width:900px'>"
            "No rows to show: tick at least one system above.</p>"
        )
    shown = ", ".join(names[s] for s in dict.fromkeys(chosen["serm"]))
    return html_table(
        f"Long-term effects by body system, corrected and cited ({len(rows)} rows: {shown})",
        ["system", "drug", "what it does", "long-term implication", "source"],
        rows,
    )


# --- lesson 3 -------------------------------------------------------------------------------------


def trial_rates(course: CourseData) -> HTMLTable:
    """Absolute event rates beside each ratio, for every trial result whose source prints them.

    Rows follow the forest plot's order (each trial's primary result first, benefits before
    harms, extras last), so a reader can move between the two.
    """
    chosen = [r for r in tr.ordered(course.trial_outcomes).itertuples() if tr.has_rates(r)]
    rows = []
    for r in chosen:
        drug, control = tr.arms(r.comparison)
        difference = r.rate_drug - r.rate_control
        rows.append(
            (
                r.trial,
                f"{tr.ROLE_WORDS[r.outcome_type]}: {r.outcome} ({r.analysis}, {r.follow_up})",
                f"{r.rate_drug:g} on {drug}",
                f"{r.rate_control:g} on {control}",
                f"{difference:+.3g}",
                r.rate_unit,
                f"{r.measure} {r.estimate:g} ({r.ci_low:g}–{r.ci_high:g})",
                course.cite(r.sources),
            )
        )
    total = len(course.trial_outcomes)
    return html_table(
        f"Absolute rates behind the ratios: the {len(rows)} of {total} trial results whose source "
        "prints a rate for each group (difference = drug group minus comparator group)",
        [
            "trial",
            "result",
            "drug group",
            "comparator group",
            "difference",
            "unit",
            "ratio (95% CI)",
            "source",
        ],
        rows,
    )


# --- lesson 3: safety at a glance ---------------------------------------------------------------

_REGION_LABEL = {"US": "US label", "EU": "EU product information"}


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def rate_text(row: pd.Series | dict) -> str:
    """'2.2 vs 0.71 per 1,000 woman-years (1.49 more)', or '' for a row without rates."""
    drug, placebo = row["rate_drug"], row["rate_placebo"]
    if pd.isna(drug):
        return ""
    difference = drug - placebo
    change = (
        "no difference"
        if abs(difference) < 1e-9
        else f"{_number(abs(difference))} {'more' if difference > 0 else 'fewer'} with the drug"
    )
    return f"{_number(drug)} vs {_number(placebo)} {row['rate_unit']} ({change})"


def safety_rows(
    course: CourseData, serms: Sequence[str] | None = None, kinds: Sequence[str] | None = None
) -> pd.DataFrame:
    """safety.csv filtered to drugs and kinds, in the serms.csv drug order, then by kind."""
    table = course.safety
    if serms is not None:
        table = table[table["serm"].isin(serms)]
    if kinds is not None:
        table = table[table["kind"].isin(kinds)]
    drug_rank = {s: i for i, s in enumerate(course.serms["serm"])}
    kind_rank = {k: i for i, k in enumerate(v.SAFETY_KINDS)}
    region_rank = {r: i for i, r in enumerate(v.LABEL_REGIONS)}
    order = table.assign(
        _drug=table["serm"].map(drug_rank),
        _region=table["region"].map(region_rank),
        _kind=table["kind"].map(kind_rank),
    )
    return order.sort_values(["_drug", "_region", "_kind"], kind="stable").drop(
        columns=["_drug", "_region", "_kind"]
    )


def _unlabelled(course: CourseData) -> list[str]:
    """Drugs in serms.csv with no safety rows (no US label or EU product information)."""
    return [
        course.serm_name(s) for s in course.serms["serm"] if s not in set(course.safety["serm"])
    ]


def safety(
    course: CourseData, serms: Sequence[str] | None = None, kinds: Sequence[str] | None = None
) -> HTMLTable:
    """Each drug's boxed warnings, main contraindications and interactions, as its label states."""
    chosen = safety_rows(course, serms, kinds)
    rows = [
        (
            course.serm_name(r.serm),
            _REGION_LABEL[r.region],
            r.kind,
            r.item,
            r.detail,
            rate_text(r._asdict()),
            r.section,
            course.cite(r.sources),
        )
        for r in chosen.itertuples()
    ]
    missing = _unlabelled(course) if serms is None else []
    note = f"; no label to read for {', '.join(missing)}" if missing else ""
    return html_table(
        f"Safety at a glance: what each label says ({len(rows)} rows{note})",
        [
            "drug",
            "label",
            "kind",
            "what",
            "what the label says",
            "absolute rate, drug vs placebo",
            "label section",
            "source",
        ],
        rows,
    )


def safety_rates(course: CourseData) -> HTMLTable:
    """The boxed-warning harms with absolute rates: drug vs placebo, and the difference."""
    chosen = safety_rows(course).dropna(subset=["rate_drug"])
    rows = [
        (
            course.serm_name(r.serm),
            r.item,
            _number(r.rate_drug),
            _number(r.rate_placebo),
            _number(r.rate_drug - r.rate_placebo),
            r.setting + (f" ({r.rate_note})" if r.rate_note else ""),
            course.cite(r.sources),
        )
        for r in chosen.itertuples()
    ]
    units = sorted(set(chosen["rate_unit"]))
    return html_table(
        f"Boxed-warning harms as absolute rates ({', '.join(units)}): drug vs placebo",
        [
            "drug",
            "harm",
            "with the drug",
            "with placebo",
            "difference (drug minus placebo)",
            "where the rates come from",
            "source",
        ],
        rows,
    )
