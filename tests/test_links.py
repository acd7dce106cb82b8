"""Binder and nbgitpuller links: exact, reversible, complete, and clear about bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from serm_lessons.authoring import links

REPO = Path(__file__).resolve().parents[1]
HUB = "https://hub.example.edu"

EXPECTED = {
    "notebooks/01-fundamentals.ipynb": (
        "https://mybinder.org/v2/gh/o/n/main?urlpath=lab%2Ftree%2Fnotebooks%2F01-fundamentals.ipynb",
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fn"
        "&branch=main&urlpath=lab%2Ftree%2Fn%2Fnotebooks%2F01-fundamentals.ipynb",
    ),
    "notebooks/02-intermediate.ipynb": (
        "https://mybinder.org/v2/gh/o/n/main?urlpath=lab%2Ftree%2Fnotebooks%2F02-intermediate.ipynb",
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fn"
        "&branch=main&urlpath=lab%2Ftree%2Fn%2Fnotebooks%2F02-intermediate.ipynb",
    ),
    "notebooks/03-academic.ipynb": (
        "https://mybinder.org/v2/gh/o/n/main?urlpath=lab%2Ftree%2Fnotebooks%2F03-academic.ipynb",
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fn"
        "&branch=main&urlpath=lab%2Ftree%2Fn%2Fnotebooks%2F03-academic.ipynb",
    ),
    "notebooks/04-beyond-serms.ipynb": (
        "https://mybinder.org/v2/gh/o/n/main?urlpath=lab%2Ftree%2Fnotebooks%2F04-beyond-serms.ipynb",
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fn"
        "&branch=main&urlpath=lab%2Ftree%2Fn%2Fnotebooks%2F04-beyond-serms.ipynb",
    ),
    "notebooks/dashboard.ipynb": (
        "https://mybinder.org/v2/gh/o/n/main?urlpath=voila%2Frender%2Fnotebooks%2Fdashboard.ipynb",
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fn"
        "&branch=main&urlpath=lab%2Ftree%2Fn%2Fnotebooks%2Fdashboard.ipynb",
    ),
}


def test_exact_links_for_a_known_repository():
    rows = links.course_links("o/n", "main", HUB)
    assert {path: (binder, hub) for _title, path, binder, hub in rows} == EXPECTED


def test_without_a_hub_only_binder_links_are_made():
    rows = links.course_links("o/n")
    assert [hub for *_rest, hub in rows] == [None] * len(rows)
    assert [binder for _t, _p, binder, _h in rows] == [b for b, _h in EXPECTED.values()]


@pytest.mark.parametrize("page", links.PAGES, ids=lambda p: p.stem)
def test_links_decode_back_to_the_notebook(page):
    repo, ref = "some-org/serm.lessons_2", "release/2026-autumn"
    binder = urlsplit(links.binder_url(repo, ref, page.path, lab=not page.voila))
    assert binder.scheme == "https" and binder.netloc == "mybinder.org"
    owner_name_ref = binder.path.removeprefix("/v2/gh/").split("/")
    assert owner_name_ref[:2] == ["some-org", "serm.lessons_2"]
    assert unquote(owner_name_ref[2]) == ref and len(owner_name_ref) == 3
    app = "voila/render" if page.voila else "lab/tree"
    assert parse_qs(binder.query) == {"urlpath": [f"{app}/{page.path}"]}

    hub = urlsplit(links.nbgitpuller_url(HUB + "/", repo, ref, page.path))
    assert hub.netloc == "hub.example.edu" and hub.path == "/hub/user-redirect/git-pull"
    assert parse_qs(hub.query) == {
        "repo": ["https://github.com/some-org/serm.lessons_2"],
        "branch": [ref],
        "urlpath": [f"lab/tree/serm.lessons_2/{page.path}"],  # cloned into a folder named NAME
    }


def test_a_hub_under_a_path_prefix_keeps_it():
    url = links.nbgitpuller_url("https://uni.example.edu/jupyter/", "o/n", "main", "a.ipynb")
    assert url.startswith("https://uni.example.edu/jupyter/hub/user-redirect/git-pull?repo=")
    assert links.nbgitpuller_url("http://localhost:8000", "o/n", "main", "a.ipynb").startswith(
        "http://localhost:8000/hub/"
    )


def test_every_notebook_of_the_course_has_links():
    on_disk = sorted(f"notebooks/{p.name}" for p in (REPO / "notebooks").glob("*.ipynb"))
    assert sorted(path for _title, path, *_ in links.course_links("o/n")) == on_disk


@pytest.mark.parametrize("page", links.LESSONS, ids=lambda p: p.stem)
def test_lesson_titles_and_times_match_the_notebooks(page):
    notebook = json.loads((REPO / page.path).read_text(encoding="utf-8"))
    assert notebook["metadata"]["title"] == page.title
    first_cell = "".join(notebook["cells"][0]["source"])
    assert re.search(rf"about {page.minutes} minutes", first_cell)


@pytest.mark.parametrize(
    ("repo", "hint"),
    [
        ("", "no repository"),
        ("serm-lessons", "not OWNER/NAME"),
        ("a/b/c", "not OWNER/NAME"),
        ("https://github.com/o/n", "looks like a URL"),
        ("github.com/o/n", "looks like a URL"),
        ("o/n.git", "leave off '.git'"),
        ("o w/n", "owner 'o w'"),
        ("o/n;rm", "name 'n;rm'"),
        ("o/..", "name '..'"),
    ],
)
def test_bad_repositories_are_explained(repo, hint):
    with pytest.raises(ValueError) as error:
        links.course_links(repo)
    message = str(error.value)
    assert (
        hint in message
        and "OWNER/NAME" in message
        and "e.g. 'serm-lessons/serm-lessons'" in message
    )


@pytest.mark.parametrize("ref", ["", "my branch", "a..b", "-main", "main/", "x.lock", "a~1", "a:b"])
def test_bad_refs_are_explained(ref):
    with pytest.raises(ValueError, match=r"branch, tag or commit, e\.g\. 'main'"):
        links.course_links("o/n", ref)


@pytest.mark.parametrize(
    ("hub", "hint"),
    [
        ("hub.example.edu", "not a web address"),
        ("ftp://hub.example.edu", "not a web address"),
        ("http://hub.example.edu", "unencrypted"),
        ("https://hub.example.edu/?next=x", "query"),
        ("https://hub.example.edu/#top", "query"),
        ("https://hub.example.edu/hub/home", "base address"),
        ("https://me:secret@hub.example.edu", "password"),
    ],
)
def test_bad_hubs_are_explained(hub, hint):
    with pytest.raises(ValueError) as error:
        links.course_links("o/n", "main", hub)
    assert hint in str(error.value) and "e.g. 'https://hub.example.edu'" in str(error.value)


def test_markdown_table_lists_every_page():
    table = links.links_markdown("o/n", "main", HUB)
    rows = [line for line in table.splitlines() if line.startswith("| **")]
    assert [row.split("**")[1] for row in rows] == [page.title for page in links.PAGES]
    for binder, hub in EXPECTED.values():
        assert f"]({binder})" in table and f"]({hub})" in table


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, cwd=REPO, timeout=60
    )


def test_cli_prints_the_links():
    """Needs the `links` subcommand wired into serm_lessons/authoring/cli.py."""
    result = _run("serm_lessons", "links", "--repo", "o/n", "--ref", "main", "--hub", HUB)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == links.links_markdown("o/n", "main", HUB)
    for binder, hub in EXPECTED.values():
        assert binder in result.stdout and hub in result.stdout


def test_cli_explains_a_bad_argument():
    result = _run("serm_lessons", "links", "--repo", "https://github.com/o/n")
    assert result.returncode == 2
    assert "error:" in result.stderr and "OWNER/NAME" in result.stderr
    assert result.stdout == ""


def test_one_command_line_offers_every_tool():
    """validate, links and site are subcommands of the one entry point (authoring/cli.py)."""
    result = _run("serm_lessons", "--help")
    assert result.returncode == 0, result.stderr
    assert all(command in result.stdout for command in ("validate", "links", "site"))
    site_help = _run("serm_lessons", "site", "--help")
    assert site_help.returncode == 0, site_help.stderr
    assert site_help.stdout.startswith("usage: python -m serm_lessons site")
    assert "--show-code" in site_help.stdout and "--notebooks" in site_help.stdout
    wrong = _run("serm_lessons", "links", "--repo", "o/n", "--no-such-option")
    assert wrong.returncode == 2 and "unrecognized arguments: --no-such-option" in wrong.stderr


def test_the_console_script_is_the_same_command_line():
    """pyproject's `serm-lessons` script points at the same main as `python -m serm_lessons`."""
    import tomllib

    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    target = pyproject["project"]["scripts"]["serm-lessons"]
    assert target == "serm_lessons.authoring.cli:main"
    script = Path(sys.executable).with_name("serm-lessons")
    assert script.exists() or os.environ.get("CI") != "true", "make install writes the script"
    if script.exists():  # installed by `make install` (pip install -e)
        result = subprocess.run(
            [str(script), "links", "--repo", "o/n"], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        assert EXPECTED["notebooks/01-fundamentals.ipynb"][0] in result.stdout
