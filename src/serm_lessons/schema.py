"""Schemas for the course's CSV tables, and the rules that tie the tables together.

Every table is read as text (see `data.read_csv_table`), then checked here with pandera: each
column's allowed values, each row's internal consistency, and the cross-table rules (every SERM,
tissue and reference id known; no duplicate keys). Failures come back as `Problem`s that name the
file, the row (the header is row 1, as in a spreadsheet), the column and what is wrong — never a
traceback.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from . import catalogue
from . import citations as c
from . import vocabulary as v


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


@dataclass
class Known:
    """Ids defined by one table and used by others (filled in as tables are read)."""

    # None while the defining table could not be read: the dependent checks are then skipped,
    # so one broken file does not bury the report in follow-on errors.
    serms: set[str] | None = None
    references: set[str] | None = None


# --- cell checks -------------------------------------------------------------------------------
# Each check passes blank cells; `required` alone reports a blank, so a blank is reported once.

BLANK_MESSAGE = "is blank, but a value is required"
SOURCES_MESSAGE = "names a reference id that is not in references.csv"
SOURCE_SEPARATOR = ";"


def split_ids(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(SOURCE_SEPARATOR) if part.strip()]


def _cellwise(test: Callable[[str], bool], message: str) -> pa.Check:
    return pa.Check(lambda s: s.map(lambda x: x == "" or test(x)), error=message)


def _as_float(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


required = pa.Check(lambda s: s != "", error=BLANK_MESSAGE)


def one_of(values: Iterable[str]) -> pa.Check:
    allowed = tuple(values)
    return _cellwise(lambda x: x in allowed, "must be one of: " + ", ".join(allowed))


def positive_number() -> pa.Check:
    return _cellwise(
        lambda x: (n := _as_float(x)) is not None and n > 0, "must be a number greater than 0"
    )


def non_negative_number() -> pa.Check:
    return _cellwise(lambda x: (n := _as_float(x)) is not None and n >= 0, "must be a number >= 0")


def matches(pattern: str, description: str) -> pa.Check:
    compiled = re.compile(pattern)
    return _cellwise(lambda x: compiled.fullmatch(x) is not None, f"must be {description}")


def slug() -> pa.Check:
    return matches(v.SLUG_PATTERN, "a lower-case id of letters, digits and '-'")


def known_references(known: Known) -> pa.Check:
    def ok(cell: str) -> bool:
        ids = split_ids(cell)
        return bool(ids) and (known.references is None or all(i in known.references for i in ids))

    return _cellwise(ok, SOURCES_MESSAGE)


# Every cell of every table: nothing the course renders may carry a script or inline-data address.
SCRIPT_URL_MESSAGE = "holds a javascript: or data: address, which no course data may contain"
no_script_url = pa.Check(lambda s: ~s.map(c.has_script_url).astype(bool), error=SCRIPT_URL_MESSAGE)


def col(*checks: pa.Check, optional: bool = False) -> pa.Column:
    return pa.Column(str, checks=[*checks, no_script_url] + ([] if optional else [required]))


def sources_col(known: Known) -> pa.Column:
    return col(known_references(known))


# --- row rules (pandera wide checks: a boolean per row) ---------------------------------------


# A row rule's message -> the column a reader should look at first (reported with the row).
ROW_RULE_COLUMNS: dict[str, str] = {}


def _row_rule(
    test: Callable[[pd.DataFrame], pd.Series], message: str, column: str | None = None
) -> pa.Check:
    if column:
        ROW_RULE_COLUMNS[message] = column
    return pa.Check(test, error=message)


def _rowwise(frame: pd.DataFrame, test: Callable[[dict[str, str]], bool]) -> pd.Series:
    return pd.Series([bool(test(r)) for r in frame.to_dict("records")], index=frame.index)


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].map(_as_float)


def _ci_contains_estimate(frame: pd.DataFrame) -> pd.Series:
    low, est, high = (_numbers(frame, c) for c in ("ci_low", "estimate", "ci_high"))
    complete = low.notna() & est.notna() & high.notna()
    inside = pd.Series(
        [bool(lo <= e <= hi) if ok else True for lo, e, hi, ok in zip(low, est, high, complete)],
        index=frame.index,
    )
    return inside


# --- the tables ---------------------------------------------------------------------------------


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


def _frame(columns: dict[str, pa.Column], **options) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, strict=True, ordered=True, **options)


# --- references: what a reader needs to follow each one (rules in citations.py) --------------

PAPER_ID_MESSAGE = (
    "a published paper (kind " + ", ".join(c.PAPER_KINDS) + ") needs its doi or pmid "
    "(both where both exist); a book (pharmacology or review only) needs an ISBN in note instead"
)
PAPER_PARTS_MESSAGE = "a journal paper needs its volume and pages (and issue where it has one)"
ET_AL_MESSAGE = "authors: give all authors, or the first three followed by 'et al.'"
LABEL_ID_MESSAGE = (
    "a label or regulatory document needs a DailyMed set id url "
    "(https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=...), an FDA application number "
    "(e.g. NDA 020815 in note, or an accessdata.fda.gov url), or its EMA / European Commission page"
)
URL_IDS_MESSAGE = "url on doi.org or PubMed must point at this row's own doi or pmid"
DOI_DESCRIPTION = (
    "a DOI like 10.1000/xyz without https://doi.org/: '10.', 4-9 digits, '/', then printable "
    "ASCII with no spaces, quotes, angle brackets or backslashes (write < > as %3C %3E)"
)
URL_DESCRIPTION = (
    "an https:// address with a host name, and no spaces, quotes, angle brackets or backslashes"
)
HOST_MESSAGE = (
    "is not on a canonical host (the list is CANONICAL_HOSTS in src/serm_lessons/hosts.py); "
    "use https://doi.org/<doi>, https://pubmed.ncbi.nlm.nih.gov/<pmid>/, DailyMed, FDA, EMA or "
    "the publisher or data provider, never a mirror, aggregator or IP address"
)


def _is_paper(r: dict[str, str]) -> bool:
    return r["kind"] in c.PAPER_KINDS and not (r["kind"] in c.BOOK_KINDS and c.is_book(r["note"]))


def _paper_has_id(r: dict[str, str]) -> bool:
    return not _is_paper(r) or bool(r["doi"] or r["pmid"])


def _paper_has_parts(r: dict[str, str]) -> bool:
    return not _is_paper(r) or bool(r["volume"] and r["pages"])


def _authors_complete(r: dict[str, str]) -> bool:
    named = c.names_before_et_al(r["authors"])
    return named is None or named >= 3


def _label_has_id(r: dict[str, str]) -> bool:
    return r["kind"] not in c.LABEL_KINDS or c.has_regulatory_id(r["url"], r["title"], r["note"])


def _url_matches_ids(r: dict[str, str]) -> bool:
    return c.url_matches_ids(r["url"], r["doi"], r["pmid"])


def _references(known: Known) -> pa.DataFrameSchema:
    return _frame(
        {
            "id": col(slug()),
            "kind": col(one_of(v.REFERENCE_KINDS)),
            "authors": col(),
            "title": col(),
            "journal": col(),
            "year": col(matches(r"(19|20)\d\d", "a four-digit year")),
            "volume": col(optional=True),
            "issue": col(optional=True),
            "pages": col(optional=True),
            "doi": col(_cellwise(c.is_doi, f"must be {DOI_DESCRIPTION}"), optional=True),
            "pmid": col(
                _cellwise(c.is_pmid, "must be a PubMed id: 1-9 digits, no leading zero"),
                optional=True,
            ),
            "url": col(
                _cellwise(c.is_https_url, f"must be {URL_DESCRIPTION}"),
                # checked only once the form is right, so a bad url gets one message
                _cellwise(lambda x: not c.is_https_url(x) or c.has_canonical_host(x), HOST_MESSAGE),
            ),
            "verified": col(),
            "note": col(optional=True),
        },
        unique=["id"],
        checks=[
            _row_rule(lambda f: _rowwise(f, _paper_has_id), PAPER_ID_MESSAGE, "doi"),
            _row_rule(lambda f: _rowwise(f, _paper_has_parts), PAPER_PARTS_MESSAGE, "pages"),
            _row_rule(lambda f: _rowwise(f, _authors_complete), ET_AL_MESSAGE, "authors"),
            _row_rule(lambda f: _rowwise(f, _label_has_id), LABEL_ID_MESSAGE, "url"),
            _row_rule(lambda f: _rowwise(f, _url_matches_ids), URL_IDS_MESSAGE, "url"),
        ],
    )


def _both_or_neither(value: str, unit: str, what: str) -> pa.Check:
    return _row_rule(
        lambda f: (f[value] == "") == (f[unit] == ""),
        f"{value} and {unit} must both be given or both be blank ({what})",
    )


def _serms(known: Known) -> pa.DataFrameSchema:
    year = matches(r"(19|20)\d\d", "a four-digit year")
    return _frame(
        {
            "serm": col(slug()),
            "name": col(),
            "role": col(one_of(v.ROLES)),
            "chemical_class": col(),
            "generation": col(one_of(("1", "2", "3")), optional=True),
            "us_status": col(one_of(v.US_STATUSES)),
            "us_products": col(optional=True),
            "us_first_approval": col(year, optional=True),
            "approved_uses": col(optional=True),
            "populations": col(optional=True),
            "eu_status": col(one_of(v.EU_STATUSES)),
            "eu_products": col(optional=True),
            "eu_first_authorisation": col(year, optional=True),
            "eu_approved_uses": col(optional=True),
            "regulatory_note": col(optional=True),
            "half_life_value": col(positive_number(), optional=True),
            "half_life_unit": col(one_of(v.HALF_LIFE_UNITS), optional=True),
            "half_life_note": col(optional=True),
            "metabolite": col(optional=True),
            "metabolite_half_life_value": col(positive_number(), optional=True),
            "metabolite_half_life_unit": col(one_of(v.HALF_LIFE_UNITS), optional=True),
            "metabolite_note": col(optional=True),
            "notes": col(optional=True),
            "sources": sources_col(known),
        },
        unique=["serm"],
        checks=[
            _both_or_neither("half_life_value", "half_life_unit", "the drug's half-life"),
            _both_or_neither(
                "metabolite_half_life_value", "metabolite_half_life_unit", "the metabolite's"
            ),
            _row_rule(
                lambda f: (f["metabolite_half_life_value"] == "") | (f["metabolite"] != ""),
                "metabolite_half_life_value is given but metabolite does not name the metabolite",
            ),
            # A year of approval, or approved uses, for a drug marked not approved is a contradiction.
            _row_rule(
                lambda f: (
                    (f["us_status"] != "not approved")
                    | ((f["us_first_approval"] == "") & (f["approved_uses"] == ""))
                ),
                "us_status is 'not approved' but us_first_approval or approved_uses is filled in",
            ),
            _row_rule(
                lambda f: (
                    ~f["eu_status"].isin(("refused", "not authorised"))
                    | ((f["eu_first_authorisation"] == "") & (f["eu_approved_uses"] == ""))
                ),
                "eu_status says the drug was never authorised in the EU, but "
                "eu_first_authorisation or eu_approved_uses is filled in",
            ),
        ],
    )


def _known_serm(known: Known, extra: tuple[str, ...] = ()) -> pa.Check:
    return _cellwise(
        lambda x: known.serms is None or x in known.serms or x in extra,
        "is not a serm listed in serms.csv" + (f" (or {', '.join(extra)})" if extra else ""),
    )


def _tissue_effects(known: Known) -> pa.DataFrameSchema:
    return _frame(
        {
            "serm": col(_known_serm(known)),
            "tissue": col(one_of(v.TISSUES)),
            "population": col(one_of(v.POPULATIONS)),
            "effect": col(one_of(v.EFFECTS)),
            "evidence": col(),
            "sources": sources_col(known),
        },
        unique=["serm", "tissue", "population"],
    )


def _receptor_distribution(known: Known) -> pa.DataFrameSchema:
    return _frame(
        {
            "tissue": col(),
            "course_tissue": col(one_of(v.TISSUES), optional=True),
            "receptor": col(one_of(v.RECEPTORS)),
            "gene": col(one_of(("ESR1", "ESR2"))),
            "rna_value": col(non_negative_number()),
            "rna_unit": col(one_of(("nTPM",))),
            "rna_dataset": col(),
            "protein_level": col(one_of(v.PROTEIN_LEVELS)),
            "protein_detail": col(),
            "sources": sources_col(known),
        },
        unique=["tissue", "receptor"],
        checks=[
            _row_rule(
                lambda f: (f["receptor"] == "ERα") == (f["gene"] == "ESR1"),
                "receptor and gene disagree (ERα is ESR1, ERβ is ESR2)",
            )
        ],
    )


def _systemic_effects(known: Known) -> pa.DataFrameSchema:
    return _frame(
        {
            "system": col(one_of(v.SYSTEMS)),
            "serm": col(_known_serm(known, extra=("class",))),
            "action": col(),
            "implications": col(),
            "sources": sources_col(known),
        },
        unique=["system", "serm"],
    )


def _hpg_agents(known: Known) -> pa.DataFrameSchema:
    directions = {h: col(one_of(v.DIRECTIONS)) for h in v.HORMONES}
    return _frame(
        {
            "agent": col(one_of(v.HPG_AGENTS)),
            "name": col(),
            "short_name": col(),  # what the HPG diagram, its title and alt text call the agent
            "agent_class": col(),
            "site_of_action": col(),
            "diagram_site": col(one_of(v.HPG_SITES)),  # the organ box its label points at
            "diagram_action": col(),  # the label's second line, e.g. "blocks aromatase"
            "mechanism": col(),
            **directions,
            "status_in_men": col(),
            "sources": sources_col(known),
        },
        unique=["agent"],
    )


def _claims(known: Known) -> pa.DataFrameSchema:
    return _frame(
        {
            "claim_id": col(slug()),
            "lesson": col(one_of(catalogue.slugs())),
            "topic": col(),
            "article_claim": col(),
            "verdict": col(one_of(v.VERDICTS)),
            "correction": col(),
            "sources": sources_col(known),
        },
        unique=["claim_id"],
    )


def _trial_outcomes(known: Known) -> pa.DataFrameSchema:
    return _frame(
        {
            "trial": col(),
            "comparison": col(),
            "outcome": col(one_of(v.OUTCOMES)),
            "outcome_type": col(one_of(v.OUTCOME_TYPES)),
            "analysis": col(one_of(v.ANALYSES)),
            "measure": col(one_of(v.RATIO_MEASURES)),
            "estimate": col(positive_number()),
            "ci_low": col(positive_number()),
            "ci_high": col(positive_number()),
            "rate_drug": col(non_negative_number(), optional=True),
            "rate_control": col(non_negative_number(), optional=True),
            "rate_unit": col(optional=True),
            "follow_up": col(),
            "note": col(optional=True),
            "sources": sources_col(known),
        },
        unique=["trial", "comparison", "outcome", "analysis", "follow_up"],
        checks=[
            _row_rule(_ci_contains_estimate, "ci_low <= estimate <= ci_high does not hold"),
            _row_rule(
                lambda f: (
                    ((f["rate_drug"] == "") == (f["rate_control"] == ""))
                    & ((f["rate_drug"] == "") == (f["rate_unit"] == ""))
                ),
                "rate_drug, rate_control and rate_unit must all be given or all be blank",
            ),
            _row_rule(
                _trial_has_primary_result,
                "this trial has no 'primary' row: a secondary, post hoc, subgroup or extension "
                "result is shown only beside the trial's primary result",
            ),
            _row_rule(
                _trial_has_benefit_and_harm,
                "this trial needs at least one 'efficacy' row and one 'harm' row, so that its "
                "benefits and harms are shown side by side",
            ),
        ],
    )


def _first_row_of_failing_trial(frame: pd.DataFrame, ok_by_trial: pd.Series) -> pd.Series:
    """True for every row except the first row of each trial that breaks a per-trial rule."""
    first = ~frame["trial"].duplicated()
    failing = ~frame["trial"].map(ok_by_trial).astype(bool)
    return ~(first & failing)


def _trial_has_primary_result(frame: pd.DataFrame) -> pd.Series:
    ok = frame.groupby("trial")["analysis"].agg(lambda a: "primary" in set(a))
    return _first_row_of_failing_trial(frame, ok)


def _trial_has_benefit_and_harm(frame: pd.DataFrame) -> pd.Series:
    ok = frame.groupby("trial")["outcome_type"].agg(lambda t: set(v.OUTCOME_TYPES) <= set(t))
    return _first_row_of_failing_trial(frame, ok)


def _binding_affinity(known: Known) -> pa.DataFrameSchema:
    return _frame(
        {
            "ligand": col(),
            "receptor": col(one_of(v.RECEPTORS)),
            "rba": col(positive_number()),
            "assay": col(),
            "ligand_kind": col(one_of(v.LIGAND_KINDS)),
            "note": col(optional=True),
            "sources": sources_col(known),
        },
        unique=["ligand", "receptor"],
    )


def _hormone_measurements(known: Known) -> pa.DataFrameSchema:
    return _frame(
        {
            "study": col(),
            "agent": col(one_of(v.HPG_AGENTS)),
            "population": col(),
            "design": col(),
            "hormone": col(one_of(v.HORMONES)),
            "before": col(positive_number()),
            "after": col(positive_number()),
            "unit": col(),
            "statistic": col(one_of(("median", "mean"))),
            "sources": sources_col(known),
        },
        unique=["study", "agent", "hormone"],
    )


def _rates_complete(frame: pd.DataFrame) -> pd.Series:
    given = [frame[c] != "" for c in ("rate_drug", "rate_placebo", "rate_unit")]
    return (given[0] & given[1] & given[2]) | ~(given[0] | given[1] | given[2])


def _safety(known: Known) -> pa.DataFrameSchema:
    return _frame(
        {
            "serm": col(_known_serm(known)),
            "region": col(one_of(v.LABEL_REGIONS)),
            "kind": col(one_of(v.SAFETY_KINDS)),
            "item": col(),
            "detail": col(),
            "setting": col(optional=True),
            "rate_drug": col(non_negative_number(), optional=True),
            "rate_placebo": col(non_negative_number(), optional=True),
            "rate_unit": col(one_of(v.RATE_UNITS), optional=True),
            "rate_note": col(optional=True),
            "section": col(),
            "sources": sources_col(known),
        },
        unique=["serm", "region", "kind", "item"],
        checks=[
            _row_rule(
                _rates_complete,
                "rate_drug, rate_placebo and rate_unit must all be given or all be blank",
            ),
            # Absolute rates describe the harms a boxed warning names, in the trial it cites.
            _row_rule(
                lambda f: (
                    (f["rate_drug"] == "")
                    | ~f["kind"].isin(v.SAFETY_KINDS)  # an unknown kind is reported on its own
                    | ((f["kind"] == "boxed warning") & (f["setting"] != ""))
                ),
                "rates are given only on a boxed-warning row, with the trial they come from "
                "in 'setting'",
            ),
        ],
    )


def _structures(known: Known) -> pa.DataFrameSchema:
    residue = matches(r"\d{1,4}", "a residue number (digits only)")
    return _frame(
        {
            "entry": col(matches(r"[0-9][A-Z0-9]{3}", "a PDB id like 1ERE (upper case)")),
            "file": col(
                matches(r"[0-9][A-Z0-9]{3}\.(cif|pdb)", "a file in data/pdb/, e.g. 1ERE.cif")
            ),
            "chain": col(matches(r"[A-Za-z0-9]", "a one-character chain id")),
            "ligand_code": col(matches(r"[A-Z0-9]{1,3}", "a PDB chemical-component code like EST")),
            "ligand_name": col(),
            "serm": col(_known_serm(known), optional=True),
            "role": col(one_of(v.LIGAND_ROLES)),
            "conformation": col(one_of(v.CONFORMATIONS)),
            "peptide_chain": col(
                matches(r"[A-Za-z0-9]", "a one-character chain id"), optional=True
            ),
            "peptide": col(optional=True),
            "method": col(),
            "resolution": col(positive_number()),
            "first_residue": col(residue),
            "last_residue": col(residue),
            "helix12_first": col(residue),
            "helix12_last": col(residue),
            "sources": sources_col(known),
        },
        unique=["entry"],
        checks=[
            _row_rule(
                lambda f: (f["peptide_chain"] == "") == (f["peptide"] == ""),
                "peptide_chain and peptide must both be given or both be blank",
            ),
            _row_rule(
                lambda f: _numbers(f, "first_residue") <= _numbers(f, "helix12_first"),
                "helix12_first comes before first_residue",
            ),
            _row_rule(
                lambda f: _numbers(f, "helix12_first") <= _numbers(f, "helix12_last"),
                "helix12_first is after helix12_last",
            ),
            _row_rule(
                lambda f: _numbers(f, "helix12_last") <= _numbers(f, "last_residue"),
                "helix12_last comes after last_residue",
            ),
        ],
    )


def _whole_number() -> pa.Check:
    return matches(r"\d+", "a whole number (digits only)")


def _range_contains_value(frame: pd.DataFrame) -> pd.Series:
    low, value, high = (_numbers(frame, c) for c in ("low", "value", "high"))
    return pd.Series(
        [
            (pd.isna(lo) or pd.isna(val) or lo <= val)
            and (pd.isna(hi) or pd.isna(val) or val <= hi)
            for lo, val, hi in zip(low, value, high)
        ],
        index=frame.index,
    )


def _percent_matches_counts(frame: pd.DataFrame) -> pd.Series:
    found, tested, percent = (_numbers(frame, c) for c in ("with_mutation", "tested", "percent"))
    return pd.Series(
        [
            any(pd.isna(x) for x in (f, t, p)) or (t > 0 and abs(100 * f / t - p) <= 0.05)
            for f, t, p in zip(found, tested, percent)
        ],
        index=frame.index,
    )


def _mutation_names_its_residue(frame: pd.DataFrame) -> pd.Series:
    digits = frame["mutation"].str.extract(r"^[A-Z](\d+)[A-Z]$", expand=False)
    return (frame["residue"] == "") | digits.isna() | (digits == frame["residue"])


# The mechanism explorer's step texts, each with its sources: the receptor shape with an agonist or a
# SERM, and the co-regulator step for each effect that has a mechanism. (For "mixed", "minimal" and
# "unknown" the explorer shows the effect's meaning and the tissue_effects row's own evidence.)
MECHANISM_STEPS = {
    "shape": ("agonist", "SERM"),
    "coregulators": ("agonist", "partial agonist", "antagonist"),
}


def _mechanism_steps(known: Known) -> pa.DataFrameSchema:
    cases = tuple(dict.fromkeys(c for group in MECHANISM_STEPS.values() for c in group))
    return _frame(
        {
            "step": col(one_of(MECHANISM_STEPS)),
            "case": col(one_of(cases)),
            "text": col(),
            "sources": sources_col(known),
        },
        unique=["step", "case"],
    )


def _tamoxifen_metabolism(known: Known) -> pa.DataFrameSchema:
    return _frame(
        {
            "from_compound": col(one_of(v.TAMOXIFEN_COMPOUNDS)),
            "to_compound": col(one_of(v.TAMOXIFEN_COMPOUNDS)),
            "reaction": col(),
            "enzymes": col(),
            "product_potency": col(one_of(v.POTENCIES)),
            "product_activity": col(),
            "evidence": col(),
            "sources": sources_col(known),
        },
        unique=["from_compound", "to_compound"],
        checks=[
            _row_rule(
                lambda f: f["from_compound"] != f["to_compound"],
                "from_compound and to_compound are the same compound",
            )
        ],
    )


def _tamoxifen_concentrations(known: Known) -> pa.DataFrameSchema:
    return _frame(
        {
            "compound": col(one_of(v.TAMOXIFEN_COMPOUNDS)),
            "study": col(),
            "condition": col(),
            "statistic": col(one_of(("mean", "median"))),
            "value": col(positive_number()),
            "low": col(positive_number(), optional=True),
            "high": col(positive_number(), optional=True),
            "unit": col(one_of(v.CONCENTRATION_UNITS)),
            "note": col(optional=True),
            "sources": sources_col(known),
        },
        unique=["compound", "study", "condition"],
        checks=[
            _row_rule(
                lambda f: (f["low"] == "") == (f["high"] == ""),
                "low and high must both be given or both be blank",
            ),
            _row_rule(_range_contains_value, "low <= value <= high does not hold"),
        ],
    )


def _endocrine_agents(known: Known) -> pa.DataFrameSchema:
    return _frame(
        {
            "agent": col(slug()),
            "name": col(),
            "agent_class": col(one_of(v.ENDOCRINE_CLASSES)),
            "acts_on": col(one_of(v.ENDOCRINE_TARGETS)),
            "action": col(),
            "used_in": col(),
            "us_product": col(optional=True),
            "us_approval_year": col(matches(r"(19|20)\d\d", "a four-digit year"), optional=True),
            "eu_note": col(),
            "pivotal_trial": col(optional=True),
            "hpg_agent": col(one_of(v.HPG_AGENTS), optional=True),
            "sources": sources_col(known),
        },
        unique=["agent"],
        checks=[
            _row_rule(
                lambda f: (f["us_approval_year"] == "") | (f["us_product"] != ""),
                "us_approval_year is given but us_product is blank",
            )
        ],
    )


def _esr1_mutations(known: Known) -> pa.DataFrameSchema:
    return _frame(
        {
            "mutation": col(matches(r"[A-Z]\d{1,4}[A-Z]", "a protein change like Y537S")),
            "residue": col(_whole_number()),
            "location": col(),
            "mechanism": col(),
            "clinical_relevance": col(),
            "sources": sources_col(known),
        },
        unique=["mutation"],
        checks=[
            _row_rule(
                _mutation_names_its_residue,
                "residue does not match the number in the mutation's name",
            )
        ],
    )


def _esr1_prevalence(known: Known) -> pa.DataFrameSchema:
    return _frame(
        {
            "study": col(),
            "population": col(),
            "sample": col(),
            "with_mutation": col(_whole_number()),
            "tested": col(_whole_number(), positive_number()),
            "percent": col(non_negative_number()),
            "sources": sources_col(known),
        },
        unique=["study", "population"],
        checks=[
            _row_rule(
                _percent_matches_counts,
                "percent does not equal 100 x with_mutation / tested (to one decimal place)",
            ),
        ],
    )


def _structure_atoms(known: Known) -> pa.DataFrameSchema:
    coordinate = matches(r"-?\d{1,4}\.\d{2}", "a coordinate in Å with two decimals, e.g. -12.34")
    return _frame(
        {
            "entry": col(matches(r"[0-9][A-Z0-9]{3}", "a PDB id like 1ERE (upper case)")),
            "chain": col(matches(r"[A-Za-z0-9]", "a one-character chain id")),
            "kind": col(one_of(v.STRUCTURE_ATOM_KINDS)),
            "residue": col(matches(r"-?\d{1,4}", "a residue number (digits only)")),
            "residue_name": col(matches(r"[A-Z0-9]{1,3}", "a residue or component code like LEU")),
            "atom": col(matches(r"[A-Z0-9']{1,4}", "an atom name like CA or O3")),
            "x": col(coordinate),
            "y": col(coordinate),
            "z": col(coordinate),
            "sources": sources_col(known),
        },
        unique=["entry", "chain", "kind", "residue", "atom"],
        checks=[
            _row_rule(
                lambda f: (f["kind"] == "ligand") | (f["atom"] == "CA"),
                "a 'ca' or 'peptide' row must be a CA atom",
            )
        ],
    )


# Order matters: references and serms define the ids the later tables use.
TABLES: tuple[Table, ...] = (
    Table("references", _references, integer=("year",)),
    Table("serms", _serms, numeric=("half_life_value", "metabolite_half_life_value")),
    Table("tissue_effects", _tissue_effects),
    Table("receptor_distribution", _receptor_distribution, numeric=("rna_value",)),
    Table("systemic_effects", _systemic_effects),
    Table("hpg_agents", _hpg_agents),
    Table("claims", _claims),
    Table(
        "trial_outcomes",
        _trial_outcomes,
        numeric=("estimate", "ci_low", "ci_high", "rate_drug", "rate_control"),
    ),
    Table("binding_affinity", _binding_affinity, numeric=("rba",)),
    Table("hormone_measurements", _hormone_measurements, numeric=("before", "after")),
    Table("safety", _safety, numeric=("rate_drug", "rate_placebo")),
    Table("tamoxifen_metabolism", _tamoxifen_metabolism),
    Table("tamoxifen_concentrations", _tamoxifen_concentrations, numeric=("value", "low", "high")),
    Table("endocrine_agents", _endocrine_agents),
    Table("esr1_mutations", _esr1_mutations, integer=("residue",)),
    Table(
        "esr1_prevalence",
        _esr1_prevalence,
        numeric=("percent",),
        integer=("with_mutation", "tested"),
    ),
    Table(
        "structures",
        _structures,
        numeric=("resolution",),
        integer=("first_residue", "last_residue", "helix12_first", "helix12_last"),
    ),
    Table("structure_atoms", _structure_atoms, numeric=("x", "y", "z"), integer=("residue",)),
    Table("mechanism_steps", _mechanism_steps),
)
TABLE_BY_NAME = {t.name: t for t in TABLES}


def check_table(table: Table, frame: pd.DataFrame, known: Known) -> list[Problem]:
    """Check one table (its index holds spreadsheet row numbers); return its problems."""
    try:
        table.schema(known).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return _explain(table, frame, errors.failure_cases, known)
    return []


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


# --- rules across whole tables -----------------------------------------------------------------


def check_coverage(frames: dict[str, pd.DataFrame], known: Known) -> list[Problem]:
    """Rules about what must be present, which no single row can break."""
    problems: list[Problem] = []
    effects = frames.get("tissue_effects")
    if effects is not None and known.serms:
        file = TABLE_BY_NAME["tissue_effects"].file
        for serm in sorted(known.serms):
            for tissue in v.TISSUES:
                rows = effects[(effects["serm"] == serm) & (effects["tissue"] == tissue)]
                populations = set(rows["population"])
                if rows.empty:
                    problems.append(
                        Problem(file, None, None, f"no row for serm '{serm}' and tissue '{tissue}'")
                    )
                elif "all" in populations and len(populations) > 1:
                    problems.append(
                        Problem(
                            file,
                            int(rows.index[0]),
                            "population",
                            f"serm '{serm}', tissue '{tissue}' has a row for 'all' and rows for "
                            "specific populations; keep one or the other",
                        )
                    )
    steps = frames.get("mechanism_steps")
    if steps is not None:
        present = set(zip(steps["step"], steps["case"]))
        needed = [(step, case) for step, cases in MECHANISM_STEPS.items() for case in cases]
        for step, case in needed:
            if (step, case) not in present:
                problems.append(
                    Problem("mechanism_steps.csv", None, "case", f"no row for {step} '{case}'")
                )
    agents = frames.get("hpg_agents")
    if agents is not None:
        for agent in sorted(set(v.HPG_AGENTS) - set(agents["agent"])):
            problems.append(Problem("hpg_agents.csv", None, "agent", f"no row for agent '{agent}'"))
    safety, serms = frames.get("safety"), frames.get("serms")
    if safety is not None and serms is not None:
        labelled = serms[
            (serms["us_status"] != "not approved")
            | serms["eu_status"].isin(("authorised", "withdrawn", "nationally authorised"))
        ]
        for serm in sorted(set(labelled["serm"]) - set(safety["serm"])):
            problems.append(
                Problem(
                    "safety.csv",
                    None,
                    "serm",
                    f"no row for '{serm}', which has a label (serms.csv); add its boxed "
                    "warnings, contraindications and interactions",
                )
            )
    binding = frames.get("binding_affinity")
    if binding is not None and binding["assay"].nunique() > 1:
        problems.append(
            Problem(
                "binding_affinity.csv",
                None,
                "assay",
                "rows come from more than one assay ("
                + "; ".join(sorted(set(binding["assay"])))
                + "); binding affinities from different assays cannot be compared",
            )
        )
    problems += _structure_coverage(frames)
    return problems


def _structure_coverage(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every structure has its Cα trace and ligand atoms (and its peptide, where it names one),
    and every atom row belongs to a listed structure."""
    entries, atoms = frames.get("structures"), frames.get("structure_atoms")
    if entries is None or atoms is None:
        return []
    problems = []
    listed = set(entries["entry"])
    for row, entry in atoms.loc[~atoms["entry"].isin(listed), "entry"].items():
        problems.append(
            Problem("structure_atoms.csv", int(row), "entry", f"'{entry}' is not in structures.csv")
        )
    kinds = atoms.groupby("entry")["kind"].agg(set).to_dict()
    for row, entry in entries.iterrows():
        needed = {"ca", "ligand"} | ({"peptide"} if entry["peptide_chain"] else set())
        missing = needed - kinds.get(entry["entry"], set())
        if missing:
            problems.append(
                Problem(
                    "structures.csv",
                    int(row),
                    "entry",
                    f"'{entry['entry']}' has no {', '.join(sorted(missing))} rows in structure_atoms.csv",
                )
            )
    return problems
