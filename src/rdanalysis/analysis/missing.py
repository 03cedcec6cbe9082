"""What an analysis cannot show for lack of data, as a record (codes and years, no prose).

A view raises ``MissingDataError`` (an ``RDAnalysisError``: the CLI still exits 2 with its message);
a report calls the view through ``views.optional``, shows what exists and lets ``text.missing`` say
what is missing and what data would feed it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rdanalysis.errors import RDAnalysisError

#: Data a view may lack (``text.missing`` words each).
NEEDS = (
    "rd_total",  # R&D spending, total (执行主体 = 合计)
    "gdp",  # GDP
    "rd_by_sector",  # R&D by performing sector
    "rd_by_funding",  # R&D by source of funds
    "rd_by_activity",  # R&D by type of activity
    "rd_by_child",  # R&D of each sub-region (banner/county, province)
    "gdp_by_child",  # GDP of each sub-region
    "children",  # the sub-regions themselves (none known or declared: regions.csv)
)


@dataclass(frozen=True)
class Missing:
    """Why ``analysis`` cannot be shown for ``region``.

    ``analysis``: 'trajectory' (intensity series and forecast), 'split' (a sector / funding /
    activity split, ``split`` says which) or 'subregions' (the decomposition over sub-regions).
    ``needs``: codes from ``NEEDS``. ``years``: the years that do have the data (fewer than the
    analysis needs; empty when none). ``minimum``: how many years it needs. ``lacking``: the
    sub-regions without the data in ``needs``, where that is the gap (``subregions``).
    """

    analysis: str
    region: str
    needs: tuple[str, ...]
    years: tuple[int, ...] = ()
    minimum: int = 2
    split: str = ""
    lacking: tuple[str, ...] = ()


class MissingDataError(RDAnalysisError):
    """A view cannot be computed because data are missing (not because a parameter is wrong)."""

    def __init__(self, message: str, missing: Missing) -> None:
        super().__init__(message)
        self.missing = missing


def subregions(
    parent: str, kids: list[str], rd: pd.DataFrame, gdp: pd.DataFrame, years: list[int]
) -> Missing:
    """What keeps ``parent``'s decomposition over its sub-regions ``kids`` from two years.

    ``rd`` / ``gdp``: sub-region x year (亿元; NaN or absent: not supplied); ``years``: the
    years with some sub-region's R&D and every sub-region's GDP (fewer than two). R&D in fewer
    than two years is the gap (``rd_by_child``: the years with R&D, the sub-regions with none);
    otherwise GDP is (``gdp_by_child``: the years with both, the sub-regions without GDP in a
    year that has R&D).
    """
    rd_years = [int(y) for y in rd.columns if rd[y].notna().any()]
    if len(rd_years) < 2:
        no_rd = tuple(k for k in kids if k not in rd.index or rd.loc[k].isna().all())
        lacking = no_rd if rd_years else ()
        return Missing("subregions", parent, ("rd_by_child",), tuple(rd_years), lacking=lacking)
    with_gdp = gdp.reindex(index=kids, columns=rd_years)
    lacking = tuple(with_gdp.index[with_gdp.isna().any(axis=1)])
    return Missing("subregions", parent, ("gdp_by_child",), tuple(years), lacking=lacking)
