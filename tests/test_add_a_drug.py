"""Adding a drug is a data-only change: a new row in serms.csv and its tissue rows, and every lesson
(and the dashboard) still executes, with the new drug in the pickers.

The lessons load the folder named by $SERM_LESSONS_DATA, as an instructor's own copy of the CSVs.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from serm_lessons import catalogue, data, vocabulary

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NEW = "examplifene"


@pytest.fixture(scope="module")
def data_with_a_new_drug(tmp_path_factory) -> Path:
    import shutil

    from tests.conftest import DataCopy

    root = tmp_path_factory.mktemp("new-drug") / "data"
    root.mkdir()
    for csv_file in data.default_data_dir().glob("*.csv"):
        shutil.copy(csv_file, root / csv_file.name)
    copy = DataCopy(root)

    def add_drug(header, rows):
        row = {column: "" for column in header}
        row.update(
            serm=NEW,
            name="Examplifene (a made-up drug)",
            role="SERM",
            chemical_class="triphenylethylene",
            us_status="not approved",
            eu_status="not authorised",
            notes="Invented for a test: adding a drug needs only data.",
            sources="fisher1998",
        )
        rows.insert(-1, row)  # before the reference agonist, estradiol

    def add_effects(header, rows):
        for tissue in vocabulary.TISSUES:
            row = {column: "" for column in header}
            row.update(
                serm=NEW,
                tissue=tissue,
                population="all",
                effect="unknown",
                evidence="Not established: an invented drug for a test.",
                sources="fisher1998",
            )
            rows.append(row)

    copy.edit("serms", add_drug)
    copy.edit("tissue_effects", add_effects)
    problems = data.validate(root)[1]
    assert problems == [], problems[:5]
    return root


@pytest.mark.parametrize(
    "notebook", [lesson.notebook for lesson in catalogue.lessons()] + ["dashboard.ipynb"]
)
def test_every_lesson_runs_with_a_new_drug(notebook, data_with_a_new_drug, monkeypatch):
    monkeypatch.setenv(data.DATA_ENV, str(data_with_a_new_drug))
    nb = nbformat.read(NOTEBOOKS / notebook, as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "from serm_lessons import load, widgets\n"
            "print([s for _, s in widgets.serm_options(load())])"
        )
    )
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute(env={**os.environ})
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    assert NEW in nb.cells[-1].outputs[0]["text"]
