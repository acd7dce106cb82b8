"""The hypothalamic-pituitary-gonadal axis: each agent's action on its hormones (hpg_agents) and
the hormone changes measured in studies (hormone_measurements)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from .. import vocabulary as v
from .cells import Known, col, one_of, positive_number, sources_col
from .problems import Problem
from .rows import Table, strict_schema


def _hpg_agents(known: Known) -> pa.DataFrameSchema:
    directions = {h: col(one_of(v.DIRECTIONS)) for h in v.HORMONES}
    return strict_schema(
        {
            "agent": col(one_of(v.HPG_AGENTS)),
            "name": col(),
            "short_name": col(),  # what the HPG diagram, its title and alt text call the agent
            "agent_class": col(),
            "site_of_action": col(),
            "diagram_site": col(one_of(v.HPG_SITES)),  # the organ box its label points at
            "diagram_action": col(),  # the label's second line, e.g. "blocks aromatase"
            "mechanism": col(),
            **directions,
            "status_in_men": col(),
            "sources": sources_col(known),
        },
        unique=["agent"],
    )


def _hormone_measurements(known: Known) -> pa.DataFrameSchema:
    return strict_schema(
        {
            "study": col(),
            "agent": col(one_of(v.HPG_AGENTS)),
            "population": col(),
            "design": col(),
            "hormone": col(one_of(v.HORMONES)),
            "before": col(positive_number()),
            "after": col(positive_number()),
            "unit": col(),
            "statistic": col(one_of(("median", "mean"))),
            "sources": sources_col(known),
        },
        unique=["study", "agent", "hormone"],
    )


HPG_AGENTS = Table("hpg_agents", _hpg_agents)
HORMONE_MEASUREMENTS = Table(
    "hormone_measurements", _hormone_measurements, numeric=("before", "after")
)


def coverage(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every agent the HPG model knows has its row."""
    agents = frames.get("hpg_agents")
    if agents is None:
        return []
    return [
        Problem(HPG_AGENTS.file, None, "agent", f"no row for agent '{agent}'")
        for agent in sorted(set(v.HPG_AGENTS) - set(agents["agent"]))
    ]
