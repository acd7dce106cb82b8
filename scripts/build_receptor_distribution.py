"""Build data/receptor_distribution.csv from the Human Protein Atlas tables in data/raw/.

One row per HPA tissue and receptor: the RNA consensus value (nTPM) and, where HPA stained that
tissue, the highest protein (immunohistochemistry) level over its annotated cell types. No value is
changed; the script only joins, renames and maps tissues to the course's tissues.

    python scripts/build_receptor_distribution.py            # rewrite the CSV
    python scripts/build_receptor_distribution.py --check    # exit 1 if the CSV is out of date
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
RAW = DATA / "raw"
OUT = DATA / "receptor_distribution.csv"

RECEPTOR = {"ESR1": "ERα", "ESR2": "ERβ"}
LEVELS = ["not detected", "low", "medium", "high"]  # HPA staining levels, weakest first

# HPA RNA tissue -> the course tissue it informs (blank: no course tissue).
COURSE_TISSUE = {
    "breast": "breast",
    "endometrium": "endometrium",
    "liver": "liver",
    "hypothalamus": "hypothalamus-pituitary",
    "pituitary gland": "hypothalamus-pituitary",
    "vagina": "vagina",
    "cerebral cortex": "brain",
    "hippocampal formation": "brain",
    "amygdala": "brain",
}

# HPA immunohistochemistry tissue names that differ from the RNA tissue names.
IHC_TO_RNA = {
    "endometrium 1": "endometrium",
    "endometrium 2": "endometrium",
    "skin 1": "skin",
    "skin 2": "skin",
    "stomach 1": "stomach",
    "stomach 2": "stomach",
    "hippocampus": "hippocampal formation",
    "caudate": "basal ganglia",
}

COLUMNS = [
    "tissue",
    "course_tissue",
    "receptor",
    "gene",
    "rna_value",
    "rna_unit",
    "rna_dataset",
    "protein_level",
    "protein_detail",
    "sources",
]


def _read_tsv(name: str) -> list[dict[str, str]]:
    with open(RAW / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def build() -> str:
    """Return the CSV text of the joined table."""
    protein: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for row in _read_tsv("hpa_v21.1_normal_tissue_ihc_ESR1_ESR2.tsv"):
        tissue = IHC_TO_RNA.get(row["Tissue"], row["Tissue"])
        protein[(tissue, row["Gene name"])].append((row["Cell type"], row["Level"].lower()))

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    rna_rows = sorted(
        _read_tsv("hpa_v21.1_rna_consensus_tissue_ESR1_ESR2.tsv"),
        key=lambda r: (r["Tissue"], r["Gene name"]),
    )
    for row in rna_rows:
        tissue, gene = row["Tissue"], row["Gene name"]
        cells = protein.get((tissue, gene), [])
        if cells:
            level = max((lvl for _, lvl in cells), key=LEVELS.index)
            detected = sorted({f"{cell}: {lvl}" for cell, lvl in cells if lvl != "not detected"})
            detail = "; ".join(detected) if detected else "no stained cell type"
        else:
            level, detail = "not assessed", "HPA has no antibody staining for this tissue"
        writer.writerow(
            {
                "tissue": tissue,
                "course_tissue": COURSE_TISSUE.get(tissue, ""),
                "receptor": RECEPTOR[gene],
                "gene": gene,
                "rna_value": row["nTPM"],
                "rna_unit": "nTPM",
                "rna_dataset": "HPA v21.1 RNA consensus (max of HPA and GTEx)",
                "protein_level": level,
                "protein_detail": detail,
                "sources": "hpa-v21;uhlen2015;gtex2020",
            }
        )
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the CSV is out of date")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run python {Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{OUT.name} is up to date")
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
