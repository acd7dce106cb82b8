"""Prose helpers for the notebooks: the safety note, claim-vs-evidence boxes and reference lists.

They return IPython display objects (HTML), so they render the same in JupyterLab, Voilà and the
exported static site. All text comes from the validated tables; nothing here states a fact itself.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from urllib.parse import quote

from IPython.display import HTML, Markdown

from . import catalogue
from . import vocabulary as v
from .data import CourseData, split_ids
from .page_css import course_css_script

DISCLAIMER = (
    "<b>Education, not medical advice.</b> This course explains how these medicines work. It "
    "gives no doses to follow and cannot tell you whether a medicine suits you or anyone else. "
    "Decisions about medicines belong with a clinician who knows the person."
)

_BOX = (
    "<div role='note' style='border-left:6px solid {colour};background:{fill};padding:0.6em 1em;"
    f"margin:0.6em 0;font-size:15px;line-height:1.45;color:{v.PAGE_TEXT};max-width:900px'>"
    "{body}</div>"
)


def course_css():
    """The course's page styles (focus rings, chosen-option emphasis) as a displayable script."""
    from IPython.display import Javascript

    return Javascript(course_css_script())


def disclaimer() -> HTML:
    return HTML(_BOX.format(colour=v.GREY_DARK, fill=v.GREY_BAND, body=DISCLAIMER))


def _link(url: str, text: str) -> str:
    """An <a> element, escaped for its attribute and its text. Only https addresses become links:
    validation rejects anything else, and this holds even if a bad value got past it."""
    if not url.lower().startswith("https://"):
        return html.escape(text)
    # quotes, spaces and angle brackets percent-encoded: the address cannot end its attribute
    address = quote(url, safe="%:/?#[]@!$&()*+,;=~-._")
    return f'<a href="{html.escape(address, quote=True)}">{html.escape(text)}</a>'


def reference_link(course: CourseData, ref_id: str) -> str:
    """One reference as HTML: authors, title, journal, year; DOI/PMID as links."""
    r = course.reference(ref_id)
    parts = [f"{html.escape(str(r['authors']))} {html.escape(str(r['title']))}."]
    where = f"<i>{html.escape(str(r['journal']))}</i> {html.escape(str(r['year']))}"
    if r["volume"]:
        where += f";{html.escape(str(r['volume']))}"
    if r["pages"]:
        where += f":{html.escape(str(r['pages']))}"
    parts.append(where + ".")
    doi, pmid, url = str(r["doi"]), str(r["pmid"]), str(r["url"])
    if doi:
        # percent-encode what a URL path cannot hold (a DOI may contain <, >, # or spaces)
        parts.append(_link(f"https://doi.org/{quote(doi, safe='/:;()[]._-')}", f"doi:{doi}"))
    if pmid:
        parts.append(
            _link(f"https://pubmed.ncbi.nlm.nih.gov/{quote(pmid, safe='')}/", f"PMID {pmid}")
        )
    if not doi and not pmid and url:
        parts.append(_link(url, url))
    return " ".join(parts)


def claim_box(course: CourseData, claim_id: str) -> str:
    claims = course.claims.set_index("claim_id")
    if claim_id not in claims.index:
        raise ValueError(f"no claim {claim_id!r} in claims.csv")
    c = claims.loc[claim_id]
    sources = "; ".join(course.short_citations[i] for i in split_ids(c["sources"]))
    body = (
        f"<div style='font-weight:bold'>Claim vs evidence: {html.escape(c['topic'])}</div>"
        f"<div><b>The source article says:</b> “{html.escape(c['article_claim'])}”</div>"
        f"<div><b>Verdict:</b> {html.escape(c['verdict'])} ✗</div>"
        f"<div><b>What the evidence shows:</b> {html.escape(c['correction'])}</div>"
        f"<div style='font-size:13px'>Sources: {html.escape(sources)}</div>"
    )
    return _BOX.format(colour=v.VERMILLION, fill=v.VERMILLION_PALE, body=body)


def claims(course: CourseData, lesson: str | None = None, ids: Iterable[str] = ()) -> HTML:
    """Claim-vs-evidence boxes: the given ids, or every claim filed under `lesson`."""
    chosen = list(ids)
    if not chosen and lesson:
        chosen = list(course.claims.loc[course.claims["lesson"] == lesson, "claim_id"])
    return HTML("".join(claim_box(course, claim_id) for claim_id in chosen))


class FigureWithDescription:
    """A figure followed by its text alternative, as a visible paragraph.

    In a kernel it is drawn by the course's `Chart` widget (which writes the description under
    it); on the static site, where no kernel draws widgets, as a plain figure and a paragraph.
    """

    def __init__(self, fig):
        self.fig = fig

    def _ipython_display_(self) -> None:
        from IPython.display import display

        from .figures import alt_html, use_course_mode_bar
        from .widgets import Chart, static_mode

        if static_mode():
            use_course_mode_bar()
            display(self.fig)
            display(HTML(alt_html(self.fig)))
        else:
            display(Chart(self.fig))


def figure(fig) -> FigureWithDescription:
    """Show a figure from `figures` with its description under it (every figure has one)."""
    return FigureWithDescription(fig)


def effect_key() -> HTML:
    """The key to the effect colours, symbols and words used by every chart."""
    rows = "".join(
        f"<tr><td style='background:{e.colour};color:{e.text_colour};text-align:center;"
        f"padding:4px 10px;border:1px solid {v.GREY_MID}'>{html.escape(e.symbol)}</td>"
        f"<td style='padding:4px 10px'><b>{html.escape(e.label)}</b></td>"
        f"<td style='padding:4px 10px'>{html.escape(e.meaning)}</td></tr>"
        for e in v.EFFECTS.values()
    )
    return HTML(
        "<table style='font-size:15px;border-collapse:collapse' aria-label='Key to effects'>"
        "<thead><tr><th>symbol</th><th>effect</th><th>what it means</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def glossary(lesson: str) -> Markdown:
    """The lesson's glossary as a Markdown table."""
    from . import quiz

    return Markdown(quiz.glossary_markdown(lesson))


def sources_for(course: CourseData, lesson: str) -> list[str]:
    """Every reference a lesson relies on: the sources of the tables its notebook's metadata names
    (the catalogue) and of its claims."""
    tables = catalogue.lesson(lesson).tables
    claims = course.claims[course.claims["lesson"] == lesson]
    extra = [i for cell in claims["sources"] for i in split_ids(cell)]
    return cited_ids(course, tables, extra)


def citation_claims(course: CourseData) -> list[str]:
    """Ids of the claims about the article's own reference list (wrong or unfindable citations)."""
    verdicts = course.claims["verdict"].isin(["wrong citation", "citation not found"])
    return list(course.claims.loc[verdicts, "claim_id"])


def cited_ids(course: CourseData, tables: Iterable[str] = (), extra: Iterable[str] = ()) -> list:
    """Every reference id cited by the named tables (plus extra ids), in first-seen order."""
    ids: dict[str, None] = {}
    for name in tables:
        for cell in getattr(course, name)["sources"]:
            ids.update(dict.fromkeys(split_ids(cell)))
    ids.update(dict.fromkeys(extra))
    return list(ids)


def references(course: CourseData, ids: Iterable[str]) -> HTML:
    """A numbered reference list with DOI / PubMed links, sorted by first author."""
    unique = sorted(set(ids), key=lambda i: str(course.reference(i)["authors"]).lower())
    items = "".join(f"<li>{reference_link(course, i)}</li>" for i in unique)
    return HTML(f"<ol style='font-size:14px;line-height:1.5;max-width:900px'>{items}</ol>")
