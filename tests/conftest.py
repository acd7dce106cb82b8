"""Shared fixtures: a scratch copy of the shipped data that a test may break on purpose."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

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
