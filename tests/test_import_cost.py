"""The widgets module keeps jsonschema from building its optional IRI parsers, and undoes it after."""

from __future__ import annotations

import subprocess
import sys


def run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()


def test_rfc3987_parsers_are_not_built_when_the_widgets_load():
    code = (
        "import sys; from serm_lessons import widgets; "
        "print('rfc3987_syntax' in sys.modules, 'plotly.basewidget' in sys.modules)"
    )
    assert run(code) == ["False", "True"]


def test_rfc3987_syntax_can_still_be_imported_afterwards():
    code = "from serm_lessons import widgets; import rfc3987_syntax; print(rfc3987_syntax.__name__)"
    assert run(code) == ["rfc3987_syntax"]
