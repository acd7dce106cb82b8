"""What one cell may hold: the cell checks and the columns built from them.

Each check passes blank cells; `required` alone reports a blank, so a blank is reported once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandera.pandas as pa

from .. import citations as c
from .. import vocabulary as v
from ..citations import split_ids


@dataclass
class Known:
    """Ids defined by one table and used by others (filled in as tables are read)."""

    # None while the defining table could not be read: the dependent checks are then skipped,
    # so one broken file does not bury the report in follow-on errors.
    serms: set[str] | None = None
    references: set[str] | None = None
    # reference id -> its kind (trial, review, label ...), for rules about what a row rests on
    reference_kinds: dict[str, str] | None = None


BLANK_MESSAGE = "is blank, but a value is required"
SOURCES_MESSAGE = "names a reference id that is not in references.csv"


def cellwise(test: Callable[[str], bool], message: str) -> pa.Check:
    return pa.Check(lambda s: s.map(lambda x: x == "" or test(x)), error=message)


def as_float(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


required = pa.Check(lambda s: s != "", error=BLANK_MESSAGE)


def one_of(values: Iterable[str]) -> pa.Check:
    allowed = tuple(values)
    return cellwise(lambda x: x in allowed, "must be one of: " + ", ".join(allowed))


def positive_number() -> pa.Check:
    return cellwise(
        lambda x: (n := as_float(x)) is not None and n > 0, "must be a number greater than 0"
    )


def non_negative_number() -> pa.Check:
    return cellwise(lambda x: (n := as_float(x)) is not None and n >= 0, "must be a number >= 0")


def matches(pattern: str, description: str) -> pa.Check:
    compiled = re.compile(pattern)
    return cellwise(lambda x: compiled.fullmatch(x) is not None, f"must be {description}")


def slug() -> pa.Check:
    return matches(v.SLUG_PATTERN, "a lower-case id of letters, digits and '-'")


def year() -> pa.Check:
    return matches(r"(19|20)\d\d", "a four-digit year")


def whole_number() -> pa.Check:
    return matches(r"\d+", "a whole number (digits only)")


def known_references(known: Known) -> pa.Check:
    def ok(cell: str) -> bool:
        ids = split_ids(cell)
        return bool(ids) and (known.references is None or all(i in known.references for i in ids))

    return cellwise(ok, SOURCES_MESSAGE)


def known_serm(known: Known, extra: tuple[str, ...] = ()) -> pa.Check:
    return cellwise(
        lambda x: known.serms is None or x in known.serms or x in extra,
        "is not a serm listed in serms.csv" + (f" (or {', '.join(extra)})" if extra else ""),
    )


# Every cell of every table: nothing the course renders may carry a script or inline-data address.
SCRIPT_URL_MESSAGE = "holds a javascript: or data: address, which no course data may contain"
no_script_url = pa.Check(lambda s: ~s.map(c.has_script_url).astype(bool), error=SCRIPT_URL_MESSAGE)


def col(*checks: pa.Check, optional: bool = False) -> pa.Column:
    return pa.Column(str, checks=[*checks, no_script_url] + ([] if optional else [required]))


def sources_col(known: Known) -> pa.Column:
    return col(known_references(known))
