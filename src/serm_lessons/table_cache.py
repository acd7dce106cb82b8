"""A cache of the course tables that passed validation, so a lesson kernel validates only once.

Validating every table with pandera (and importing pandera) costs a lesson's kernel about a second,
every time a lesson starts, for data that rarely changes. After a successful validation the tables'
text cells are written here; the next kernel reads them back instead of validating again, as long
as nothing that validation depends on has changed. The cache entry is keyed by a SHA-256 digest of:
every course CSV file's bytes, every source file of the package (the schema, its vocabularies and
this loader), the lesson slugs the claims may name, and the installed pandas and pandera versions.
A changed byte in any of them is a miss, and the tables are validated again (with the same errors
naming file, row and column); data with problems is never written.

Why JSON, not pickle: loading a pickle can run arbitrary code, so a cache file that someone else
could write would be a way into the learner's kernel. JSON is only data: a damaged or forged entry
can at worst give wrong table cells, which are still escaped wherever they are shown. The entry
lives in the learner's own cache folder (created private to them), never in the course folder.
Set SERM_LESSONS_CACHE to another folder, or to "off" to validate on every load.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib.util import find_spec
from pathlib import Path

import pandas as pd

from . import catalogue
from .version import __version__

CACHE_ENV = "SERM_LESSONS_CACHE"
FORMAT = 1  # bump when the entry's layout changes

# One table as cached: its columns, its rows of text cells, and which columns hold numbers.
Record = dict[str, list]


def cache_dir() -> Path | None:
    """The folder for cache entries, or None when caching is off."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen.lower() in {"off", "0", "no", "false"}:
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(base) / "serm-lessons"


def _entry_path(folder: Path, data_dir: Path) -> Path:
    return folder / f"tables-{hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]}.json"


def _installed(package: str) -> str:
    """The installed distribution of a package (its dist-info folder names the version),
    found without importing the package."""
    spec = find_spec(package)
    if spec is None or spec.origin is None:
        return f"{package}: not installed"
    site = Path(spec.origin).parent.parent
    return ",".join(sorted(p.name for p in site.glob(f"{package}-*.dist-info"))) or spec.origin


def digest(data_dir: Path, files: list[str]) -> str:
    """SHA-256 of everything validation depends on (see the module docstring)."""
    h = hashlib.sha256()

    def add(label: str, content: bytes) -> None:  # length-prefixed: no two inputs collide
        for part in (label.encode(), content):
            h.update(len(part).to_bytes(8, "little") + part)

    add("format", str(FORMAT).encode())
    add("version", __version__.encode())
    add("pandas", pd.__version__.encode())
    add("pandera", _installed("pandera").encode())
    add("lessons", ",".join(catalogue.slugs()).encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        add(f"src/{source.name}", source.read_bytes())
    for file in files:
        add(f"data/{file}", (data_dir / file).read_bytes())
    return h.hexdigest()


def read(data_dir: Path) -> dict[str, Record] | None:
    """The cached tables for `data_dir` if its entry matches the current inputs, else None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        entry = json.loads(_entry_path(folder, data_dir).read_text(encoding="utf-8"))
        if entry.get("format") != FORMAT or entry.get("digest") != digest(data_dir, entry["files"]):
            return None
        return entry["tables"]
    except (OSError, ValueError, KeyError, TypeError):  # missing, damaged or foreign: a miss
        return None


def write(data_dir: Path, files: list[str], tables: dict[str, Record]) -> None:
    """Store validated tables for `data_dir` (a folder that cannot be written: no cache)."""
    folder = cache_dir()
    if folder is None:
        return
    entry = {"format": FORMAT, "digest": digest(data_dir, files), "files": files, "tables": tables}
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        # written whole, then renamed: a kernel reading at the same time never sees half a file
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tables-", suffix=".json")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(entry, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, _entry_path(folder, data_dir))
    except OSError:
        Path(temporary).unlink(missing_ok=True)
