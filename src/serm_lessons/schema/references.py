"""References (what a reader needs to follow each one; the rules themselves are in
citations.py and hosts.py) and the article claims the lessons check against them."""

from __future__ import annotations

import pandera.pandas as pa

from .. import catalogue
from .. import citations as c
from .. import vocabulary as v
from .cells import Known, cellwise, col, one_of, slug, sources_col, year
from .rows import Table, row_rule, rowwise, strict_schema

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
    return strict_schema(
        {
            "id": col(slug()),
            "kind": col(one_of(v.REFERENCE_KINDS)),
            "authors": col(),
            "title": col(),
            "journal": col(),
            "year": col(year()),
            "volume": col(optional=True),
            "issue": col(optional=True),
            "pages": col(optional=True),
            "doi": col(cellwise(c.is_doi, f"must be {DOI_DESCRIPTION}"), optional=True),
            "pmid": col(
                cellwise(c.is_pmid, "must be a PubMed id: 1-9 digits, no leading zero"),
                optional=True,
            ),
            "url": col(
                cellwise(c.is_https_url, f"must be {URL_DESCRIPTION}"),
                # checked only once the form is right, so a bad url gets one message
                cellwise(lambda x: not c.is_https_url(x) or c.has_canonical_host(x), HOST_MESSAGE),
            ),
            "verified": col(),
            "note": col(optional=True),
        },
        unique=["id"],
        checks=[
            row_rule(lambda f: rowwise(f, _paper_has_id), PAPER_ID_MESSAGE, "doi"),
            row_rule(lambda f: rowwise(f, _paper_has_parts), PAPER_PARTS_MESSAGE, "pages"),
            row_rule(lambda f: rowwise(f, _authors_complete), ET_AL_MESSAGE, "authors"),
            row_rule(lambda f: rowwise(f, _label_has_id), LABEL_ID_MESSAGE, "url"),
            row_rule(lambda f: rowwise(f, _url_matches_ids), URL_IDS_MESSAGE, "url"),
        ],
    )


def _claims(known: Known) -> pa.DataFrameSchema:
    return strict_schema(
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


REFERENCES = Table("references", _references, integer=("year",))
CLAIMS = Table("claims", _claims)
