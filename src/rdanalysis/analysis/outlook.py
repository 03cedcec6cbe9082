"""The outlook for one region: its intensity series, forecast, target probability, required
growth and scenario grid. Pure: the processed tables go in, a dataclass comes out. Shared by the
trajectory notebook and `rdanalysis forecast`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import forecast, indicators, required_growth
from rdanalysis.errors import RDAnalysisError

DEFAULT_GDP_GROWTHS = (0.03, 0.05, 0.07)


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

    @property
    def last(self) -> pd.Series:
        return self.history.iloc[-1]

    @property
    def vintage_note(self) -> str:
        methods = list(dict.fromkeys(self.history["method"]))
        if methods == ["computed"]:
            return "强度由R&D经费/GDP计算(无公开强度)。Computed as R&D / GDP."
        vintage = ", ".join(m.split(":", 1)[-1] for m in methods)
        return (
            f"全序列使用同一版本的公开强度:{vintage}(首发值与修订值不混用)。"
            f"One published vintage for the whole series: {vintage}."
        )


def check_region(region: str) -> str:
    name = reference.resolve_region(region)
    if name is None:
        hint = reference.suggest_region(region)
        raise RDAnalysisError(
            f"unknown region '{region}'{f' (did you mean {hint}?)' if hint else ''}"
        )
    return name


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
    region = check_region(region)
    if not 0 < target_pct < 100:
        raise RDAnalysisError(f"target {target_pct} must be a percentage between 0 and 100")
    series = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], region
    )
    if series.empty:
        raise RDAnalysisError(f"no R&D intensity data for {region}")
    cut = int(series["year"].max()) if last_actual_year is None else int(last_actual_year)
    history, held_out = series[series["year"] <= cut], series[series["year"] > cut]
    if target_year <= cut:
        raise RDAnalysisError(f"target year {target_year} must be after the last actual year {cut}")
    components = None
    if method == "component":
        both = history.dropna(subset=["rd_expenditure_100m_yuan", "gdp_100m_yuan"])
        components = (
            both.set_index("year")["rd_expenditure_100m_yuan"],
            both.set_index("year")["gdp_100m_yuan"],
        )
    result = forecast.forecast_series(
        history.set_index("year")["rd_intensity_pct"],
        target_year,
        method,
        n_paths,
        seed,
        components,
        diagnostics=diagnostics,
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
    )


def rd_growth_axis(needed: float, steps: int = 15) -> np.ndarray:
    """R&D growth rates for the scenario grid: from 0 to beyond the fastest required growth,
    in round steps, so the target line falls inside the grid."""
    top = max(0.30, needed * 1.3)
    step = next(s for s in (0.02, 0.05, 0.1, 0.2, 0.5) if top / s <= steps)
    return np.round(np.arange(0.0, top + step / 2, step), 3)


def describe(o: Outlook) -> str:
    """One-sentence reading of the forecast (Chinese, then English)."""
    fc = o.result.forecast
    lo, hi = fc.interval(0.8)
    k = -1
    flag = "(示例数据,非真实统计)" if o.status == "illustrative" else ""
    return (
        f"{o.region}{flag}R&D经费投入强度预计{o.target_year}年为{fc.point[k]:.2f}%"
        f"(80%区间 {lo[k]:.2f}%–{hi[k]:.2f}%),达到{o.target_pct:g}%目标的概率约"
        f"{o.probability:.0%}。 {o.region}: {fc.point[k]:.2f}% expected in {o.target_year} "
        f"(80% interval {lo[k]:.2f}-{hi[k]:.2f}%), probability of reaching "
        f"{o.target_pct:g}% about {o.probability:.0%}."
    )


def describe_required(o: Outlook) -> str:
    mid = o.required.iloc[len(o.required) // 2]
    return (
        f"若名义GDP年增{mid['gdp_growth_pct']:.0f}%,要在{o.target_year}年达到{o.target_pct:g}%,"
        f"R&D经费需年均增长{mid['rd_growth_pct']:.1f}%(强度年均提高"
        f"{mid['linear_pp_per_year']:.2f}个百分点)。 With nominal GDP growth of "
        f"{mid['gdp_growth_pct']:.0f}% a year, R&D spending must grow "
        f"{mid['rd_growth_pct']:.1f}% a year."
    )


def describe_backtest(o: Outlook) -> str:
    s = o.result.summary
    if s.empty:
        return (
            "序列太短,无法回测;采用默认组合方法。 Too short for a backtest; the default "
            "combination is used."
        )
    best = s.iloc[0]
    comb = s.set_index("method").loc[forecast.COMBINATION]
    return (
        f"滚动回测中平均MASE最低的是{best['method']}({best['mean_mase']:.2f}),默认组合方法为"
        f"{comb['mean_mase']:.2f}(低于1表示优于朴素预测)。 Lowest mean MASE in the rolling "
        f"backtest: {best['method']} ({best['mean_mase']:.2f}); default combination "
        f"{comb['mean_mase']:.2f} (below 1 beats the naive one-step benchmark in-sample)."
    )


def describe_grid(o: Outlook) -> str:
    years = o.target_year - int(o.last["year"])
    reach = o.grid >= o.target_pct
    if not reach.to_numpy().any():
        return (
            f"图中任何增速组合都无法在{years}年内把强度提高到{o.target_pct:g}%。 No combination "
            f"shown reaches {o.target_pct:g}% in {o.target_year}."
        )
    req = o.required.iloc[len(o.required) // 2]
    at = f";名义GDP年增{req['gdp_growth_pct']:g}%时,R&D经费需年增{req['rd_growth_pct']:.1f}%"
    return (
        f"热力图给出{o.target_year}年强度(红线以上达到{o.target_pct:g}%){at}。 Intensity in "
        f"{o.target_year} by GDP growth (x) and R&D growth (y); cells above the red line "
        f"reach {o.target_pct:g}%."
    )
