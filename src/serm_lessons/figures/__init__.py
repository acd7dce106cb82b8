"""Pure figure functions: course tables in, plain plotly Figures out, one module per topic.

Nothing here knows about widgets or kernels, so the same functions draw the live explorers, the static
site and the test expectations. Widgets (widgets.py) only choose what a figure shows and update it in
place. Every figure carries a text alternative in `layout.meta["alt"]` (read it with `alt_text`), and
every colour comes from vocabulary.py and is doubled by a symbol or a word.

    style       the shared chart style, safe text, arrows, and the trace names explorers read back
    receptors   ERα and ERβ mRNA per tissue
    effects     each drug's effect per tissue: the grid and the body map
    evidence    the trials' benefits and harms (forest plot)
    hpg         the HPG loop, the model's hormone changes, the changes measured in men
    pk          build-up and wash-out with one dose a day
    mechanism   ligand → receptor shape → co-regulators → response
    pharm       binding affinity and tamoxifen's metabolism
    structure   the ERα crystal structures in 3D
    beyond      lesson 4: the endocrine-therapy map and ESR1 mutations

This package re-exports the functions the lessons call as `figures.<name>`; the last three are
imported as modules (`from serm_lessons.figures import pharm`).
"""

from __future__ import annotations

from .effects import (
    BODY_MAP_HEIGHT,
    BODY_MAP_X_RANGE,
    BODY_MAP_Y_RANGE,
    TISSUE_ORDER,
    body_map,
    body_map_height,
    body_map_menu_args,
    body_map_trace,
    body_map_with_menu,
    effect_cells,
    effect_matrix,
    effect_matrix_following,
    matrix_text,
    row_ticktext,
    unknown_marks,
)
from .evidence import forest_plot
from .hpg import (
    HORMONE_LABELS,
    HPG_TITLE_CHARS,
    agent_table,
    hpg_alt,
    hpg_bar_data,
    hpg_fall_labels,
    hpg_figure,
    hpg_label,
    hpg_range,
    hpg_title,
    measured_changes,
)
from .mechanism import mechanism_figure, mechanism_steps
from .pk import (
    PK_HEIGHT,
    PK_NOTE_BELOW_AXIS,
    half_life_hours,
    metabolite_curve,
    metabolite_half_lives,
    pk_alt,
    pk_curves,
    pk_days,
    pk_figure,
    pk_line,
)
from .receptors import (
    RECEPTOR_SORTS,
    course_tissue_rows,
    log_ticks,
    receptor_chart,
    receptor_order,
    receptor_traces,
    receptor_view,
)
from .style import (
    BODY_MAP_TRACE,
    FIGURE_WIDTH,
    HPG_BARS_TRACE,
    HPG_FALL_LABELS_TRACE,
    MECHANISM_RESPONSE_TRACE,
    UNKNOWN_MARKS_TRACE,
    alt_html,
    alt_text,
    use_course_mode_bar,
)

__all__ = [
    "BODY_MAP_HEIGHT",
    "BODY_MAP_TRACE",
    "BODY_MAP_X_RANGE",
    "BODY_MAP_Y_RANGE",
    "FIGURE_WIDTH",
    "HORMONE_LABELS",
    "HPG_BARS_TRACE",
    "HPG_FALL_LABELS_TRACE",
    "HPG_TITLE_CHARS",
    "MECHANISM_RESPONSE_TRACE",
    "PK_HEIGHT",
    "PK_NOTE_BELOW_AXIS",
    "RECEPTOR_SORTS",
    "TISSUE_ORDER",
    "UNKNOWN_MARKS_TRACE",
    "agent_table",
    "alt_html",
    "alt_text",
    "body_map",
    "body_map_height",
    "body_map_menu_args",
    "body_map_trace",
    "body_map_with_menu",
    "course_tissue_rows",
    "effect_cells",
    "effect_matrix",
    "effect_matrix_following",
    "forest_plot",
    "half_life_hours",
    "hpg_alt",
    "hpg_bar_data",
    "hpg_fall_labels",
    "hpg_figure",
    "hpg_label",
    "hpg_range",
    "hpg_title",
    "log_ticks",
    "matrix_text",
    "measured_changes",
    "mechanism_figure",
    "mechanism_steps",
    "metabolite_curve",
    "metabolite_half_lives",
    "pk_alt",
    "pk_curves",
    "pk_days",
    "pk_figure",
    "pk_line",
    "receptor_chart",
    "receptor_order",
    "receptor_traces",
    "receptor_view",
    "row_ticktext",
    "unknown_marks",
    "use_course_mode_bar",
]
