"""Lesson 4 in a real browser: the shared checks (static charts, quizzes) and the ESR1-mutation 3D
view, which must draw in WebGL and name the mutated residues."""

from __future__ import annotations

from tests.browser.checks import PANEL, LessonChecks

SCENE_INDEX_JS = f"""() => [...document.querySelectorAll('{PANEL} .js-plotly-plot')]
    .findIndex(gd => !!(gd.layout && gd.layout.scene))"""


class TestBeyond(LessonChecks):
    notebook = "04-beyond-serms.ipynb"

    def test_mutation_view_draws_in_3d_and_marks_the_residues(self, lesson, course):
        index = lesson.page.evaluate(SCENE_INDEX_JS)
        assert index >= 0, "no 3D chart (ESR1 mutation view) in the lesson"
        plot = lesson.page.locator(f"{PANEL} .js-plotly-plot").nth(index)
        plot.scroll_into_view_if_needed()
        assert plot.locator("canvas").count() > 0, "no WebGL canvas: the 3D scene did not draw"
        labels = plot.evaluate(
            "gd => gd.data.filter(t => t.legendgroup === 'mutations').map(t => t.text[0].split(' · ')[0])"
        )
        residues = sorted(
            {
                f"{m[0]}{r}"
                for m, r in zip(course.esr1_mutations["mutation"], course.esr1_mutations["residue"])
            }
        )
        assert sorted(set(labels)) == residues
