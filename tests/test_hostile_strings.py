"""No markup from the data reaches a learner's page: every value is escaped for where it lands.

Hostile strings go into every free-text column of every table of a data copy (they are legal
text, so validation accepts them), and, built directly, into the columns validation guards (DOI,
PMID, URL) and with invisible characters validation rejects, as if a bad value had got past it.
Then every table, claim box, reference list, glossary, quiz question and figure (its plotly text,
`fig.to_html` and its description) is rendered and parsed: no element or attribute may come from
the data, every link must stay an https link, and the hostile text must still be there, as text.
"""

from __future__ import annotations

import dataclasses
import html
import re
from html.parser import HTMLParser

import plotly.io as pio
import pytest

from serm_lessons import (
    catalogue,
    citations,
    data,
    figures,
    hpg,
    lesson,
    quiz,
    tables,
)
from serm_lessons.authoring import site
from serm_lessons.authoring.links import LESSONS
from serm_lessons.figures import beyond as figures_beyond
from serm_lessons.figures import pharm as pharm_figures
from serm_lessons.figures import structure as figures_structure
from serm_lessons.schema import BLANK_MESSAGE, SCRIPT_URL_MESSAGE, TABLES, Known

LONG = "L" * 20_000 + " <i>long"
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "<b>bold</b><a href='javascript:alert(1)'>click</a>",
    "</script><script>alert(2)</script>",
    "&lt;b&gt;already escaped&lt;/b&gt; & <span style='color:red'>red</span>",
    "%{x} {0} ${y} [click](javascript:alert(1)) *em* | pipe",
    LONG,
]
# What validation lets through as text: everything but script addresses (those are rejected, and
# reach the renderers only in the `forged` course below).
HOSTILE_TEXT = [h for h in HOSTILE if not citations.has_script_url(h)]
INVISIBLE = ["\u202eevil\u202c right-to-left", "zero\u200bwidth\u200djoin\ufeff", "\u2066iso\u2069"]
# Parts of the hostile strings that must never appear as markup (checked on the raw output).
RAW_MARKERS = ["<script>alert", "<img", "<a href='javascript", "<span style='color:red"]


def free_text_columns(table) -> list[str]:
    """Columns with no rule beyond 'required' (and the no-script-address rule every cell has):
    the data's free text."""
    schema = table.schema(Known()).columns
    return [
        name
        for name, column in schema.items()
        if not {c.error for c in column.checks} - {BLANK_MESSAGE, SCRIPT_URL_MESSAGE}
    ]


def hostile_value(column_index: int, distinct_index: int, strings=HOSTILE) -> str:
    return f"{strings[(column_index + distinct_index) % len(strings)]} #{distinct_index}"


def make_hostile(frame, columns, strings=HOSTILE):
    """Each distinct value gets a distinct hostile prefix, so keys and pairings still hold, and so
    does what a cross-column rule reads in the original text (e.g. an FDA application number)."""
    out = frame.copy()
    for ci, column in enumerate(columns):
        mapping = {
            v: f"{hostile_value(ci, k, strings)} {v}"
            for k, v in enumerate(dict.fromkeys(out[column]))
        }
        out[column] = out[column].map(lambda v, m=mapping: m[v] if v != "" else v)
    return out


@pytest.fixture(scope="module")
def hostile_copy(tmp_path_factory):
    """A data copy with hostile text in every free-text column, loaded through validation."""
    import shutil

    root = tmp_path_factory.mktemp("hostile") / "data"
    root.mkdir()
    for csv_file in data.default_data_dir().glob("*.csv"):
        shutil.copy(csv_file, root / csv_file.name)
    for table in TABLES:
        frame, problems = data.read_csv_table(root / table.file, table)
        assert frame is not None, problems
        frame = make_hostile(frame, free_text_columns(table), HOSTILE_TEXT)
        frame.to_csv(root / table.file, index=False, lineterminator="\n")
    return root


@pytest.fixture(scope="module")
def course(hostile_copy) -> data.CourseData:
    loaded, problems = data.validate(hostile_copy)
    assert not problems, problems[:5]
    return loaded


@pytest.fixture(scope="module")
def forged(course) -> data.CourseData:
    """Values validation would reject, built directly: bad DOIs, URLs, PMIDs, invisible text."""
    refs = course.references.copy()
    bad_doi = ["10.1000/x'onmouseover='alert(1)", '10.1/"><script>alert(1)</script>', "10.1/a b<c"]
    bad_url = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "https://x/'a"]
    refs["doi"] = [bad_doi[i % 3] if i % 4 else "" for i in range(len(refs))]
    refs["pmid"] = ["1' onclick='x" if i % 3 == 0 else "" for i in range(len(refs))]
    refs["url"] = [bad_url[i % 3] for i in range(len(refs))]
    changed = {"references": refs}
    for table in TABLES:
        frame = changed.get(table.name, getattr(course, table.name))
        changed[table.name] = make_hostile(frame, free_text_columns(table), INVISIBLE + HOSTILE)
    return dataclasses.replace(course, **changed)


# --- checking rendered output --------------------------------------------------------------------

SAFE_TAGS = {"table", "caption", "thead", "tbody", "tr", "th", "td", "div", "b", "i", "a"}
SAFE_TAGS |= {"ol", "ul", "li", "p", "span", "br", "nav", "main", "footer", "h1", "h2"}
SAFE_TAGS |= {"em", "strong"}
SAFE_ATTRIBUTES = {"style", "scope", "class", "role", "href", "aria-label", "aria-current"}
SAFE_ATTRIBUTES |= {"data-effect"}  # the comparison table's effect word, from the vocabulary


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def assert_safe_html(markup: str, what: str, allowed_tags=SAFE_TAGS) -> str:
    """Only the course's own elements and attributes; https links only. Returns the page text."""
    for marker in RAW_MARKERS:
        assert marker not in markup, f"{what}: raw {marker!r} in the output"
    parser = Elements()
    parser.feed(markup)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in allowed_tags, f"{what}: <{tag}> from the data"
        for name, value in attrs.items():
            assert name in SAFE_ATTRIBUTES, f"{what}: <{tag} {name}=...> from the data"
            if name == "href":
                assert re.fullmatch(r"https://[^\s\"'<>]+", value or ""), f"{what}: href {value!r}"
    return "".join(parser.text)


PLOTLY_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]*)([^>]*)>")
PLOTLY_OWN_MARKUP = {"b", "i", "br", "span", "extra"}  # <extra> only in hovertemplate


def plotly_texts(node, path=""):
    """Every string in a figure that plotly draws as text (its description in meta is plain)."""
    if isinstance(node, dict):
        for key, value in node.items():
            # meta (and a menu's "meta.alt" update) is plain text: the page writes it as text
            if key not in ("meta", "customdata") and not str(key).startswith("meta."):
                yield from plotly_texts(value, f"{path}.{key}")
    elif isinstance(node, list | tuple):
        for item in node:
            yield from plotly_texts(item, path)
    elif isinstance(node, str):
        yield path, node


def assert_safe_figure(fig, what: str) -> None:
    spec = fig.to_plotly_json()
    for path, text in plotly_texts(spec):
        for _close, tag, attributes in PLOTLY_TAG.findall(text):
            where = f"{what} {path}: {text[:120]!r}"
            assert tag.lower() in PLOTLY_OWN_MARKUP, f"{where}: <{tag}> reaches plotly"
            assert attributes.strip() in ("", "style='font-size:12px'"), where
        for marker in RAW_MARKERS:
            assert marker not in text, f"{what} {path}: raw {marker!r}"
    page = fig.to_html(include_plotlyjs=False, full_html=False)
    parser = Elements()
    parser.feed(page)
    assert [t for t, _ in parser.tags] == ["div", "div", "script"], f"{what}: to_html broke out"
    assert "<script>alert" not in page and "<img" not in page
    assert_safe_html(figures.alt_html(fig), f"{what} description")


def every_figure(course: data.CourseData):
    serms = list(course.serms["serm"])
    yield "receptor chart", figures.receptor_chart(course)
    yield "receptor chart (course tissues, log)", figures.receptor_chart(course, "ERβ", True, True)
    yield "effect matrix", figures.effect_matrix(course, highlight=serms[0])
    yield "body map with menu", figures.body_map_with_menu(course, serms[0])
    for serm in serms:
        yield f"body map {serm}", figures.body_map(course, serm)
        yield f"mechanism {serm}", figures.mechanism_figure(course, serm, "bone")
    yield "forest plot", figures.forest_plot(course)
    yield "binding chart", pharm_figures.binding_affinity_chart(course)
    yield "metabolism diagram", pharm_figures.metabolism_diagram(course)
    yield "endocrine map", figures_beyond.endocrine_map(course)
    yield "esr1 prevalence", figures_beyond.prevalence_chart(course)
    yield "esr1 mutation sites", figures_beyond.mutation_structure(course)
    yield "structure explorer", figures_structure.structure_explorer(course)
    agents = ["clomiphene", "anastrozole"]
    yield "hpg", figures.hpg_figure(hpg.relative_change(agents), agents, course)
    yield "pk", figures.pk_figure(course, serms)
    yield "measured changes", figures.measured_changes(course)


def every_html(course: data.CourseData):
    serms = list(course.serms["serm"])
    yield "agents table", tables.agents(course)
    yield "hpg evidence table", tables.hpg_evidence(course)
    for other in serms[1:]:
        yield f"comparison {other}", tables.comparison(course, serms[0], other)
    yield "systemic table", tables.systemic(course)
    yield "systemic table, one drug", tables.systemic(course, [serms[0]])
    yield "trial rates table", tables.trial_rates(course)
    yield "safety table", tables.safety(course)
    yield "safety rates table", tables.safety_rates(course)
    yield "endocrine table", figures_beyond.endocrine_table(course).data
    yield "structure facts", figures_structure.facts_table(course).data
    for name in catalogue.slugs():
        yield f"claims {name}", lesson.claims(course, name).data
        yield f"references {name}", lesson.references(course, lesson.sources_for(course, name)).data
    yield "all references", lesson.references(course, course.references["id"]).data
    yield "effect key", lesson.effect_key().data


@pytest.mark.parametrize("which", ["validated", "forged"])
def test_no_markup_from_the_data_reaches_tables_claims_and_references(which, request):
    course = request.getfixturevalue("course" if which == "validated" else "forged")
    shown = ""
    for what, markup in every_html(course):
        shown += assert_safe_html(str(markup), f"{which} {what}")
    # the hostile text is shown to the reader, as text
    assert "<script>alert(1)</script>" in shown and '"><img src=x onerror=alert(1)>' in shown


@pytest.mark.parametrize("which", ["validated", "forged"])
def test_no_markup_from_the_data_reaches_a_figure(which, request):
    course = request.getfixturevalue("course" if which == "validated" else "forged")
    for what, fig in every_figure(course):
        assert_safe_figure(fig, f"{which} {what}")


def test_hostile_text_is_shown_as_text_in_hover_labels(course):
    fig = figures.body_map(course, "tamoxifen")
    hover = " ".join(fig.data[0].hovertext)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hover


def test_a_metabolite_named_in_the_data_is_escaped_in_the_pk_chart():
    """The metabolite's line is drawn only where its name pairs serms.csv with a measured level
    in tamoxifen_concentrations.csv, which the hostile copy's separate prefixes never do: here
    one hostile name is given to both, as an instructor's own data would pair them."""
    shipped = data.load()
    original = shipped.serms.set_index("serm").at["tamoxifen", "metabolite"]
    name = "<img src=x onerror=alert(1)> 100%{y} " + original
    serms = shipped.serms.replace({"metabolite": {original: name}})
    levels = shipped.tamoxifen_concentrations.replace({"compound": {original: name}})
    course = dataclasses.replace(shipped, serms=serms, tamoxifen_concentrations=levels)
    fig = figures.pk_figure(course, ["tamoxifen"])
    metabolite = [t for t in fig.data if t.meta and t.meta.get("metabolite") == name]
    assert len(metabolite) == 1, "the metabolite line was not drawn"
    assert_safe_figure(fig, "pk with a hostile metabolite name")
    assert "&lt;img src=x onerror=alert(1)&gt; 100&#37;{y}" in metabolite[0].hovertemplate


def test_links_from_forged_identifiers_stay_inert(forged):
    for ref_id in forged.references["id"]:
        markup = lesson.reference_link(forged, ref_id)
        assert_safe_html(markup, ref_id)  # every href is https, no attribute from the data
        parser = Elements()
        parser.feed(markup)
        for _tag, attrs in parser.tags:
            assert not re.search(r"javascript:|data:", attrs.get("href", ""), re.I), markup


def test_the_reported_injection_stays_inside_its_attribute(course):
    refs = course.references.copy()
    refs.loc[0, "doi"] = "10.1000/x'onmouseover='alert(1)"
    markup = lesson.reference_link(dataclasses.replace(course, references=refs), refs.at[0, "id"])
    parser = Elements()
    parser.feed(markup)
    links = [attrs for tag, attrs in parser.tags if tag == "a"]
    # one attribute, the link, with the quotes and '=' percent-encoded inside it
    assert links[0] == {"href": "https://doi.org/10.1000/x%27onmouseover%3D%27alert(1)"}


def test_invisible_characters_are_rejected_by_validation(data_copy):
    for n, char in enumerate(["\u202e", "\u200b", "\ufeff", "\x00"]):

        def add(header, rows, char=char):
            rows[0]["evidence"] = "acts " + char + "here"

        data_copy.edit("tissue_effects", add)
        _, problems = data.validate(data_copy.root)
        assert [(p.file, p.row, p.column) for p in problems] == [
            ("tissue_effects.csv", 2, "evidence")
        ], (n, problems)
        assert f"U+{ord(char):04X}" in problems[0].message


def test_hostile_strings_pass_validation_as_text(course):
    assert (course.claims["topic"].str.contains("<script>")).any()
    assert (course.serms["name"].str.len() > 20_000).any()


def test_glossary_and_quiz_escape_their_text(monkeypatch):
    entries = [
        {"term": term, "definition": definition, "lessons": ["fundamentals"]}
        for term, definition in zip(HOSTILE, reversed(HOSTILE))
    ]
    monkeypatch.setattr(quiz, "_load_glossary", lambda: entries)
    markdown = quiz.glossary_markdown("fundamentals")
    for marker in RAW_MARKERS:
        assert marker not in markdown
    assert "](javascript" not in markdown.replace("\\](", "")
    rendered = _markdown_to_html(markdown)
    assert_safe_html(rendered, "glossary", SAFE_TAGS | {"strong"})
    question = {
        "question": HOSTILE[0],
        "type": "multiple_choice",
        "answers": [
            {"answer": HOSTILE[1], "correct": True, "feedback": HOSTILE[2]},
            {"answer": HOSTILE[3], "correct": False, "feedback": HOSTILE[4]},
        ],
    }
    shown = quiz.for_display(question)
    for text in [shown["question"]] + [
        a[k] for a in shown["answers"] for k in ("answer", "feedback")
    ]:
        assert_safe_html(text, "quiz")
        assert "<" not in text and ">" not in text


def _markdown_to_html(markdown: str) -> str:
    """How the static site renders a Markdown output (nbconvert's own Markdown renderer)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(markdown)


def test_static_site_page_keeps_hostile_outputs_inert(forged):
    """A lesson page built from hostile outputs: the exported page holds no markup from the data."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": str(markup)})
        for _, markup in every_html(forged)
    ]
    fig = figures.body_map_with_menu(forged, "tamoxifen")
    chart = pio.to_html(fig, include_plotlyjs=False, full_html=False)  # as the site writes it
    outputs.append(nbformat.v4.new_output("display_data", data={"text/html": chart}))
    outputs.append(
        nbformat.v4.new_output(
            "display_data", data={"text/markdown": quiz.glossary_markdown("academic")}
        )
    )
    nb.cells.append(nbformat.v4.new_code_cell("show()", outputs=outputs))
    page = site.export_lesson(nb, LESSONS[0])
    body = page.split("<body", 1)[1]
    for marker in RAW_MARKERS:
        assert marker not in body, marker
    parser = Elements()
    parser.feed(body)
    for tag, attrs in parser.tags:
        assert tag not in ("img", "iframe", "object", "embed"), tag
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        href = attrs.get("href") or ""
        assert href == "" or re.fullmatch(r"https://[^\s\"'<>]+|[\w-]+\.html|#[\w-]*", href), href
    assert html.escape("<script>alert(1)</script>") in body
