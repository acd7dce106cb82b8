"""Every colour the course draws is named in vocabulary.py: no colour literal anywhere else in the
package (figures, tables, lesson boxes, quizzes, the static site and the slides)."""

from __future__ import annotations

import re
from pathlib import Path

import serm_lessons
from serm_lessons import figures, vocabulary

# A hex colour (not an HTML entity such as "&#37;"), an rgb/rgba/hsl/hsla call, or a named CSS
# colour given to a colour property.
COLOUR_LITERAL = re.compile(
    r"(?<![&\w])#(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})\b"
    r"|\b(?:rgba?|hsla?)\("
    r"|(?:colou?r|fillcolor|bgcolor|bordercolor|fgcolor)[\"']?\s*[:=]\s*[\"'][a-z]+[\"']",
    re.IGNORECASE,
)


def colour_literals(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if COLOUR_LITERAL.search(line)]


def test_the_check_finds_each_form_of_colour_literal():
    for line in ('x = "#0072B2"', "fill='#fff'", '"rgba(0,0,0,0)"', '{"color": "black"}'):
        assert colour_literals(line), line
    for line in ('"&#37;"', "colour=v.INK", '"%{y:.2f}"', "# a comment #2"):
        assert not colour_literals(line), line


def test_figures_take_every_colour_from_the_vocabulary():
    package = Path(figures.__file__).parent
    found = [
        f"{path.name}: {line}"
        for path in sorted(package.glob("*.py"))
        for line in colour_literals(path.read_text("utf-8"))
    ]
    assert not found, "colour literals in the figures package:\n" + "\n".join(found)


def test_the_vocabulary_writes_each_colour_once():
    """Each colour is written once, as a named constant; every other use is by name."""
    source = Path(vocabulary.__file__).read_text("utf-8")
    written = re.findall(r"(?<![&\w])#[0-9A-Fa-f]{6}\b|rgba?\([^)]*\)", source)
    assert len(written) >= 20
    repeated = sorted({c for c in written if written.count(c) > 1})
    assert not repeated, f"written more than once in vocabulary.py: {repeated}"


def test_the_rest_of_the_package_takes_every_colour_from_the_vocabulary():
    package = Path(serm_lessons.__file__).parent
    found = [
        f"{path.relative_to(package)}: {line}"
        for path in sorted(package.rglob("*.py"))
        if path.name != "vocabulary.py"
        for line in colour_literals(path.read_text("utf-8"))
    ]
    assert not found, "colour literals outside vocabulary.py:\n" + "\n".join(found)
