"""Forecast an annual R&D-intensity series to a target year, with honest uncertainty.

All models are fitted on the logit of the share (intensity / 100), so forecasts and intervals stay
inside (0 %, 100 %), and transformed back. Methods: naive, drift, damped-trend ETS, ARIMA with a
small order chosen by AICc, a linear trend on the logit scale ('loglinear'), and the component
approach (R&D spending and GDP forecast separately on the log scale, then divided).

The default, 'auto', is the equal-weight combination (linear pool) of naive, drift and ARIMA. It was
chosen by rolling-origin backtests (expanding window, horizons 1-4, MASE against naive) on real
R&D-intensity series (benchmarks/bench_forecast.py): it beat every single method, and choosing
methods per series from that series' own short backtest ('select') did worse out of sample. Each
series' own backtest table, with the combination as a row, is still computed and shown. Every
forecast carries simulated paths: intervals and the probability of reaching a target come from them.

Pure functions: series in, dataclasses and DataFrames out; warnings are returned, never printed.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from rdanalysis.errors import RDAnalysisError

METHODS = ("naive", "drift", "ets", "arima", "loglinear")
DEFAULT_COMBINATION = ("naive", "drift", "arima")
COMBINATION = "combination"
MIN_POINTS = 3
MIN_POINTS_FULL = 5
DEFAULT_PATHS = 2000
COMBINE_TOP = 3
#: Backtests for model choice use the most recent origins only (recent behaviour matters most).
SELECTION_ORIGINS = 8


def to_logit(pct: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(pct, dtype=float) / 100, 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


def from_logit(z: np.ndarray) -> np.ndarray:
    return 100 / (1 + np.exp(-np.asarray(z, dtype=float)))


@dataclass
class Forecast:
    """Forecast of one method: years, point forecast (%) and simulated paths (%)."""

    method: str
    years: np.ndarray
    point: np.ndarray
    paths: np.ndarray  # shape (n_paths, horizon), percent
    components: tuple[str, ...] = ()

    def interval(self, level: float) -> tuple[np.ndarray, np.ndarray]:
        """Central prediction interval (e.g. level=0.8) per year, from the simulated paths."""
        a = (1 - level) / 2
        return np.quantile(self.paths, a, axis=0), np.quantile(self.paths, 1 - a, axis=0)

    def probability_at_least(self, target_pct: float, year: int) -> float:
        """Share of simulated paths at or above ``target_pct`` in ``year``."""
        idx = int(np.flatnonzero(self.years == year)[0])
        return float(np.mean(self.paths[:, idx] >= target_pct))

    def table(self, levels: tuple[float, ...] = (0.8, 0.95)) -> pd.DataFrame:
        out = pd.DataFrame({"year": self.years, "point_pct": self.point})
        for level in levels:
            lo, hi = self.interval(level)
            out[f"lo{int(level * 100)}_pct"] = lo
            out[f"hi{int(level * 100)}_pct"] = hi
        return out


@dataclass
class Prepared:
    """A series ready for fitting: the contiguous tail used, and what was left out and why."""

    years: np.ndarray
    values: np.ndarray
    missing_years: list[int]
    excluded_years: list[int]
    warnings: list[str] = field(default_factory=list)


def prepare(series: pd.Series) -> Prepared:
    """Check an annual series (index year, values %); keep the contiguous run ending last.

    Missing years are reported, never filled. Raises RDAnalysisError with fewer than 3 points.
    """
    s = series.dropna().sort_index()
    s.index = s.index.astype(int)
    if len(s) < MIN_POINTS:
        raise RDAnalysisError(
            f"series has {len(s)} annual value(s); forecasting needs at least {MIN_POINTS} "
            f"(years present: {', '.join(map(str, s.index)) or 'none'})"
        )
    if ((s <= 0) | (s >= 100)).any():
        raise RDAnalysisError("intensity values must lie strictly between 0 and 100 (percent)")
    years = s.index.to_numpy()
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    start = len(years) - 1
    while start > 0 and years[start - 1] == years[start] - 1:
        start -= 1
    excluded = [int(y) for y in years[:start]]
    notes = []
    if missing:
        notes.append(
            f"missing years {', '.join(map(str, missing))} are not filled; models use "
            f"the unbroken run {years[start]}-{years[-1]}"
        )
    return Prepared(years[start:], s.to_numpy()[start:], missing, excluded, notes)


# --- single methods on the logit scale ------------------------------------------------------


def _rw_paths(
    z_last: float, drift: np.ndarray, sigma: float, h: int, rng: np.random.Generator, n: int
) -> np.ndarray:
    steps = drift[:, None] + rng.normal(0, sigma, (n, h))
    return z_last + np.cumsum(steps, axis=1)


def _naive(z: np.ndarray, h: int, rng: np.random.Generator, n: int) -> tuple:
    d = np.diff(z)
    sigma = float(np.sqrt(np.mean(d**2))) if len(d) else 0.0
    return np.full(h, z[-1]), _rw_paths(z[-1], np.zeros(n), sigma, h, rng, n)


def _drift(z: np.ndarray, h: int, rng: np.random.Generator, n: int) -> tuple:
    d = np.diff(z)
    c = float(d.mean())
    sigma = float(d.std(ddof=1)) if len(d) > 1 else abs(c) / 2
    # Parameter uncertainty: the drift itself is estimated from len(d) steps.
    drift = rng.normal(c, sigma / np.sqrt(len(d)), n)
    return z[-1] + c * np.arange(1, h + 1), _rw_paths(z[-1], drift, sigma, h, rng, n)


def _loglinear(z: np.ndarray, h: int, rng: np.random.Generator, n: int) -> tuple:
    t = np.arange(len(z), dtype=float)
    x = np.column_stack([np.ones_like(t), t])
    beta, *_ = np.linalg.lstsq(x, z, rcond=None)
    resid = z - x @ beta
    dof = max(len(z) - 2, 1)
    sigma2 = float(resid @ resid / dof)
    cov = sigma2 * np.linalg.inv(x.T @ x)
    t_new = np.arange(len(z), len(z) + h, dtype=float)
    x_new = np.column_stack([np.ones_like(t_new), t_new])
    betas = rng.multivariate_normal(beta, cov, n)
    # Residuals of a trend model are autocorrelated around the line; a random walk around the
    # trend would be too wide, white noise too narrow: use AR(1) noise with the fitted rho.
    rho = float(np.clip(np.corrcoef(resid[:-1], resid[1:])[0, 1], 0, 0.95)) if len(z) > 3 else 0
    noise = np.empty((n, h))
    prev = np.full(n, resid[-1])
    innov_sd = np.sqrt(sigma2 * (1 - rho**2))
    for k in range(h):
        prev = rho * prev + rng.normal(0, innov_sd, n)
        noise[:, k] = prev
    return x_new @ beta + rho ** np.arange(1, h + 1) * resid[-1], betas @ x_new.T + noise


def _quiet(fn: Callable) -> Callable:
    def wrapped(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args, **kwargs)

    return wrapped


@_quiet
def _ets(z: np.ndarray, h: int, rng: np.random.Generator, n: int) -> tuple:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    res = ETSModel(z, error="add", trend="add", damped_trend=True).fit(disp=False)
    point = np.asarray(res.forecast(h))
    if n == 0:
        return point, np.empty((0, h))
    sims = np.asarray(res.simulate(nsimulations=h, repetitions=n, anchor="end", rng=rng))
    return point, sims.reshape(h, n).T


@_quiet
def _arima(z: np.ndarray, h: int, rng: np.random.Generator, n: int) -> tuple:
    from statsmodels.tsa.arima.model import ARIMA

    best = None
    for order in ((0, 1, 0), (1, 1, 0), (0, 1, 1)):
        try:
            res = ARIMA(z, order=order, trend="t").fit()
        except (ValueError, np.linalg.LinAlgError):
            continue
        if np.isfinite(res.aicc) and (best is None or res.aicc < best.aicc):
            best = res
    if best is None:
        raise ValueError("no ARIMA order could be fitted")
    point = np.asarray(best.forecast(h))
    if n == 0:
        return point, np.empty((0, h))
    sims = np.asarray(best.simulate(nsimulations=h, repetitions=n, anchor="end", rng=rng))
    return point, sims.reshape(h, n).T


_FITTERS: dict[str, Callable] = {
    "naive": _naive,
    "drift": _drift,
    "ets": _ets,
    "arima": _arima,
    "loglinear": _loglinear,
}


def fit_method(
    values: np.ndarray,
    years: np.ndarray,
    horizon: int,
    method: str,
    n_paths: int = DEFAULT_PATHS,
    seed: int = 0,
) -> Forecast:
    """Fit one method to ``values`` (%, consecutive years) and forecast ``horizon`` years."""
    if method == COMBINATION:
        parts = [
            fit_method(values, years, horizon, m, n_paths, seed + i)
            for i, m in enumerate(DEFAULT_COMBINATION)
        ]
        return combine(parts, seed=seed)
    if method not in _FITTERS:
        raise RDAnalysisError(
            f"unknown method '{method}' (expected one of auto, select, "
            f"component, {', '.join(METHODS)})"
        )
    rng = np.random.default_rng(seed)
    point, paths = _FITTERS[method](to_logit(values), horizon, rng, n_paths)
    future = np.arange(years[-1] + 1, years[-1] + horizon + 1)
    return Forecast(method, future, from_logit(point), from_logit(paths))


def component_forecast(
    rd: pd.Series, gdp: pd.Series, horizon: int, n_paths: int = DEFAULT_PATHS, seed: int = 0
) -> Forecast:
    """R&D spending and GDP (亿元) each by drift on the log scale, then R&D / GDP (%)."""
    both = pd.concat([rd.rename("rd"), gdp.rename("gdp")], axis=1).dropna().sort_index()
    if len(both) < MIN_POINTS:
        raise RDAnalysisError(
            f"component approach needs {MIN_POINTS} years with both R&D and GDP, got {len(both)}"
        )
    rng = np.random.default_rng(seed)
    sims = {}
    for col in ("rd", "gdp"):
        logv = np.log(both[col].to_numpy())
        d = np.diff(logv)
        sigma = float(d.std(ddof=1)) if len(d) > 1 else abs(float(d.mean())) / 2
        drift = rng.normal(d.mean(), sigma / np.sqrt(len(d)), n_paths)
        sims[col] = _rw_paths(logv[-1], drift, sigma, horizon, rng, n_paths)
    ratio = np.exp(sims["rd"] - sims["gdp"]) * 100
    last = both.iloc[-1]
    growth = np.diff(np.log(both.to_numpy()), axis=0).mean(axis=0)
    steps = np.arange(1, horizon + 1)
    point = last["rd"] / last["gdp"] * 100 * np.exp((growth[0] - growth[1]) * steps)
    years = np.arange(int(both.index[-1]) + 1, int(both.index[-1]) + horizon + 1)
    return Forecast("component", years, point, ratio)


# --- backtest and combination ----------------------------------------------------------------


def backtest(
    values: np.ndarray,
    years: np.ndarray,
    methods: tuple[str, ...] = METHODS,
    horizon: int = 4,
    min_train: int = MIN_POINTS_FULL,
    n_paths: int = 500,
    max_origins: int | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Rolling-origin evaluation (expanding window) of each method, horizons 1..``horizon``.

    Returns one row per method, origin and horizon: forecast, actual, absolute error (pp),
    MASE (scaled by the in-sample mean absolute one-step naive error of that training window),
    and whether the 80 % and 95 % intervals held the actual value.
    """
    rows = []
    origins = list(range(min_train, len(values)))
    if max_origins is not None:
        origins = origins[-max_origins:]
    for end in origins:
        train, train_years = values[:end], years[:end]
        scale = float(np.mean(np.abs(np.diff(train))))
        h = min(horizon, len(values) - end)
        for method in methods:
            try:
                fc = fit_method(train, train_years, h, method, n_paths, seed)
            except (ValueError, np.linalg.LinAlgError, RDAnalysisError):
                continue
            rows.extend(_score(fc, values[end : end + h], scale, train_years[-1]))
    return pd.DataFrame(
        rows,
        columns=[
            "method",
            "origin",
            "h",
            "year",
            "forecast",
            "actual",
            "abs_error",
            "mase",
            "in80",
            "in95",
        ],
    )


def _score(fc: Forecast, actual: np.ndarray, scale: float, origin: int) -> list[dict]:
    lo80, hi80 = fc.interval(0.8) if len(fc.paths) else (fc.point, fc.point)
    lo95, hi95 = fc.interval(0.95) if len(fc.paths) else (fc.point, fc.point)
    out = []
    for k, value in enumerate(actual):
        err = abs(fc.point[k] - value)
        out.append(
            {
                "method": fc.method,
                "origin": int(origin),
                "h": k + 1,
                "year": int(fc.years[k]),
                "forecast": fc.point[k],
                "actual": value,
                "abs_error": err,
                "mase": err / scale if scale > 0 else np.nan,
                "in80": lo80[k] <= value <= hi80[k],
                "in95": lo95[k] <= value <= hi95[k],
            }
        )
    return out


def summarise_backtest(bt: pd.DataFrame) -> pd.DataFrame:
    """Mean MASE per method and horizon, their mean ('mean_mase'), and interval coverage."""
    if bt.empty:
        return pd.DataFrame(columns=["method", "mean_mase", "coverage80", "coverage95", "n"])
    per_h = bt.pivot_table(index="method", columns="h", values="mase", aggfunc="mean")
    per_h.columns = [f"mase_h{c}" for c in per_h.columns]
    out = per_h.assign(mean_mase=per_h.mean(axis=1))
    cov = bt.groupby("method").agg(
        coverage80=("in80", "mean"), coverage95=("in95", "mean"), n=("mase", "size")
    )
    return out.join(cov).sort_values("mean_mase").reset_index()


def combine(forecasts: list[Forecast], name: str = COMBINATION, seed: int = 0) -> Forecast:
    """Equal-weight combination: the point is the mean on the logit scale; the paths are a linear
    pool (an equal share of each method's paths), so model disagreement widens the intervals.
    Averaging paths instead would shrink the spread by about 1/k and under-cover."""
    z_point = np.mean([to_logit(f.point) for f in forecasts], axis=0)
    n = min(len(f.paths) for f in forecasts)
    share = n // len(forecasts)
    pooled = (
        np.concatenate([f.paths[:share] for f in forecasts])
        if share
        else np.empty((0, len(z_point)))
    )
    pooled = np.random.default_rng(seed).permutation(pooled)
    return Forecast(
        name, forecasts[0].years, from_logit(z_point), pooled, tuple(f.method for f in forecasts)
    )


@dataclass
class Result:
    """What the report shows: the forecast, how it was chosen, and what to be careful about."""

    forecast: Forecast
    chosen: tuple[str, ...]
    backtest: pd.DataFrame
    summary: pd.DataFrame
    prepared: Prepared
    warnings: list[str]


def select(
    values: np.ndarray, years: np.ndarray, horizon: int = 4, top: int = COMBINE_TOP
) -> tuple[str, ...]:
    """The ``top`` methods by mean MASE in the series' recent rolling-origin backtest."""
    summary = summarise_backtest(
        backtest(values, years, METHODS, horizon=horizon, n_paths=0, max_origins=SELECTION_ORIGINS)
    )
    if summary.empty:  # too short for a backtest of its own
        return DEFAULT_COMBINATION
    finite = summary[summary["mean_mase"].astype(float).notna()]
    return tuple(finite["method"][:top]) or DEFAULT_COMBINATION


def forecast_series(
    series: pd.Series,
    target_year: int,
    method: str = "auto",
    n_paths: int = DEFAULT_PATHS,
    seed: int = 0,
    components: tuple[pd.Series, pd.Series] | None = None,
    backtest_horizon: int = 4,
    diagnostics: bool = True,
) -> Result:
    """Forecast ``series`` (index year, intensity %) to ``target_year``.

    ``method``: 'auto' (the naive + drift + ARIMA combination), 'select' (combine the best three
    of this series' own backtest), 'component' (needs ``components`` = (R&D spending, GDP)
    series), or one of METHODS. With 3-4 points only drift is used, with a warning.
    The series' backtest (all methods and the combination) is returned when it has 6+ points
    and ``diagnostics`` is on.
    """
    prep = prepare(series)
    horizon = target_year - int(prep.years[-1])
    if horizon < 1:
        raise RDAnalysisError(
            f"target year {target_year} is not after the last actual year {int(prep.years[-1])}"
        )
    notes = list(prep.warnings)
    if len(prep.values) < MIN_POINTS_FULL:
        notes.append(
            f"only {len(prep.values)} consecutive annual values: falling back to drift "
            f"(the other methods need {MIN_POINTS_FULL})"
        )
        method = "drift"
    bt = pd.DataFrame()
    if diagnostics and len(prep.values) > MIN_POINTS_FULL:
        bt = backtest(
            prep.values,
            prep.years,
            (*METHODS, COMBINATION),
            horizon=backtest_horizon,
            n_paths=400,
            seed=seed,
        )
    summary = summarise_backtest(bt)
    if method == "component":
        if components is None:
            raise RDAnalysisError("method 'component' needs R&D spending and GDP series")
        fc = component_forecast(*components, horizon=horizon, n_paths=n_paths, seed=seed)
    elif method == "select":
        fits = [
            fit_method(prep.values, prep.years, horizon, m, n_paths, seed)
            for m in select(prep.values, prep.years)
        ]
        fc = combine(fits, name="select", seed=seed) if len(fits) > 1 else fits[0]
    else:
        fc = fit_method(
            prep.values,
            prep.years,
            horizon,
            COMBINATION if method == "auto" else method,
            n_paths,
            seed,
        )
    chosen = fc.components or (fc.method,)
    return Result(fc, chosen, bt, summary, prep, notes)
