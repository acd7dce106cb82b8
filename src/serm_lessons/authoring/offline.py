"""What a page would fetch from the network by itself: the check behind the offline promise.

The static site and the slide decks must open from a USB stick or ``file://`` with no network, so
after export every page is read for the addresses a browser loads without a click (scripts, style
sheets, fonts, images, frames, CSS ``url()`` and ``@import``); any http(s) or protocol-relative
address fails the build, naming it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _ResourceFinder(HTMLParser):
    """Collects every address a browser would fetch by itself (not links a reader clicks)."""

    FETCHING = {
        "script": ("src",),
        "link": ("href",),
        "img": ("src", "srcset"),
        "iframe": ("src",),
        "source": ("src", "srcset"),
        "video": ("src", "poster"),
        "audio": ("src",),
        "embed": ("src",),
        "object": ("data",),
        "input": ("src",),
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in self.FETCHING.get(tag, ()):
            value = (values.get(name) or "").strip()
            if _is_remote(value):
                self.found.append(f"<{tag} {name}={value}>")
        self.found += [f"<{tag} style=... {u}>" for u in _css_urls(values.get("style") or "")]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += [f"<style> {u}" for u in _css_urls(data)]


def _is_remote(address: str) -> bool:
    """http://, https:// or protocol-relative //; each candidate of a srcset is checked."""
    return any(re.match(r"^(https?:)?//", part.strip(), re.I) for part in address.split(","))


def _css_urls(css: str) -> list[str]:
    urls = re.findall(r"url\(\s*[\"']?([^\"')]+)", css, re.I)
    urls += re.findall(r"@import\s+[\"']([^\"']+)", css, re.I)
    return [u for u in urls if _is_remote(u)]


def external_resources(page: str) -> list[str]:
    """Every http(s) address the page would load without a click (scripts, styles, fonts, images)."""
    finder = _ResourceFinder()
    finder.feed(page)
    finder.close()
    return finder.found
