"""One sub-region against its parent and siblings (04; any banner, county or province): its row
in the parent's league table, its intensity series next to the parent's, and its R&D by
performing sector. Pure: processed tables in, a ``ProfileView`` out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import decompose, indicators
from rdanalysis.analysis.missing import Missing
from rdanalysis.analysis.views import _common, regions
from rdanalysis.errors import RDAnalysisError


@dataclass
class ProfileView:
    """One sub-region against its parent and siblings."""

    name: str
    region: (
        regions.RegionView | None
    )  # the parent's view (league table, decomposition); None: see gap
    row: pd.Series | None  # the sub-region's league-table row
    series: pd.DataFrame  # its intensity series (one vintage)
    parent_series: pd.DataFrame  # the parent's intensity series
    sectors: pd.DataFrame | None  # its R&D by performing sector, if reported
    gap: Missing | None = None  # why there is no league table / decomposition
    parent: str = ""

    @property
    def rows(self) -> pd.DataFrame:
        """The rows shown (status, source): the parent view's, else the own series'."""
        return self.region.rows if self.region is not None else self.series

    @property
    def status(self) -> str:
        return _common.status(self.rows)


def build(
    tables: dict[str, pd.DataFrame],
    name: str,
    start: int = 0,
    end: int = 0,
    target_pct: float | None = None,
    target_year: int = 2025,
    gdp_growth: float = 0.05,
) -> ProfileView:
    """``name``'s row in its parent's region view, its intensity series and its sector mix."""
    hierarchy = reference.of(tables)
    name = reference.check_region(name, hierarchy)
    parent = hierarchy[name].parent
    if parent is None:
        raise RDAnalysisError(f"region '{name}' has no parent region to be compared within")
    region, gap = _common.optional(
        regions.build, tables, parent, start, end, target_pct, target_year, gdp_growth
    )
    if region is not None and name not in region.league.index:
        raise RDAnalysisError(
            f"unknown sub-region {name!r} of {parent}: expected one of "
            f"{', '.join(region.league.index)}"
        )

    def series(r: str) -> pd.DataFrame:
        return indicators.intensity_series(
            tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], r
        )

    matrix = decompose.sector_matrix(tables["rd_expenditure"], name)
    sectors = matrix if decompose.sector_years(matrix) else None
    row = region.league.loc[name] if region is not None else None
    return ProfileView(name, region, row, series(name), series(parent), sectors, gap, parent)
