"""Benchmark: the full validated data build against a baseline in the same process.

Baseline: pandas.read_csv of every raw CSV (the unavoidable I/O). Prints the time and peak
Python-allocated memory of `build.collect()` as ratios of the baseline: the first build of a
process (the public figures read) and a later one (the public figures of unchanged files are
read once per process, `build.published_figures`). Not a test.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from pathlib import Path

import pandas as pd

from rdanalysis import paths
from rdanalysis.data import build

REPEATS = 5


def baseline() -> None:
    for path in sorted(paths.RAW.rglob("*.csv")):
        pd.read_csv(path, dtype=str, encoding="utf-8-sig")


def full_build() -> None:
    build.collect(Path("/nonexistent"))


def first_build() -> None:
    build._published.cache_clear()  # as in a new process: the public figures read afresh
    build.collect(Path("/nonexistent"))


def measure(fn) -> tuple[float, float]:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20


if __name__ == "__main__":
    full_build()  # warm imports and caches for both
    t0, m0 = measure(baseline)
    print(f"baseline read_csv of data/raw: {t0 * 1000:.1f} ms, peak {m0:.1f} MiB")
    for name, fn in (("first build of a process", first_build), ("a later build", full_build)):
        t1, m1 = measure(fn)
        print(f"{name + ' (collect):':33} {t1 * 1000:.1f} ms, peak {m1:.1f} MiB")
        print(f"  ratio time {t1 / t0:.1f}x, memory {m1 / m0:.1f}x (median of {REPEATS})")
