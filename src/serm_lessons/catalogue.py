"""The course catalogue: which lessons there are, in order, read from the notebooks themselves.

Each lesson notebook carries a ``serm_lessons`` block in its metadata::

    "serm_lessons": {"slug": "academic", "title": "Lesson 3 — Academic", "minutes": 60,
                     "level": "academic", "summary": "...", "tables": ["serms", ...]}

so the notebook stays the one source of its title, time, reading level, summary and the data
tables its reference list draws on. Links, quizzes, the glossary, the static site, the tests and
the benchmarks all read the lesson list from here. Lessons are ordered by file name
(``01-...``, ``02-...``); a notebook without the block (the classroom dashboard) is not a lesson.

The notebooks ship inside the package (``serm_lessons/notebooks``, a link to the repository's
``notebooks/`` in a source checkout), so the catalogue works from an installed wheel too.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

KEY = "serm_lessons"
LEVELS = ("fundamentals", "intermediate", "academic")  # reading levels, plainest first
FIELDS = ("slug", "title", "minutes", "level", "summary", "tables")


@dataclass(frozen=True)
class Lesson:
    """One lesson of the course, as its notebook's metadata describes it."""

    slug: str
    title: str
    notebook: str  # file name inside notebooks/, e.g. "03-academic.ipynb"
    minutes: int
    level: str
    summary: str
    tables: tuple[str, ...]  # the data tables whose sources the lesson's reference list cites

    @property
    def path(self) -> str:
        """The notebook's path relative to the repository root."""
        return f"notebooks/{self.notebook}"


def notebooks_dir() -> Path:
    """The lesson notebooks shipped with the package (the repository's notebooks/ in a checkout)."""
    return Path(str(resources.files("serm_lessons") / "notebooks"))


def read_lesson(path: Path) -> Lesson | None:
    """The lesson a notebook describes in its metadata, or None if it has no `serm_lessons` block.

    Raises ValueError naming the notebook and the field when the block is incomplete."""
    meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    block = meta.get(KEY)
    if block is None:
        return None
    missing = [f for f in FIELDS if f not in block]
    if missing:
        raise ValueError(f"{path.name}: metadata.{KEY} lacks {', '.join(missing)}")
    if block["level"] not in LEVELS:
        raise ValueError(f"{path.name}: metadata.{KEY}.level must be one of {LEVELS}")
    if not isinstance(block["minutes"], int) or block["minutes"] <= 0:
        raise ValueError(f"{path.name}: metadata.{KEY}.minutes must be a positive whole number")
    return Lesson(
        slug=block["slug"],
        title=block["title"],
        notebook=path.name,
        minutes=block["minutes"],
        level=block["level"],
        summary=block["summary"],
        tables=tuple(block["tables"]),
    )


@functools.cache
def _lessons(folder: Path) -> tuple[Lesson, ...]:
    found = [read_lesson(p) for p in sorted(folder.glob("*.ipynb"))]
    lessons = tuple(lesson for lesson in found if lesson is not None)
    slugs = [lesson.slug for lesson in lessons]
    if len(set(slugs)) != len(slugs):
        raise ValueError(f"{folder}: two lesson notebooks share a slug: {slugs}")
    return lessons


def lessons(folder: Path | None = None) -> tuple[Lesson, ...]:
    """Every lesson, in file-name order."""
    return _lessons((folder or notebooks_dir()).resolve())


def slugs() -> tuple[str, ...]:
    """The lessons' slugs in order, e.g. ('fundamentals', 'intermediate', 'academic', 'beyond')."""
    return tuple(lesson.slug for lesson in lessons())


def lesson(slug: str) -> Lesson:
    """One lesson by slug; ValueError listing the slugs otherwise."""
    for entry in lessons():
        if entry.slug == slug:
            return entry
    raise ValueError(f"unknown lesson {slug!r}; choose one of {', '.join(slugs())}")
