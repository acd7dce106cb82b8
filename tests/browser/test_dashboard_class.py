"""A small class opens the Voilà dashboard at once: every page renders, every picker works.

Run by `make bench` (SERM_CLASS_TEST=1), beside its ten-student timing run, not by `make test`:
in about one run in four, one or two of three pages that open at once never draw and log
"Error: widget model not found" while Voilà restores the widgets from the kernel (an open bug,
issue 10). Until that is fixed this check would make `make test` fail at random.
"""

from __future__ import annotations

import os

import pytest

from tests.browser import classroom

pytestmark = pytest.mark.skipif(
    os.environ.get("SERM_CLASS_TEST") != "1",
    reason="the class test runs in make bench (SERM_CLASS_TEST=1): see the module docstring",
)

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
