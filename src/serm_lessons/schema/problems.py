"""What is wrong with the data, as `Problem`s: file, row (the header is row 1, as in a
spreadsheet), column and what is wrong, in words an instructor editing a CSV can act on."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from .cells import BLANK_MESSAGE, SOURCES_MESSAGE, Known, split_ids
from .rows import ROW_RULE_COLUMNS, Table


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, in words an instructor editing a CSV can act on."""

    file: str
    row: int | None = None
    column: str | None = None
    message: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


# Checking a table is a pure function of its cells and of the ids the other tables define, so a
# long-lived process (a kernel in which an instructor edits one CSV and validates again; a test
# run) does not check an unchanged table twice. pandera costs about 30 ms a table.
_CHECKED: OrderedDict[tuple, tuple[Problem, ...]] = OrderedDict()
_CHECKED_SIZE = 256


def _check_key(table: Table, frame: pd.DataFrame, known: Known) -> tuple:
    every_cell = [list(frame.columns), frame.index.tolist(), frame.to_numpy().tolist()]
    cells = hashlib.sha256(json.dumps(every_cell).encode())
    kinds = known.reference_kinds
    return (
        table.name,
        cells.hexdigest(),
        None if known.serms is None else frozenset(known.serms),
        None if known.references is None else frozenset(known.references),
        None if kinds is None else frozenset(kinds.items()),
    )


def check_table(table: Table, frame: pd.DataFrame, known: Known) -> list[Problem]:
    """Check one table (its index holds spreadsheet row numbers); return its problems."""
    key = _check_key(table, frame, known)
    if key in _CHECKED:
        _CHECKED.move_to_end(key)
        return list(_CHECKED[key])
    try:
        table.schema(known).validate(frame, lazy=True)
        problems: list[Problem] = []
    except pa.errors.SchemaErrors as errors:
        problems = _explain(table, frame, errors.failure_cases, known)
    _CHECKED[key] = tuple(problems)
    if len(_CHECKED) > _CHECKED_SIZE:
        _CHECKED.popitem(last=False)
    return problems


def _explain(table: Table, frame: pd.DataFrame, cases: pd.DataFrame, known: Known) -> list[Problem]:
    """Turn pandera's failure cases into one Problem per file/row/column."""
    problems: set[Problem] = set()
    duplicate_rows: set[int] = set()
    row_rules = {check.error for check in table.schema(known).checks}
    for case in cases.to_dict("records"):
        check, column, value, index = (
            case["check"],
            case["column"],
            case["failure_case"],
            case["index"],
        )
        row = None if index is None or pd.isna(index) else int(index)
        if check == "column_in_dataframe":
            problems.add(
                Problem(table.file, 1, str(value), "this column is missing from the header")
            )
        elif check == "column_in_schema":
            expected = ", ".join(table.columns())
            problems.add(
                Problem(table.file, 1, str(value), f"unexpected column (expected: {expected})")
            )
        elif check == "column_ordered":
            problems.add(
                Problem(
                    table.file,
                    1,
                    None,
                    f"columns must be in this order: {', '.join(table.columns())}",
                )
            )
        elif check in row_rules:  # a rule about the whole row: report it once, not per column
            problems.add(Problem(table.file, row, ROW_RULE_COLUMNS.get(str(check)), str(check)))
        elif check == "multiple_fields_uniqueness" and row is not None:
            duplicate_rows.add(row)
        elif check == SOURCES_MESSAGE:
            missing = [i for i in split_ids(str(value)) if i not in (known.references or ())]
            message = (
                f"{SOURCES_MESSAGE}: {', '.join(missing)}"
                if missing
                else "needs at least one reference id"
            )
            problems.add(Problem(table.file, row, column, message))
        elif column is None or pd.isna(column):
            problems.add(Problem(table.file, row, None, str(check)))
        else:
            shown = "" if check == BLANK_MESSAGE else f" (found '{value}')"
            problems.add(Problem(table.file, row, str(column), f"{check}{shown}"))
    problems.update(_explain_duplicates(table, frame, duplicate_rows))
    return sorted(problems, key=lambda p: (p.row or 0, p.column or "", p.message))


def _explain_duplicates(table: Table, frame: pd.DataFrame, rows: set[int]) -> list[Problem]:
    if not rows:
        return []
    key = table.schema(Known()).unique
    first_seen: dict[tuple, int] = {}
    out = []
    for row in sorted(frame.index):
        values = tuple(frame.at[row, k] for k in key)
        if values in first_seen and row in rows:
            described = ", ".join(f"{k}={val}" for k, val in zip(key, values))
            out.append(
                Problem(table.file, row, None, f"duplicates row {first_seen[values]} ({described})")
            )
        first_seen.setdefault(values, row)
    return out
