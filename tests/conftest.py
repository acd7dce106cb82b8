"""Shared fixtures: the course data, loaded once per session; a scratch copy of the shipped data
that a test may break on purpose; and the static site, built once per session (it executes every
lesson) for the unit tests and the browser suite alike."""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from serm_lessons import data
from serm_lessons.data import default_data_dir

REPO = Path(__file__).resolve().parents[1]

Rows = list[dict[str, str]]


class DataCopy:
    """A writable copy of the course CSVs with small helpers to edit one table."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, table: str) -> Path:
        return self.root / f"{table}.csv"

    def read(self, table: str) -> tuple[list[str], Rows]:
        with open(self.path(table), encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            return list(reader.fieldnames or []), list(reader)

    def write(self, table: str, header: list[str], rows: Rows) -> None:
        with open(self.path(table), "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    def edit(self, table: str, change: Callable[[list[str], Rows], None]) -> None:
        header, rows = self.read(table)
        change(header, rows)
        self.write(table, header, rows)


@pytest.fixture
def data_copy(tmp_path: Path) -> DataCopy:
    target = tmp_path / "data"
    target.mkdir()
    for csv_file in default_data_dir().glob("*.csv"):
        shutil.copy(csv_file, target / csv_file.name)
    return DataCopy(target)


@pytest.fixture(scope="session")
def course() -> data.CourseData:
    """The shipped course data, validated once (`data.load` caches it: every test sees one object)."""
    return data.load()


@pytest.fixture(scope="session")
def built_lessons(tmp_path_factory) -> Path:
    """The static site (`make site`) and the slide decks (`make slides`), built once for the whole
    run, as on a fresh clone: from a copy of the lessons with every output stripped, so nothing
    relies on a saved run. Each lesson is executed once for both (execute.execute_lesson).

    `make test` runs on two workers (pytest-xdist): the first to need this builds it in the
    run's shared folder while holding a lock; the other waits and reuses it."""
    import fcntl

    import nbformat

    from serm_lessons.authoring import site, slides
    from serm_lessons.authoring.links import LESSONS

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, one level above each worker's own
    root, done = shared / "built-lessons", shared / "built-lessons.done"
    with open(shared / "built-lessons.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(root, ignore_errors=True)  # what a failed attempt left
            fresh = root / "fresh-clone"
            fresh.mkdir(parents=True)
            for page in LESSONS:
                name = Path(page.path).name
                nb = nbformat.read(REPO / "notebooks" / name, as_version=4)
                for cell in nb.cells:
                    if cell.cell_type == "code":
                        cell.outputs, cell.execution_count = [], None
                nbformat.write(nb, fresh / name)
            shutil.copy(REPO / "notebooks" / slides.RISE_CSS, fresh / slides.RISE_CSS)
            written = site.build_site(root / "site", notebooks=fresh, log=lambda _line: None)
            expected = [site.page_name(page) for page in LESSONS] + ["index.html"]
            assert sorted(p.name for p in written) == sorted(expected)
            slides.build_slides(root / "slides", notebooks=fresh, log=lambda _line: None)
            done.write_text("built\n", encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def built_site(built_lessons) -> Path:
    """The static site, as `make site` builds it, for every test that reads or opens its pages
    (tests/test_site.py, tests/browser/)."""
    return built_lessons / "site"


@pytest.fixture(scope="session")
def built_decks(built_lessons) -> Path:
    """The slide decks, as `make slides` writes them (tests/browser/test_slides.py)."""
    return built_lessons / "slides"
