"""The cache of validated tables: a hit skips validation (and pandera), any change re-validates.

Each test points SERM_LESSONS_CACHE at its own folder, and clears `load`'s in-process memo, so a
load here behaves as a new lesson kernel does.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pandas as pd
import pytest

from serm_lessons import data, table_cache
from serm_lessons.schema import TABLES


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(table_cache.CACHE_ENV, str(folder))
    data._load_cached.cache_clear()
    yield folder
    data._load_cached.cache_clear()


def new_kernel_load(root):
    data._load_cached.cache_clear()
    return data.load(root)


def entry(cache_folder):
    (path,) = cache_folder.glob("tables-*.json")
    return path


def test_a_cached_load_gives_the_validated_tables(cache, data_copy):
    validated, problems = data.validate(data_copy.root)
    assert problems == []
    new_kernel_load(data_copy.root)  # validates and writes the entry
    cached = new_kernel_load(data_copy.root)  # reads the entry
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(cached, table.name), getattr(validated, table.name))


def test_a_new_kernel_with_a_cache_hit_never_imports_pandera(cache):
    new_kernel_load(None)
    check = (
        "import sys\nfrom serm_lessons import load\ncourse = load()\n"
        "print(len(course.serms), 'pandera' in sys.modules)"
    )
    env = {**os.environ, table_cache.CACHE_ENV: str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True, env=env
    ).stdout.split()
    assert out == [str(len(data.load().serms)), "False"]


def test_a_changed_csv_is_validated_again_and_bad_data_still_names_file_row_and_column(
    cache, data_copy
):
    new_kernel_load(data_copy.root)

    def misspell(header, rows):
        rows[0]["effect"] = "blocker"

    data_copy.edit("tissue_effects", misspell)
    with pytest.raises(data.DataError) as error:
        new_kernel_load(data_copy.root)
    assert "tissue_effects.csv, row 2, column 'effect'" in str(error.value)
    # and a good edit is seen, not the cached copy of the old file
    data_copy.edit("tissue_effects", lambda header, rows: rows[0].update(effect="agonist"))
    assert new_kernel_load(data_copy.root).tissue_effects["effect"].iloc[0] == "agonist"


def test_bad_data_is_never_cached(cache, data_copy):
    data_copy.edit("tissue_effects", lambda header, rows: rows[0].update(effect="blocker"))
    with pytest.raises(data.DataError):
        new_kernel_load(data_copy.root)
    assert not cache.exists() or not list(cache.glob("tables-*.json"))


def test_a_damaged_or_forged_entry_is_a_miss(cache, data_copy):
    new_kernel_load(data_copy.root)
    path = entry(cache)
    path.write_text("{not json", encoding="utf-8")
    assert len(new_kernel_load(data_copy.root).serms) > 0  # validated again, entry rewritten
    forged = json.loads(path.read_text(encoding="utf-8"))
    forged["tables"]["serms"]["rows"][0][0] = "forged"
    forged["digest"] = "0" * 64
    path.write_text(json.dumps(forged), encoding="utf-8")
    assert "forged" not in set(new_kernel_load(data_copy.root).serms["serm"])


def test_the_entry_is_plain_json_private_to_the_learner(cache, data_copy):
    new_kernel_load(data_copy.root)
    path = entry(cache)
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == table_cache.FORMAT
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch, data_copy):
    monkeypatch.setenv(table_cache.CACHE_ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    new_kernel_load(data_copy.root)
    data._load_cached.cache_clear()
    assert not (tmp_path / "xdg").exists()
