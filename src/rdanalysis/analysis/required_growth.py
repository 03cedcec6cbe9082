"""Target arithmetic: how fast R&D intensity and R&D spending must grow to reach a target.

Notation (shared/reference/worked-examples.md): R = X / Y x 100 (intensity, %), X R&D spending
and Y GDP (亿元); R_T the latest intensity, R* the target, n years to go, g_Y nominal GDP growth.

* required intensity growth  g_R = (R* / R_T)^(1/n) - 1
* required R&D growth        g_X = (1 + g_R)(1 + g_Y) - 1
* straight-line path         (R* - R_T) / n  percentage points a year
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from rdanalysis.errors import RDAnalysisError


@dataclass(frozen=True)
class Required:
    """What reaching ``target_pct`` in ``target_year`` takes, from ``last_year``."""

    last_year: int
    target_year: int
    last_pct: float
    target_pct: float
    gdp_growth: float
    intensity_growth: float
    rd_growth: float
    linear_pp_per_year: float
    rd_last_100m_yuan: float | None
    rd_required_100m_yuan: float | None
    rd_at_recent_growth_100m_yuan: float | None

    @property
    def gap_100m_yuan(self) -> float | None:
        """R&D needed in the target year minus R&D if it kept its recent growth (亿元)."""
        if self.rd_required_100m_yuan is None or self.rd_at_recent_growth_100m_yuan is None:
            return None
        return self.rd_required_100m_yuan - self.rd_at_recent_growth_100m_yuan


def required_growth(last_pct: float, target_pct: float, years: int, gdp_growth: float) -> dict:
    """Required intensity growth, R&D-spending growth (fractions a year) and linear pp a year."""
    if years < 1:
        raise RDAnalysisError(f"years to the target must be at least 1, got {years}")
    if last_pct <= 0 or target_pct <= 0:
        raise RDAnalysisError("intensities must be positive percentages")
    if gdp_growth <= -1:
        raise RDAnalysisError(f"GDP growth {gdp_growth} is below -100%")
    g_r = (target_pct / last_pct) ** (1 / years) - 1
    return {
        "intensity_growth": g_r,
        "rd_growth": (1 + g_r) * (1 + gdp_growth) - 1,
        "linear_pp_per_year": (target_pct - last_pct) / years,
    }


def required(
    last_year: int,
    last_pct: float,
    target_pct: float,
    target_year: int,
    gdp_growth: float,
    gdp_last_100m_yuan: float | None = None,
    rd_recent_growth: float | None = None,
) -> Required:
    """Everything the report's required-growth table shows for one GDP growth assumption."""
    n = target_year - last_year
    g = required_growth(last_pct, target_pct, n, gdp_growth)
    rd_last = rd_req = rd_trend = None
    if gdp_last_100m_yuan is not None:
        rd_last = last_pct / 100 * gdp_last_100m_yuan
        rd_req = target_pct / 100 * gdp_last_100m_yuan * (1 + gdp_growth) ** n
        if rd_recent_growth is not None:
            rd_trend = rd_last * (1 + rd_recent_growth) ** n
    return Required(
        last_year,
        target_year,
        last_pct,
        target_pct,
        gdp_growth,
        g["intensity_growth"],
        g["rd_growth"],
        g["linear_pp_per_year"],
        rd_last,
        rd_req,
        rd_trend,
    )


def required_table(
    last_year: int,
    last_pct: float,
    target_pct: float,
    target_year: int,
    gdp_growths: list[float],
    gdp_last_100m_yuan: float | None = None,
    rd_recent_growth: float | None = None,
) -> pd.DataFrame:
    """One row per GDP growth scenario (growth rates as fractions; shown as % by the caller)."""
    rows = []
    for gy in gdp_growths:
        r = required(
            last_year, last_pct, target_pct, target_year, gy, gdp_last_100m_yuan, rd_recent_growth
        )
        rows.append(
            {
                "gdp_growth_pct": gy * 100,
                "intensity_growth_pct": r.intensity_growth * 100,
                "rd_growth_pct": r.rd_growth * 100,
                "linear_pp_per_year": r.linear_pp_per_year,
                "rd_required_100m_yuan": r.rd_required_100m_yuan,
                "rd_at_recent_growth_100m_yuan": r.rd_at_recent_growth_100m_yuan,
                "gap_100m_yuan": r.gap_100m_yuan,
            }
        )
    return pd.DataFrame(rows)


def scenario_grid(
    last_pct: float, years: int, gdp_growths: np.ndarray, rd_growths: np.ndarray
) -> pd.DataFrame:
    """Intensity (%) in the target year for each (GDP growth, R&D growth) pair (fractions).

    R_target = R_T x ((1 + g_X) / (1 + g_Y))^n. Rows: R&D growth; columns: GDP growth.
    """
    gx = np.asarray(rd_growths, dtype=float)[:, None]
    gy = np.asarray(gdp_growths, dtype=float)[None, :]
    values = last_pct * ((1 + gx) / (1 + gy)) ** years
    return pd.DataFrame(
        values,
        index=pd.Index(np.asarray(rd_growths) * 100, name="rd_growth_pct"),
        columns=pd.Index(np.asarray(gdp_growths) * 100, name="gdp_growth_pct"),
    )


def recent_growth(values: pd.Series, years: int = 3) -> float | None:
    """Average annual growth over the last ``years`` years of an annual series (index year)."""
    s = values.dropna().sort_index()
    if len(s) < 2:
        return None
    window = s[s.index >= s.index.max() - years]
    span = int(window.index.max() - window.index.min())
    if span < 1 or window.iloc[0] <= 0:
        return None
    return float((window.iloc[-1] / window.iloc[0]) ** (1 / span) - 1)
