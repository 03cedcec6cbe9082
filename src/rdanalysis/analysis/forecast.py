"""Forecast an annual R&D-intensity series to a target year, with calibrated uncertainty.

The default, 'auto' = 'pooled' (``analysis.pooled``, issue 24), is a damped drift on the log of
the intensity whose drift is shrunk towards what real regional panels did, in proportion to the
series' own evidence, and whose spread comes from those panels' real outcomes by level, training
length and horizon. It was chosen on development panels (China's and Canada's provinces, eight
countries) and scored once on a test set held back whole (Kazakhstan's regions):
benchmarks/bench_forecast.py, docs/methods.md.

Other methods, for comparison and on request: 'bayes' (the default of issue 11: random walk
with drift under a conjugate prior per kind of series, ``PRIORS``), naive, drift (both with
Student-t predictive paths), a linear trend ('loglinear'), damped-trend ETS and ARIMA
(statsmodels, imported only when asked for), the component approach, and 'combination' (linear
pool of naive, drift and ARIMA, the default before issue 11).

Pure functions: series in, dataclasses and DataFrames out; warnings are returned, never printed.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import pooled
from rdanalysis.errors import RDAnalysisError

DEFAULT = "pooled"
METHODS = ("naive", "drift", "pooled", "bayes", "loglinear", "ets", "arima")
#: Methods without statsmodels, cheap enough for every report's own backtest: the default and
#: the three it is judged against (loglinear and the others remain available by name).
FAST_METHODS = ("naive", "drift", "pooled", "bayes")
#: Methods that work from 3 points (the others need MIN_POINTS_FULL).
SHORT_METHODS = ("pooled", "bayes", "drift")
DEFAULT_COMBINATION = ("naive", "drift", "arima")
COMBINATION = "combination"
MIN_POINTS = 3
MIN_POINTS_FULL = 5
DEFAULT_PATHS = 2000
COMBINE_TOP = 3
#: Backtests for model choice use the most recent origins only (recent behaviour matters most).
SELECTION_ORIGINS = 8
#: Published intensities have two decimals: each value carries a rounding error uniform on
#: +-0.005 pp (sd 0.01/sqrt(12)), so a year-on-year change has at least sd 0.01/sqrt(6) pp of
#: noise. A flat published series is flat only to that precision: its volatility is floored here.
ROUNDING_PP = 0.01
MIN_CHANGE_SD_PP = ROUNDING_PP / np.sqrt(6)
#: The prior below was fitted on R&D intensities of 0.2-7 %; a series beyond this (a share such
#: as enterprises' 80 % of R&D) gets plain drift under 'auto'.
CALIBRATED_MAX_PCT = 10.0


@dataclass(frozen=True)
class Prior:
    """Prior of the 'bayes' method on the yearly change of log intensity: mean drift ``m0``
    with the weight of ``kappa0`` observed changes; volatility ``s0`` with the weight of ``nu0``
    changes; ``q``: how much the drift itself wanders (share of the yearly variance)."""

    m0: float
    kappa0: float
    s0: float
    nu0: float
    q: float


#: One prior per kind of series, each fitted on the development series of its kind only
#: (benchmarks/bench_forecast.py --fit, leave-one-series-out cross-validated; docs/methods.md).
#: 'regional' (provinces, cities, counties: short, faster-growing, noisier series) has a weak
#: volatility prior (worth half a yearly change), so a series' own noise sets its width after
#: a few points; 'national' (countries: long, slow, smooth series) a firmer, slower one.
PRIORS = {
    "regional": Prior(m0=0.04, kappa0=16.0, s0=0.05, nu0=0.5, q=0.0),
    "national": Prior(m0=0.015, kappa0=64.0, s0=0.03, nu0=1.0, q=0.05),
}
KINDS = tuple(PRIORS)
DEFAULT_KIND = "regional"


def to_log(pct: np.ndarray) -> np.ndarray:
    return np.log(np.asarray(pct, dtype=float))


def from_log(z: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # a path beyond 100 % is capped there
        return np.minimum(np.exp(np.asarray(z, dtype=float)), 100.0)


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

    @property
    def resolution(self) -> float:
        """The smallest probability the paths can show (1 / number of paths)."""
        return 1.0 / len(self.paths) if len(self.paths) else 1.0

    def probability_at_least(self, target_pct: float, year: int) -> float:
        """Share of simulated paths at or above ``target_pct`` in ``year``.

        0 means "below ``resolution``", 1 "above 1 - ``resolution``", not certainty.
        """
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
    """A series ready for fitting: the unbroken run used, and what was left out and why."""

    years: np.ndarray
    values: np.ndarray
    missing_years: list[int]
    excluded_years: list[int]
    warnings: list[str] = field(default_factory=list)
    is_flat: bool = False


def _years(years) -> str:
    return ", ".join(map(str, years)) or "none"


def prepare(series: pd.Series) -> Prepared:
    """Check an annual series (index year, values %); keep the unbroken run ending last.

    Missing years are reported, never filled. Raises RDAnalysisError when the unbroken run that
    ends with the latest year has fewer than 3 values (naming the gap and the years present).
    """
    s = series.dropna().sort_index()
    s.index = s.index.astype(int)
    if ((s <= 0) | (s >= 100)).any():
        raise RDAnalysisError("intensity values must lie strictly between 0 and 100 (percent)")
    years = s.index.to_numpy()
    if len(years) == 0:
        raise RDAnalysisError(f"series has no values; forecasting needs at least {MIN_POINTS}")
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    start = len(years) - 1
    while start > 0 and years[start - 1] == years[start] - 1:
        start -= 1
    run = years[start:]
    if len(run) < MIN_POINTS:
        gap = [y for y in missing if y > (years[start - 1] if start else years[0])]
        why = f" (no value for {_years(gap)})" if start else ""
        raise RDAnalysisError(
            f"the unbroken run of annual values ending in {years[-1]} has {len(run)} value(s) "
            f"({_years(run)}){why}; forecasting needs at least {MIN_POINTS} consecutive years "
            f"(years present: {_years(years)}). Fill the gap with an official figure or set "
            "the last actual year before it."
        )
    notes = []
    if missing:
        notes.append(
            f"missing years {_years(missing)} are not filled; the forecast uses only the "
            f"unbroken run {run[0]}-{run[-1]} ({len(run)} values); "
            f"{_years(years[:start])} not used"
            if start
            else f"missing years {_years(missing)}"
        )
    values = s.to_numpy()[start:]
    flat = bool(np.ptp(values) < ROUNDING_PP / 2)
    if flat:
        notes.append(
            f"the series is flat ({values[0]:.2f} % in every year {run[0]}-{run[-1]}): its "
            "volatility is taken as at least the rounding of published two-decimal values"
        )
    return Prepared(run, values, missing, [int(y) for y in years[:start]], notes, flat)


# --- single methods on the log scale ---------------------------------------------------------


def _floor(z: np.ndarray) -> float:
    """Smallest sd of a yearly change of log intensity: the two-decimal rounding noise."""
    return float(MIN_CHANGE_SD_PP / np.exp(z[-1]))


def _t_paths(
    z_last: float,
    mean: float,
    scale2: float,
    dof: float,
    kappa: float | None,
    h: int,
    rng: np.random.Generator,
    n: int,
) -> np.ndarray:
    """Predictive paths of a random walk with drift under a normal / scaled-inverse-chi-square
    posterior: sigma^2 = dof * scale2 / chi2(dof); drift ~ N(mean, sigma^2 / kappa) (fixed at
    ``mean`` when ``kappa`` is None); steps ~ N(drift, sigma^2). Each year's margin is Student-t
    with ``dof`` degrees of freedom: the volatility estimate's uncertainty is carried."""
    sigma = np.sqrt(dof * scale2 / rng.chisquare(dof, n))
    drift = (
        np.full(n, mean)
        if kappa is None
        else mean + sigma * rng.standard_normal(n) / np.sqrt(kappa)
    )
    steps = drift[:, None] + sigma[:, None] * rng.standard_normal((n, h))
    return z_last + np.cumsum(steps, axis=1)


def _naive(z: np.ndarray, h: int, rng: np.random.Generator, n: int) -> tuple:
    d = np.diff(z)
    s2 = max(float(np.mean(d**2)), _floor(z) ** 2)
    return np.full(h, z[-1]), _t_paths(z[-1], 0.0, s2, len(d), None, h, rng, n)


def _drift(z: np.ndarray, h: int, rng: np.random.Generator, n: int) -> tuple:
    d = np.diff(z)
    if len(d) < 2:
        raise RDAnalysisError("drift needs at least 3 consecutive values")
    c = float(d.mean())
    s2 = max(float(d.var(ddof=1)), _floor(z) ** 2)
    point = z[-1] + c * np.arange(1, h + 1)
    return point, _t_paths(z[-1], c, s2, len(d) - 1, len(d), h, rng, n)


def posterior_arrays(n, mean, ss, prior: Prior) -> tuple:
    """Conjugate update of ``prior`` (drift m0 worth kappa0 changes; volatility s0 worth nu0
    changes) by ``n`` yearly changes with mean ``mean`` and sum of squared deviations ``ss``.
    Returns (posterior mean drift, kappa, scale^2, degrees of freedom); works on arrays."""
    m0, kappa0, s0, nu0 = prior.m0, prior.kappa0, prior.s0, prior.nu0
    kappa = kappa0 + n
    m = (kappa0 * m0 + n * mean) / kappa
    dof = nu0 + n
    scale2 = (nu0 * s0**2 + ss + kappa0 * n / kappa * (mean - m0) ** 2) / dof
    return m, kappa, scale2, dof


def variance_factor(h, kappa, q: float):
    """Predictive variance of the h-year change over scale^2: h (yearly noise) + h^2/kappa (the
    drift's estimate) + q h(h+1)(2h+1)/6 (the drift itself wandering, as real trends do)."""
    return h + h**2 / kappa + q * h * (h + 1) * (2 * h + 1) / 6


def posterior(
    d: np.ndarray, floor: float = 0.0, prior: Prior = PRIORS[DEFAULT_KIND]
) -> tuple[float, float, float, float]:
    """Posterior of the yearly changes ``d`` of log intensity under ``prior``; the sample
    variance is floored at ``floor``^2 (rounding of published values)."""
    n = len(d)
    mean = float(d.mean()) if n else 0.0
    ss = max(float(((d - mean) ** 2).sum()), max(n - 1, 0) * floor**2)
    return posterior_arrays(n, mean, ss, prior)


def _bayes(
    z: np.ndarray, h: int, rng: np.random.Generator, n: int, prior: Prior = PRIORS[DEFAULT_KIND]
) -> tuple:
    m, kappa, scale2, dof = posterior(np.diff(z), _floor(z), prior)
    point = z[-1] + m * np.arange(1, h + 1)
    sigma = np.sqrt(dof * scale2 / rng.chisquare(dof, n))[:, None]
    drift = m + sigma * rng.standard_normal((n, 1)) / np.sqrt(kappa)
    wander = np.cumsum(sigma * np.sqrt(prior.q) * rng.standard_normal((n, h)), axis=1)
    steps = drift + wander + sigma * rng.standard_normal((n, h))
    return point, z[-1] + np.cumsum(steps, axis=1)


@cache
def pool_rule() -> pooled.Rule:
    """The pooled rule fitted on the reference panels (resources/forecast_pool.yml)."""
    return pooled.Rule.from_resource(reference.forecast_pool())


def _pooled(
    z: np.ndarray, h: int, rng: np.random.Generator, n: int, kind: str = DEFAULT_KIND
) -> tuple:
    return pooled.forecast(z, h, kind == "national", _floor(z), pool_rule(), rng, n)


def _loglinear(z: np.ndarray, h: int, rng: np.random.Generator, n: int) -> tuple:
    t = np.arange(len(z), dtype=float)
    x = np.column_stack([np.ones_like(t), t])
    beta, *_ = np.linalg.lstsq(x, z, rcond=None)
    resid = z - x @ beta
    dof = max(len(z) - 2, 1)
    sigma2 = max(float(resid @ resid / dof), _floor(z) ** 2)
    cov = sigma2 * np.linalg.inv(x.T @ x)
    t_new = np.arange(len(z), len(z) + h, dtype=float)
    x_new = np.column_stack([np.ones_like(t_new), t_new])
    betas = beta + rng.standard_normal((n, 2)) @ np.linalg.cholesky(cov).T
    # Residuals of a trend model are autocorrelated around the line; a random walk around the
    # trend would be too wide, white noise too narrow: use AR(1) noise with the fitted rho.
    rho = float(np.clip(np.corrcoef(resid[:-1], resid[1:])[0, 1], 0, 0.95)) if len(z) > 3 else 0
    rho = 0.0 if not np.isfinite(rho) else rho
    innov = rng.standard_normal((n, h)) * np.sqrt(sigma2 * (1 - rho**2))
    powers = rho ** np.subtract.outer(np.arange(h), np.arange(h)).clip(0)
    noise = innov @ np.tril(powers).T + np.outer(np.ones(n), rho ** np.arange(1, h + 1) * resid[-1])
    return x_new @ beta + rho ** np.arange(1, h + 1) * resid[-1], betas @ x_new.T + noise


def _statsmodels():
    """Import the statsmodels models first, then fit under a warning filter: statsmodels resets
    warning filters while it is imported, so importing inside the filter would let its
    ConvergenceWarning/EstimationWarning through on the first call of a fresh process."""
    # lazy: statsmodels' models are 1.8 s, only for ARIMA/ETS
    from statsmodels.tsa.arima.model import ARIMA
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    return ARIMA, ETSModel


def _quiet(fn: Callable) -> Callable:
    def wrapped(*args, **kwargs):
        _statsmodels()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args, **kwargs)

    return wrapped


@_quiet
def _ets(z: np.ndarray, h: int, rng: np.random.Generator, n: int) -> tuple:
    _, ets_model = _statsmodels()
    res = ets_model(z, error="add", trend="add", damped_trend=True).fit(disp=False)
    point = np.asarray(res.forecast(h))
    if n == 0:
        return point, np.empty((0, h))
    sims = np.asarray(res.simulate(nsimulations=h, repetitions=n, anchor="end", rng=rng))
    return point, sims.reshape(h, n).T


def _converged(res) -> bool:
    return bool((getattr(res, "mle_retvals", None) or {}).get("converged", True))


@_quiet
def _arima(z: np.ndarray, h: int, rng: np.random.Generator, n: int) -> tuple:
    arima, _ = _statsmodels()
    best = None
    for order in ((0, 1, 0), (1, 1, 0), (0, 1, 1)):
        try:
            res = arima(z, order=order, trend="t").fit()
        except (ValueError, np.linalg.LinAlgError):
            continue
        # A fit whose optimiser did not converge has no trustworthy AICc: it does not compete.
        if not _converged(res) or not np.isfinite(res.aicc):
            continue
        if best is None or res.aicc < best.aicc:
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
    "bayes": _bayes,
    "pooled": _pooled,
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
    kind: str = DEFAULT_KIND,
) -> Forecast:
    """Fit one method to ``values`` (%, consecutive years) and forecast ``horizon`` years;
    ``kind`` ('regional' or 'national') chooses the prior of 'bayes'."""
    if method == COMBINATION:
        # Each member simulates only the paths the pool keeps.
        share = n_paths // len(DEFAULT_COMBINATION)
        parts = [
            fit_method(values, years, horizon, m, share, seed + i)
            for i, m in enumerate(DEFAULT_COMBINATION)
        ]
        return combine(parts, seed=seed)
    if method not in _FITTERS:
        raise RDAnalysisError(
            f"unknown method '{method}' (expected one of auto, select, "
            f"component, {COMBINATION}, {', '.join(METHODS)})"
        )
    if kind not in PRIORS:
        raise RDAnalysisError(f"unknown kind of series '{kind}' (expected one of {KINDS})")
    fitter = _FITTERS[method]
    if method == "bayes":
        fitter = partial(_bayes, prior=PRIORS[kind])
    elif method == "pooled":
        fitter = partial(_pooled, kind=kind)
    rng = np.random.default_rng(seed)
    point, paths = fitter(to_log(values), horizon, rng, n_paths)
    future = np.arange(years[-1] + 1, years[-1] + horizon + 1)
    return Forecast(method, future, from_log(point), from_log(paths))


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
        s2 = max(float(d.var(ddof=1)), 1e-8)
        sims[col] = _t_paths(
            logv[-1], float(d.mean()), s2, len(d) - 1, len(d), horizon, rng, n_paths
        )
    ratio = np.exp(sims["rd"] - sims["gdp"]) * 100
    last = both.iloc[-1]
    growth = np.diff(np.log(both.to_numpy()), axis=0).mean(axis=0)
    steps = np.arange(1, horizon + 1)
    point = last["rd"] / last["gdp"] * 100 * np.exp((growth[0] - growth[1]) * steps)
    years = np.arange(int(both.index[-1]) + 1, int(both.index[-1]) + horizon + 1)
    return Forecast("component", years, point, ratio)


# --- backtest and combination ----------------------------------------------------------------

BACKTEST_COLUMNS = [
    "method",
    "origin",
    "n_train",
    "h",
    "year",
    "forecast",
    "actual",
    "abs_error",
    "mase",
    "in80",
    "in95",
    "above80",
    "below80",
    "pit",
]


def backtest(
    values: np.ndarray,
    years: np.ndarray,
    methods: tuple[str, ...] = FAST_METHODS,
    horizon: int = 4,
    min_train: int = MIN_POINTS_FULL,
    n_paths: int = 500,
    max_origins: int | None = None,
    seed: int = 0,
    max_train: int | None = None,
    kind: str = DEFAULT_KIND,
) -> pd.DataFrame:
    """Rolling-origin evaluation (expanding window) of each method, horizons 1..``horizon``.

    Returns one row per method, origin and horizon: forecast, actual, absolute error (pp),
    MASE (scaled by the in-sample mean absolute one-step naive error of that training window),
    whether the 80 % and 95 % intervals held the actual value, whether it fell above or below
    the 80 % interval, and its PIT (share of paths below the actual). ``max_train`` keeps only
    the last ``max_train`` values of each window (short series cut from long ones).
    """
    rows = []
    origins = list(range(min_train, len(values)))
    if max_origins is not None:
        origins = origins[-max_origins:]
    for end in origins:
        first = 0 if max_train is None else max(0, end - max_train)
        train, train_years = values[first:end], years[first:end]
        scale = float(np.mean(np.abs(np.diff(train))))
        h = min(horizon, len(values) - end)
        for method in methods:
            try:
                fc = fit_method(train, train_years, h, method, n_paths, seed, kind)
            except (ValueError, np.linalg.LinAlgError, RDAnalysisError):
                continue
            rows.extend(_score(fc, values[end : end + h], scale, train_years[-1], len(train)))
    return pd.DataFrame(rows, columns=BACKTEST_COLUMNS)


def _score(
    fc: Forecast, actual: np.ndarray, scale: float, origin: int, n_train: int = 0
) -> list[dict]:
    has_paths = len(fc.paths) > 0
    lo80, hi80 = fc.interval(0.8) if has_paths else (fc.point, fc.point)
    lo95, hi95 = fc.interval(0.95) if has_paths else (fc.point, fc.point)
    out = []
    for k, value in enumerate(actual):
        err = abs(fc.point[k] - value)
        out.append(
            {
                "method": fc.method,
                "origin": int(origin),
                "n_train": int(n_train),
                "h": k + 1,
                "year": int(fc.years[k]),
                "forecast": fc.point[k],
                "actual": value,
                "abs_error": err,
                "mase": err / scale if scale > 0 else np.nan,
                "in80": lo80[k] <= value <= hi80[k],
                "in95": lo95[k] <= value <= hi95[k],
                "above80": value > hi80[k],
                "below80": value < lo80[k],
                "pit": float(np.mean(fc.paths[:, k] < value)) if has_paths else np.nan,
            }
        )
    return out


def summarise_backtest(bt: pd.DataFrame) -> pd.DataFrame:
    """Mean MASE per method and horizon, their mean ('mean_mase'), and interval coverage with
    the share of actual values above and below the 80 % interval."""
    cols = ["method", "mean_mase", "coverage80", "above80", "below80", "coverage95", "n"]
    if bt.empty:
        return pd.DataFrame(columns=cols)
    per_h = bt.pivot_table(index="method", columns="h", values="mase", aggfunc="mean")
    per_h.columns = [f"mase_h{c}" for c in per_h.columns]
    out = per_h.assign(mean_mase=per_h.mean(axis=1))
    cov = bt.groupby("method").agg(
        coverage80=("in80", "mean"),
        above80=("above80", "mean"),
        below80=("below80", "mean"),
        coverage95=("in95", "mean"),
        n=("mase", "size"),
    )
    return out.join(cov).sort_values("mean_mase").reset_index()


def combine(forecasts: list[Forecast], name: str = COMBINATION, seed: int = 0) -> Forecast:
    """Equal-weight combination: the point is the mean on the log scale; the paths are a linear
    pool (an equal share of each method's paths), so model disagreement widens the intervals.
    Averaging paths instead would shrink the spread by about 1/k and under-cover."""
    z_point = np.mean([to_log(f.point) for f in forecasts], axis=0)
    share = min(len(f.paths) for f in forecasts)
    pooled = (
        np.concatenate([f.paths[:share] for f in forecasts])
        if share
        else np.empty((0, len(z_point)))
    )
    pooled = np.random.default_rng(seed).permutation(pooled)
    return Forecast(
        name, forecasts[0].years, from_log(z_point), pooled, tuple(f.method for f in forecasts)
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
        return (DEFAULT,)
    finite = summary[summary["mean_mase"].astype(float).notna()]
    return tuple(finite["method"][:top]) or (DEFAULT,)


def _fit(prep: Prepared, horizon: int, method: str, n_paths: int, seed: int, components, kind: str):
    if method == "component":
        if components is None:
            raise RDAnalysisError("method 'component' needs R&D spending and GDP series")
        return component_forecast(*components, horizon=horizon, n_paths=n_paths, seed=seed)
    if method == "select":
        fits = [
            fit_method(prep.values, prep.years, horizon, m, n_paths // COMBINE_TOP, seed)
            for m in select(prep.values, prep.years)
        ]
        return combine(fits, name="select", seed=seed) if len(fits) > 1 else fits[0]
    method = DEFAULT if method == "auto" else method
    return fit_method(prep.values, prep.years, horizon, method, n_paths, seed, kind)


def _method_for(prep: Prepared, method: str, notes: list[str]) -> str:
    """The method actually used, with a note where it differs from the one asked for."""
    n = len(prep.values)
    if method in ("auto", DEFAULT, "bayes") and float(prep.values.max()) > CALIBRATED_MAX_PCT:
        notes.append(
            f"values above {CALIBRATED_MAX_PCT:g} % are outside the R&D intensities the "
            f"'{DEFAULT if method == 'auto' else method}' method was fitted on: plain drift "
            "(Student-t intervals) is used"
        )
        return "drift"
    if n < MIN_POINTS_FULL and method not in ("auto", *SHORT_METHODS):
        notes.append(
            f"only {n} consecutive annual values: method '{method}' needs {MIN_POINTS_FULL}; "
            "the calibrated default is used instead"
        )
        return "auto"
    if n < MIN_POINTS_FULL:
        lean = {
            "drift": f"is Student-t with {n - 2} degree(s) of freedom",
            "bayes": "leans on the drift and volatility typical of real series (the prior)",
        }.get(
            method,
            "leans on what real regional series of the same level did (the reference panels)",
        )
        notes.append(f"only {n} consecutive annual values: the interval is wide and {lean}")
    return method


def forecast_series(
    series: pd.Series,
    target_year: int,
    method: str = "auto",
    n_paths: int = DEFAULT_PATHS,
    seed: int = 0,
    components: tuple[pd.Series, pd.Series] | None = None,
    backtest_horizon: int = 4,
    diagnostics: bool = True,
    backtest_methods: tuple[str, ...] = FAST_METHODS,
    kind: str = DEFAULT_KIND,
) -> Result:
    """Forecast ``series`` (index year, intensity %) to ``target_year``.

    ``method``: 'auto' (the default, ``DEFAULT``: the pooled rule), 'select' (combine the best
    three of this series' own backtest), 'component' (needs ``components`` = (R&D spending,
    GDP) series), 'combination', or one of METHODS ('bayes' was the default before issue 24).
    With 3-4 points only SHORT_METHODS are used ('auto' otherwise), with a warning. The
    series' own backtest (``backtest_methods``, from 5 points) is returned when it has 6+
    points and ``diagnostics`` is on. ``kind``: 'regional' (a province, city or county) or
    'national' (a country): the pooled rule's volatility for the level, and the prior of
    'bayes' (``PRIORS``).
    """
    prep = prepare(series)
    horizon = target_year - int(prep.years[-1])
    if horizon < 1:
        raise RDAnalysisError(
            f"target year {target_year} is not after the last actual year {int(prep.years[-1])}"
        )
    notes = list(prep.warnings)
    method = _method_for(prep, method, notes)
    bt = pd.DataFrame(columns=BACKTEST_COLUMNS)
    if diagnostics and len(prep.values) > MIN_POINTS_FULL:
        bt = backtest(
            prep.values,
            prep.years,
            backtest_methods,
            horizon=backtest_horizon,
            n_paths=400,
            seed=seed,
            kind=kind,
        )
    fc = _fit(prep, horizon, method, n_paths, seed, components, kind)
    chosen = fc.components or (fc.method,)
    return Result(fc, chosen, bt, summarise_backtest(bt), prep, notes)


# --- calibration evidence ------------------------------------------------------------------


def length_class(n_points: int) -> str:
    """The calibration class of a series of ``n_points`` consecutive values: '3', '4', '5',
    '6', '7-9' or '10+' (the pooled rule's classes)."""
    if n_points < MIN_POINTS:
        raise RDAnalysisError(f"no calibration class for {n_points} values (need {MIN_POINTS}+)")
    return pooled.length_class(n_points)


def calibration_table(
    calibration: pd.DataFrame, n_points: int, bt: pd.DataFrame, method: str = DEFAULT
) -> pd.DataFrame:
    """How far to trust the interval: per horizon, the coverage of the default's 80 % / 95 %
    intervals on real held-out series of this length (``calibration``, from the benchmark's
    test set), next to this series' own backtest coverage of ``method`` (NaN, with ``own_n``
    0, where the series has no backtest of its own: fewer than 6 values).

    ``calibration`` columns: n_points (class), h, n, coverage80, above80, below80, coverage95.
    """
    cls = length_class(n_points)
    ref = calibration[calibration["n_points"].astype(str) == cls].set_index("h")
    out = pd.DataFrame(
        {
            "h": ref.index.astype(int),
            "n_points": cls,
            "heldout_n": ref["n"].astype(int).to_numpy(),
            "heldout_coverage80": ref["coverage80"].to_numpy(),
            "heldout_above80": ref["above80"].to_numpy(),
            "heldout_below80": ref["below80"].to_numpy(),
            "heldout_coverage95": ref["coverage95"].to_numpy(),
        }
    )
    own = bt[bt["method"] == method] if not bt.empty else bt
    if own.empty:
        return out.assign(own_n=0, own_coverage80=np.nan, own_coverage95=np.nan)
    agg = own.groupby("h").agg(
        own_n=("in80", "size"), own_coverage80=("in80", "mean"), own_coverage95=("in95", "mean")
    )
    out = out.merge(agg, left_on="h", right_index=True, how="left").fillna({"own_n": 0})
    return out.astype({"own_n": int})
