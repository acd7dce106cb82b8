"""Malformed CSVs of every shape get a clear problem report, never a traceback.

A seeded generator (the same cases on every run, so a failure can be replayed) breaks one shipped
table at a time in one of the ways a spreadsheet, an editor or a download breaks files: truncated
lines, other delimiters and encodings, byte-order marks, huge cells, duplicate headers, empty and
binary files, invisible characters, bad values. Every case must come back as problems that name
the broken file (with its row and column where there is one), and nothing may raise.

Most cases go through `data.check_file` (one table; fast), a sample through the whole `validate`,
and a handful through the real command line, which must exit 1 with no traceback.
"""

from __future__ import annotations

import csv
import gzip
import io
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from serm_lessons import data
from serm_lessons.authoring.cli import format_problems
from serm_lessons.schema import BLANK_MESSAGE, SCRIPT_URL_MESSAGE, TABLES, Known, Table

SEED = 20261201
IN_PROCESS_CASES = 1200
WHOLE_VALIDATE_CASES = 40
CLI_CASES = 6
TIME_LIMIT_S = 60

INVISIBLE = ["\u202e", "\u202d", "\u2066", "\u200b", "\u200d", "\u2060", "\ufeff", "\x07", "\x1b"]


def _rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def _write(rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _cell(rng: random.Random, rows: list[list[str]]) -> tuple[int, int]:
    return rng.randrange(1, len(rows)), rng.randrange(len(rows[0]))


# Each mutation returns bytes that are wrong for the table, whatever the random choices.


def truncated_line(rng, raw, table):
    """The file ends part-way through a record, just after one of its commas."""
    lines = raw.decode("utf-8").splitlines(keepends=True)
    n = rng.randrange(1, len(lines))
    commas = [i for i, c in enumerate(lines[n]) if c == ","][: len(table.columns()) - 1]
    cut = rng.choice(commas[:-1] or commas)
    return "".join(lines[:n]).encode() + lines[n][: cut + 1].encode()


def truncated_character(rng, raw, table):
    """The file ends in the middle of a multi-byte UTF-8 character."""
    starts = [i for i, b in enumerate(raw) if b >= 0xC0]
    if not starts:
        return truncated_line(rng, raw, table)
    return raw[: rng.choice(starts) + 1]


def other_delimiter(rng, raw, table):
    return _write(_rows(raw), delimiter=rng.choice([";", "\t", "|"]))


def latin1(rng, raw, table):
    rows = _rows(raw)
    r, c = _cell(rng, rows)
    rows[r][c] += " café"
    return _write(rows).decode("utf-8").encode("latin-1", errors="replace")


def utf16(rng, raw, table):
    return raw.decode("utf-8").encode(rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32"]))


def stray_bom(rng, raw, table):
    """A second byte-order mark (files saved twice), or one inside a cell."""
    if rng.random() < 0.5:
        return b"\xef\xbb\xbf" * rng.randint(2, 3) + raw
    rows = _rows(raw)
    r, c = _cell(rng, rows)
    rows[r][c] = "\ufeff" + rows[r][c]
    return _write(rows)


def huge_field(rng, raw, table):
    rows = _rows(raw)
    r, c = _cell(rng, rows)
    rows[r][c] = "x" * rng.randint(data.MAX_CELL_CHARS + 1, 3 * data.MAX_CELL_CHARS)
    return _write(rows)


def duplicate_header(rng, raw, table):
    rows = _rows(raw)
    i, j = rng.sample(range(len(rows[0])), 2)
    rows[0][j] = rows[0][i]
    return _write(rows)


def empty(rng, raw, table):
    return rng.choice([b"", b"\n", b"\r\n\r\n", b"   \n\t\n", b"\xef\xbb\xbf", b",,,\n,,\n"])


def binary(rng, raw, table):
    kind = rng.randrange(4)
    if kind == 0:  # random bytes with at least one that UTF-8 never uses
        body = bytearray(rng.randbytes(rng.randint(1, 4000)))
        body.insert(rng.randrange(len(body) + 1), 0xFF)
        return bytes(body)
    if kind == 1:
        return gzip.compress(raw)
    if kind == 2:  # an image saved under the table's name
        return b"\x89PNG\r\n\x1a\n" + rng.randbytes(200)
    return raw[:200] + b"\x00" * rng.randint(1, 50) + raw[200:]


def unbalanced_quote(rng, raw, table):
    rows = _rows(raw)
    r, c = _cell(rng, rows)
    text = _write(rows).decode("utf-8").splitlines(keepends=True)
    line = _write([rows[r]]).decode("utf-8")
    where = text.index(line) if line in text else r
    text[where] = '"' + text[where]
    return "".join(text).encode("utf-8")


def dropped_header_column(rng, raw, table):
    rows = _rows(raw)
    del rows[0][rng.randrange(len(rows[0]))]
    return _write(rows)


def extra_cell(rng, raw, table):
    rows = _rows(raw)
    rows[rng.randrange(1, len(rows))].append(rng.choice(["x", "", "1"]))
    return _write(rows)


def invisible_character(rng, raw, table):
    rows = _rows(raw)
    r, c = _cell(rng, rows)
    cell = rows[r][c] or "x"
    at = rng.randrange(len(cell) + 1)
    rows[r][c] = cell[:at] + rng.choice(INVISIBLE) + cell[at:]
    return _write(rows)


def garbage_header(rng, raw, table):
    rows = _rows(raw)
    rows[0] = ["".join(rng.choices("abc XYZ_-é0", k=rng.randint(1, 12))) for _ in rows[0]]
    return _write(rows)


def _checks(column, required: bool) -> bool:
    """Whether the column is required (required=True) or has checks beyond that (False)."""
    errors = [check.error for check in column.checks]
    # every cell of every table also refuses script addresses: that alone is not a constraint
    return (
        BLANK_MESSAGE in errors
        if required
        else bool(set(errors) - {BLANK_MESSAGE, SCRIPT_URL_MESSAGE})
    )


def blank_required(rng, raw, table):
    schema = table.schema(Known()).columns
    needed = [i for i, name in enumerate(table.columns()) if _checks(schema[name], required=True)]
    rows = _rows(raw)
    rows[rng.randrange(1, len(rows))][rng.choice(needed)] = ""
    return _write(rows)


BAD_VALUES = ["<script>", "-1", "NaN", "inf", "1e999", "0x10", "ten", "'; DROP", "\u00a0"]


def bad_constrained_value(rng, raw, table):
    """A value no constrained column accepts (ids, allowed words, numbers, years)."""
    schema = table.schema(Known()).columns
    constrained = [
        i for i, name in enumerate(table.columns()) if _checks(schema[name], required=False)
    ]
    rows = _rows(raw)
    rows[rng.randrange(1, len(rows))][rng.choice(constrained)] = rng.choice(BAD_VALUES) + "!"
    return _write(rows)


MUTATIONS: list[Callable] = [
    truncated_line,
    truncated_character,
    other_delimiter,
    latin1,
    utf16,
    stray_bom,
    huge_field,
    duplicate_header,
    empty,
    binary,
    unbalanced_quote,
    dropped_header_column,
    extra_cell,
    invisible_character,
    garbage_header,
    blank_required,
    bad_constrained_value,
]


def cases(count: int, seed: int):
    rng = random.Random(seed)
    originals = {t.name: (data.default_data_dir() / t.file).read_bytes() for t in TABLES}
    for number in range(count):
        table = rng.choice(TABLES)
        mutation = MUTATIONS[number % len(MUTATIONS)]
        yield number, table, mutation, mutation(rng, originals[table.name], table)


@pytest.fixture(scope="module")
def good_dir(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("fuzz") / "data"
    target.mkdir()
    for csv_file in data.default_data_dir().glob("*.csv"):
        shutil.copy(csv_file, target / csv_file.name)
    return target


@pytest.fixture(scope="module")
def known(course) -> Known:
    refs = course.references
    return Known(
        serms=set(course.serms["serm"]),
        references=set(refs["id"]),
        reference_kinds=dict(zip(refs["id"], refs["kind"])),
    )


def assert_reported(problems, table: Table, what: str) -> None:
    assert problems, f"{what}: the broken file was not reported"
    assert all(p.file == table.file for p in problems), f"{what}: {problems[:3]}"
    for p in problems:
        assert p.row is None or p.row >= 1, f"{what}: {p}"
        assert str(p).startswith(table.file), f"{what}: {p}"
    lines = format_problems(problems)
    if lines and lines[-1].startswith("... and "):  # the summary line of a long report
        lines = lines[:-1]
    for line in lines:
        assert line.startswith(table.file), f"{what}: {line}"


def test_a_thousand_malformed_tables_each_get_a_clear_report(good_dir, known, capsys):
    start = time.perf_counter()
    ran = {m.__name__: 0 for m in MUTATIONS}
    for number, table, mutation, content in cases(IN_PROCESS_CASES, SEED):
        path = good_dir / table.file
        path.write_bytes(content)
        try:
            _, problems = data.check_file(path, table, known)
        finally:
            shutil.copy(data.default_data_dir() / table.file, path)
        assert_reported(problems, table, f"case {number} ({mutation.__name__}, {table.file})")
        ran[mutation.__name__] += 1
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(f"\nfuzz: {sum(ran.values())} malformed tables in {elapsed:.1f} s: {ran}")
    assert sum(ran.values()) >= 1000
    assert elapsed < TIME_LIMIT_S


def test_whole_folder_validation_reports_the_broken_file(good_dir):
    for number, table, mutation, content in cases(WHOLE_VALIDATE_CASES, SEED + 1):
        path = good_dir / table.file
        path.write_bytes(content)
        try:
            course, problems = data.validate(good_dir)
        finally:
            shutil.copy(data.default_data_dir() / table.file, path)
        what = f"case {number} ({mutation.__name__}, {table.file})"
        assert course is None, what
        assert any(p.file == table.file for p in problems), f"{what}: {problems[:3]}"


def test_the_command_line_exits_1_with_no_traceback(good_dir):
    for number, table, mutation, content in cases(CLI_CASES, SEED + 2):
        path = good_dir / table.file
        path.write_bytes(content)
        try:
            result = subprocess.run(
                [sys.executable, "-m", "serm_lessons", "validate", str(good_dir)],
                capture_output=True,
                text=True,
                timeout=120,
            )
        finally:
            shutil.copy(data.default_data_dir() / table.file, path)
        what = f"case {number} ({mutation.__name__}, {table.file})"
        assert result.returncode == 1, f"{what}: {result.stderr[-500:]}"
        assert "Traceback" not in result.stderr + result.stdout, what
        assert f"- {table.file}" in result.stderr, f"{what}: {result.stderr[-500:]}"


def test_the_generator_is_repeatable():
    first = [(t.name, m.__name__, c) for _, t, m, c in cases(50, SEED)]
    assert first == [(t.name, m.__name__, c) for _, t, m, c in cases(50, SEED)]
