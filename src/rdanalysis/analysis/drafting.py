"""Drafting the next plan: for an intensity target (say 1.5 % by 2030), the growth it requires,
the probability under the current trajectory, and what it implies per performing sector and per
banner/county if each keeps its present share of R&D spending (the inverse calculation).

Pure: the processed tables, a plan and the target's evaluation in, a ``Drafting`` out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import decompose, indicators, required_growth
from rdanalysis.plan import Plan


@dataclass
class Drafting:
    target_id: str
    target_pct: float
    target_year: int
    last_year: int
    last_pct: float
    probability: float | None  # from the forecast (the target's evaluation)
    required: pd.DataFrame  # required_growth.required_table: one row per GDP growth scenario
    gdp_growth: float  # the middle scenario, used for the inverse tables
    sectors: pd.DataFrame  # one row per sector: share, R&D now, R&D needed, extra, growth
    counties: pd.DataFrame  # one row per county: the same, plus the intensity it implies
    sector_year: int | None
    county_year: int | None
    #: the observations the tables are computed from (R&D and GDP rows, with their status and
    #: source): what a page showing them must name as its data
    rows: pd.DataFrame | None = None


def _inverse(amounts: pd.Series, whole: float, whole_needed: float, years: int) -> pd.DataFrame:
    """Each part keeps its share of the whole (亿元, ``whole`` now): what it must reach when the
    whole reaches ``whole_needed`` in ``years`` years, and the yearly growth that takes."""
    amounts = amounts.dropna()
    amounts = amounts[amounts > 0]
    share = amounts / whole
    needed = share * whole_needed
    growth = ((needed / amounts) ** (1 / years) - 1) * 100 if years > 0 else np.nan
    return pd.DataFrame(
        {
            "share_pct": share * 100,
            "rd_last_100m_yuan": amounts,
            "rd_needed_100m_yuan": needed,
            "extra_100m_yuan": needed - amounts,
            "rd_growth_pct": growth,
        }
    )


def _sectors(tables: dict, region: str, total_needed: float, target_year: int):
    matrix = decompose.sector_matrix(tables["rd_expenditure"], region)
    years = decompose.sector_years(matrix)
    if not years:
        return pd.DataFrame(), None
    year = max(years)
    parts = matrix.drop(columns="total", errors="ignore").loc[year]
    whole = matrix.loc[year].get("total", np.nan)
    whole = float(whole) if pd.notna(whole) else float(parts.sum())
    out = _inverse(parts, whole, total_needed, target_year - year)
    out.index.name = "sector"
    return out.reset_index(), int(year)


def _counties(
    tables: dict,
    kids: list[str],
    city_rd: pd.Series,
    total_needed: float,
    gdp_growth: float,
    target_year: int,
):
    rd_w, gdp_w, _ = decompose.county_panel(tables["rd_expenditure"], tables["gdp"], kids)
    years = [
        y
        for y in rd_w.columns
        if rd_w[y].notna().sum() >= 2 and y in gdp_w.columns and gdp_w[y].notna().all()
    ]
    if not years:
        return pd.DataFrame(), None
    year = int(max(years))
    whole = float(city_rd.get(year, rd_w[year].sum()))
    out = _inverse(rd_w[year], whole, total_needed, target_year - year)
    gdp_then = gdp_w[year].reindex(out.index) * (1 + gdp_growth) ** (target_year - year)
    out["gdp_needed_year_100m_yuan"] = gdp_then
    out["intensity_now_pct"] = rd_w[year].reindex(out.index) / gdp_w[year].reindex(out.index) * 100
    out["intensity_implied_pct"] = out["rd_needed_100m_yuan"] / gdp_then * 100
    out.index.name = "county"
    return out.reset_index(), year


def draft(
    tables: dict[str, pd.DataFrame],
    plan: Plan,
    ev,
    gdp_growths: tuple[float, ...] = (0.03, 0.05, 0.07),
) -> Drafting:
    """What an intensity target of ``plan`` requires, overall, per sector and per county."""
    target = ev.target
    series = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], plan.region
    )
    last = series.iloc[-1]
    last_year, last_pct = int(last["year"]), float(last["rd_intensity_pct"])
    gdp_last = float(last["gdp_100m_yuan"]) if pd.notna(last["gdp_100m_yuan"]) else None
    rd_hist = series.dropna(subset=["rd_expenditure_100m_yuan"]).set_index("year")
    rd_recent = required_growth.recent_growth(rd_hist["rd_expenditure_100m_yuan"])
    required = required_growth.required_table(
        last_year,
        last_pct,
        float(target.value),
        plan.target_year,
        list(gdp_growths),
        gdp_last,
        rd_recent,
    )
    g = sorted(gdp_growths)[len(gdp_growths) // 2]
    years = plan.target_year - last_year
    sectors, sector_year, counties, county_year = pd.DataFrame(), None, pd.DataFrame(), None
    if gdp_last is not None and years > 0:
        gdp_needed = gdp_last * (1 + g) ** years
        total_needed = float(target.value) / 100 * gdp_needed
        sectors, sector_year = _sectors(tables, plan.region, total_needed, plan.target_year)
        kids = reference.of(tables).children(plan.region)
        if kids:  # the plan's region and its own sub-regions (none: no split by sub-region)
            counties, county_year = _counties(
                tables, kids, rd_hist["rd_expenditure_100m_yuan"], total_needed, g, plan.target_year
            )
    return Drafting(
        target.id,
        float(target.value),
        plan.target_year,
        last_year,
        last_pct,
        ev.probability,
        required,
        g,
        sectors,
        counties,
        sector_year,
        county_year,
        _inputs(tables, plan.region, last_year, sector_year, county_year, counties),
    )


def _inputs(tables, region, last_year, sector_year, county_year, counties) -> pd.DataFrame:
    """The R&D and GDP rows behind the drafting tables: the region's in its latest year and in
    the sector year, the sub-regions' in the county year."""
    kids = list(counties["county"]) if not counties.empty else []
    wanted = [(region, last_year), (region, sector_year), *((k, county_year) for k in kids)]
    keys = pd.MultiIndex.from_tuples([w for w in wanted if w[1] is not None])
    found = []
    for name in ("rd_expenditure", "gdp"):
        table = tables[name]
        hit = pd.MultiIndex.from_frame(table[["region", "year"]]).isin(keys)
        found.append(table[hit])
    return pd.concat(found, ignore_index=True)
