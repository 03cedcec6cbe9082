"""Benchmark: rolling-origin backtest of every forecast method on real R&D-intensity series.

Series: GERD/GDP of the top R&D countries 1981-2017 (NCSES table S4-1, data/raw/benchmark; the
longest unbroken run of each), China's national R&D intensity and Inner Mongolia's (the latest
vintage of each year, data/processed). Expanding window from 5 points, horizons 1-4.

'combination' is the default method ('auto'): the linear pool of naive, drift and ARIMA.
'select' redoes, at every origin, the per-series choice (the best three of a backtest on that
training window only), so it is scored out of sample like the others.
Prints mean MASE per horizon against naive and drift, and the coverage of 80 %/95 % intervals.
Not a test.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from rdanalysis import paths
from rdanalysis.analysis import forecast, indicators
from rdanalysis.data import load as data

HORIZON = 4
MIN_TRAIN = 5
NCSES_COLUMNS = [
    "United States",
    "EU-28",
    "France",
    "Germany",
    "United Kingdom",
    "China (OECD)",
    "Japan",
    "South Korea",
    "India",
]


def ncses_series() -> dict[str, pd.Series]:
    raw = pd.read_csv(
        paths.RAW / "benchmark" / "ncses_s4-1_gerd_to_gdp.csv", na_values=["na", "NA"]
    )
    raw["col"] = (raw["row_id"].str[1:].astype(int) - 667) % 9
    out = {}
    for col, name in enumerate(NCSES_COLUMNS):
        s = raw[raw["col"] == col].set_index("time_period")["value"].dropna()
        out[name] = _longest_run(s)
    return out


def _longest_run(s: pd.Series) -> pd.Series:
    years = s.index.to_numpy()
    best, start = (0, 0), 0
    for i in range(1, len(years) + 1):
        if i == len(years) or years[i] != years[i - 1] + 1:
            if i - start > best[1] - best[0]:
                best = (start, i)
            start = i
    return s.iloc[best[0] : best[1]]


def chinese_series() -> dict[str, pd.Series]:
    rd, gdp, ri = data.load_rd_expenditure(), data.load_gdp(), data.load_rd_intensity()
    out = {}
    for region, label in (("全国", "China (NBS)"), ("内蒙古自治区", "Inner Mongolia")):
        s = indicators.intensity_series(rd, gdp, ri, region)
        s = s[s["status"] != "illustrative"].set_index("year")["rd_intensity_pct"]
        out[label] = _longest_run(s)
    return out


def select_backtest(values: np.ndarray, years: np.ndarray) -> pd.DataFrame:
    rows = []
    for end in range(MIN_TRAIN, len(values)):
        train, train_years = values[:end], years[:end]
        h = min(HORIZON, len(values) - end)
        res = forecast.forecast_series(
            pd.Series(train, index=train_years),
            int(train_years[-1]) + h,
            method="select",
            n_paths=500,
            diagnostics=False,
        )
        scale = float(np.mean(np.abs(np.diff(train))))
        fc = res.forecast
        fc.method = "select"
        rows.extend(forecast._score(fc, values[end : end + h], scale, train_years[-1]))
    return pd.DataFrame(rows)


def main() -> int:
    series = {**ncses_series(), **chinese_series()}
    frames = []
    started = time.perf_counter()
    for name, s in series.items():
        if len(s) < MIN_TRAIN + 1:
            print(f"skip {name}: {len(s)} points")
            continue
        v, y = s.to_numpy(float), s.index.to_numpy(int)
        methods = (*forecast.METHODS, forecast.COMBINATION)
        bt = forecast.backtest(v, y, methods, HORIZON, MIN_TRAIN, n_paths=600)
        frames.append(pd.concat([bt, select_backtest(v, y)]).assign(series=name))
        print(f"{name}: {y[0]}-{y[-1]} ({len(s)} points)", file=sys.stderr)
    bt = pd.concat(frames, ignore_index=True)
    per_series = bt.groupby(["series", "method"])["mase"].mean().unstack()
    print("\nMean MASE (h=1-4) per series:")
    print(per_series.round(2).to_string())
    summary = forecast.summarise_backtest(bt).set_index("method")
    print("\nAll series pooled, mean MASE per horizon and interval coverage:")
    print(summary.round(3).to_string())
    default = forecast.COMBINATION
    auto, naive, drift = (summary.loc[m, "mean_mase"] for m in (default, "naive", "drift"))
    print(f"\ndefault ({default} of {', '.join(forecast.DEFAULT_COMBINATION)}):")
    print(
        f"  mean MASE h1-4 {auto:.3f}; ratio to naive {auto / naive:.3f}, "
        f"to drift {auto / drift:.3f}"
    )
    print(
        f"  80% interval coverage {summary.loc[default, 'coverage80']:.1%} (target 70-90%); "
        f"95% coverage {summary.loc[default, 'coverage95']:.1%}"
    )
    print(f"({len(bt)} scored forecasts, {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
