"""The one place that names things: effects, tissues, populations and their colours and symbols.

Charts, tables, schemas and tests all read these constants, so a label, a colour or an allowed value
never disagrees between two places. Colours are the Okabe-Ito palette (safe for the common forms of
colour blindness), and every effect also has a symbol and a word, so colour is never the only cue.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Effect:
    label: str
    symbol: str  # shown next to the label wherever the colour is shown
    marker: str  # plotly marker symbol, so points differ by shape as well as colour
    colour: str
    text_colour: str  # readable on `colour` (WCAG contrast >= 4.5:1)
    meaning: str


EFFECTS: dict[str, Effect] = {
    e.label: e
    for e in (
        Effect("agonist", "▲", "triangle-up", "#0072B2", "#FFFFFF", "acts like estrogen here"),
        Effect(
            "partial agonist", "△", "triangle-up-open", "#56B4E9", "#000000", "partly like estrogen"
        ),
        Effect("antagonist", "▼", "triangle-down", "#D55E00", "#000000", "blocks estrogen here"),
        Effect("mixed", "◆", "diamond", "#CC79A7", "#000000", "depends on who takes it"),
        Effect("minimal", "○", "circle-open", "#999999", "#000000", "little or no effect"),
        # "unknown": a white square with a "?" written on it, as in the key (charts add the "?")
        Effect("unknown", "?", "square", "#FFFFFF", "#000000", "not established by evidence"),
    )
}


@dataclass(frozen=True)
class Tissue:
    id: str
    label: str
    plain: str  # what the tissue means for a lay reader
    body_xy: tuple[float, float]  # position on the schematic body map (0-100 both ways)
    label_side: str = "right"  # which side of its marker the body map writes the label


TISSUES: dict[str, Tissue] = {
    t.id: t
    for t in (
        # Hot flushes come from the hypothalamus's temperature control, not from thinking, so
        # they are their own tissue; "brain" is cognition only.
        Tissue("brain", "Brain (cognition)", "memory and thinking", (50, 95), "left"),
        Tissue(
            "vasomotor",
            "Hot flushes (vasomotor)",
            "hot flushes and night sweats, set off by the brain's temperature control",
            (58, 73),  # on the chest, where a flush is felt; between the right-hand labels
        ),
        Tissue(
            "hypothalamus-pituitary",
            "Hypothalamus & pituitary",
            "the brain's hormone control centre",
            (50, 87),
        ),
        Tissue("breast", "Breast", "breast tissue and breast cancer", (40, 68), "left"),
        Tissue("liver", "Liver (blood lipids)", "cholesterol and other blood fats", (57, 59)),
        Tissue("endometrium", "Endometrium", "the lining of the womb (uterus)", (50, 47)),
        Tissue("vagina", "Vagina", "the vaginal lining", (50, 39), "left"),
        Tissue("bone", "Bone", "bone density and fractures", (38, 25), "left"),
        Tissue(
            "coagulation",
            "Blood clotting (VTE)",
            "blood clots in the veins (venous thromboembolism)",
            (60, 14),
        ),
    )
}

# ERα and ERβ in every chart: Okabe-Ito blue and orange; ERβ bars also carry a hatch pattern.
RECEPTOR_STYLE = {
    "ERα": {"colour": "#0072B2", "pattern": ""},
    "ERβ": {"colour": "#E69F00", "pattern": "/"},
}
# Each drug's line in every line chart (the PK chart): its own Okabe-Ito colour and dash, the same
# whatever else is drawn, so "the blue solid line" means tamoxifen in every view. Clomiphene and
# its isomer enclomiphene share black and differ by dash; estradiol is the grey reference.
DRUG_LINE_STYLE = {
    "tamoxifen": {"colour": "#0072B2", "dash": "solid"},
    "raloxifene": {"colour": "#D55E00", "dash": "dash"},
    "toremifene": {"colour": "#56B4E9", "dash": "dot"},
    "bazedoxifene": {"colour": "#009E73", "dash": "dashdot"},
    "lasofoxifene": {"colour": "#CC79A7", "dash": "longdash"},
    "ospemifene": {"colour": "#E69F00", "dash": "longdashdot"},
    "clomiphene": {"colour": "#000000", "dash": "solid"},
    "enclomiphene": {"colour": "#000000", "dash": "dot"},
    "estradiol": {"colour": "#767676", "dash": "dash"},
}
DIRECTION_STYLE = {  # hormone changes in the HPG model: arrow + colour + sign
    "up": {"symbol": "▲", "colour": "#0072B2"},
    "down": {"symbol": "▼", "colour": "#D55E00"},
    "unchanged": {"symbol": "●", "colour": "#999999"},
    "unknown": {"symbol": "?", "colour": "#FFFFFF"},
}
FONT_FAMILY = "Atkinson Hyperlegible, Verdana, DejaVu Sans, sans-serif"
FONT_SIZE = 15  # readable on a projector and at 100 % zoom

POPULATIONS = ("all", "premenopausal", "postmenopausal", "men")

ROLES = ("SERM", "reference agonist")
US_STATUSES = ("approved", "approved in combination", "not approved")
HALF_LIFE_UNITS = {"minutes": 1 / 60, "hours": 1.0, "days": 24.0}  # factor to hours
EU_STATUSES = (
    "authorised",  # through the EMA (centralised procedure), EPAR published
    "nationally authorised",  # country by country, no EPAR
    "withdrawn",
    "refused",
    "not authorised",
)

# safety.csv: what a label says about harm, and where the absolute rates come from
SAFETY_KINDS = ("boxed warning", "contraindication", "interaction")
LABEL_REGIONS = ("US", "EU")  # US prescribing information, or EU product information
RATE_UNITS = ("per 1,000 woman-years",)

REFERENCE_KINDS = (
    "trial",
    "meta-analysis",
    "review",
    "label",
    "regulatory",
    "pharmacology",
    "dataset",
    "study",
)

SYSTEMS = (
    "bone",
    "breast",
    "uterus",
    "lipids",
    "cardiovascular",
    "venous thromboembolism",
    "hot flushes",
    "cognition",
)

HPG_AGENTS = (
    "clomiphene",
    "enclomiphene",
    "tamoxifen",
    "gonadorelin-pulsatile",
    "gonadorelin-continuous",
    "anastrozole",
    "testosterone",
)
HORMONES = ("gnrh", "lh", "fsh", "testosterone", "estradiol")
HORMONE_LABELS = {
    "gnrh": "GnRH",
    "lh": "LH",
    "fsh": "FSH",
    "testosterone": "Testosterone",
    "estradiol": "Estradiol",
}
DIRECTIONS = ("up", "down", "unchanged", "unknown")

VERDICTS = (
    "wrong",
    "overstated",
    "unsupported",
    "misleading",
    "wrong citation",
    "citation not found",
)

OUTCOMES = (
    "all breast cancer (invasive and in situ)",
    "invasive breast cancer",
    "ER-positive breast cancer",
    "noninvasive breast cancer",
    "endometrial cancer",
    "venous thromboembolism",
    "pulmonary embolism",
    "deep vein thrombosis",
    "stroke",
    "fatal stroke",
    "coronary events",
    "vertebral fracture",
    "non-vertebral fracture",
    "osteoporotic fracture",
)
RATIO_MEASURES = ("RR", "HR", "OR")
# Why a trial measured an outcome: the benefit it was meant to bring, or a harm it might cause.
OUTCOME_TYPES = ("efficacy", "harm")
# Which analysis a result comes from; anything but "primary" is an extra, shown as such.
ANALYSES = ("primary", "secondary", "post hoc", "subgroup", "extension")

RECEPTORS = ("ERα", "ERβ")
PROTEIN_LEVELS = ("high", "medium", "low", "not detected", "not assessed")

# Slugs: lower-case letters, digits and hyphens, starting with a letter or digit.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

# --- pharmacology beyond the receptor map (binding, tamoxifen metabolism, endocrine therapy) -----
LIGAND_KINDS = ("course drug", "active metabolite", "reference ligand")
TAMOXIFEN_COMPOUNDS = ("tamoxifen", "N-desmethyltamoxifen", "4-hydroxytamoxifen", "endoxifen")
POTENCIES = ("similar to tamoxifen", "greater than tamoxifen")  # antiestrogenic, as sources state
CONCENTRATION_UNITS = ("ng/mL", "nM")
ENDOCRINE_CLASSES = ("SERM", "SERD", "aromatase inhibitor", "GnRH agonist (ovarian suppression)")
ENDOCRINE_TARGETS = ("estrogen receptor", "estrogen supply")  # what the agent acts on
# The endocrine-therapy map: each class has an Okabe-Ito colour and a marker shape of its own.
ENDOCRINE_CLASS_STYLE = {
    "SERM": {"colour": "#0072B2", "marker": "diamond"},
    "SERD": {"colour": "#D55E00", "marker": "x"},
    "aromatase inhibitor": {"colour": "#009E73", "marker": "circle"},
    "GnRH agonist (ovarian suppression)": {"colour": "#CC79A7", "marker": "square"},
}
MUTATION_COLOUR = "#000000"  # ESR1 mutation sites: black star markers, labelled with the residue
# Crystal structures (structures.csv, structure_atoms.csv) and the structure explorer.
LIGAND_ROLES = ("agonist", "SERM")
CONFORMATIONS = ("agonist", "antagonist")  # where helix 12 lies, as the entry's paper reports it
STRUCTURE_ATOM_KINDS = ("ca", "ligand", "peptide")
# Helix 12 and the ligand take the colour of the conformation and a line pattern and marker of their
# own, so agonist and antagonist differ by colour, dash, shape and label.
CONFORMATION_STYLE = {
    "agonist": {"colour": "#0072B2", "dash": "solid", "marker": "circle"},
    "antagonist": {"colour": "#D55E00", "dash": "dash", "marker": "diamond"},
}
BACKBONE_COLOUR = "#767676"  # grey with 4.5:1 contrast on white
PEPTIDE_COLOUR = "#009E73"  # Okabe-Ito bluish green: the co-activator peptide
# Plotly's mode bar without its cloud buttons: "Share chart…" (plotly.js 3 shows it unless told
# not to) offers to upload the chart to Plotly Cloud. The download-as-image button stays. One dict
# for every place that shows a chart: plotly.io's renderers (lessons, static site), and widgets.
# `showLink` and `showEditInChartStudio` are not set: plotly.js 3 has neither option, and
# plotly.py warns "Unrecognized config options" on both in every cell that shows a chart; the
# buttons they once governed are removed by name instead.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "showSendToCloud": False,
    "modeBarButtonsToRemove": ["sendChartToCloud", "sendDataToCloud", "editInChartStudio"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
