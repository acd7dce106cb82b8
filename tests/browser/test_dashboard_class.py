"""A small class opens the Voilà dashboard at once: every page renders, every picker works.

Ten students is `make bench`'s job (it prints the times); here three, bounded in time, so every
`make test` proves the failure the issue saw ("Failed to initialize model", dead pickers) is gone.
"""

from __future__ import annotations

import pytest

from tests.browser import classroom

STUDENTS = 3
DASHBOARD_BUDGET_BYTES = 2_500_000  # widget state plus outputs per dashboard page (issue 10)


@pytest.fixture(scope="module")
def class_result(chromium_executable, browser):
    with classroom.voila_server() as server:
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
