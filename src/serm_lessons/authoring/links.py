"""Links that open the course with nothing installed: Binder and a JupyterHub (nbgitpuller).

    python -m serm_lessons links --repo OWNER/NAME [--ref main] [--hub https://hub.example.edu]

prints a Markdown table with, for each lesson and the classroom dashboard, a Binder link (anyone,
free, no account; the first start builds the environment and can take several minutes) and, given a
hub, an nbgitpuller link (your institution's JupyterHub: it clones or updates the course in each
student's home folder, then opens the lesson).

URL conventions, as the projects document them:

* Binder: ``https://mybinder.org/v2/gh/OWNER/NAME/REF?urlpath=PATH``, where PATH is a path on the
  started Jupyter server: ``lab/tree/notebooks/<file>`` opens a lesson in JupyterLab and
  ``voila/render/notebooks/dashboard.ipynb`` runs the dashboard in Voilà (Voilà must then be in the
  Binder environment, environment.yml).
* nbgitpuller: ``HUB/hub/user-redirect/git-pull?repo=<git URL>&branch=REF&urlpath=PATH``. The
  repository is cloned into a folder named after it, so PATH must start with that folder:
  ``lab/tree/NAME/notebooks/<file>`` (see nbgitpuller's "Options in an nbgitpuller URL").

Nothing here touches the network: the links are only built and printed.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from .. import catalogue

BINDER = "https://mybinder.org"
EXAMPLE_REPO = "serm-lessons/serm-lessons"
EXAMPLE_HUB = "https://hub.example.edu"


@dataclass(frozen=True)
class Page:
    """One notebook of the course, as the links and the static site list it."""

    title: str
    path: str  # relative to the repository root
    summary: str
    minutes: int | None = None
    voila: bool = False  # open with Voilà on Binder (a dashboard), not JupyterLab

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".ipynb")


# The lessons, as the catalogue reads them from the notebooks' metadata.
LESSONS = tuple(
    Page(lesson.title, lesson.path, lesson.summary, lesson.minutes)
    for lesson in catalogue.lessons()
)
DASHBOARD = Page(
    "Classroom dashboard",
    "notebooks/dashboard.ipynb",
    "For the projector: the SERM explorer, the receptor chart, the HPG axis and the "
    "long-term-effects table, with no code on screen (Voilà).",
    voila=True,
)
PAGES = (*LESSONS, DASHBOARD)

# GitHub: owner (user or organisation) and repository names use letters, digits, '-', '_', '.'.
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
# What `git check-ref-format` forbids in a branch or tag name (plus whitespace).
_BAD_REF_CHARS = re.compile(r"[\s~^:?*\[\\\x00-\x1f\x7f]")


def check_repo(repo: str) -> tuple[str, str]:
    """'OWNER/NAME' -> (owner, name); ValueError saying what is expected otherwise."""
    expected = (
        f"the GitHub repository must be given as OWNER/NAME, e.g. {EXAMPLE_REPO!r} "
        "(letters, digits, '-', '_' and '.' only)"
    )
    if not isinstance(repo, str) or not repo.strip():
        raise ValueError(f"no repository given: {expected}")
    if "://" in repo or repo.startswith(("github.com", "git@")):
        raise ValueError(f"{repo!r} looks like a URL: {expected}, not the full address")
    parts = repo.split("/")
    if len(parts) != 2:
        raise ValueError(f"{repo!r} is not OWNER/NAME: {expected}")
    owner, name = parts
    for label, part in (("owner", owner), ("name", name)):
        if not _NAME.match(part) or part in {".", ".."}:
            raise ValueError(f"{repo!r}: the {label} {part!r} is not allowed: {expected}")
    if name.endswith(".git"):
        raise ValueError(f"{repo!r}: leave off '.git': {expected}")
    return owner, name


def check_ref(ref: str) -> str:
    """A branch, tag or commit: non-empty, no spaces or characters git forbids in a ref."""
    example = "e.g. 'main', 'v1.0' or a commit hash"
    if not isinstance(ref, str) or not ref:
        raise ValueError(f"no git ref given: name a branch, tag or commit, {example}")
    if (
        _BAD_REF_CHARS.search(ref)
        or ".." in ref
        or ref.startswith(("-", "/"))
        or ref.endswith(("/", ".", ".lock"))
        or "//" in ref
        or "@{" in ref
    ):
        raise ValueError(
            f"{ref!r} is not a valid git ref (no spaces, '..', '~^:?*[\\' or trailing '/'): "
            f"name a branch, tag or commit, {example}"
        )
    return ref


def check_hub(hub: str) -> str:
    """The JupyterHub's address, without a trailing '/'; ValueError saying what is expected."""
    expected = (
        f"the hub must be the https:// address of your JupyterHub, e.g. {EXAMPLE_HUB!r} "
        "(http:// only for localhost), with no query or '#' part"
    )
    if not isinstance(hub, str) or not hub.strip():
        raise ValueError(f"no hub given: {expected}")
    parts = urlsplit(hub)
    local = parts.hostname in {"localhost", "127.0.0.1", "::1"}
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ValueError(f"{hub!r} is not a web address: {expected}")
    if parts.scheme == "http" and not local:
        raise ValueError(f"{hub!r} uses http://, which sends passwords unencrypted: {expected}")
    if parts.query or parts.fragment or hub.endswith(("?", "#")):
        raise ValueError(f"{hub!r} has a query or '#' part: {expected}")
    if parts.username or parts.password:
        raise ValueError(f"{hub!r} contains a user name or password: {expected}")
    if "hub" in parts.path.strip("/").split("/"):
        raise ValueError(f"{hub!r} contains /hub/: give the hub's base address only: {expected}")
    return hub.rstrip("/")


def _check_path(path: str) -> str:
    if not isinstance(path, str) or not path or path.startswith("/") or ".." in path.split("/"):
        raise ValueError(
            f"{path!r}: give the notebook's path inside the repository, "
            "e.g. 'notebooks/01-fundamentals.ipynb'"
        )
    return path


def binder_url(repo: str, ref: str, path: str, lab: bool = True) -> str:
    """A mybinder.org link that opens `path` in JupyterLab (lab=True) or runs it in Voilà."""
    owner, name = check_repo(repo)
    ref = check_ref(ref)
    path = _check_path(path)
    urlpath = f"lab/tree/{path}" if lab else f"voila/render/{path}"
    return f"{BINDER}/v2/gh/{owner}/{name}/{quote(ref, safe='')}?urlpath={quote(urlpath, safe='')}"


def nbgitpuller_url(hub: str, repo: str, ref: str, path: str) -> str:
    """A JupyterHub link: pull the repository (branch `ref`) into NAME/, then open NAME/`path`."""
    hub = check_hub(hub)
    owner, name = check_repo(repo)
    ref = check_ref(ref)
    path = _check_path(path)
    query = urlencode(
        {
            "repo": f"https://github.com/{owner}/{name}",
            "branch": ref,
            "urlpath": f"lab/tree/{name}/{path}",
        },
        quote_via=quote,
        safe="",
    )
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def course_links(
    repo: str, ref: str = "main", hub: str | None = None
) -> list[tuple[str, str, str, str | None]]:
    """(title, path, Binder link, hub link or None) for every lesson and the dashboard.

    On Binder the dashboard runs in Voilà; on a hub it opens in JupyterLab (a hub may not have
    Voilà; where it does, Voilà's own preview button shows it as on Binder).
    """
    check_repo(repo)
    check_ref(ref)
    if hub is not None:
        check_hub(hub)
    return [
        (
            page.title,
            page.path,
            binder_url(repo, ref, page.path, lab=not page.voila),
            nbgitpuller_url(hub, repo, ref, page.path) if hub is not None else None,
        )
        for page in PAGES
    ]


def links_markdown(repo: str, ref: str = "main", hub: str | None = None) -> str:
    """The links as a Markdown table, ready to paste into a course page or an e-mail."""
    rows = course_links(repo, ref, hub)
    header = ["| page | Binder (no account needed) |" + (" your JupyterHub |" if hub else "")]
    header.append("|---|---|" + ("---|" if hub else ""))
    lines = []
    for title, _path, binder, hub_link in rows:
        line = f"| **{title}** | [open on Binder]({binder}) |"
        if hub_link:
            line += f" [open on the hub]({hub_link}) |"
        lines.append(line)
    notes = [
        "",
        f"Repository {repo}, ref {ref}. Binder's first start builds the environment and can take "
        "several minutes; later starts are quicker. Binder sessions are temporary: work is lost "
        "when the tab is closed, unless downloaded.",
    ]
    if hub:
        notes.append(
            "The hub links copy the course into each student's home folder the first time and "
            "update it later without overwriting their changes (nbgitpuller)."
        )
    return "\n".join([*header, *lines, *notes])


def add_command(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `links` subcommand to the course CLI (`python -m serm_lessons links`)."""
    parser = commands.add_parser(
        "links",
        help="print Binder / JupyterHub links that open each lesson",
        description="Print, as a Markdown table, links that open each lesson and the dashboard "
        "on Binder and (with --hub) on your JupyterHub via nbgitpuller.",
    )
    parser.add_argument("--repo", required=True, help=f"GitHub OWNER/NAME, e.g. {EXAMPLE_REPO}")
    parser.add_argument("--ref", default="main", help="branch, tag or commit (default: main)")
    parser.add_argument("--hub", help=f"your JupyterHub's address, e.g. {EXAMPLE_HUB}")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the table; a bad argument prints what is expected and returns 2."""
    try:
        print(links_markdown(args.repo, args.ref, args.hub))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
