"""How often real regions did what a target asks: the base rate beside P(target).

Of the regions of a reference panel (the ``reference_panel`` table: China's provinces, Canada's
provinces, Kazakhstan's regions) that stood near a series' level, how many stood at or above
the target the same number of years later, out of how many. "Near" is within ``BANDS[0]``
(15 %) of the level, widened to 30 % and 50 % while fewer than ``MIN_REGIONS`` regions qualify;
the band used is reported. Each region counts once, from its most recent year in the band that
has a value ``years`` later (a region's several tries would count its luck several times). The
event is the one P(target) gives: the value in the year ``years`` ahead at or above the target.

Pure: the panel table in, a dataclass out (``text.outlook.describe_base_rate`` words it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Relative half-widths of the band around the level, tried in turn.
BANDS = (0.15, 0.30, 0.50)
MIN_REGIONS = 3
#: The panels of the base rate: China's provinces alone, and every reference panel.
CHINA = ("CN",)
ALL = ("CN", "CA", "KZ")


@dataclass(frozen=True)
class BaseRate:
    """``reached`` of ``regions`` regions near ``level_pct`` (``low_pct``-``high_pct``) stood at
    or above ``target_pct`` ``years`` later, in ``panels`` over ``first_year``-``last_year``
    (``panel_regions`` regions in all); ``cases``/``cases_reached``: the same over every
    region-year in the band."""

    panels: tuple[str, ...]
    panel_regions: int
    first_year: int
    last_year: int
    level_pct: float
    low_pct: float
    high_pct: float
    target_pct: float
    years: int
    regions: int
    reached: int
    cases: int
    cases_reached: int
    #: whether the series' own region was in the panel and left out
    excluded: bool = False

    @property
    def share(self) -> float:
        """reached / regions (NaN when no region qualifies)."""
        return self.reached / self.regions if self.regions else float("nan")


def base_rate(
    panel: pd.DataFrame,
    level_pct: float,
    target_pct: float,
    years: int,
    panels: tuple[str, ...] = CHINA,
    exclude: str | None = None,
) -> BaseRate:
    """The base rate of reaching ``target_pct`` ``years`` ahead from ``level_pct``, among the
    regions (not the national series) of ``panels`` in ``panel`` (the reference_panel table),
    leaving out the region ``exclude`` (the series' own region when it is in the panel)."""
    rows = panel[panel["panel"].isin(panels) & ~panel["is_national"]]
    own = rows["panel_region"] == exclude
    rows = rows[~own]
    if rows.empty:
        return BaseRate(
            tuple(panels), 0, 0, 0, level_pct, level_pct, level_pct, target_pct, years, 0, 0, 0, 0
        )
    # region x year; a start year's outcome is the value ``years`` columns to the right
    wide = rows.pivot(index=["panel", "panel_region"], columns="year", values="rd_intensity_pct")
    wide = wide.reindex(columns=range(int(wide.columns.min()), int(wide.columns.max()) + 1))
    start = wide.to_numpy()[:, : max(wide.shape[1] - years, 0)]
    later = wide.to_numpy()[:, years:]
    for band in BANDS:
        low, high = level_pct * (1 - band), level_pct * (1 + band)
        near = (start >= low) & (start <= high) & ~np.isnan(later)
        if near.any(axis=1).sum() >= MIN_REGIONS:
            break
    hit = near & (later >= target_pct)
    qualifies = near.any(axis=1)
    # each region's most recent start year in the band
    if near.shape[1]:
        last = near.shape[1] - 1 - np.argmax(near[:, ::-1], axis=1)
        reached = hit[np.arange(len(hit)), last] & qualifies
    else:  # the panel spans fewer years than asked for: no outcome to count
        reached = qualifies
    return BaseRate(
        panels=tuple(panels),
        panel_regions=len(wide),
        first_year=int(wide.columns.min()),
        last_year=int(wide.columns.max()),
        level_pct=float(level_pct),
        low_pct=float(low),
        high_pct=float(high),
        target_pct=float(target_pct),
        years=int(years),
        regions=int(qualifies.sum()),
        reached=int(reached.sum()),
        cases=int(near.sum()),
        cases_reached=int(hit.sum()),
        excluded=bool(own.any()),
    )
