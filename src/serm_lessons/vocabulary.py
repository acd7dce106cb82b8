"""The one place that names things: effects, tissues, populations and their colours and symbols.

Charts, tables, schemas and tests all read these constants, so a label, a colour or an allowed value
never disagrees between two places. Colours are the Okabe-Ito palette (safe for the common forms of
colour blindness), and every effect also has a symbol and a word, so colour is never the only cue.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- colours: every colour a chart or table draws, by name ------------------------------------------
# The Okabe-Ito palette (Okabe & Ito 2008), distinguishable in the common forms of colour blindness.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
SKY_BLUE = "#56B4E9"
ORANGE = "#E69F00"
BLUISH_GREEN = "#009E73"
REDDISH_PURPLE = "#CC79A7"
BLACK = "#000000"
# Darker shades for text, lighter tints for fills, of the palette's own hues.
BLUE_DARK = "#003E63"  # text on BLUE_TINT (agent labels on the HPG diagram)
BLUE_TINT = "#EAF4FB"
VERMILLION_DARK = "#A04000"  # text in vermillion's hue with 4.5:1 contrast on white
VERMILLION_TINT = "#F5C9A8"
BLUISH_GREEN_DARK = "#00573F"  # text in bluish green's hue with 4.5:1 contrast on white
# Neutrals.
WHITE = "#FFFFFF"
INK = "#222222"  # text, outlines, zero lines
INK_DARK = "#111111"  # text on the light panels of the mechanism diagram
INK_SOFT = "#333333"  # annotations inside a plot
GREY_DARK = "#555555"  # secondary lines and boxes' outlines; "no clear difference"
GREY = "#767676"  # the lightest grey with 4.5:1 contrast on white
GREY_MID = "#777777"  # steps that are not the one in focus (metabolism diagram)
GREY_SILHOUETTE = "#9A9A9A"  # the body map's outline
GREY_NEUTRAL = "#999999"  # "minimal" effect, "unchanged" hormone
GREY_GRID = "#DDDDDD"  # grid lines
GREY_RULE = "#BBBBBB"  # table cell borders
GREY_FILL = "#E8E8E8"  # table header cells
GREY_PALE = "#F6F6F6"  # table row headers
GREY_BAND = "#F2F2F2"  # every other trial's rows in the forest plot
PANEL = "#F3F1EE"  # warm light fill of diagram boxes and the body silhouette
TRANSPARENT = "rgba(0,0,0,0)"
WHITE_CLEAR = "rgba(255,255,255,0)"  # the start of a fade to white
# Page colours: text, links and boxes around the charts (lessons, the static site, the slides)
PAGE_TEXT = "#1A1A1A"
TEXT_MUTED = "#444444"  # secondary text on white (9.7:1)
LINK = "#00558C"  # links and slide controls (7.6:1 on white)
TEAL = "#00607A"  # a right quiz answer; the static-copy note's edge
TEAL_TINT = "#EEF6F8"  # the static-copy note's fill
VERMILLION_DEEP = "#A63D00"  # a wrong quiz answer (6.0:1 on white)
VERMILLION_PALE = "#FFF4EC"  # the fill of a claim-versus-evidence box
RULE_LIGHT = "#CCCCCC"  # rules between page parts


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
        Effect("agonist", "▲", "triangle-up", BLUE, WHITE, "acts like estrogen here"),
        Effect("partial agonist", "△", "triangle-up-open", SKY_BLUE, BLACK, "partly like estrogen"),
        Effect("antagonist", "▼", "triangle-down", VERMILLION, BLACK, "blocks estrogen here"),
        Effect("mixed", "◆", "diamond", REDDISH_PURPLE, BLACK, "depends on who takes it"),
        Effect("minimal", "○", "circle-open", GREY_NEUTRAL, BLACK, "little or no effect"),
        # "unknown": a white square with a "?" written on it, as in the key (charts add the "?")
        Effect("unknown", "?", "square", WHITE, BLACK, "not established by evidence"),
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
    "ERα": {"colour": BLUE, "pattern": ""},
    "ERβ": {"colour": ORANGE, "pattern": "/"},
}
# Each drug's line in every line chart (the PK chart): its own Okabe-Ito colour and dash, the same
# whatever else is drawn, so "the blue solid line" means tamoxifen in every view. Clomiphene and
# its isomer enclomiphene share black and differ by dash; estradiol is the grey reference.
DRUG_LINE_STYLE = {
    "tamoxifen": {"colour": BLUE, "dash": "solid"},
    "raloxifene": {"colour": VERMILLION, "dash": "dash"},
    "toremifene": {"colour": SKY_BLUE, "dash": "dot"},
    "bazedoxifene": {"colour": BLUISH_GREEN, "dash": "dashdot"},
    "lasofoxifene": {"colour": REDDISH_PURPLE, "dash": "longdash"},
    "ospemifene": {"colour": ORANGE, "dash": "longdashdot"},
    "clomiphene": {"colour": BLACK, "dash": "solid"},
    "enclomiphene": {"colour": BLACK, "dash": "dot"},
    "estradiol": {"colour": GREY, "dash": "dash"},
}
DIRECTION_STYLE = {  # hormone changes in the HPG model: arrow + colour + sign
    "up": {"symbol": "▲", "colour": BLUE},
    "down": {"symbol": "▼", "colour": VERMILLION},
    "unchanged": {"symbol": "●", "colour": GREY_NEUTRAL},
    "unknown": {"symbol": "?", "colour": WHITE},
}
# Marks written beside a colour or a word, so colour is never the only cue.
CHOSEN_MARK = "▶"  # the chosen drug's row label in the grid
AGENT_MARK = "✚"  # an agent given, on the HPG diagram
BRAKE_MARK = "⊖"  # a negative-feedback brake, on the HPG diagram
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
# The organs of the HPG diagram; hpg_agents.csv's diagram_site names the one each agent acts on.
HPG_SITES = ("hypothalamus", "pituitary", "testes", "aromatase")
HORMONES = ("gnrh", "lh", "fsh", "testosterone", "estradiol")
HORMONE_LABELS = {
    "gnrh": "GnRH",
    "lh": "LH",
    "fsh": "FSH",
    "testosterone": "Testosterone",
    "estradiol": "Estradiol",
}
DIRECTIONS = ("up", "down", "unchanged", "unknown")
UNCHANGED_WITHIN = 0.02  # a relative change within ±2 % counts as no change


def direction_of(change: float, threshold: float = UNCHANGED_WITHIN) -> str:
    """The one rule for a relative change (0.25 = +25 %): "up", "down" or "unchanged" (within
    ±threshold). The HPG model, its chart, the measured changes and the tests all use it."""
    return "up" if change > threshold else "down" if change < -threshold else "unchanged"


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
# What a trial result shows (its 95% CI below 1, above 1, or across it): a marker shape and a
# colour each, in the forest plot.
TRIAL_VERDICT_STYLE = {
    "fewer events": {"marker": "circle", "colour": BLUE},
    "more events": {"marker": "square", "colour": VERMILLION},
    "no clear difference": {"marker": "diamond", "colour": GREY_DARK},
}
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
    "SERM": {"colour": BLUE, "marker": "diamond"},
    "SERD": {"colour": VERMILLION, "marker": "x"},
    "aromatase inhibitor": {"colour": BLUISH_GREEN, "marker": "circle"},
    "GnRH agonist (ovarian suppression)": {"colour": REDDISH_PURPLE, "marker": "square"},
}
MUTATION_COLOUR = BLACK
MUTATION_MARKER = "cross"  # ESR1 mutation sites: black star markers, labelled with the residue
# Crystal structures (structures.csv, structure_atoms.csv) and the structure explorer.
LIGAND_ROLES = ("agonist", "SERM")
CONFORMATIONS = ("agonist", "antagonist")  # where helix 12 lies, as the entry's paper reports it
STRUCTURE_ATOM_KINDS = ("ca", "ligand", "peptide")
# Helix 12 and the ligand take the colour of the conformation and a line pattern and marker of their
# own, so agonist and antagonist differ by colour, dash, shape and label.
CONFORMATION_STYLE = {
    "agonist": {"colour": BLUE, "dash": "solid", "marker": "circle"},
    "antagonist": {"colour": VERMILLION, "dash": "dash", "marker": "diamond"},
}
BACKBONE_COLOUR = GREY
PEPTIDE_COLOUR = BLUISH_GREEN  # the co-activator peptide
PEPTIDE_MARKER = "square"
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
