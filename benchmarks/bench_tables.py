"""Benchmark: the report's own table renderer (text.tables) against great_tables, on the tables
the shipped reports show, in one run (not a test; great_tables is not a dependency: install it
into the environment to compare, ``pip install great-tables``).

Both render the same declared columns: labels with units, numbers at their decimals, "—" for a
missing value, a source note. Printed per table: CPU per render (median), HTML bytes, and
whether the output needs a <style> block of its own (great_tables writes one per table, which
the page's allow-list sanitiser would have to let through), plus the import time of each.

    .venv/bin/python benchmarks/bench_tables.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

import rdanalysis as rd
from rdanalysis.analysis import views
from rdanalysis.text import formats, tables


def frames() -> dict[str, tuple[object, object]]:
    """Tables of the shipped reports: name -> (the frame, its declared Table)."""
    t = rd.load_all()
    league = views.regions.build(t, "通辽市").league
    o = views.outlook.build(t, "通辽市", 1.0, 2025, n_paths=300)
    china = views.regions.build(t, "全国").league
    return {
        "county league (9 x 9)": (league, tables.Table(league.rename_axis("county"))),
        "province league (31 x 9)": (china, tables.Table(china.rename_axis("province"))),
        "backtest (6 x 10)": (o.result.summary, tables.Table(o.result.summary)),
        "forecast (8 x 6)": (o.result.forecast.table((0.8, 0.95)), None),
    }


def great(frame, table) -> str:
    """The same table through great_tables: labels, formats per column, missing mark, note."""
    from great_tables import GT

    data = frame.reset_index()
    gt = GT(data)
    labels, specs = {}, [formats.spec(str(c)) for c in data.columns]
    for col, spec in zip(data.columns, specs, strict=True):
        labels[col] = spec.header
        if spec.kind in ("number", "signed"):
            gt = gt.fmt_number(columns=col, decimals=spec.decimals)
        elif spec.kind == "share":
            gt = gt.fmt_percent(columns=col, decimals=spec.decimals)
        elif spec.kind in ("count", "year"):
            gt = gt.fmt_integer(columns=col, use_seps=spec.kind == "count")
    gt = gt.cols_label(**labels).sub_missing(missing_text="—").tab_source_note("来源:示例")
    return gt.as_raw_html()


def ours(frame, table) -> str:
    table = table or tables.Table(frame)
    return tables.to_html(table.payload())


def timed(fn, repeat: int) -> tuple[float, str]:
    times, out = [], ""
    for _ in range(repeat):
        start = time.process_time()
        out = fn()
        times.append(time.process_time() - start)
    return statistics.median(times), out


def import_time(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return float(done.stdout.strip() or "nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    try:
        import great_tables  # noqa: F401
    except ImportError:
        print("great_tables is not installed: pip install great-tables to compare")
        return
    print(
        f"{'table':<26}{'ours ms':>9}{'GT ms':>9}{'ratio':>7}{'ours kB':>9}{'GT kB':>8}  GT <style>"
    )
    for name, (frame, table) in frames().items():
        ours_s, ours_html = timed(lambda f=frame, t=table: ours(f, t), args.repeat)
        gt_s, gt_html = timed(lambda f=frame, t=table: great(f, t), args.repeat)
        print(
            f"{name:<26}{ours_s * 1e3:>9.1f}{gt_s * 1e3:>9.1f}{gt_s / ours_s:>6.1f}x"
            f"{len(ours_html.encode()) / 1e3:>9.1f}{len(gt_html.encode()) / 1e3:>8.1f}"
            f"  {'yes' if '<style' in gt_html else 'no'}"
        )
    print(
        f"import: text.tables {import_time('rdanalysis.text.tables'):.2f} s (with pandas), "
        f"great_tables {import_time('great_tables'):.2f} s"
    )


if __name__ == "__main__":
    sys.exit(main())
