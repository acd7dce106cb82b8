"""The crystal structures behind the 3D explorer: one row per wwPDB entry (structures) and the
atoms drawn from it (structure_atoms), both derived from data/pdb/ by scripts/build_structures.py."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from .. import vocabulary as v
from .cells import Known, col, known_serm, matches, one_of, positive_number, sources_col
from .problems import Problem
from .rows import Table, numbers, row_rule, strict_schema


def _structures(known: Known) -> pa.DataFrameSchema:
    residue = matches(r"\d{1,4}", "a residue number (digits only)")
    return strict_schema(
        {
            "entry": col(matches(r"[0-9][A-Z0-9]{3}", "a PDB id like 1ERE (upper case)")),
            "file": col(
                matches(r"[0-9][A-Z0-9]{3}\.(cif|pdb)", "a file in data/pdb/, e.g. 1ERE.cif")
            ),
            "chain": col(matches(r"[A-Za-z0-9]", "a one-character chain id")),
            "ligand_code": col(matches(r"[A-Z0-9]{1,3}", "a PDB chemical-component code like EST")),
            "ligand_name": col(),
            "serm": col(known_serm(known), optional=True),
            "role": col(one_of(v.LIGAND_ROLES)),
            "conformation": col(one_of(v.CONFORMATIONS)),
            "peptide_chain": col(
                matches(r"[A-Za-z0-9]", "a one-character chain id"), optional=True
            ),
            "peptide": col(optional=True),
            "method": col(),
            "resolution": col(positive_number()),
            "first_residue": col(residue),
            "last_residue": col(residue),
            "helix12_first": col(residue),
            "helix12_last": col(residue),
            "sources": sources_col(known),
        },
        unique=["entry"],
        checks=[
            row_rule(
                lambda f: (f["peptide_chain"] == "") == (f["peptide"] == ""),
                "peptide_chain and peptide must both be given or both be blank",
            ),
            row_rule(
                lambda f: numbers(f, "first_residue") <= numbers(f, "helix12_first"),
                "helix12_first comes before first_residue",
            ),
            row_rule(
                lambda f: numbers(f, "helix12_first") <= numbers(f, "helix12_last"),
                "helix12_first is after helix12_last",
            ),
            row_rule(
                lambda f: numbers(f, "helix12_last") <= numbers(f, "last_residue"),
                "helix12_last comes after last_residue",
            ),
        ],
    )


def _structure_atoms(known: Known) -> pa.DataFrameSchema:
    coordinate = matches(r"-?\d{1,4}\.\d{2}", "a coordinate in Å with two decimals, e.g. -12.34")
    return strict_schema(
        {
            "entry": col(matches(r"[0-9][A-Z0-9]{3}", "a PDB id like 1ERE (upper case)")),
            "chain": col(matches(r"[A-Za-z0-9]", "a one-character chain id")),
            "kind": col(one_of(v.STRUCTURE_ATOM_KINDS)),
            "residue": col(matches(r"-?\d{1,4}", "a residue number (digits only)")),
            "residue_name": col(matches(r"[A-Z0-9]{1,3}", "a residue or component code like LEU")),
            "atom": col(matches(r"[A-Z0-9']{1,4}", "an atom name like CA or O3")),
            "x": col(coordinate),
            "y": col(coordinate),
            "z": col(coordinate),
            "sources": sources_col(known),
        },
        unique=["entry", "chain", "kind", "residue", "atom"],
        checks=[
            row_rule(
                lambda f: (f["kind"] == "ligand") | (f["atom"] == "CA"),
                "a 'ca' or 'peptide' row must be a CA atom",
            )
        ],
    )


STRUCTURES = Table(
    "structures",
    _structures,
    numeric=("resolution",),
    integer=("first_residue", "last_residue", "helix12_first", "helix12_last"),
)
STRUCTURE_ATOMS = Table(
    "structure_atoms", _structure_atoms, numeric=("x", "y", "z"), integer=("residue",)
)


def coverage(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every structure has its Cα trace and ligand atoms (and its peptide, where it names one),
    and every atom row belongs to a listed structure."""
    entries, atoms = frames.get("structures"), frames.get("structure_atoms")
    if entries is None or atoms is None:
        return []
    problems = []
    listed = set(entries["entry"])
    for row, entry in atoms.loc[~atoms["entry"].isin(listed), "entry"].items():
        problems.append(
            Problem(STRUCTURE_ATOMS.file, int(row), "entry", f"'{entry}' is not in structures.csv")
        )
    kinds = atoms.groupby("entry")["kind"].agg(set).to_dict()
    for row, entry in entries.iterrows():
        needed = {"ca", "ligand"} | ({"peptide"} if entry["peptide_chain"] else set())
        missing = needed - kinds.get(entry["entry"], set())
        if missing:
            problems.append(
                Problem(
                    STRUCTURES.file,
                    int(row),
                    "entry",
                    f"'{entry['entry']}' has no {', '.join(sorted(missing))} rows in structure_atoms.csv",
                )
            )
    return problems
