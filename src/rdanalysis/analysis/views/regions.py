"""A parent region and its children (03; Tongliao and its nine units, China and its 31
provinces, any hierarchy a user declares): the structure vs intensity decomposition (LMDI-I), the
league table with required growth, the reference line, how much of the parent the children cover
and the shift-share of their R&D. Pure: processed tables in, a ``RegionView`` out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import decompose, indicators, missing
from rdanalysis.analysis.missing import Missing, MissingDataError
from rdanalysis.analysis.views import _common
from rdanalysis.analysis.views._common import Coverage, coverage, same_region


@dataclass
class RegionView:
    """A parent region and its children between two years."""

    region: str  # the parent
    children: list[str]
    start: int
    end: int
    years: list[int]  # years with every child's GDP and some R&D
    rd: pd.DataFrame  # R&D (亿元), child x year
    gdp: pd.DataFrame  # GDP (亿元), child x year
    decomposition: decompose.Decomposition
    league: pd.DataFrame
    reference_pct: float
    #: what the reference line is: 'target' (given), 'parent' (the parent's own published
    #: intensity in ``end``, ``reference_method`` says which vintage) or 'children' (their
    #: combined intensity); the parent's intensity here is always the children's R&D sum over
    #: the children's GDP sum
    reference_kind: str
    reference_method: str
    rows: pd.DataFrame  # the R&D and GDP rows used (status, source)
    status: str
    #: how much of the parent the children cover in ``end`` (None: the parent has no figure)
    coverage: Coverage | None = None
    #: R&D growth by child x performing sector, start to end: city-wide, sector mix and local
    #: shift (decompose.shift_share); None when a year lacks the children's sector split
    shift_share: pd.DataFrame | None = None

    @property
    def partial(self) -> bool:
        """Whether the children cover only part of the parent (GDP or R&D)."""
        return self.coverage is not None and self.coverage.partial

    def meta(self, by: str = "region") -> dict:
        meta = {**_common.meta(self, by, self.decomposition), "children": len(self.children)}
        # the intensity here is the children's R&D sum over their GDP sum: named so
        meta["children_intensity_from_pct"] = meta.pop("intensity_from_pct")
        meta["children_intensity_to_pct"] = meta.pop("intensity_to_pct")
        if self.coverage is not None:
            meta.update(self.coverage.meta())
        return meta

    def intensity(self, year: int) -> pd.Series:
        """Each child's intensity (%) in ``year``."""
        return self.rd[year].fillna(0.0) / self.gdp[year] * 100


def _reference(tables, parent: str, end: int, target_pct, children_pct: float) -> tuple:
    """(value, kind, method) of the league table's reference line."""
    if target_pct:
        return float(target_pct), "target", ""
    own = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], parent
    )
    own = own[own["year"] == end]
    if not own.empty:
        return float(own["rd_intensity_pct"].iloc[0]), "parent", str(own["method"].iloc[0])
    return children_pct, "children", ""


def build(
    tables: dict[str, pd.DataFrame],
    parent: str,
    start: int = 0,
    end: int = 0,
    target_pct: float | None = None,
    target_year: int = 2025,
    gdp_growth: float = 0.05,
) -> RegionView:
    """Decompose ``parent``'s intensity change over its children, with their league table.

    ``target_pct`` None or 0: the reference line is the parent's own published intensity in
    ``end`` (no target is invented), else the children's combined intensity.
    """
    regions = reference.of(tables)
    parent = reference.check_region(parent, regions)
    kids = regions.children(parent)
    if not kids:
        raise MissingDataError(
            f"region '{parent}' has no sub-regions (declare them in regions.csv beside your "
            "data: name, parent, level)",
            Missing("subregions", parent, ("children",)),
        )
    rd_w, gdp_w, _ = decompose.county_panel(tables["rd_expenditure"], tables["gdp"], kids)
    years = [
        int(y)
        for y in rd_w.columns
        if rd_w[y].notna().any() and y in gdp_w.columns and gdp_w[y].notna().all()
    ]
    if len(years) < 2:
        raise _no_subregion_years(parent, kids, rd_w, gdp_w, years)
    y0, y1 = decompose.pick_years(years, start, end)
    dec = decompose.decompose_counties(
        rd_w[y0], rd_w[y1], gdp_w[y0], gdp_w[y1], y0, y1, missing="zero"
    )
    ref, kind, method = _reference(tables, parent, y1, target_pct, dec.intensity_end)
    league = decompose.league_table(rd_w, gdp_w, y0, y1, ref, target_year, gdp_growth)
    rows = pd.concat(
        [
            tables[t][tables[t]["region"].isin(kids) & tables[t]["year"].isin([y0, y1])]
            for t in ("rd_expenditure", "gdp")
        ],
        ignore_index=True,
    )
    _only_children(parent, kids, rows)
    return RegionView(
        parent,
        kids,
        y0,
        y1,
        years,
        rd_w,
        gdp_w,
        dec,
        league,
        ref,
        kind,
        method,
        rows,
        _common.status(rows),
        coverage(tables, parent, y1),
        _shift_share(tables["rd_expenditure"], kids, y0, y1),
    )


def _shift_share(rd: pd.DataFrame, kids: list[str], y0: int, y1: int) -> pd.DataFrame | None:
    """The shift-share of the children's R&D from ``y0`` to ``y1``, if both years split it."""
    m0 = decompose.county_sector_matrix(rd, y0, kids)
    m1 = decompose.county_sector_matrix(rd, y1, kids)
    return None if m0.empty or m1.empty else decompose.shift_share(m0, m1)


def _only_children(parent: str, kids: list[str], rows: pd.DataFrame) -> None:
    """Refuse a decomposition of ``parent`` built on rows of regions that are not its children."""
    other = sorted(set(rows["region"]) - set(kids))
    if other:
        same_region(parent, f"the parent of {', '.join(other[:3])}", "decomposition")


def _no_subregion_years(parent, kids, rd_w, gdp_w, years) -> MissingDataError:
    gap = missing.subregions(parent, kids, rd_w, gdp_w, years)
    what = "R&D" if "rd_by_child" in gap.needs else "GDP"
    return MissingDataError(
        f"{parent}: fewer than two years with R&D and every sub-region's GDP "
        f"(years: {years or 'none'}; no {what} for {', '.join(gap.lacking) or 'some of them'})",
        gap,
    )


def unreported(view: RegionView) -> tuple[str, ...]:
    """Children without an R&D value in the view's start or end year (counted as 0 there)."""
    gaps = view.rd[[view.start, view.end]].isna().any(axis=1)
    return tuple(view.rd.index[gaps])
