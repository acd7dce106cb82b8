"""Crystal structures of the ERα ligand-binding domain: superposition and the numbers a lesson prints.

`kabsch` is the one piece of geometry: the rotation and translation that best fit one set of points
onto another (least squares). The build script (`scripts/build_structures.py`) uses it to put every
structure in one frame; `structure_facts` reads the shipped, superposed coordinates and measures the
RMSD of the common core and how far helix 12 moves. No number about a structure is typed anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# Left out of the superposition core: every residue from 528 on, i.e. the loop after helix 11,
# helix 12 and the domain's C-terminal end. They move with the ligand; fitting on them would hide it.
MOBILE_FROM = 528
# Helix 12 as drawn and measured: residues 536-552 (each file's own, shorter helix record is kept
# in structures.csv as helix12_first/helix12_last).
HELIX12 = (536, 552)
REFERENCE = "3ERD"  # the frame: the agonist structure with the co-activator peptide bound
# Agonist-antagonist pairs from the same laboratory and paper.
PAIRS = (("1ERE", "1ERR"), ("3ERD", "3ERT"))


def kabsch(mobile: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rotation R and translation t minimising sum |R @ p + t - q|² over paired rows p, q.

    A proper rotation (det R = +1): a mirror image is never returned, even when it would fit better.
    """
    p, q = np.asarray(mobile, float), np.asarray(target, float)
    if p.shape != q.shape or p.ndim != 2 or p.shape[1] != 3 or len(p) < 3:
        raise ValueError(
            f"need two equal arrays of at least 3 points (N, 3), got {p.shape}, {q.shape}"
        )
    p_mean, q_mean = p.mean(axis=0), q.mean(axis=0)
    u, _, vt = np.linalg.svd((p - p_mean).T @ (q - q_mean))
    flip = np.sign(np.linalg.det(vt.T @ u.T)) or 1.0
    rotation = vt.T @ np.diag([1.0, 1.0, flip]) @ u.T
    return rotation, q_mean - rotation @ p_mean


def transform(points: np.ndarray, rotation: np.ndarray, translation: np.ndarray) -> np.ndarray:
    return np.asarray(points, float) @ rotation.T + translation


def rmsd(a: np.ndarray, b: np.ndarray) -> float:
    """Root-mean-square distance between paired points (no fitting)."""
    diff = np.asarray(a, float) - np.asarray(b, float)
    return float(np.sqrt((diff**2).sum(axis=1).mean()))


def in_range(residue: int, span: tuple[int, int]) -> bool:
    return span[0] <= residue <= span[1]


def core_residues(traces: dict[str, dict[int, np.ndarray]]) -> list[int]:
    """Residues with a Cα in every structure, outside the mobile helix-12 region."""
    common = set.intersection(*(set(trace) for trace in traces.values()))
    return sorted(r for r in common if r < MOBILE_FROM)


# --- the numbers the lesson prints, from the shipped coordinates ---------------------------------


@dataclass(frozen=True)
class StructureFacts:
    reference: str
    core: list[int]  # residue numbers of the superposition core
    rmsd: dict[str, float]  # entry -> core Cα RMSD to the reference, Å
    helix12: list[int]  # helix-12 residues with a Cα in every structure
    displacement: dict[tuple[str, str], float]  # (agonist, antagonist) -> mean helix-12 Cα shift, Å
    shifts: dict[tuple[str, str], dict[int, float]]  # pair -> {helix-12 residue: Cα shift, Å}
    largest: dict[tuple[str, str], tuple[int, str, float]]  # pair -> (residue, name, shift in Å)
    to_peptide: dict[str, float]  # entry -> helix-12 centre to the co-activator peptide centre, Å


def ca_traces(atoms: pd.DataFrame) -> dict[str, dict[int, np.ndarray]]:
    """entry -> {residue number: Cα position} from the structure_atoms table."""
    ca = atoms[atoms["kind"] == "ca"]
    return {
        entry: {
            int(r): np.array([x, y, z]) for r, x, y, z in rows[["residue", "x", "y", "z"]].values
        }
        for entry, rows in ca.groupby("entry", sort=False)
    }


def structure_facts(course) -> StructureFacts:
    """RMSDs, helix-12 displacement and the distance to the co-activator peptide, in Å."""
    traces = ca_traces(course.structure_atoms)
    core = core_residues(traces)
    ref = traces[REFERENCE]
    rmsd_by_entry = {
        entry: rmsd([trace[r] for r in core], [ref[r] for r in core])
        for entry, trace in traces.items()
    }
    helix = sorted(
        set.intersection(*(set(t) for t in traces.values()))
        & set(range(HELIX12[0], HELIX12[1] + 1))
    )
    names = course.structure_atoms.query("kind == 'ca'").set_index(["entry", "residue"])[
        "residue_name"
    ]
    displacement, shifts, largest = {}, {}, {}
    for pair in PAIRS:
        agonist, antagonist = pair
        shift = {
            r: float(np.linalg.norm(traces[agonist][r] - traces[antagonist][r])) for r in helix
        }
        shifts[pair] = shift
        displacement[pair] = float(np.mean(list(shift.values())))
        top = max(shift, key=shift.get)
        largest[pair] = (top, str(names[(agonist, top)]), shift[top])
    peptide = course.structure_atoms.query("kind == 'peptide'")[["x", "y", "z"]].to_numpy()
    centre = peptide.mean(axis=0)
    to_peptide = {
        entry: float(np.linalg.norm(np.mean([trace[r] for r in helix], axis=0) - centre))
        for entry, trace in traces.items()
    }
    return StructureFacts(
        REFERENCE, core, rmsd_by_entry, helix, displacement, shifts, largest, to_peptide
    )
