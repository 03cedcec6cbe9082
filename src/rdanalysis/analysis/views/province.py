"""One province's profile on real data (08): its trajectory with a forecast, its rank among its
siblings, its R&D by source of funds and by type of activity, against the national intensity as
the reference line (no target is invented). Pure: processed tables in, a ``ProvinceView`` out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import indicators
from rdanalysis.analysis.views import outlook, profiles, splits
from rdanalysis.errors import RDAnalysisError


@dataclass
class ProvinceView:
    """A province's profile on real data: trajectory with forecast, parts, rank among its
    siblings, and the national intensity as the reference line (no target is invented)."""

    name: str
    outlook: outlook.Outlook  # forecast to ``horizon``, "target" = the reference value
    forecast_years: pd.DataFrame  # the forecast rows of the years asked for (e.g. 2025, 2030)
    profile: profiles.ProfileView
    splits: dict[str, splits.SplitView]  # funding / activity, where reported
    reference_pct: float
    reference_year: int
    reference_method: str  # the national series' vintage, e.g. published:yearbook_2024


def national_reference(tables: dict[str, pd.DataFrame]) -> tuple[float, int, str]:
    """The latest national R&D intensity in its chosen vintage: value (%), year, vintage."""
    s = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], reference.COUNTRY
    )
    if s.empty:
        raise RDAnalysisError("no national R&D intensity loaded for the reference line")
    last = s.iloc[-1]
    return float(last["rd_intensity_pct"]), int(last["year"]), str(last["method"])


def build(
    tables: dict[str, pd.DataFrame],
    name: str,
    horizon: int = 2030,
    years: tuple[int, ...] = (2025, 2030),
    start: int = 0,
    end: int = 0,
) -> ProvinceView:
    """Everything a province profile shows, from the shared views."""
    name = reference.check_region(name, reference.of(tables))
    ref, ref_year, method = national_reference(tables)
    # No backtest: the profile does not show it, and it is 90 % of a forecast's cost (the
    # trajectory reports show it for Tongliao, Inner Mongolia and China).
    o = outlook.build(tables, name, ref, horizon, diagnostics=False)
    table = o.result.forecast.table()
    years = tuple(sorted({y for y in years if y <= horizon} | {horizon}))  # none past it
    parts = splits.reported(tables, name, start=start, end=end)
    return ProvinceView(
        name,
        o,
        table[table["year"].isin(years)].reset_index(drop=True),
        profiles.build(tables, name, start, end, ref, horizon),
        parts,
        ref,
        ref_year,
        method,
    )
