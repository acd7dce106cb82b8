"""The web hosts a reference's `url` may point at: the canonical record of a paper, label or data set.

This is the one list. `validate` checks every `url` in references.csv against it, and data/README.md
points here. An entry allows that host and any host under it ("fda.gov" allows "www.fda.gov" and
"accessdata.fda.gov"). Mirrors, document-sharing sites, aggregators and bare IP addresses are left
out on purpose: a reader must land on the record itself, from the body that publishes it.
"""

from __future__ import annotations

# Resolvers and the US National Library of Medicine: the preferred homes of a paper or a US label.
RECORD_HOSTS = (
    "doi.org",
    "ncbi.nlm.nih.gov",  # pubmed., pmc., www. (Bookshelf)
    "dailymed.nlm.nih.gov",
    "clinicaltrials.gov",
)

# Regulators: US labels and approval documents, EU assessment reports and product information.
REGULATOR_HOSTS = (
    "fda.gov",  # www., accessdata.
    "ema.europa.eu",  # www.ema.europa.eu (EPAR pages)
    "ec.europa.eu",  # Union Register of medicinal products
    "sec.gov",  # a sponsor's own filing: the record of an FDA action the FDA does not publish
)

# Data providers whose own release is the record.
DATA_HOSTS = (
    "proteinatlas.org",
    "gtexportal.org",
    "rcsb.org",
    "wwpdb.org",
    "ebi.ac.uk",
    "cpicpgx.org",
    "pharmgkb.org",
    "bioconductor.org",
)

# Publishers' own sites, for the journals the course cites (a paper's DOI link is still preferred).
PUBLISHER_HOSTS = (
    "nejm.org",
    "jamanetwork.com",
    "thelancet.com",
    "sciencedirect.com",  # Elsevier: Fertility and Sterility, Lancet, Cell, Journal of Urology
    "cell.com",
    "academic.oup.com",  # JNCI, JCEM, Endocrinology, JBMR
    "science.org",
    "nature.com",
    "pnas.org",
    "jci.org",
    "acpjournals.org",  # Annals of Internal Medicine
    "ascopubs.org",  # Journal of Clinical Oncology
    "aacrjournals.org",  # Cancer Prevention Research
    "auajournals.org",  # Journal of Urology
    "psychiatryonline.org",  # American Journal of Psychiatry
    "journals.lww.com",  # Menopause
    "onlinelibrary.wiley.com",  # BJU International, Journal of Clinical Pharmacology
    "journals.sagepub.com",  # Annals of Pharmacotherapy, Therapeutic Advances
    "link.springer.com",  # Clinical Pharmacokinetics
    "biomedcentral.com",  # BMC journals, Biology of Sex Differences, Journal of Ovarian Research
    "mdpi.com",  # IJMS, Pharmaceuticals
    "dovepress.com",  # Clinical Interventions in Aging
    "wjgnet.com",  # World Journal of Clinical Oncology
    "dustri.com",  # International Journal of Clinical Pharmacology and Therapeutics
    "aspetjournals.org",  # ASPET, publisher of Drug Metabolism and Disposition (dmd.)
)

CANONICAL_HOSTS: tuple[str, ...] = RECORD_HOSTS + REGULATOR_HOSTS + DATA_HOSTS + PUBLISHER_HOSTS


def is_canonical_host(host: str) -> bool:
    """True when `host` is on the list, or a sub-domain of an entry on it."""
    host = host.lower().rstrip(".")
    return any(host == entry or host.endswith("." + entry) for entry in CANONICAL_HOSTS)
