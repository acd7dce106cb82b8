"""Load the course's CSV tables, validated, once.

    >>> from serm_lessons import data
    >>> course = data.load()          # every table, checked; cached after the first call
    >>> course.tissue_effects.head()

`load` raises `DataError` (a readable list of problems, each naming file, row and column) when the
data is wrong. `validate` returns the problems instead, for the command line.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from .schema import TABLES, Known, Problem, Table, check_coverage, check_table, split_ids


def default_data_dir() -> Path:
    """The data shipped with the package (a link to the repository's data/ in a source checkout)."""
    return Path(str(resources.files("serm_lessons") / "data"))


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

    def reference(self, ref_id: str) -> pd.Series:
        return self.references.loc[self.references["id"] == ref_id].iloc[0]

    def serm_name(self, serm: str) -> str:
        return self.serm_names[serm]

    def cite(self, sources: str) -> str:
        """Short citations for a `sources` cell, e.g. 'Fisher B 1998; Cummings SR 1999'."""
        return "; ".join(self.short_citations[i] for i in split_ids(sources))


def read_csv_table(path: Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV as text cells. The index is the spreadsheet row number (header = row 1)."""
    file = table.file
    if not path.is_file():
        return None, [Problem(file, None, None, f"file is missing (looked for {path})")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
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
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for record in reader:
            records.append((len(records) + 1, [cell.strip() for cell in record]))
    except csv.Error as err:
        return None, [
            Problem(file, len(records) + 1, None, f"is not valid CSV ({err}); check its quotes")
        ]
    records = [(n, cells) for n, cells in records if any(cells)]  # skip empty lines only
    if not records:
        return None, [Problem(file, None, None, "file is empty (no header row)")]
    (_, header), body = records[0], records[1:]
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
        problems.append(Problem(file, 1, ", ".join(repeated), "column name appears twice"))
    if problems:
        return None, problems
    frame = pd.DataFrame([cells for _, cells in body], columns=header, dtype=str)
    frame.index = pd.Index([n for n, _ in body], name="row")
    return frame, []


def _typed(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in table.numeric:
        out[column] = pd.to_numeric(out[column].replace("", None), errors="raise").astype(float)
    for column in table.integer:
        out[column] = out[column].astype(int)
    return out


def validate(data_dir: Path | str | None = None) -> tuple[CourseData | None, list[Problem]]:
    """Read and check every table in `data_dir`; return (data or None, problems)."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
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
        if table.name == "serms" and "serm" in frame:
            known.serms = set(frame["serm"])
        table_problems = check_table(table, frame, known)
        problems += table_problems
        if not table_problems:
            frames[table.name] = frame
    problems += check_coverage(frames, known)
    if problems:
        return None, problems
    typed = {t.name: _typed(t, frames[t.name]).reset_index(drop=True) for t in TABLES}
    return CourseData(**typed), []


@functools.cache
def _load_cached(data_dir: Path) -> CourseData:
    course, problems = validate(data_dir)
    if problems:
        raise DataError(problems, data_dir)
    assert course is not None
    return course


def load(data_dir: Path | str | None = None) -> CourseData:
    """Every course table, validated; the same object on every call for the same folder."""
    path = Path(data_dir).resolve() if data_dir is not None else default_data_dir().resolve()
    return _load_cached(path)
