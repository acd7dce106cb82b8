"""A small class opens the Voilà dashboard at once: every page renders, every picker works.

Part of the browser suite (`make test`). It once failed in about one run in ten on a busy machine:
one or two of the three pages never drew and logged "Error: widget model not found". The cause
was upstream (jupyter-widgets/ipywidgets#4026): while Voilà restores a page's widgets from the
kernel, each widget output polls for its model for 2 s, and if its timer fires late (the page busy
in one long task) it gives up without a last look; once the restore has finished, that output
shows "Error displaying widget: model not found" for good. The long task was plotly.js being
evaluated by the first chart, together with the restore's end. `static/chart.js` now waits until
no widget output is still looking for its model before it loads plotly.js, and draws each chart
the first time in a task of its own (see docs/performance.md).
"""

from __future__ import annotations

import pytest

from tests.browser import classroom

STUDENTS = 3
DASHBOARD_BUDGET_BYTES = 2_500_000  # widget state plus outputs per dashboard page (issue 10)


@pytest.fixture(scope="module")
def class_result(chromium_executable, browser):
    # the course's config, with a pool just large enough for this class (quicker to start)
    with classroom.voila_server(pool_size=min(classroom.POOL_SIZE, STUDENTS)) as server:
        yield classroom.run_class(browser, server, STUDENTS, timeout_s=240)


def test_every_student_sees_the_dashboard_drawn(class_result):
    assert len(class_result.rendered) == STUDENTS, [s.console_errors for s in class_result.students]


def test_every_picker_works(class_result):
    assert all(s.picker_works for s in class_result.students)


def test_no_widget_fails_to_initialise(class_result):
    failures = [e for s in class_result.students for e in s.init_failures]
    assert failures == []


def test_each_page_within_its_weight_budget(class_result):
    heaviest = max(s.websocket_bytes for s in class_result.students)
    assert 0 < heaviest <= DASHBOARD_BUDGET_BYTES, f"{heaviest / 1e6:.2f} MB"


def test_nothing_fetched_from_the_network(class_result):
    assert [r for s in class_result.students for r in s.external_requests] == []


def test_no_widget_output_loses_its_model(class_result):
    lost = [e for s in class_result.students for e in s.console_errors if classroom.MODEL_LOST in e]
    assert lost == []
