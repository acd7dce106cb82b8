"""Packaging: data ships in the wheel, Binder matches pyproject, notebooks are clean."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from serm_lessons.schema import TABLES

from .conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
    )
    (built,) = out.glob("serm_lessons-*.whl")
    return built


def test_wheel_ships_every_table(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for table in TABLES:
        assert f"serm_lessons/data/{table.file}" in names
    assert "serm_lessons/static/chart.js" in names  # the Chart widget's script


def test_package_from_the_wheel_finds_and_validates_its_data(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
    )
    code = (
        "import serm_lessons, serm_lessons.data as d; "
        "print(serm_lessons.__file__); print(d.default_data_dir()); "
        "print(len(d.load().tissue_effects))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    module_file, data_dir, n_rows = result.stdout.split()
    assert module_file.startswith(str(site)), "the wheel's copy must be the one imported"
    assert data_dir.startswith(str(site)) and not Path(data_dir).is_symlink()
    assert int(n_rows) > 0


def test_importing_the_package_is_cheap():
    code = "import sys, serm_lessons; print('pandas' in sys.modules, 'plotly' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"]


def _requirement_name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec, maxsplit=1)[0].strip().lower()


def _bounds(spec: str) -> str:
    return spec[len(_requirement_name(spec)) :].replace(" ", "")


def test_binder_environment_matches_pyproject():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = {_requirement_name(s): _bounds(s) for s in pyproject["project"]["dependencies"]}
    environment = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    specs = [d for d in environment["dependencies"] if isinstance(d, str)]
    specs += [p for d in environment["dependencies"] if isinstance(d, dict) for p in d["pip"]]
    env_specs = {
        _requirement_name(s): _bounds(s)
        for s in specs
        if _requirement_name(s) not in {"python", "pip"}
    }
    assert env_specs == runtime
    assert environment["channels"] == ["conda-forge"]
    assert "python=3.11" in specs
    post_build = (REPO / "postBuild").read_text(encoding="utf-8")
    assert "pip install --no-deps" in post_build and os.access(REPO / "postBuild", os.X_OK)


def notebook_outputs_to_commit(repo: Path) -> list[str]:
    """Outputs and execution counts in the notebooks as git will commit them (the index), not as
    a learner or instructor has saved them in the working copy."""
    staged = subprocess.run(
        ["git", "ls-files", "--stage", "--", "*.ipynb"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    found = []
    for line in staged:
        info, name = line.split("\t", 1)
        blob = info.split()[1]
        text = subprocess.run(
            ["git", "cat-file", "blob", blob], cwd=repo, capture_output=True, check=True
        ).stdout.decode("utf-8")
        for index, cell in enumerate(json.loads(text)["cells"]):
            if cell.get("outputs"):
                found.append(f"{name} cell {index} has outputs: run nbstripout, then git add")
            if cell.get("execution_count") is not None:
                found.append(f"{name} cell {index} has an execution count")
    return found


def test_committed_notebooks_carry_no_outputs():
    assert notebook_outputs_to_commit(REPO) == []


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_the_notebook_check_reads_what_git_commits(tmp_path):
    """A lesson saved with outputs in the working copy passes; the same outputs staged fail."""
    clean = {
        "cells": [
            {
                "cell_type": "code",
                "source": "1",
                "outputs": [],
                "execution_count": None,
                "metadata": {},
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    run = json.loads(json.dumps(clean))
    run["cells"][0]["outputs"] = [
        {
            "output_type": "execute_result",
            "data": {"text/plain": "1"},
            "metadata": {},
            "execution_count": 1,
        }
    ]
    run["cells"][0]["execution_count"] = 1
    lesson = tmp_path / "lesson.ipynb"
    _git(tmp_path, "init", "-q")
    lesson.write_text(json.dumps(clean), encoding="utf-8")
    _git(tmp_path, "add", "lesson.ipynb")
    _git(tmp_path, "commit", "-q", "-m", "clean")
    lesson.write_text(json.dumps(run), encoding="utf-8")  # a learner ran and saved it
    assert notebook_outputs_to_commit(tmp_path) == []
    _git(tmp_path, "add", "lesson.ipynb")  # now it would be committed
    assert notebook_outputs_to_commit(tmp_path) == [
        "lesson.ipynb cell 0 has outputs: run nbstripout, then git add",
        "lesson.ipynb cell 0 has an execution count",
    ]


def test_ci_script_runs_the_readme_test_command_and_fails_loudly():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and script.rstrip().endswith("make test")
    assert "set -euo pipefail" in script


def test_the_package_version_is_the_projects():
    import tomllib

    from serm_lessons import __version__
    from serm_lessons.version import __version__ as recorded

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert __version__ == recorded == project["version"]
