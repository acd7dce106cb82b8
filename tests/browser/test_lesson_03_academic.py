"""Lesson 3 in a real browser: the shared checks (linked views, static charts, quizzes)."""

from __future__ import annotations

from tests.browser.checks import LessonChecks


class TestAcademic(LessonChecks):
    notebook = "03-academic.ipynb"
