"""Benchmark: calibration and accuracy of the forecast on real R&D-intensity series, development
and test sets apart (issue 24); the fit of the pooled rule; the cost of a report's forecast.

Series (forecast_panels.py): DEVELOPMENT is China's 31 provinces and China (2012-2023), Canada's
10 provinces and Canada (2010-2019/2020) and eight countries 1981-2017 (NCSES S4-1); the TEST set,
named before any fit, is Kazakhstan, held back whole (its regions and cities and its national
series, 2010-2023), scored once when the rule was fixed. Each series is its longest unbroken run;
rolling origins with expanding windows from 3 points, horizons 1-4.

Prints, for each panel of development and test: the default's coverage of its 80 % and 95 %
intervals, the share of actual values above / below the 80 % interval, and the mean MASE of
the default, naive, drift and 'bayes' (the default before issue 24), by training length (3, 4,
5, 6, 7-9, 10+) and by horizon. Development figures come twice: in sample (the shipped rule,
fitted on all of development) and leaving one panel out (the rule's numbers as shipped, its
volatility and calibration factors refit without the panel).

``--fit`` chooses the pooled rule on development only (forecast_fit.py: a grid scored by leaving
one panel out) and prints its development figures; ``--write-pool`` then writes
src/rdanalysis/resources/forecast_pool.yml. ``--write-calibration`` stores the default's
test-set coverage by training length and horizon in src/rdanalysis/resources/
forecast_calibration.csv (the trajectory report's table). ``--cli [REV]`` also times
`rdanalysis forecast --region 通辽市` here and at revision REV (bench_cli.py), in the same run.
Not a test.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import forecast_fit
import numpy as np
import pandas as pd
from forecast_panels import HORIZON, Series, all_series, length_class

from rdanalysis import paths, reference
from rdanalysis.analysis import forecast

CALIBRATION = paths.RESOURCES / "forecast_calibration.csv"
METHODS = ("pooled", "naive", "drift", "bayes")
#: The rule before issue 24: 'bayes' as default, with this backtest in every report.
BEFORE = ("bayes", ("naive", "drift", "bayes", "loglinear"))
#: The commit this work started from (issue 24): the CLI's baseline.
START = "47e7d7c"


def run_backtests(series: list[Series], n_paths: int = 1000) -> pd.DataFrame:
    """forecast.backtest of every method on every series (expanding windows from 3 points)."""
    frames = []
    for s in series:
        v, y = s.values.to_numpy(float), s.values.index.to_numpy(int)
        bt = forecast.backtest(v, y, METHODS, HORIZON, 3, n_paths, kind=s.kind)
        frames.append(bt.assign(series=s.key, panel=s.panel, group=s.group, split=s.split))
    out = pd.concat(frames, ignore_index=True)
    return out.assign(length=length_class(out["n_train"]))


def _wide(bt: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Per ``by``: n, the default's coverage and misses, MASE of each method and the ratios."""
    d = bt[bt["method"] == forecast.DEFAULT]
    out = d.groupby(by).agg(
        n=("in80", "size"),
        cov80=("in80", "mean"),
        above80=("above80", "mean"),
        below80=("below80", "mean"),
        cov95=("in95", "mean"),
    )
    mase = bt.pivot_table(index=by, columns="method", values="mase", aggfunc="mean")
    out = out.join(mase[list(METHODS)].add_prefix("mase_"))
    out["vs_naive"] = out[f"mase_{forecast.DEFAULT}"] / out["mase_naive"]
    out["vs_drift"] = out[f"mase_{forecast.DEFAULT}"] / out["mase_drift"]
    return out


def _scored_wide(scored: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The same table from forecast_fit.score (analytic intervals, pooled / naive / drift)."""
    out = scored.groupby(by).agg(
        n=("in80", "size"),
        cov80=("in80", "mean"),
        above80=("above80", "mean"),
        below80=("below80", "mean"),
        cov95=("in95", "mean"),
        mase_pooled=("mase", "mean"),
        mase_naive=("mase_naive", "mean"),
        mase_drift=("mase_drift", "mean"),
    )
    out["vs_naive"] = out["mase_pooled"] / out["mase_naive"]
    out["vs_drift"] = out["mase_pooled"] / out["mase_drift"]
    return out


def _span(frame: pd.DataFrame) -> pd.DataFrame:
    """Short (3-6 points) and long (7+) lines of a frame with ``n_train`` or ``n``."""
    n = frame["n_train"] if "n_train" in frame else frame["n"]
    return frame.assign(span=np.where(n <= 6, "3-6", "7+"))


def print_tables(frame: pd.DataFrame, wide, title: str) -> None:
    """By panel and training length, by panel and horizon; by length, by horizon and short /
    long over all the panels of ``frame``."""
    pd.set_option("display.width", 160)
    print(f"\n======== {title}")
    frame = _span(frame)
    for by in (["group", "length"], ["group", "h"], ["length"], ["h"], ["span"], ["span", "h"]):
        print(wide(frame, by).round(3).to_string(), end="\n\n")


def print_methods(bt: pd.DataFrame) -> None:
    """Every method's coverage and MASE, per split and panel, short (3-6) and long (7+)."""
    frame = _span(bt)
    table = frame.groupby(["split", "group", "span", "method"]).agg(
        n=("in80", "size"),
        cov80=("in80", "mean"),
        above80=("above80", "mean"),
        below80=("below80", "mean"),
        cov95=("in95", "mean"),
        mase=("mase", "mean"),
    )
    print("\n======== EVERY METHOD, by split, panel and training length (3-6 / 7+)")
    print(table.round(3).to_string())
    overall = frame.groupby(["split", "span", "method"])[["in80", "in95", "mase"]].mean()
    print(overall.round(3).to_string())


def print_report(bt: pd.DataFrame, lopo: pd.DataFrame) -> None:
    print_tables(bt[bt["split"] == "dev"], _wide, "DEVELOPMENT, in sample (the shipped rule)")
    lopo = lopo.assign(length=length_class(lopo["n"]))
    print_tables(
        lopo,
        _scored_wide,
        "DEVELOPMENT, each panel left out (numbers as shipped; volatility and factors refit)",
    )
    print_tables(bt[bt["split"] == "test"], _wide, "TEST: Kazakhstan, held out (scored once)")
    print_methods(bt)


def development_left_out(series: list[Series]) -> pd.DataFrame:
    """Each development panel scored under the shipped numbers, its volatility and factors
    refit without it (and the shipped transfer factor)."""
    rule = forecast.pool_rule()
    numbers = {k: getattr(rule, k) for k in forecast_fit.GRID}
    transfer = reference.forecast_pool()["development"]["transfer_factor"]
    return forecast_fit.leave_one_panel_out(series, numbers, transfer=transfer)


def write_calibration(bt: pd.DataFrame) -> None:
    """The default's test-set coverage by training length and horizon (all of Kazakhstan's
    series: its regions and cities and its national series)."""
    d = bt[(bt["split"] == "test") & (bt["method"] == forecast.DEFAULT)]
    table = (
        d.groupby(["length", "h"])
        .agg(
            n=("in80", "size"),
            coverage80=("in80", "mean"),
            above80=("above80", "mean"),
            below80=("below80", "mean"),
            coverage95=("in95", "mean"),
        )
        .reset_index()
        .rename(columns={"length": "n_points"})
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    head = (
        f"# Test-set calibration of the default forecast '{forecast.DEFAULT}' (rolling origins,"
        " expanding windows from 3 points, h = 1-4) on real series held out from its fitting:"
        " Kazakhstan's regions and cities and its national series, R&D as % of GRP 2010-2023"
        " (issue 24's test set, scored once; docs/methods.md).\n"
        f"# Generated by benchmarks/bench_forecast.py --write-calibration at commit {commit};"
        " n_points = training length class (consecutive annual values); coverage = share of"
        " actual values inside the interval; above80 / below80 = share above / below it.\n"
    )
    CALIBRATION.write_text(head + table.round(4).to_csv(index=False), encoding="utf-8")
    print(f"wrote {CALIBRATION} ({len(table)} rows)")


def fit_pool(series: list[Series], write: bool) -> None:
    """Choose the pooled rule on development (forecast_fit) and print its figures."""
    started = time.perf_counter()
    dev = [s for s in series if s.split == "dev"]
    numbers, table, transfer = forecast_fit.choose(dev)
    print(table.head(15).round(4).to_string())
    took = time.perf_counter() - started
    print(f"\nchosen: {numbers}; transfer factor {transfer:.2f} ({took:.0f} s)")
    lopo = forecast_fit.leave_one_panel_out(dev, numbers, transfer=transfer)
    lopo = lopo.assign(length=length_class(lopo["n"]))
    print_tables(lopo, _scored_wide, "DEVELOPMENT, each panel left out (the chosen rule)")
    rule = forecast_fit.fit(dev, numbers, transfer=transfer)
    print(f"rule fitted on all development series: {rule}")
    if write:
        forecast_fit.write_pool(rule, forecast_fit.summary(lopo, numbers, transfer))


# --- speed -------------------------------------------------------------------------------------

#: A 9-point series of the report's kind (2016-2024), forecast to 2025 and to 2030.
SERIES = pd.Series([0.55, 0.58, 0.6, 0.61, 0.63, 0.62, 0.64, 0.66, 0.63], index=range(2016, 2025))


def _best(fn, repeats: int = 7) -> float:
    fn()  # warm-up: imports and caches
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def time_api() -> None:
    """A report's forecast (with its own backtest) under the new default and under the rule
    before issue 24, in this run; and the base rate the report now adds."""
    from rdanalysis.analysis import base_rate
    from rdanalysis.data.load import load

    method, backtest_methods = BEFORE
    for year in (2025, 2030):
        new = _best(lambda year=year: forecast.forecast_series(SERIES, year))
        old = _best(
            lambda year=year: forecast.forecast_series(
                SERIES, year, method=method, backtest_methods=backtest_methods
            )
        )
        print(
            f"a report's forecast of a 9-point series to {year} with its backtest: "
            f"{forecast.DEFAULT} {new * 1000:.1f} ms, before ({method}) {old * 1000:.1f} ms: "
            f"{new / old:.2f}x"
        )
    panel = load("reference_panel")
    cost = _best(lambda: base_rate.base_rate(panel, 0.63, 1.0, 1))
    print(f"the base rate beside it: {cost * 1000:.1f} ms")


def time_cli(rev: str) -> None:
    """`rdanalysis forecast` here and at ``rev``, against importing pandas (bench_cli.py)."""
    sys.path.insert(0, str(Path(__file__).parent))
    import bench_cli

    print()
    bench_cli.compare(rev, repeats=3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="choose the pooled rule on dev")
    parser.add_argument("--write-pool", action="store_true", help="with --fit: write it")
    parser.add_argument("--write-calibration", action="store_true")
    parser.add_argument(
        "--cli",
        metavar="REV",
        nargs="?",
        const=START,
        help=f"also time the CLI here and at git revision REV (default {START}, before issue 24)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    series = all_series()
    if args.fit:
        fit_pool(series, args.write_pool)
        return 0
    bt = run_backtests(series)
    lopo = development_left_out([s for s in series if s.split == "dev"])
    print_report(bt, lopo)
    if args.write_calibration:
        write_calibration(bt)
    n = {k: int((bt["split"] == k).sum() / len(METHODS)) for k in ("dev", "test")}
    print(f"\n({n} scored forecasts per method, {time.perf_counter() - started:.0f} s)")
    time_api()
    if args.cli:
        time_cli(args.cli)
    return 0


if __name__ == "__main__":
    sys.exit(main())
