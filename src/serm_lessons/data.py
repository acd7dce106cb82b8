"""Load the course's CSV tables, validated, once.

    >>> from serm_lessons import data
    >>> course = data.load()          # every table, checked; cached after the first call
    >>> course.tissue_effects.head()

`load` raises `DataError` (a readable list of problems, each naming file, row and column) when the
data is wrong. `validate` returns the problems instead, for the command line. Tables that passed
are kept in the learner's cache (`table_cache`): the next kernel skips validation, and pandera's
import, until a data file or the package changes. So the schema is imported only to validate.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from . import table_cache
from .citations import split_ids

if TYPE_CHECKING:
    from .schema import Known, Problem, Table

DATA_ENV = "SERM_LESSONS_DATA"


def default_data_dir() -> Path:
    """The folder the lessons load: $SERM_LESSONS_DATA if set (an instructor's own copy of the
    CSVs), else the data shipped with the package (a link to data/ in a source checkout)."""
    chosen = os.environ.get(DATA_ENV, "").strip()
    return Path(chosen) if chosen else Path(str(resources.files("serm_lessons") / "data"))


class DataError(ValueError):
    """The course data has problems; `problems` lists them, `str()` explains them."""

    def __init__(self, problems: list[Problem], data_dir: Path):
        self.problems = problems
        self.data_dir = data_dir
        lines = [f"{len(problems)} problem(s) in the course data at {data_dir}:"]
        lines += [f"  - {p}" for p in problems]
        lines.append("Fix them, then check again with: python -m serm_lessons validate")
        super().__init__("\n".join(lines))


@dataclass(frozen=True, eq=False)
class CourseData:
    """Every table of the course, validated, with numbers as numbers."""

    references: pd.DataFrame
    serms: pd.DataFrame
    tissue_effects: pd.DataFrame
    receptor_distribution: pd.DataFrame
    systemic_effects: pd.DataFrame
    hpg_agents: pd.DataFrame
    claims: pd.DataFrame
    trial_outcomes: pd.DataFrame
    binding_affinity: pd.DataFrame
    hormone_measurements: pd.DataFrame
    safety: pd.DataFrame
    tamoxifen_metabolism: pd.DataFrame
    tamoxifen_concentrations: pd.DataFrame
    endocrine_agents: pd.DataFrame
    esr1_mutations: pd.DataFrame
    esr1_prevalence: pd.DataFrame
    structures: pd.DataFrame
    structure_atoms: pd.DataFrame
    mechanism_steps: pd.DataFrame

    # Look-up tables built once per load: widgets read them on every change, so no pandas
    # filtering happens inside a widget callback.
    @functools.cached_property
    def short_citations(self) -> dict[str, str]:
        """Reference id -> 'First-author Year', e.g. 'Fisher B 1998'."""
        return {
            r.id: f"{str(r.authors).split(',')[0].strip()} {r.year}"
            for r in self.references.itertuples()
        }

    @functools.cached_property
    def effects_by_pair(self) -> dict[tuple[str, str], list[dict]]:
        """(serm, tissue) -> its tissue_effects rows (one, or one per population)."""
        pairs: dict[tuple[str, str], list[dict]] = {}
        for row in self.tissue_effects.to_dict("records"):
            pairs.setdefault((row["serm"], row["tissue"]), []).append(row)
        return pairs

    @functools.cached_property
    def serm_names(self) -> dict[str, str]:
        return dict(zip(self.serms["serm"], self.serms["name"]))

    def combined_effect(self, serm: str, tissue: str) -> tuple[str, str]:
        """A drug's one effect in a tissue across its population rows, and the populations it is
        known for when only some are: rows that agree give their effect; known effects that
        disagree give 'mixed' (tamoxifen on bone); one known effect beside 'unknown' rows is
        shown with its populations named, e.g. ('antagonist', 'men')."""
        rows = self.effects_by_pair[(serm, tissue)]
        effects = {r["effect"] for r in rows}
        known = effects - {"unknown"}
        if len(effects) == 1 or len(known) != 1:
            return (effects.pop() if len(effects) == 1 else "mixed"), ""
        effect = known.pop()
        return effect, ", ".join(r["population"] for r in rows if r["effect"] == effect)

    @functools.cached_property
    def _reference_rows(self) -> dict[str, int]:
        return {ref_id: i for i, ref_id in enumerate(self.references["id"])}

    def reference(self, ref_id: str) -> pd.Series:
        return self.references.iloc[self._reference_rows[ref_id]]

    def serm_name(self, serm: str) -> str:
        return self.serm_names[serm]

    def cite(self, sources: str) -> str:
        """Short citations for a `sources` cell, e.g. 'Fisher B 1998; Cummings SR 1999'."""
        return "; ".join(self.short_citations[i] for i in split_ids(sources))


# Far above any real table (the largest is about 0.2 MB); a bigger file is not a course table.
MAX_FILE_BYTES = 10_000_000
# Longest cell the csv module reads; a longer one is nearly always an unclosed quote.
MAX_CELL_CHARS = csv.field_size_limit()
OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "'|' characters"}


_LINE_CHARS = str.maketrans("", "", "\t\n\r")


def _invisible(text: str) -> str | None:
    """The first control or invisible formatting character in a cell (a right-to-left override,
    a zero-width space, a NUL byte ...), named, or None. Such characters can make text display
    differently from what it holds, so no cell may carry them; tabs and line breaks are allowed."""
    for char in text:
        if char not in "\t\n\r" and unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs"):
            name = unicodedata.name(char, "a control character")
            return f"U+{ord(char):04X} {name}"
    return None


def _read_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    from .schema import Problem

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(file, None, None, f"is {size / 1e6:.0f} MB, too large for a course table")
            ]
        raw = path.read_bytes()
    except OSError as err:
        return None, [Problem(file, None, None, f"cannot be read ({err.strerror or err})")]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Problem(
                file,
                None,
                None,
                "is saved as UTF-16 text; save the file as 'CSV UTF-8' and try again",
            )
        ]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        row = raw[: err.start].count(b"\n") + 1
        byte = raw[err.start : err.start + 1].hex()
        return None, [
            Problem(
                file,
                row,
                None,
                f"is not UTF-8 text (byte 0x{byte} cannot be read); "
                "save the file as 'CSV UTF-8' and try again",
            )
        ]


def _csv_records(text: str, file: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """Every record with its spreadsheet row number (a quoted cell may span lines)."""
    from .schema import Problem

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for record in reader:
            records.append((len(records) + 1, [cell.strip() for cell in record]))
    except csv.Error as err:
        row = len(records) + 1
        reason = str(err)
        if "field larger than field limit" in reason:
            reason = f"a cell is longer than {MAX_CELL_CHARS} characters (an unclosed quote?)"
        elif "unexpected end of data" in reason:
            reason = "the file ends inside a quoted cell (a missing closing quote?)"
        elif "line contains NUL" in reason:
            reason = "it holds a NUL byte, so it is binary data or a damaged file"
        return [], [Problem(file, row, None, f"is not valid CSV ({reason}); check its quotes")]
    return records, []


def read_csv_table(path: Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV as text cells. The index is the spreadsheet row number (header = row 1)."""
    from .schema import Problem

    file = table.file
    if not path.is_file():
        return None, [Problem(file, None, None, f"file is missing (looked for {path})")]
    text, problems = _read_text(path, file)
    if text is None:
        return None, problems
    records, problems = _csv_records(text, file)
    if problems:
        return None, problems
    records = [(n, cells) for n, cells in records if any(cells)]  # skip empty lines only
    if not records:
        return None, [Problem(file, None, None, "file is empty (no header row)")]
    (_, header), body = records[0], records[1:]
    if len(header) == 1 and len(table.columns()) > 1:
        used = [name for mark, name in OTHER_DELIMITERS.items() if mark in header[0]]
        between = f"uses {used[0]} between columns" if used else "has only one column"
        return None, [
            Problem(
                file,
                1,
                None,
                f"{between}, but a course table separates its columns with commas; "
                "save it as 'CSV UTF-8 (comma delimited)'",
            )
        ]
    problems = [
        Problem(
            file,
            n,
            None,
            f"has {len(cells)} cells but the header has {len(header)} "
            "(a missing or extra comma, or a cell with a comma that needs double quotes?)",
        )
        for n, cells in body
        if len(cells) != len(header)
    ]
    if len(set(header)) != len(header):
        repeated = sorted({h for h in header if header.count(h) > 1})
        problems.append(
            Problem(file, 1, ", ".join(repeated) or "(blank)", "column name appears twice")
        )
    header_row = (records[0][0], [None] * len(header), header)
    # isprintable() is False for every control, format and private character (and a few more, such
    # as a no-break space), so a file that passes it needs no cell-by-cell search.
    printable = text.translate(_LINE_CHARS).isprintable()
    for n, columns, cells in (
        [] if printable else [header_row, *((n, header, cells) for n, cells in body)]
    ):
        for column, cell in zip(columns, cells):
            found = _invisible(cell)
            if found:
                problems.append(
                    Problem(
                        file,
                        n,
                        column,
                        f"contains an invisible character ({found}), which can make text show "
                        "in a different order or hide what it holds; delete it",
                    )
                )
                break  # one per row is enough to find them
    if problems:
        return None, problems
    frame = pd.DataFrame([cells for _, cells in body], columns=header, dtype=str)
    frame.index = pd.Index([n for n, _ in body], name="row")
    return frame, []


def check_file(path: Path, table: Table, known: Known) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and check one table against the ids in `known`; the frame only if it has no problem."""
    from .schema import check_table

    frame, problems = read_csv_table(path, table)
    if frame is None:
        return None, problems
    problems = check_table(table, frame, known)
    return (None if problems else frame), problems


def _record(table: Table, frame: pd.DataFrame) -> table_cache.Record:
    """A checked table as plain data (text cells), as the cache stores it."""
    return {
        "file": table.file,
        "columns": list(frame.columns),
        "rows": frame.to_numpy().tolist(),
        "numeric": list(table.numeric),
        "integer": list(table.integer),
    }


def _course(records: dict[str, table_cache.Record]) -> CourseData:
    """The typed tables, built the same way from a fresh validation and from the cache."""
    tables = {}
    for name, record in records.items():
        frame = pd.DataFrame(record["rows"], columns=record["columns"], dtype=str)
        for column in record["numeric"]:
            frame[column] = pd.to_numeric(frame[column].replace("", None), errors="raise")
            frame[column] = frame[column].astype(float)
        for column in record["integer"]:
            frame[column] = frame[column].astype(int)
        tables[name] = frame
    return CourseData(**tables)


def _check(data_dir: Path) -> tuple[dict[str, table_cache.Record] | None, list[Problem]]:
    """Read and check every table; the checked tables as records, or None and the problems."""
    from .schema import TABLES, Known, check_coverage, check_table

    known = Known()
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for table in TABLES:
        frame, read_problems = read_csv_table(data_dir / table.file, table)
        problems += read_problems
        if frame is None:
            continue
        if table.name == "references" and "id" in frame:
            known.references = set(frame["id"])
            if "kind" in frame:
                known.reference_kinds = dict(zip(frame["id"], frame["kind"]))
        if table.name == "serms" and "serm" in frame:
            known.serms = set(frame["serm"])
        table_problems = check_table(table, frame, known)
        problems += table_problems
        if not table_problems:
            frames[table.name] = frame
    problems += check_coverage(frames, known)
    if problems:
        return None, problems
    return {t.name: _record(t, frames[t.name]) for t in TABLES}, []


def validate(data_dir: Path | str | None = None) -> tuple[CourseData | None, list[Problem]]:
    """Read and check every table in `data_dir`; return (data or None, problems)."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    records, problems = _check(data_dir)
    return (_course(records) if records is not None else None), problems


@functools.cache
def _load_cached(data_dir: Path) -> CourseData:
    records = table_cache.read(data_dir)
    if records is None:  # first load, or something validation depends on has changed
        records, problems = _check(data_dir)
        if records is None:
            raise DataError(problems, data_dir)
        table_cache.write(data_dir, [r["file"] for r in records.values()], records)
    return _course(records)


def load(data_dir: Path | str | None = None) -> CourseData:
    """Every course table, validated; the same object on every call for the same folder."""
    path = Path(data_dir).resolve() if data_dir is not None else default_data_dir().resolve()
    return _load_cached(path)
