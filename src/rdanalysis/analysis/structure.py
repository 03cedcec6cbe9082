"""The decomposition table behind `rdanalysis decompose`, from the shared views (pure)."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import views

#: --by values: 'region' (or 'county', the same) decomposes over the sub-regions of ``region``.
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
    asked = reference.check_region(region, reference.of(tables))
    if by in ("region", "county"):
        view = views.region_view(tables, asked, start, end)
        views.same_region(asked, view.region, "decomposition")
        return view.decomposition.effects, view.meta(by)
    split = views.split_view(tables, asked, by, start, end)
    views.same_region(asked, split.region, "decomposition")
    return split.effects, split.meta()
