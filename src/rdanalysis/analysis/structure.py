"""The decomposition table behind `rdanalysis decompose`, from the shared views (pure)."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import views

#: --by values: 'county' is Tongliao's banners/counties (the parent 通辽市), 'region' any parent.
BY = ("region", "county", *views.SPLITS)


def decomposition_table(
    tables: dict[str, pd.DataFrame],
    by: str,
    region: str = reference.CITY,
    start: int = 0,
    end: int = 0,
) -> tuple[pd.DataFrame, dict]:
    """The effects table for ``by`` (region / county / sector / funding / activity) and what it
    covers: the same numbers the notebooks show (``views.region_view`` / ``views.split_view``)."""
    if by in ("region", "county"):
        parent = reference.CITY if by == "county" else region
        view = views.region_view(tables, parent, start, end)
        return view.decomposition.effects, view.meta(by)
    split = views.split_view(tables, region, by, start, end)
    return split.effects, split.meta()
