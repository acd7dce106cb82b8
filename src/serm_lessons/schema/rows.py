"""Rules about a whole row (pandera wide checks: a boolean per row), and `Table`: a CSV file
with its schema and the columns that hold numbers.

`ROW_RULE_COLUMNS` remembers which column a reader should look at first when a row rule fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from .cells import Known, as_float

# --- row rules ---------------------------------------------------------------------------------

# A row rule's message -> the column a reader should look at first (reported with the row).
ROW_RULE_COLUMNS: dict[str, str] = {}


def row_rule(
    test: Callable[[pd.DataFrame], pd.Series], message: str, column: str | None = None
) -> pa.Check:
    if column:
        ROW_RULE_COLUMNS[message] = column
    return pa.Check(test, error=message)


def rowwise(frame: pd.DataFrame, test: Callable[[dict[str, str]], bool]) -> pd.Series:
    return pd.Series([bool(test(r)) for r in frame.to_dict("records")], index=frame.index)


def numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].map(as_float)


def both_or_neither(value: str, unit: str, what: str) -> pa.Check:
    return row_rule(
        lambda f: (f[value] == "") == (f[unit] == ""),
        f"{value} and {unit} must both be given or both be blank ({what})",
    )


# --- tables ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A CSV table: its file, how to build its schema, and which columns hold numbers."""

    name: str
    schema: Callable[[Known], pa.DataFrameSchema]
    numeric: tuple[str, ...] = ()
    integer: tuple[str, ...] = ()

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def columns(self) -> list[str]:
        return list(self.schema(Known()).columns)


def strict_schema(columns: dict[str, pa.Column], **options) -> pa.DataFrameSchema:
    """Exactly these columns, in this order."""
    return pa.DataFrameSchema(columns, strict=True, ordered=True, **options)
