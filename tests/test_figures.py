"""Pure figures: they show exactly what the data says, carry text alternatives, need no kernel."""

from __future__ import annotations

import html
import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest

from serm_lessons import figures, trials, vocabulary
from serm_lessons.figures import pharm as pharm_figures


def expected_effect(course, serm, tissue):
    """What one cell must show: the course data's one rule for combining populations
    (CourseData.combined_effect, tested on its own in test_data.py)."""
    return course.combined_effect(serm, tissue)[0]


def test_a_population_specific_effect_names_its_population(course):
    cell = figures.effect_cells(course, "enclomiphene")["hypothalamus-pituitary"]
    assert cell["effect"] == "antagonist" and "(men)" in cell["text"]
    assert figures.effect_cells(course, "tamoxifen")["bone"]["effect"] == "mixed"


def test_body_map_shows_each_drugs_effect_in_each_tissue(course):
    for serm in course.serms["serm"]:
        fig = figures.body_map(course, serm)
        shown = dict(zip(figures.TISSUE_ORDER, fig.data[0].customdata))
        for tissue in vocabulary.TISSUES:
            effect = expected_effect(course, serm, tissue)
            assert shown[tissue] == effect, (serm, tissue)
        # never colour alone: each marker has a shape and a label naming the effect
        for tissue, text, symbol in zip(
            figures.TISSUE_ORDER, fig.data[0].text, fig.data[0].marker.symbol
        ):
            effect = shown[tissue]
            assert effect in text and vocabulary.EFFECTS[effect].symbol in text
            assert symbol == vocabulary.EFFECTS[effect].marker


def test_population_split_is_visible_in_the_hover(course):
    cells = figures.effect_cells(course, "tamoxifen")
    hover = cells["bone"]["hover"]
    assert cells["bone"]["effect"] == "mixed"
    assert "premenopausal" in hover and "postmenopausal" in hover


def test_hover_names_the_evidence_and_its_source(course):
    cells = figures.effect_cells(course, "raloxifene")
    row = course.tissue_effects[
        (course.tissue_effects["serm"] == "raloxifene")
        & (course.tissue_effects["tissue"] == "breast")
    ].iloc[0]
    assert course.cite(row["sources"]) in cells["breast"]["hover"]


def test_effect_matrix_cells_match_the_data_and_outline_the_chosen_row(course):
    fig = figures.effect_matrix(course, highlight="raloxifene")
    heat = fig.data[0]
    labels = list(vocabulary.EFFECTS)
    for i, serm in enumerate(course.serms["serm"]):
        for j, tissue in enumerate(figures.TISSUE_ORDER):
            effect = expected_effect(course, serm, tissue)
            assert labels[heat.z[i][j]] == effect
            assert vocabulary.EFFECTS[effect].symbol in heat.text[i][j]
    row = list(course.serms["serm"]).index("raloxifene")
    (outline,) = fig.layout.shapes
    assert outline.y0 == row - 0.5 and outline.y1 == row + 0.5
    fig = figures.effect_matrix(course, highlight="clomiphene")
    row = list(course.serms["serm"]).index("clomiphene")
    assert fig.layout.shapes[0].y0 == row - 0.5
    assert any("▶" in t and "Clomiphene" in t for t in fig.layout.yaxis.ticktext)


def test_effect_colour_scale_gives_each_effect_its_own_colour():
    scale = figures.effects._effect_colourscale()
    n = len(vocabulary.EFFECTS)
    for i, effect in enumerate(vocabulary.EFFECTS.values()):
        middle = (i + 0.5) / n
        colour = [c for (lo, c), (hi, _) in zip(scale[::2], scale[1::2]) if lo <= middle <= hi]
        assert colour == [effect.colour]


def test_static_body_map_menu_switches_drugs_without_a_kernel(course):
    fig = figures.body_map_with_menu(course, "tamoxifen")
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == list(course.serms["name"])
    for serm, button in zip(course.serms["serm"], buttons):
        shown = button.args[0]["customdata"][0]
        assert list(shown) == [expected_effect(course, serm, t) for t in figures.TISSUE_ORDER]


def test_receptor_chart_sorts_and_reports_units_and_source(course):
    fig = figures.receptor_chart(course, sort_by="ERβ")
    order = list(fig.layout.yaxis.categoryarray)[::-1]
    beta = course.receptor_distribution.query("receptor == 'ERβ'").set_index("tissue")["rna_value"]
    assert beta[order[0]] == beta.max()
    assert list(beta[order]) == sorted(beta, reverse=True)
    assert all("nTPM" in h and "Source:" in h for h in fig.data[0].hovertext)
    only = figures.receptor_chart(course, course_only=True)
    assert set(only.data[0].y) == set(
        course.receptor_distribution.query("course_tissue != ''")["tissue"]
    )
    assert figures.receptor_chart(course, log_scale=True).layout.xaxis.type == "log"
    with pytest.raises(ValueError):
        figures.receptor_chart(course, sort_by="colour")


def test_forest_plot_draws_every_trial_result_with_its_interval(course):
    fig = figures.forest_plot(course)
    drawn = [trace for trace in fig.data if trace.hovertext]  # the others are legend keys only
    points = sum(len(trace.x) for trace in drawn)
    assert points == len(course.trial_outcomes)
    for trace in drawn:
        for x, plus, minus in zip(trace.x, trace.error_x.array, trace.error_x.arrayminus):
            assert plus >= 0 and minus >= 0 and x - minus > 0
    assert fig.layout.xaxis.type == "log"


def forest_rows(fig) -> list[tuple[float, str]]:
    """(y position, hover text) of every drawn result, top to bottom."""
    rows = [
        (y, hover)
        for trace in fig.data
        if trace.hovertext
        for y, hover in zip(trace.y, trace.hovertext)
    ]
    return sorted(rows)


def test_forest_plot_puts_each_trials_benefits_and_harms_together_primary_first(course):
    fig = figures.forest_plot(course)
    labels = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))
    by_trial: dict[str, list[str]] = {}
    for y, hover in forest_rows(fig):
        trial = hover.split("</b>")[0].removeprefix("<b>")
        by_trial.setdefault(trial, []).append(labels[y])
    assert list(by_trial) == list(dict.fromkeys(course.trial_outcomes["trial"]))
    for trial, rows in by_trial.items():
        assert rows[0].startswith("benefit:") and rows[0].endswith("· primary"), trial
        assert any(r.startswith("harm:") for r in rows), trial
        extras = [i for i, r in enumerate(rows) if any(f"· {e}" in r for e in trials.EXTRAS)]
        main = [i for i in range(len(rows)) if i not in extras]
        assert not extras or max(main) < min(extras), trial  # extras come after the main report
        main_roles = [rows[i].split(":")[0] for i in main]
        assert main_roles == sorted(main_roles), trial  # benefits, then harms


def test_forest_plot_shows_absolute_rates_in_the_hover(course):
    fig = figures.forest_plot(course)
    with_rates = sum(trials.has_rates(r) for r in course.trial_outcomes.itertuples())
    assert with_rates > 0
    hovers = [hover for _, hover in forest_rows(fig)]
    assert sum("Absolute:" in h for h in hovers) == with_rates
    cuzick = [h for h in hovers if "Cuzick 2013 meta-analysis" in h]  # it gives no absolute rates
    assert cuzick and not any("Absolute:" in h for h in cuzick)
    p1 = next(h for h in hovers if "NSABP P-1" in h and "invasive breast cancer (primary" in h)
    assert "22 on tamoxifen vs 43.4 on placebo" in p1 and "21.4 fewer with tamoxifen" in p1


def test_forest_plot_description_is_computed_from_the_rows(course):
    t = course.trial_outcomes
    fig = figures.forest_plot(course)
    alt = figures.alt_text(fig)
    assert f"{len(t)} results from {t['trial'].nunique()} trials" in alt
    drawn = {trace.name: list(trace.hovertext) for trace in fig.data if trace.hovertext}
    fewer, more = drawn["fewer events with the drug"], drawn["more events with the drug"]
    assert f"{len(fewer)} results show fewer events with the drug and {len(more)} show more" in alt
    # known answers from trial_outcomes.csv: NSABP P-1's primary result lies left of 1, its
    # endometrial cancer result right of 1, and STAR's primary result crosses 1
    assert any("<b>NSABP P-1</b>" in h and "0.51 (95% CI 0.39–0.66)" in h for h in fewer)
    assert any("<b>NSABP P-1</b>" in h and "2.53 (95% CI 1.35–4.97)" in h for h in more)
    unclear = drawn["no clear difference"]
    assert any("<b>STAR</b>" in h and "1.02 (95% CI 0.82–1.28)" in h for h in unclear)
    assert f"{int(t['analysis'].isin(trials.EXTRAS).sum())} labelled extra analyses" in alt
    only_clots = figures.alt_text(figures.forest_plot(course, ["venous thromboembolism"]))
    assert "trade-off" not in only_clots  # no benefit rows left, so no trade-off to claim


def test_mechanism_figure_ends_in_the_datas_effect(course):
    for serm in ("tamoxifen", "raloxifene", "estradiol"):
        for tissue in ("breast", "endometrium"):
            fig = figures.mechanism_figure(course, serm, tissue)
            assert fig.data[0].customdata[0] == expected_effect(course, serm, tissue)


def test_every_figure_is_a_plain_figure_with_a_text_alternative(course):
    built = [
        figures.receptor_chart(course),
        figures.effect_matrix(course),
        figures.body_map(course, "raloxifene"),
        figures.body_map_with_menu(course),
        figures.forest_plot(course),
        pharm_figures.binding_affinity_chart(course),
        pharm_figures.metabolism_diagram(course),
        figures.measured_changes(course),
        figures.mechanism_figure(course, "tamoxifen", "bone"),
        figures.pk_figure(course),
        figures.hpg_figure({h: 0.0 for h in figures.HORMONE_LABELS}),
    ]
    for fig in built:
        assert type(fig) is go.Figure
        assert len(figures.alt_text(fig)) > 40
        json.loads(fig.to_json())  # drawable with no kernel


def test_measured_changes_show_the_datas_numbers_and_directions(course):
    fig = figures.measured_changes(course)
    rows = course.hormone_measurements
    bars = fig.data[0]
    assert len(bars.x) == len(rows) > 0
    # known answer: Helo 2017, LH 4.0 -> 6.1 mIU/mL on clomiphene, is drawn as +52.5%, up
    (helo_lh,) = [i for i, text in enumerate(bars.text) if "4 → 6.1 mIU/mL" in text]
    assert bars.x[helo_lh] == pytest.approx(52.5) and bars.customdata[helo_lh] == "up"
    for x, text, shown, r in zip(bars.x, bars.text, bars.customdata, rows.itertuples()):
        assert x == pytest.approx(100 * (r.after / r.before - 1))
        assert shown == vocabulary.direction_of(r.after / r.before - 1)
        assert f"{r.before:g} → {r.after:g} {r.unit}" in text


def step_text(step: str) -> str:
    """What one mechanism box says, as a reader sees it: its heading and line breaks dropped."""
    return html.unescape(" ".join(step.split("<br>")[1:]))


def test_mechanism_step_texts_come_from_the_cited_table(course):
    texts = course.mechanism_steps.set_index(["step", "case"])["text"]
    assert texts[("coregulators", "antagonist")] == "Co-repressors bind: genes stay off"
    steps = figures.mechanism_steps(course, "tamoxifen", "breast")  # an antagonist there
    assert step_text(steps[1]) == texts[("shape", "SERM")]
    assert step_text(steps[2]) == texts[("coregulators", "antagonist")]
    agonist = figures.mechanism_steps(course, "estradiol", "breast")
    assert step_text(agonist[1]) == texts[("shape", "agonist")]


def test_pk_chart_draws_tamoxifens_metabolite_at_the_measured_ratio(course):
    fig = figures.pk_figure(course, ["tamoxifen"], stop_day=None)
    parent, formed = fig.data
    assert formed.meta["metabolite"] == "N-desmethyltamoxifen"
    rows = course.tamoxifen_concentrations.query("study == 'Tamoxifen label'")
    ratio = rows.set_index("compound")["value"]
    measured = ratio["N-desmethyltamoxifen"] / ratio["tamoxifen"]
    assert formed.meta["steady_state_ratio"] == pytest.approx(measured)
    # near steady state (last day drawn) the model's levels stand in the measured ratio
    tail = slice(-50, None)
    mean_ratio = np.mean(formed.y[tail]) / np.mean(parent.y[tail])
    assert mean_ratio == pytest.approx(measured, rel=0.05)
    # the metabolite builds up more slowly than the parent: it sets the wash-out
    assert formed.meta["days_to_steady_state"] > 2 * parent.meta["days_to_steady_state"]
    assert "N-desmethyltamoxifen" in figures.alt_text(fig)


def test_pk_chart_draws_long_enough_for_the_metabolite_to_wash_out(course):
    with_metabolite = figures.pk_figure(course, ["tamoxifen"], stop_day=30)
    assert (
        with_metabolite.data[1].x[-1]
        > 30 + with_metabolite.data[1].meta["days_to_steady_state"] - 1
    )
    assert figures.pk_figure(course, ["raloxifene"]).data[0].x[-1] == 60


def test_pk_chart_names_the_drugs_it_cannot_draw(course):
    fig = figures.pk_figure(course, ["raloxifene", "clomiphene"])
    assert [trace.meta["serm"] for trace in fig.data] == ["raloxifene"]
    assert "Clomiphene" in figures.alt_text(fig)
    assert any("Clomiphene" in note.text for note in fig.layout.annotations)


def test_body_map_labels_on_the_same_side_do_not_overlap():
    """Each label is two lines (about 10 units tall), so markers whose labels sit on the same
    side need at least 12 units between them vertically."""
    for side in ("left", "right"):
        ys = sorted(t.body_xy[1] for t in vocabulary.TISSUES.values() if t.label_side == side)
        gaps = [b - a for a, b in zip(ys, ys[1:])]
        assert gaps, side  # at least two labels on each side to compare
        assert all(gap >= 12 for gap in gaps), (side, ys)


def test_hot_flushes_and_cognition_are_separate_tissues():
    assert vocabulary.TISSUES["vasomotor"].label == "Hot flushes (vasomotor)"
    assert vocabulary.TISSUES["brain"].label == "Brain (cognition)"
    assert "flush" not in vocabulary.TISSUES["brain"].plain


# --- readable charts (issue 13) -----------------------------------------------------------------


def test_hpg_labels_of_falling_bars_stay_off_the_hormone_names():
    from serm_lessons import hpg

    for agents in [("testosterone",), ("gonadorelin-continuous",), ("testosterone", "anastrozole")]:
        changes = hpg.relative_change(agents)
        fig = figures.hpg_figure(changes, agents)
        bars = next(t for t in fig.data if t.name == figures.HPG_BARS_TRACE)
        falls = next(t for t in fig.data if t.name == figures.HPG_FALL_LABELS_TRACE)
        for x, text in zip(bars.x, bars.text):
            assert (text == "") == (x < 0)  # a falling bar has no label beyond its end
        assert all(x >= 0 for x in falls.x) and falls.textposition == "middle right"
        expected = [figures.hpg_label(c) for c in changes.values() if c < 0]
        assert list(falls.text) == expected and expected, agents


def test_hpg_title_uses_display_names_and_wraps():
    agents = ("clomiphene", "anastrozole", "testosterone", "gonadorelin-continuous")
    fig = figures.hpg_figure({h: 0.0 for h in figures.HORMONE_LABELS}, agents)
    title = fig.layout.title.text
    assert "gonadorelin-continuous" not in title and "gonadorelin continuously" in title
    assert all(len(line) <= figures.HPG_TITLE_CHARS for line in title.split("<br>"))
    assert fig.layout.margin.t >= 46 + 24 * (title.count("<br>") + 1)
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "gonadorelin-continuous" not in texts
    assert "gonadorelin-continuous" not in figures.alt_text(fig)


def test_hpg_testosterone_label_is_outside_the_organ_boxes():
    fig = figures.hpg_figure({h: 0.0 for h in figures.HORMONE_LABELS}, ())
    label = next(a for a in fig.layout.annotations if a.text.startswith("testosterone"))
    boxes = [s for s in fig.layout.shapes if s.type == "rect"]
    assert label.yanchor == "top"
    assert all(label.y <= box.y0 for box in boxes if box.y0 <= 1.4 <= box.y1)


def test_pk_line_style_belongs_to_the_drug_whatever_the_selection(course):
    from serm_lessons import vocabulary

    styles = {(s["colour"], s["dash"]) for s in vocabulary.DRUG_LINE_STYLE.values()}
    assert len(styles) == len(vocabulary.DRUG_LINE_STYLE)  # no two drugs look alike
    assert set(course.serms["serm"]) <= set(vocabulary.DRUG_LINE_STYLE)
    seen = {}
    for serms in [("tamoxifen", "raloxifene"), ("raloxifene",), ("lasofoxifene", "tamoxifen")]:
        for trace in figures.pk_figure(course, serms).data:
            style = (trace.line.color, trace.line.dash)
            key = (trace.meta["serm"], trace.meta.get("metabolite"))  # a metabolite: its own line
            assert seen.setdefault(key, style) == style
            assert trace.line.color == vocabulary.DRUG_LINE_STYLE[trace.meta["serm"]]["colour"]


def test_pk_labels_do_not_collide(course):
    fig = figures.pk_figure(course, ["tamoxifen", "clomiphene"])
    note = next(a for a in fig.layout.annotations if a.text.startswith("Not drawn"))
    assert note.yanchor == "top" and note.yshift <= -60  # below the x-axis title, not on it
    assert fig.layout.margin.b >= -note.yshift + 30
    assert "<br>" in fig.layout.yaxis.title.text  # a one-line title ran into the chart title
    assert fig.layout.margin.t >= 130  # title and legend rows above the plot


def test_receptor_chart_has_an_axis_at_top_and_bottom_and_labels_every_bar(course):
    fig = figures.receptor_chart(course)
    assert {fig.layout.xaxis.side, fig.layout.xaxis2.side} == {"top", "bottom"}
    assert fig.layout.xaxis2.matches == "x"
    assert any(t.xaxis == "x2" for t in fig.data)  # plotly draws an axis only with a trace on it
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert bars
    for trace in bars:
        assert list(trace.text) == [f"{x:g}" for x in trace.x]


def test_receptor_log_ticks_print_their_values():
    ticks, labels = figures.log_ticks(0.3, 250)
    assert 0.5 in ticks and labels[ticks.index(0.5)] == "0.5"
    assert labels[ticks.index(200)] == "200"


def test_receptor_log_axis_carries_readable_ticks(course):
    axis = figures.receptor_chart(course, log_scale=True).layout.xaxis
    assert axis.type == "log" and "0.5" in axis.ticktext and "5" in axis.ticktext


def test_body_map_unknown_marker_carries_the_keys_question_mark(course):
    from serm_lessons import vocabulary

    serm = next(
        s
        for s in course.serm_names
        if "unknown" in {c["effect"] for c in figures.effect_cells(course, s).values()}
    )
    fig = figures.body_map(course, serm)
    markers = next(t for t in fig.data if t.name == figures.BODY_MAP_TRACE)
    marks = next(t for t in fig.data if t.name == figures.UNKNOWN_MARKS_TRACE)
    unknown = [t for t, e in zip(figures.TISSUE_ORDER, markers.customdata) if e == "unknown"]
    assert list(marks.customdata) == unknown and set(marks.text) == {"?"}
    for tissue, x, y in zip(marks.customdata, marks.x, marks.y):
        assert (x, y) == vocabulary.TISSUES[tissue].body_xy  # written on its marker
    for effect, symbol in zip(markers.customdata, markers.marker.symbol):
        if effect == "unknown":
            assert symbol == "square"  # filled white, as in the key, not an empty outline
    assert vocabulary.EFFECTS["unknown"].symbol == "?"


def test_static_body_map_menu_updates_the_description_and_both_traces(course):
    fig = figures.body_map_with_menu(course, "tamoxifen")
    for button in fig.layout.updatemenus[0].buttons:
        traces, layout, indices = button.args
        assert list(indices) == [0, 1]
        serm = layout["meta.serm"]
        assert layout["meta.alt"] == figures.alt_text(figures.body_map(course, serm))
        assert list(traces["text"][1]) == figures.unknown_marks(course, serm)["text"]
        assert list(traces["x"][1]) == figures.unknown_marks(course, serm)["x"]


def test_hpg_agent_names_and_sites_come_from_the_data(course):
    import dataclasses

    agents = course.hpg_agents.copy()
    row = agents["agent"] == "anastrozole"
    agents.loc[row, ["short_name", "diagram_site", "diagram_action"]] = [
        "an aromatase blocker",
        "testes",
        "a new action",
    ]
    edited = dataclasses.replace(course, hpg_agents=agents)
    fig = figures.hpg_figure({h: 0.0 for h in figures.HORMONE_LABELS}, ["anastrozole"], edited)
    assert "an aromatase blocker" in fig.layout.title.text
    assert "an aromatase blocker" in figures.alt_text(fig)
    label = next(a for a in fig.layout.annotations if "an aromatase blocker" in a.text)
    assert "a new action" in label.text
    testes = next(s for s in fig.layout.shapes if s.y0 <= 1.4 <= s.y1 and s.x0 < 0.9 < s.x1)
    assert label.x == testes.x0 and label.y == 1.4  # the arrow ends on the testes' box


def test_hpg_diagram_draws_every_site_the_data_may_name():
    from serm_lessons.figures import hpg as hpg_figures

    assert tuple(hpg_figures._HPG_NODES) == vocabulary.HPG_SITES


def test_no_figure_or_table_shows_the_courses_own_markup_as_text(course):
    """Data values are escaped, the course's own markup is not: an escaped line break or bold tag
    is drawn as literal text (lesson 2's measured-changes labels once read "…citrate<br>LH")."""
    from tests.test_hostile_strings import every_figure, every_html, plotly_texts

    escaped = re.compile(r"&lt;\s*/?\s*(br|b|i|span|extra)\b", re.I)
    shown = []
    for what, fig in every_figure(course):
        for path, text in plotly_texts(fig.to_plotly_json()):
            if escaped.search(text):
                shown.append(f"{what} {path}: {text[:100]!r}")
    for what, markup in every_html(course):  # the tables, claim boxes and reference lists too
        shown += [f"{what}: {m.group(0)!r}" for m in escaped.finditer(str(markup))]
    assert not shown, "\n".join(shown)
