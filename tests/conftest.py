"""Shared fixtures: the course data, loaded once per session; a scratch copy of the shipped data
that a test may break on purpose; and the static site, built once per session (it executes every
lesson) for the unit tests and the browser suite alike."""

from __future__ import annotations

import csv
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
def built_site(tmp_path_factory) -> Path:
    """The static site, as `make site` builds it: every lesson executed once, for every test that
    reads or opens its pages (tests/test_site.py, tests/browser/)."""
    from serm_lessons.authoring import site
    from serm_lessons.authoring.links import LESSONS

    out = tmp_path_factory.mktemp("site")
    written = site.build_site(out, log=lambda _line: None)
    expected = [site.page_name(page) for page in LESSONS] + ["index.html"]
    assert sorted(p.name for p in written) == sorted(expected)
    return out
