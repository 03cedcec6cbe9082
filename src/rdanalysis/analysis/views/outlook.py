"""The outlook for one region: its intensity series, forecast, target probability, required
growth and scenario grid. Pure: the processed tables go in, a dataclass comes out. Shared by the
trajectory notebook and `rdanalysis forecast`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import base_rate, forecast, indicators, required_growth
from rdanalysis.analysis.missing import Missing, MissingDataError
from rdanalysis.analysis.views._common import same_region
from rdanalysis.errors import RDAnalysisError

DEFAULT_GDP_GROWTHS = (0.03, 0.05, 0.07)
#: The processed tables ``build`` reads (``reference_panel``: the base rate, when built).
TABLES = ("rd_expenditure", "gdp", "rd_intensity", "reference_panel")


@dataclass
class Outlook:
    region: str
    target_pct: float
    target_year: int
    history: pd.DataFrame  # intensity_series rows up to last_actual_year
    held_out: pd.DataFrame  # actual values after last_actual_year (replays)
    result: forecast.Result
    probability: float
    required: pd.DataFrame
    grid: pd.DataFrame
    status: str  # 'illustrative' if any history value is
    calibration: pd.DataFrame  # coverage on real held-out series next to this series' backtest
    #: How often real regions near this level reached the target as many years later: China's
    #: provinces, then every reference panel (empty when the build has no reference panel).
    base_rates: tuple[base_rate.BaseRate, ...] = ()

    @property
    def last(self) -> pd.Series:
        return self.history.iloc[-1]


def build(
    tables: dict[str, pd.DataFrame],
    region: str,
    target_pct: float = 1.0,
    target_year: int = 2025,
    last_actual_year: int | None = None,
    method: str = "auto",
    gdp_growths: tuple[float, ...] = DEFAULT_GDP_GROWTHS,
    n_paths: int = 2000,
    seed: int = 0,
    diagnostics: bool = True,
) -> Outlook:
    """Forecast ``region``'s R&D intensity to ``target_year`` and what reaching the target takes.

    ``last_actual_year`` replays the forecast as it would have been made then (later actual
    values are kept aside and drawn for comparison). ``diagnostics`` off skips the rolling
    backtest (most of the cost; the profiles of many regions do not show it).
    """
    regions = reference.of(tables)
    region = reference.check_region(region, regions)
    if not 0 < target_pct < 100:
        raise RDAnalysisError(f"target {target_pct} must be a percentage between 0 and 100")
    series = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], region
    )
    if series.empty:
        raise MissingDataError(
            f"no R&D intensity data for {region} (expected R&D spending and GDP, or a "
            "published intensity)",
            Missing("trajectory", region, _lacking(tables, region), (), forecast.MIN_POINTS),
        )
    cut = int(series["year"].max()) if last_actual_year is None else int(last_actual_year)
    history, held_out = series[series["year"] <= cut], series[series["year"] > cut]
    if target_year <= cut:
        raise RDAnalysisError(f"target year {target_year} must be after the last actual year {cut}")
    _check_run(tables, region, history)
    components = None
    if method == "component":
        both = history.dropna(subset=["rd_expenditure_100m_yuan", "gdp_100m_yuan"])
        components = (
            both.set_index("year")["rd_expenditure_100m_yuan"],
            both.set_index("year")["gdp_100m_yuan"],
        )
    kind = series_kind(region, regions)
    result = forecast.forecast_series(
        history.set_index("year")["rd_intensity_pct"],
        target_year,
        method,
        n_paths,
        seed,
        components,
        diagnostics=diagnostics,
        kind=kind,
    )
    last = history.iloc[-1]
    rd_hist = history.dropna(subset=["rd_expenditure_100m_yuan"]).set_index("year")
    rd_growth = required_growth.recent_growth(rd_hist["rd_expenditure_100m_yuan"])
    gdp_last = last["gdp_100m_yuan"] if pd.notna(last["gdp_100m_yuan"]) else None
    required = required_growth.required_table(
        int(last["year"]),
        float(last["rd_intensity_pct"]),
        target_pct,
        target_year,
        list(gdp_growths),
        gdp_last,
        rd_growth,
    )
    grid = required_growth.scenario_grid(
        float(last["rd_intensity_pct"]),
        target_year - int(last["year"]),
        np.round(np.arange(0.0, 0.101, 0.01), 3),
        rd_growth_axis(required["rd_growth_pct"].max() / 100),
    )
    status = "illustrative" if history["status"].eq("illustrative").any() else "real"
    calibration = forecast.calibration_table(
        reference.forecast_calibration(),
        len(result.prepared.values),
        result.backtest,
        result.forecast.method if result.forecast.method in forecast.METHODS else "",
    )
    same_region(region, str(history["region"].iloc[-1]), "forecast")
    return Outlook(
        region,
        target_pct,
        target_year,
        history.reset_index(drop=True),
        held_out.reset_index(drop=True),
        result,
        result.forecast.probability_at_least(target_pct, target_year),
        required,
        grid,
        status,
        calibration,
        base_rates(
            tables,
            region,
            float(last["rd_intensity_pct"]),
            target_pct,
            target_year - int(last["year"]),
        ),
    )


def base_rates(
    tables: dict[str, pd.DataFrame], region: str, level_pct: float, target_pct: float, years: int
) -> tuple[base_rate.BaseRate, ...]:
    """The base rate among China's provinces and among every reference panel (the region's own
    series left out); none when the build has no reference panel (built before issue 24)."""
    if "reference_panel" not in tables:
        return ()
    panel = tables["reference_panel"]
    return tuple(
        base_rate.base_rate(panel, level_pct, target_pct, years, panels, exclude=region)
        for panels in (base_rate.CHINA, base_rate.ALL)
    )


def series_kind(region: str, regions: reference.Hierarchy | None = None) -> str:
    """The forecast prior (and calibration evidence) a region's series gets: 'national' for a
    country, 'regional' for a province, city or county (forecast.PRIORS)."""
    regions = regions if regions is not None else reference.known()
    return "national" if regions.level(region) == "country" else "regional"


def _lacking(tables: dict[str, pd.DataFrame], region: str) -> tuple[str, ...]:
    """Which of R&D (total) and GDP ``region`` has no value of (both when neither)."""
    rd = tables["rd_expenditure"]
    has_rd = ((rd["region"] == region) & (rd["sector"] == "total")).any()
    has_gdp = not indicators.comparable_gdp(tables["gdp"], region).empty
    lacking = tuple(n for n, has in (("rd_total", has_rd), ("gdp", has_gdp)) if not has)
    return lacking or ("rd_total", "gdp")


def _check_run(tables: dict[str, pd.DataFrame], region: str, history: pd.DataFrame) -> None:
    """MissingDataError when the unbroken run of years ending last is too short to forecast."""
    years = sorted(int(y) for y in history["year"])
    run = years[-1:]
    for y in reversed(years[:-1]):
        if y != run[0] - 1:
            break
        run.insert(0, y)
    if len(run) >= forecast.MIN_POINTS:
        return
    try:  # the forecast's own message names the gap and what to do about it
        forecast.prepare(history.set_index("year")["rd_intensity_pct"])
    except RDAnalysisError as err:
        raise MissingDataError(
            str(err),
            Missing(
                "trajectory", region, _lacking(tables, region), tuple(run), forecast.MIN_POINTS
            ),
        ) from None


def rd_growth_axis(needed: float, steps: int = 15) -> np.ndarray:
    """R&D growth rates for the scenario grid: from 0 to beyond the fastest required growth,
    in round steps, so the target line falls inside the grid."""
    top = max(0.30, needed * 1.3)
    step = next(s for s in (0.02, 0.05, 0.1, 0.2, 0.5) if top / s <= steps)
    return np.round(np.arange(0.0, top + step / 2, step), 3)
