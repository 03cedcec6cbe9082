"""Benchmark: what the confidentiality rule costs the enterprise report, against a baseline in
the same process.

Baseline: the same report's aggregates without protection (``enterprises.coverage`` by county and
by industry, ``one_to_one_counts`` and ``rd_to_revenue``, as main computed them before the rule
applied to every cell). Measured: ``views.enterprises.build`` for the city and for one county
(both find the withheld cells over the whole city's table of the year: primary and secondary
suppression and the LP audit), on the shipped illustrative data (2024: 330 enterprises, 9 units x 10
industries). Prints the median CPU time (process_time: the machine may be shared) of REPEATS
runs and the ratio. Not a test.
"""

from __future__ import annotations

import statistics
import time

from rdanalysis import load_all
from rdanalysis.analysis import enterprises, views

REPEATS = 5


def baseline(tables: dict) -> None:
    rows, _ = enterprises.select(tables["enterprises"])
    enterprises.coverage(rows, "county")
    enterprises.coverage(rows, "industry")
    enterprises.one_to_one_counts(rows)
    enterprises.rd_to_revenue(rows)


def median_time(fn) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    tables = load_all()
    tables["enterprises"], tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"]
    base = median_time(lambda: baseline(tables))
    print(f"baseline (unprotected aggregates): {base * 1000:.1f} ms")
    for county in (enterprises.ALL, "开鲁县"):
        t = median_time(lambda c=county: views.enterprises.build(tables, c))
        print(f"enterprises.build(county={county}): {t * 1000:.0f} ms = {t / base:.0f}x baseline")


if __name__ == "__main__":
    main()
