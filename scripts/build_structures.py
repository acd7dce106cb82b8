"""Build data/structures.csv and data/structure_atoms.csv from the wwPDB files in data/pdb/.

For each entry: one chain of the ERα ligand-binding domain (chain A, which has helix 12 resolved in
every file), its Cα trace, the heavy atoms of its ligand and, in 3ERD, the Cα trace of the GRIP1
co-activator peptide bound to that chain. Every structure is superposed on 3ERD chain A by the Cα
atoms the four chains share outside the mobile helix-12 region (Kabsch, serm_lessons.structure),
so differences in helix 12 are real and not an artefact of the crystals' frames. Coordinates are
rounded to 0.01 Å. Needs gemmi (pip install -e '.[build]').

    python scripts/build_structures.py            # rewrite both CSVs
    python scripts/build_structures.py --check    # exit 1 if either CSV is out of date
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import gemmi
import numpy as np

from serm_lessons import structure

DATA = Path(__file__).resolve().parents[1] / "data"
PDB = DATA / "pdb"
OUT_ENTRIES = DATA / "structures.csv"
OUT_ATOMS = DATA / "structure_atoms.csv"


@dataclass(frozen=True)
class Entry:
    """What the build takes from one file; everything else is read from the file itself."""

    entry: str
    file: str
    chain: str
    ligand_code: str
    serm: str  # the course drug the ligand is, or is the active metabolite of ("" if none)
    role: str  # what the ligand is: agonist or SERM
    conformation: str  # helix-12 position the primary paper reports: agonist or antagonist
    paper: str  # reference id of the entry's primary paper
    peptide_chain: str = ""
    peptide: str = ""


ENTRIES = (
    Entry("1ERE", "1ERE.cif", "A", "EST", "estradiol", "agonist", "agonist", "brzozowski1997"),
    Entry("1ERR", "1ERR.pdb", "A", "RAL", "raloxifene", "SERM", "antagonist", "brzozowski1997"),
    Entry(
        "3ERD",
        "3ERD.pdb",
        "A",
        "DES",
        "",
        "agonist",
        "agonist",
        "shiau1998",
        peptide_chain="C",  # of the two GRIP1 peptides, the one in chain A's groove (chain D binds B)
        peptide="GRIP1 NR box II",
    ),
    Entry("3ERT", "3ERT.cif", "A", "OHT", "tamoxifen", "SERM", "antagonist", "shiau1998"),
)

ENTRY_COLUMNS = [
    "entry",
    "file",
    "chain",
    "ligand_code",
    "ligand_name",
    "serm",
    "role",
    "conformation",
    "peptide_chain",
    "peptide",
    "method",
    "resolution",
    "first_residue",
    "last_residue",
    "helix12_first",
    "helix12_last",
    "sources",
]
ATOM_COLUMNS = [
    "entry",
    "chain",
    "kind",
    "residue",
    "residue_name",
    "atom",
    "x",
    "y",
    "z",
    "sources",
]


def read(entry: Entry) -> gemmi.Structure:
    st = gemmi.read_structure(str(PDB / entry.file))
    st.setup_entities()
    st.remove_alternative_conformations()  # keep the first conformer of any disordered atom
    st.remove_hydrogens()
    return st


def ligand_names(entry: Entry) -> dict[str, str]:
    """Chemical-component code -> name, from the file's own records (mmCIF chem_comp or HETNAM)."""
    path = PDB / entry.file
    if path.suffix == ".cif":
        block = gemmi.cif.read(str(path)).sole_block()
        table = block.find("_chem_comp.", ["id", "name"])
        return {row.str(0): row.str(1) for row in table}
    names: dict[str, str] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        if line.startswith("HETNAM"):
            code, text = line[11:14].strip(), line[15:70].strip()
            names[code] = f"{names[code]}{text}" if code in names else text
    return names


def helix12_record(st: gemmi.Structure, chain: str) -> tuple[int, int]:
    """The file's own helix record that starts in the helix-12 region of the chain."""
    spans = [
        (h.start.res_id.seqid.num, h.end.res_id.seqid.num)
        for h in st.helices
        if h.start.chain_name == chain and h.start.res_id.seqid.num >= structure.MOBILE_FROM
    ]
    if len(spans) != 1:
        raise SystemExit(f"expected one helix-12 record in chain {chain}, found {spans}")
    return spans[0]


def ca_trace(chain: gemmi.Chain) -> list[tuple[int, str, np.ndarray]]:
    """(residue number, residue name, Cα position) along the chain's polymer."""
    out = []
    for residue in chain.get_polymer():
        if residue.seqid.icode != " ":
            raise SystemExit(f"insertion code in {chain.name} {residue.seqid}: not handled")
        ca = residue.find_atom("CA", "*")
        if ca is not None:
            out.append((residue.seqid.num, residue.name, np.array(ca.pos.tolist())))
    return out


def ligand_atoms(chain: gemmi.Chain, code: str) -> list[tuple[int, str, str, np.ndarray]]:
    ligands = [r for r in chain if r.name == code]
    if len(ligands) != 1:
        raise SystemExit(f"expected one {code} in chain {chain.name}, found {len(ligands)}")
    (ligand,) = ligands
    return [(ligand.seqid.num, ligand.name, a.name, np.array(a.pos.tolist())) for a in ligand]


def _superposition(traces: dict[str, list]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    by_residue = {e: {num: xyz for num, _, xyz in trace} for e, trace in traces.items()}
    core = structure.core_residues(by_residue)
    target = np.array([by_residue[structure.REFERENCE][r] for r in core])
    return {
        e: structure.kabsch(np.array([positions[r] for r in core]), target)
        for e, positions in by_residue.items()
    }


def _xyz(point: np.ndarray) -> dict[str, str]:
    # "+ 0.0" turns a rounded -0.0 into 0.0, so the text never shows "-0.00"
    return {axis: f"{round(float(value), 2) + 0.0:.2f}" for axis, value in zip("xyz", point)}


def build() -> tuple[str, str]:
    """Return the CSV texts of structures.csv and structure_atoms.csv."""
    structures = {e.entry: read(e) for e in ENTRIES}
    traces = {e.entry: ca_trace(structures[e.entry][0][e.chain]) for e in ENTRIES}
    fits = _superposition(traces)

    entries_out, atoms_out = io.StringIO(), io.StringIO()
    entry_writer = csv.DictWriter(entries_out, fieldnames=ENTRY_COLUMNS, lineterminator="\n")
    atom_writer = csv.DictWriter(atoms_out, fieldnames=ATOM_COLUMNS, lineterminator="\n")
    entry_writer.writeheader()
    atom_writer.writeheader()
    for e in ENTRIES:
        st, fit = structures[e.entry], fits[e.entry]
        sources = f"pdb-{e.entry.lower()};{e.paper};berman2000"
        names = ligand_names(e)
        helix_first, helix_last = helix12_record(st, e.chain)
        trace = traces[e.entry]
        entry_writer.writerow(
            {
                "entry": e.entry,
                "file": e.file,
                "chain": e.chain,
                "ligand_code": e.ligand_code,
                "ligand_name": names[e.ligand_code].lower(),
                "serm": e.serm,
                "role": e.role,
                "conformation": e.conformation,
                "peptide_chain": e.peptide_chain,
                "peptide": e.peptide,
                "method": st.info["_exptl.method"].lower(),
                "resolution": f"{st.resolution:.2f}",
                "first_residue": trace[0][0],
                "last_residue": trace[-1][0],
                "helix12_first": helix_first,
                "helix12_last": helix_last,
                "sources": sources,
            }
        )
        rows = [("ca", e.chain, num, name, "CA", xyz) for num, name, xyz in trace]
        rows += [
            ("ligand", e.chain, num, name, atom, xyz)
            for num, name, atom, xyz in ligand_atoms(st[0][e.chain], e.ligand_code)
        ]
        if e.peptide_chain:
            rows += [
                ("peptide", e.peptide_chain, num, name, "CA", xyz)
                for num, name, xyz in ca_trace(st[0][e.peptide_chain])
            ]
        for kind, chain, num, name, atom, xyz in rows:
            atom_writer.writerow(
                {
                    "entry": e.entry,
                    "chain": chain,
                    "kind": kind,
                    "residue": num,
                    "residue_name": name,
                    "atom": atom,
                    **_xyz(structure.transform(xyz[None, :], *fit)[0]),
                    "sources": sources,
                }
            )
    return entries_out.getvalue(), atoms_out.getvalue()


COORDINATES = ("x", "y", "z")
# The superposed coordinates come out of floating-point linear algebra whose last bits depend on
# the numpy and BLAS build; a value that falls on a rounding boundary (x.xx5) rounds either way.
# So a recorded coordinate may differ from a rebuilt one by one unit of its last place (0.01 Å,
# the precision the table states), and by nothing more; every other cell must match exactly.
LAST_PLACE = 0.01 + 1e-9


def difference(recorded: str, built: str) -> str:
    """'' if `recorded` is the table `build()` gives, else where the first difference is."""
    old, new = list(csv.DictReader(io.StringIO(recorded))), list(csv.DictReader(io.StringIO(built)))
    if recorded.split("\n", 1)[0] != built.split("\n", 1)[0]:
        return "header differs"
    if len(old) != len(new):
        return f"{len(old)} rows recorded, {len(new)} built"
    for number, (a, b) in enumerate(zip(old, new), start=2):
        for column, value in b.items():
            if column in COORDINATES:
                if abs(float(a[column]) - float(value)) > LAST_PLACE:
                    return f"line {number}, {column}: {a[column]} recorded, {value} built"
            elif a[column] != value:
                return f"line {number}, {column}: {a[column]!r} recorded, {value!r} built"
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a CSV is out of date")
    args = parser.parse_args(argv)
    texts = dict(zip((OUT_ENTRIES, OUT_ATOMS), build()))
    if args.check:
        problems = {
            p: difference(p.read_text("utf-8") if p.exists() else "", t) for p, t in texts.items()
        }
        stale = [p for p, problem in problems.items() if problem]
        for path in stale:
            print(
                f"{path} is out of date ({problems[path]}): run python {Path(__file__).name}",
                file=sys.stderr,
            )
        if not stale:
            print(", ".join(p.name for p in texts) + " are up to date")
        return 1 if stale else 0
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
