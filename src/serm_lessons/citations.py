"""What makes a reference followable: strict DOI, PMID and URL forms, and what each kind must carry.

These values end up in `href` attributes, so the forms are strict on purpose: a DOI or URL can hold
no quote, angle bracket, backslash, space or control character, and no cell anywhere may hold a
`javascript:` or `data:` address. The rules here are plain predicates; `schema/` turns them into
checks with messages that name the file, row and column.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .hosts import is_canonical_host

SOURCE_SEPARATOR = ";"


def split_ids(cell: str) -> list[str]:
    """The reference ids of a `sources` cell, e.g. "fisher1998; cummings1999" (one rule, used to
    validate and to read; it lives here so reading tables does not import pandera)."""
    return [part.strip() for part in cell.split(SOURCE_SEPARATOR) if part.strip()]


# Printable ASCII without space, quotes ("'`), angle brackets or backslash: safe inside an attribute.
_SAFE_CHARS = r"[!#-&(-;=?-\[\]-_a-~]"
DOI_PATTERN = re.compile(rf"10\.\d{{4,9}}/{_SAFE_CHARS}+")
PMID_PATTERN = re.compile(r"[1-9]\d{0,8}")
HTTPS_URL_PATTERN = re.compile(rf"https://[A-Za-z0-9.-]+(?:[/?#]{_SAFE_CHARS}*)?")
# `javascript:` / `vbscript:` anywhere, and `data:` followed by a media type or the bare `data:,`.
SCRIPT_URL_PATTERN = re.compile(
    r"(?<![a-z])(?:java|vb)script\s*:|(?<![a-z])data\s*:\s*(?:[\w.+-]+/[\w.+-]+|[;,])",
    re.IGNORECASE,
)
ISBN_PATTERN = re.compile(r"ISBN(?:-1[03])?:?\s*[\dX][\dX -]{8,16}[\dX]", re.IGNORECASE)
DAILYMED_SETID_PATTERN = re.compile(
    r"https://dailymed\.nlm\.nih\.gov/dailymed/[A-Za-z]+\.cfm\?(?:[^#]*&)?setid="
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])",
    re.IGNORECASE,
)
FDA_APPLICATION_PATTERN = re.compile(r"\b(?:NDA|ANDA|BLA|NADA|ANADA)\s?\d{3}-?\d{3}\b")

# Kinds that are published papers (or, for pharmacology and review, possibly a book).
PAPER_KINDS = ("trial", "meta-analysis", "review", "study", "pharmacology")
BOOK_KINDS = ("pharmacology", "review")
LABEL_KINDS = ("label", "regulatory")


def is_doi(text: str) -> bool:
    return DOI_PATTERN.fullmatch(text) is not None


def is_pmid(text: str) -> bool:
    return PMID_PATTERN.fullmatch(text) is not None


def is_https_url(text: str) -> bool:
    return HTTPS_URL_PATTERN.fullmatch(text) is not None


def url_host(text: str) -> str:
    return (urlsplit(text).hostname or "") if is_https_url(text) else ""


def has_canonical_host(text: str) -> bool:
    return is_canonical_host(url_host(text))


def has_script_url(text: str) -> bool:
    return SCRIPT_URL_PATTERN.search(text) is not None


def is_book(note: str) -> bool:
    return ISBN_PATTERN.search(note) is not None


def names_before_et_al(authors: str) -> int | None:
    """How many names precede a closing 'et al.' (None when the list does not end with it)."""
    match = re.search(r",?\s*et al\.?$", authors.strip())
    if match is None:
        return None
    return len([name for name in authors[: match.start()].split(",") if name.strip()])


def url_matches_ids(url: str, doi: str, pmid: str) -> bool:
    """A doi.org or PubMed url must point at the row's own DOI or PMID, not another paper's."""
    if not is_https_url(url):
        return True
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), unquote(parts.path).strip("/")
    if host == "doi.org":
        return bool(doi) and path.lower() == doi.lower()
    if host == "pubmed.ncbi.nlm.nih.gov":
        return bool(pmid) and path == pmid
    return True


def has_regulatory_id(url: str, title: str, note: str) -> bool:
    """A DailyMed set id, an FDA application number, or an EMA / European Commission page."""
    host = url_host(url).lower()
    if DAILYMED_SETID_PATTERN.match(url):
        return True
    if any(host == eu or host.endswith("." + eu) for eu in ("ema.europa.eu", "ec.europa.eu")):
        return True
    if host.endswith("accessdata.fda.gov") and re.search(r"\d{6}", url):
        return True
    return FDA_APPLICATION_PATTERN.search(f"{title} {note}") is not None
