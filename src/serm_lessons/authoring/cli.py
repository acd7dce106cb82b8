"""The course's one command line, `python -m serm_lessons` (or `serm-lessons`):

    python -m serm_lessons validate [DATA_DIR]      check the CSVs (default: the shipped data)
    python -m serm_lessons links --repo OWNER/NAME  Binder and JupyterHub links (links.py)
    python -m serm_lessons site [OUTDIR]            the static, offline site (site.py)
    python -m serm_lessons slides [OUTDIR]          every lesson as executed, offline slides (slides.py)

`validate` is the instructors' safety net when they edit the CSVs to add a drug or a tissue. It
prints a one-screen summary when the data is sound, or every problem (file, row, column, what is
wrong) and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..data import CourseData, default_data_dir, validate
from ..schema import TABLES, Problem
from . import links

MAX_LINES = 40  # one screen


def _ranges(rows: list[int]) -> str:
    """[2, 3, 4, 9] -> '2-4, 9'"""
    spans: list[list[int]] = []
    for row in sorted(rows):
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def format_problems(problems: list[Problem]) -> list[str]:
    """One line per distinct message; the same message on many rows becomes one line."""
    grouped: dict[tuple, list[int]] = {}
    for p in problems:
        grouped.setdefault((p.file, p.column, p.message), []).append(p.row)
    lines = []
    for (file, column, message), rows in grouped.items():
        numbered = [r for r in rows if r is not None]
        where = [file]
        if numbered:
            where.append(("row " if len(numbered) == 1 else "rows ") + _ranges(numbered))
        if column:
            where.append(f"column '{column}'")
        lines.append(f"{', '.join(where)}: {message}")
    if len(lines) > MAX_LINES:
        hidden = len(lines) - MAX_LINES + 1
        lines = lines[: MAX_LINES - 1] + [f"... and {hidden} more (fix these first, then re-run)"]
    return lines


def _summary(course: CourseData, data_dir: Path) -> str:
    effects = course.tissue_effects
    lines = [f"Course data OK: {data_dir}", ""]
    for table in TABLES:
        frame = getattr(course, table.name)
        lines.append(f"  {table.file:<28} {len(frame):>4} rows")
    serms = ", ".join(course.serms["serm"])
    lines += [
        "",
        f"  {len(course.serms)} drugs: {serms}",
        f"  {effects['tissue'].nunique()} tissues x {effects['serm'].nunique()} drugs in "
        f"tissue_effects ({(effects['effect'] == 'unknown').sum()} cells honestly 'unknown')",
        f"  every row cites one of {len(course.references)} references",
    ]
    return "\n".join(lines)


def _validate(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    if not data_dir.is_dir():
        print(f"error: {data_dir} is not a folder", file=sys.stderr)
        return 2
    data_dir = data_dir.resolve()
    try:
        course, problems = validate(data_dir)
    except Exception as error:  # a case the checks do not foresee: still a message, not a trace
        print(
            f"error: the data in {data_dir} could not be checked ({type(error).__name__}: "
            f"{error}); please report this with the file that caused it",
            file=sys.stderr,
        )
        return 1
    if problems:
        print(f"{len(problems)} problem(s) in {data_dir}:", file=sys.stderr)
        for line in format_problems(problems):
            print(f"  - {line}", file=sys.stderr)
        return 1
    assert course is not None
    print(_summary(course, data_dir))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m serm_lessons", description="Tools for the SERM Lessons course."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a data folder (default: the shipped data)")
    check.add_argument("data_dir", nargs="?", help="folder holding the course CSVs")
    check.set_defaults(run=_validate)
    links.add_command(commands)
    # The site's and the slides' own options are parsed by their main(), imported only when asked
    # for: they load IPython and nbconvert, which `validate` and `links` do not need.
    commands.add_parser(
        "site", add_help=False, help="build the static, offline copy of the lessons (site --help)"
    )
    commands.add_parser(
        "slides",
        add_help=False,
        help="build every lesson as executed, offline slides (slides --help)",
    )
    args, rest = parser.parse_known_args(argv)
    try:
        if args.command == "site":
            from . import site

            return site.main(rest)
        if args.command == "slides":
            from . import slides

            return slides.main(rest)
        if rest:
            parser.error(f"unrecognized arguments: {' '.join(rest)}")
        return args.run(args)
    except BrokenPipeError:  # e.g. `... validate | head`: the reader left; nothing is wrong
        sys.stderr.close()
        return 0
