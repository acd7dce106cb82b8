"""Readability of lesson prose: Flesch-Kincaid grade level, with syllables from pyphen's dictionaries.

Used by the tests to keep each lesson plainer than the source article's matching section. pyphen
ships its hyphenation dictionaries, so nothing is downloaded (readability packages that fetch
pronunciation corpora at run time do not work offline).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’][A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n\s*\n|\n\s*[-*\d]+[.)]?\s")


@cache
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    """Syllables in a word: hyphenation points + 1 (a standard approximation)."""
    return max(1, len(_hyphenator().positions(word.lower())) + 1)


def prose_from_markdown(markdown: str) -> str:
    """Drop what is not running prose: tables, headings, code, HTML tags, link targets, emphasis."""
    keep = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith(("|", "#", "```", "<")):
            continue
        keep.append(line)
    text = "\n".join(keep)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_]", "", text)


def grade_level(text: str) -> float:
    """Flesch-Kincaid grade: 0.39 words/sentence + 11.8 syllables/word - 15.59."""
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    words = _WORD.findall(text)
    if not words or not sentences:
        raise ValueError("no prose to measure")
    n_syllables = sum(syllables(w) for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * n_syllables / len(words) - 15.59


def notebook_prose(path: Path) -> str:
    """The running prose of a notebook's Markdown cells."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = [c for c in notebook["cells"] if c["cell_type"] == "markdown"]
    return "\n\n".join(prose_from_markdown("".join(c["source"])) for c in cells)


def article_sections(text: str) -> dict[str, str]:
    """Split the source article at its level headings (Fundamentals, Intermediate, Academic)."""
    parts = re.split(r"^(Fundamentals|Intermediate|Academic)\s*$", text, flags=re.MULTILINE)
    sections = dict(zip(parts[1::2], parts[2::2]))
    if "Academic" in sections:  # the article's reference list is not prose
        sections["Academic"] = sections["Academic"].split("\nReferences")[0]
    return {name.lower(): body for name, body in sections.items()}
