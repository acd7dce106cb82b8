"""The crystal structures: shipped raw files, the derived tables rebuilt from them, the superposition
and the helix-12 numbers the lesson prints, each recomputed here from the raw files with gemmi."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys

import gemmi
import numpy as np
import pytest

from serm_lessons import structure
from serm_lessons.data import validate
from serm_lessons.figures import alt_text
from serm_lessons.figures import structure as sf

from .conftest import REPO

PDB = REPO / "data" / "pdb"
AGONISTS, ANTAGONISTS = ("1ERE", "3ERD"), ("1ERR", "3ERT")


@pytest.fixture(scope="module")
def facts(course) -> structure.StructureFacts:
    return structure.structure_facts(course)


def raw_structure(file: str) -> gemmi.Structure:
    st = gemmi.read_structure(str(PDB / file))
    st.remove_alternative_conformations()
    st.remove_hydrogens()
    return st


@pytest.fixture(scope="module")
def raw(course) -> dict[str, gemmi.Structure]:
    return {row.entry: raw_structure(row.file) for row in course.structures.itertuples()}


@pytest.fixture(scope="module")
def raw_ca(course, raw) -> dict[str, dict[int, np.ndarray]]:
    """entry -> {residue: Cα position} in the file's own frame."""
    out = {}
    for row in course.structures.itertuples():
        chain = raw[row.entry][0][row.chain]
        out[row.entry] = {
            r.seqid.num: np.array(r["CA"][0].pos.tolist())
            for r in chain.get_polymer()
            if r.find_atom("CA", "*")
        }
    return out


@pytest.fixture(scope="module")
def raw_fits(raw_ca) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each file's chain fitted onto 3ERD's by the common core, from the raw coordinates."""
    common = set.intersection(*(set(t) for t in raw_ca.values()))
    core = sorted(r for r in common if r < structure.MOBILE_FROM)
    target = np.array([raw_ca["3ERD"][r] for r in core])
    return {e: structure.kabsch(np.array([t[r] for r in core]), target) for e, t in raw_ca.items()}


# --- the raw files ------------------------------------------------------------------------------


def test_every_shipped_raw_file_matches_its_recorded_sha256():
    recorded = dict(
        re.findall(
            r"^\| (\S+\.(?:cif|pdb)) \| ([0-9a-f]{64}) \|",
            (PDB / "PROVENANCE.md").read_text("utf-8"),
            re.M,
        )
    )
    assert set(recorded) == {p.name for p in PDB.iterdir() if p.suffix in {".cif", ".pdb"}}
    for name, digest in recorded.items():
        assert hashlib.sha256((PDB / name).read_bytes()).hexdigest() == digest, name


def test_derived_tables_are_rebuilt_exactly_from_the_raw_files():
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_structures.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def _builder():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_structures", REPO / "scripts" / "build_structures.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_structures", module)  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_the_rebuild_check_allows_one_last_place_unit_in_a_coordinate_and_nothing_else():
    difference = _builder().difference
    recorded = (REPO / "data" / "structure_atoms.csv").read_text("utf-8")
    header, first, rest = recorded.split("\n", 2)
    cells = first.split(",")
    x = header.split(",").index("x")

    def with_x(value: float) -> str:
        return "\n".join([header, ",".join([*cells[:x], f"{value:.2f}", *cells[x + 1 :]]), rest])

    assert difference(recorded, recorded) == ""
    assert difference(recorded, with_x(float(cells[x]) + 0.01)) == ""  # a rounding boundary
    assert "line 2, x" in difference(recorded, with_x(float(cells[x]) + 0.02))
    assert "line 2, atom" in difference(recorded, recorded.replace(",CA,", ",CB,", 1))
    assert "rows recorded" in difference(recorded, recorded.rsplit("\n", 2)[0] + "\n")


def test_entries_ligands_and_resolutions_are_the_files_own(course, raw):
    expected_codes = {"1ERE": "EST", "1ERR": "RAL", "3ERD": "DES", "3ERT": "OHT"}
    entries = course.structures.set_index("entry")
    assert entries["ligand_code"].to_dict() == expected_codes
    for entry, row in entries.iterrows():
        st = raw[entry]
        assert st.name == entry
        assert row["resolution"] == pytest.approx(st.resolution, abs=0.005)
        assert [r.name for r in st[0][row["chain"]] if r.name == row["ligand_code"]] == [
            row["ligand_code"]
        ]
    assert entries["ligand_name"].to_dict() == {
        "1ERE": "estradiol",
        "1ERR": "raloxifene",
        "3ERD": "diethylstilbestrol",
        "3ERT": "4-hydroxytamoxifen",
    }


def test_residue_ranges_and_helix_records_match_the_files(course, raw, raw_ca):
    for row in course.structures.itertuples():
        residues = sorted(raw_ca[row.entry])
        assert (row.first_residue, row.last_residue) == (residues[0], residues[-1])
        helices = [
            (h.start.res_id.seqid.num, h.end.res_id.seqid.num)
            for h in raw[row.entry].helices
            if h.start.chain_name == row.chain and h.start.res_id.seqid.num >= 528
        ]
        assert helices == [(row.helix12_first, row.helix12_last)]
        # helix 12 (the file's record) lies inside the range the course draws as helix 12
        assert structure.HELIX12[0] <= row.helix12_first <= row.helix12_last <= structure.HELIX12[1]
    ranges = {r.entry: (r.first_residue, r.last_residue) for r in course.structures.itertuples()}
    assert ranges == {
        "1ERE": (305, 548),
        "1ERR": (307, 547),
        "3ERD": (305, 549),
        "3ERT": (306, 551),
    }


def test_derived_atoms_are_every_ca_and_ligand_atom_of_the_chain(course, raw, raw_ca):
    atoms = course.structure_atoms
    for row in course.structures.itertuples():
        mine = atoms[atoms["entry"] == row.entry]
        assert sorted(mine.loc[mine["kind"] == "ca", "residue"]) == sorted(raw_ca[row.entry])
        ligand = [r for r in raw[row.entry][0][row.chain] if r.name == row.ligand_code][0]
        assert sorted(mine.loc[mine["kind"] == "ligand", "atom"]) == sorted(a.name for a in ligand)
        assert all(a.element.name != "H" for a in ligand)
    assert len(atoms) < 3000  # compact: Cα, ligand and peptide only


def test_the_grip1_peptide_is_the_one_in_chain_a_groove(course, raw):
    st = raw["3ERD"]

    def positions(chain: str) -> np.ndarray:
        return np.array([a.pos.tolist() for r in st[0][chain] for a in r])

    def nearest_chain_a(chain: str) -> float:
        gaps = positions(chain)[:, None, :] - positions("A")[None, :, :]
        return float(np.sqrt((gaps**2).sum(axis=2)).min())

    assert nearest_chain_a("C") < 4.0  # in contact with chain A (same asymmetric unit)
    assert nearest_chain_a("D") > 10.0
    peptide = course.structure_atoms.query("kind == 'peptide'")
    assert set(peptide["chain"]) == {"C"}
    assert sorted(peptide["residue"]) == [
        r.seqid.num for r in st[0]["C"].get_polymer() if r.find_atom("CA", "*")
    ]


# --- superposition ------------------------------------------------------------------------------


def rotation_about(axis, degrees: float) -> np.ndarray:
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    x, y, z = axis
    k = np.array([[0, -z, y], [z, 0, -x], [-y, x, 0]])
    angle = np.radians(degrees)
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * k @ k


def test_kabsch_recovers_a_known_rotation_and_translation():
    rng = np.random.default_rng(7)
    points = rng.normal(size=(40, 3)) * 10
    known = rotation_about([1, 2, 3], 73.0)
    shift = np.array([5.0, -12.0, 30.0])
    rotation, translation = structure.kabsch(points, points @ known.T + shift)
    np.testing.assert_allclose(rotation, known, atol=1e-10)
    np.testing.assert_allclose(translation, shift, atol=1e-9)
    moved = structure.transform(points, rotation, translation)
    assert structure.rmsd(moved, points @ known.T + shift) < 1e-9


def test_kabsch_never_returns_a_mirror_image():
    rng = np.random.default_rng(3)
    points = rng.normal(size=(20, 3))
    mirrored = points * np.array([1, 1, -1])
    rotation, _ = structure.kabsch(points, mirrored)
    assert np.linalg.det(rotation) == pytest.approx(1.0)


def test_kabsch_refuses_mismatched_points():
    with pytest.raises(ValueError, match="equal arrays"):
        structure.kabsch(np.zeros((5, 3)), np.zeros((4, 3)))


def test_derived_coordinates_are_a_rigid_copy_of_the_raw_ones(course, raw, raw_ca, raw_fits):
    """Fitted independently from the raw files, each structure lands on the shipped coordinates
    to within the 0.01 Å rounding, ligand and peptide included."""
    atoms = course.structure_atoms
    for row in course.structures.itertuples():
        mine = atoms[atoms["entry"] == row.entry]
        fit = raw_fits[row.entry]
        ca = mine[mine["kind"] == "ca"]
        shipped = ca[["x", "y", "z"]].to_numpy()
        recomputed = structure.transform([raw_ca[row.entry][r] for r in ca["residue"]], *fit)
        assert np.abs(shipped - recomputed).max() <= 0.0051
        ligand = mine[mine["kind"] == "ligand"]
        residue = [r for r in raw[row.entry][0][row.chain] if r.name == row.ligand_code][0]
        positions = {a.name: a.pos.tolist() for a in residue}
        recomputed = structure.transform([positions[a] for a in ligand["atom"]], *fit)
        assert np.abs(ligand[["x", "y", "z"]].to_numpy() - recomputed).max() <= 0.0051
    reference = atoms[(atoms["entry"] == "3ERD") & (atoms["kind"] == "peptide")]
    chain_c = {
        r.seqid.num: r["CA"][0].pos.tolist() for r in raw["3ERD"][0]["C"] if r.find_atom("CA", "*")
    }
    recomputed = np.array([chain_c[r] for r in reference["residue"]])  # 3ERD is the frame itself
    assert np.abs(reference[["x", "y", "z"]].to_numpy() - recomputed).max() <= 0.0051


def test_core_rmsd_matches_a_fit_of_the_raw_files(facts, raw_ca, raw_fits):
    core = facts.core
    assert len(core) == 205 and core[0] == 307 and core[-1] == 527
    for entry, fit in raw_fits.items():
        moved = structure.transform([raw_ca[entry][r] for r in core], *fit)
        expected = structure.rmsd(moved, [raw_ca["3ERD"][r] for r in core])
        assert facts.rmsd[entry] == pytest.approx(expected, abs=0.01), entry
    # the core superposes to about an ångström or better: the frames agree
    assert max(facts.rmsd.values()) < 1.5


def test_helix12_moves_between_agonist_and_antagonist_structures(facts, raw_ca, raw_fits):
    helix = facts.helix12
    assert (helix[0], helix[-1]) == (536, 547)
    for agonist, antagonist in structure.PAIRS:
        a = structure.transform([raw_ca[agonist][r] for r in helix], *raw_fits[agonist])
        b = structure.transform([raw_ca[antagonist][r] for r in helix], *raw_fits[antagonist])
        expected = float(np.linalg.norm(a - b, axis=1).mean())
        assert facts.displacement[(agonist, antagonist)] == pytest.approx(expected, abs=0.01)
        # a real move: ten times the core's misfit, and more than 10 Å on average
        assert expected > 10 and expected > 10 * facts.rmsd[antagonist]
    # within one conformation helix 12 hardly moves: agonist vs agonist, antagonist vs antagonist
    for one, other in (AGONISTS, ANTAGONISTS):
        a = structure.transform([raw_ca[one][r] for r in helix], *raw_fits[one])
        b = structure.transform([raw_ca[other][r] for r in helix], *raw_fits[other])
        assert float(np.linalg.norm(a - b, axis=1).mean()) < 2.0


def test_antagonist_helix12_sits_in_the_coactivator_groove(facts):
    for entry in ANTAGONISTS:
        assert facts.to_peptide[entry] < 4.0
    for entry in AGONISTS:
        assert facts.to_peptide[entry] > 10.0


def test_leucine_540_is_named_the_same_in_every_structure(course):
    ca = course.structure_atoms.query("kind == 'ca' and residue == 540")
    assert list(ca["residue_name"]) == ["LEU"] * 4


# --- the figure -----------------------------------------------------------------------------------


def test_explorer_switches_views_without_a_kernel(course):
    fig = sf.structure_explorer(course)
    (menu,) = fig.layout.updatemenus
    menu_views = sf.views(course.structures)
    assert [b.label for b in menu.buttons] == [label for label, _ in menu_views]
    for button, (_, shown) in zip(menu.buttons, menu_views):
        visible = button.args[0]["visible"]
        assert len(visible) == len(fig.data)
        assert {t.legendgroup for t, on in zip(fig.data, visible) if on} == set(shown)
    active = menu_views[menu.active][1]
    assert active == ["3ERD", "3ERT"]
    assert {t.legendgroup for t in fig.data if t.visible} == set(active)


def test_helix12_differs_by_colour_dash_and_label(course):
    fig = sf.structure_explorer(course)
    helices = {t.legendgroup: t for t in fig.data if "helix 12" in (t.name or "")}
    assert set(helices) == {"1ERE", "1ERR", "3ERD", "3ERT"}
    styles = {(t.line.color, t.line.dash) for t in helices.values()}
    assert len(styles) == 2  # one per conformation, differing in colour and in dash
    assert all(t.line.width > 2 * fig.data[0].line.width for t in helices.values())
    labels = [t.text[0] for t in fig.data if t.mode == "text"]
    assert labels.count("helix 12 · agonist") == 2 and labels.count("helix 12 · antagonist") == 2
    assert any("GRIP1" in text for text in labels)


def test_alt_text_numbers_come_from_the_coordinates(course, facts):
    alt = alt_text(sf.structure_explorer(course))
    for shift in facts.displacement.values():
        assert f"{shift:.1f} Å on average" in alt
    for entry, value in facts.rmsd.items():
        if entry != facts.reference:
            assert f"{entry} {value:.2f} Å" in alt
    assert f"{len(facts.core)} Cα atoms" in alt


def test_explorer_fits_the_page_budget(course):
    size = len(sf.structure_explorer(course).to_json())
    assert size < 150_000, f"{size} bytes"
    json.loads(sf.structure_explorer(course).to_json())  # plain JSON, no kernel objects


def test_facts_table_prints_the_measured_numbers(course, facts):
    html = sf.facts_table(course).data
    for shift in facts.displacement.values():
        assert f"{shift:.1f} Å" in html
    assert "4-hydroxytamoxifen (OHT)" in html


# --- validation ---------------------------------------------------------------------------------


def test_an_atom_row_for_an_unlisted_structure_is_named(data_copy):
    def change(header, rows):
        rows[0]["entry"] = "9XYZ"

    data_copy.edit("structure_atoms", change)
    _, problems = validate(data_copy.root)
    assert any(
        p.file == "structure_atoms.csv" and p.row == 2 and "not in structures.csv" in p.message
        for p in problems
    ), problems


def test_a_structure_without_ligand_atoms_is_named(data_copy):
    def change(header, rows):
        rows[:] = [r for r in rows if not (r["entry"] == "1ERR" and r["kind"] == "ligand")]

    data_copy.edit("structure_atoms", change)
    _, problems = validate(data_copy.root)
    assert any(
        p.file == "structures.csv" and "'1ERR' has no ligand rows" in p.message for p in problems
    ), problems


def test_a_malformed_coordinate_is_named(data_copy):
    def change(header, rows):
        rows[4]["x"] = "12.3456"

    data_copy.edit("structure_atoms", change)
    _, problems = validate(data_copy.root)
    assert any(p.row == 6 and p.column == "x" for p in problems), problems
