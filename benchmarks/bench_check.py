"""Benchmark: `rdanalysis data check` on large files, against a baseline run the same way on the
same file.

Three files of N rows (default 1,000,000) are written to a temporary folder: an enterprise table
(about 110 MB), the same with every row in error (the command prints the first 200 problems and
a count), and a region table that is 99.97 % repeats (300 distinct region-year-sector rows, each
given about 3,333 times: one duplicate error per repeated row). Baseline: a Python process that
reads the file with pandas.read_csv (all text). Both run as subprocesses; the script prints wall
time and peak resident memory of each, and their ratios. The aim (issue 21, item 8): within 8x
the baseline's time and 2x its memory on each file. Not a test.

``--before DIR``: also run the check from another source tree (e.g. ``git archive COMMIT src
data | tar -x -C DIR``; its ``src`` goes first on PYTHONPATH) in the same run, so a change's
effect is measured against the code before it on the same machine load. ``--only NAME``: one
of the files (enterprises, enterprises-bad, regions). ``--repeat K``: run each command K times
and keep the least time and memory.

    .venv/bin/python benchmarks/bench_check.py [N] [--before DIR] [--only NAME] [--repeat K]
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNTIES = ["科尔沁区", "霍林郭勒市", "开鲁县", "库伦旗", "奈曼旗", "扎鲁特旗", "科尔沁左翼中旗"]
INDUSTRIES = ["农副食品加工业", "化学原料和化学制品制造业", "有色金属冶炼和压延加工业"]
HEADER = (
    "企业代码,企业名称,地区,行业,年份,营业收入(万元),R&D经费(万元),是否有研发机构,"
    "是否有研发活动,是否高新技术企业,来源\n"
)


#: Tongliao and its units: (R&D 亿元 of 2015, GDP 亿元), about what they are.
REGIONS = {
    "通辽市": (4.5, 1200.0),
    "科尔沁区": (1.8, 350.0),
    "霍林郭勒市": (0.4, 135.0),
    "开鲁县": (0.3, 120.0),
    "库伦旗": (0.06, 50.0),
    "奈曼旗": (0.2, 105.0),
    "扎鲁特旗": (0.3, 135.0),
    "科尔沁左翼中旗": (0.2, 100.0),
    "科尔沁左翼后旗": (0.2, 108.0),
    "通辽经济技术开发区": (0.6, 66.0),
}
REGION_HEADER = "地区,年份,执行主体,R&D经费(亿元),地区生产总值(亿元),来源\n"


def write_regions(path: Path, n: int) -> None:
    """N rows of a region table made of 300 distinct rows (10 regions x 10 years x a total and
    two sectors), repeated in turn: 99.97 % of the rows repeat an earlier one."""
    distinct = []
    for region, (rd, gdp) in REGIONS.items():
        for k, year in enumerate(range(2015, 2025)):
            total, g = round(rd * 1.08**k, 4), round(gdp * 1.05**k, 2)
            distinct.append(f"{region},{year},合计,{total},{g},统计局")
            distinct.append(f"{region},{year},企业,{round(total * 0.7, 4)},,统计局")
            distinct.append(f"{region},{year},高等学校,{round(total * 0.1, 4)},,统计局")
    with path.open("w", encoding="utf-8") as f:
        f.write(REGION_HEADER)
        for i in range(n):
            f.write(distinct[i % len(distinct)] + "\n")


def write_file(path: Path, n: int, bad: bool = False) -> None:
    rng = random.Random(20231102)
    with path.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        for i in range(n):
            revenue = round(rng.uniform(2000, 200000), 1)
            rd = "abc" if bad else round(revenue * rng.uniform(0, 0.03), 1)
            county = COUNTIES[i % len(COUNTIES)]
            f.write(
                f"E{i:07d},企业{i},{county},{INDUSTRIES[i % 3]},{2015 + i % 10},{revenue},"
                f"{rd},是,是,否,统计局\n"
            )


#: Runs a command and prints its own child's peak RSS (KiB) and CPU seconds (user + system), so
#: each measurement is its own.
MEASURE = (
    "import resource, subprocess, sys; "
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "use = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(use.ru_maxrss, use.ru_utime + use.ru_stime); "
    "print(len((done.stdout + done.stderr).splitlines()))"
)

#: (wall seconds, CPU seconds, peak RSS MiB, output lines)
Measured = tuple[float, float, float, int]


#: Each command runs this many times; the least time and memory of the runs are kept (the
#: usual way to take out the noise of other work on the machine). ``--repeat K`` sets it.
REPEAT = 1


def run(args: list[str], env: dict | None = None) -> Measured:
    """Wall and CPU seconds, peak RSS (MiB) and the number of output lines of ``args`` (the
    least of ``REPEAT`` runs). On a shared machine the CPU time is the steadier figure (wall
    time waits for other users)."""
    runs = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, *args],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        wall = time.perf_counter() - start
        peak_kib, cpu, lines = done.stdout.split()
        runs.append((wall, float(cpu), int(peak_kib) / 1024, int(lines)))
    return tuple(min(r[k] for r in runs) for k in range(4))


CHECK = "from rdanalysis.cli import main; main()"


def _print(label: str, measured: Measured, base: Measured) -> None:
    wall, cpu, peak, lines = measured
    print(
        f"  {label:<19}{wall:6.1f} s ({cpu:5.1f} s CPU), peak {peak:6.0f} MiB, {lines:,} output "
        f"lines; ratio to read_csv: time {wall / base[0]:.1f}x (CPU {cpu / base[1]:.1f}x), "
        f"memory {peak / base[2]:.2f}x"
    )


#: name -> (label, writer)
FILES = {
    "enterprises": ("enterprises, clean", lambda path, n: write_file(path, n)),
    "enterprises-bad": (
        "enterprises, every row in error",
        lambda path, n: write_file(path, n, True),
    ),
    "regions": ("regions, 99.97 % repeats", write_regions),
}


def main(n: int, before: Path | None = None, only: str | None = None) -> None:
    env = None
    if before is not None:
        env = {**os.environ, "PYTHONPATH": str(before / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (label, write) in FILES.items():
            if only and name != only:
                continue
            path = Path(tmp) / f"{name}.csv"
            write(path, n)
            base = run(
                [sys.executable, "-c", f"import pandas; pandas.read_csv({str(path)!r}, dtype=str)"]
            )
            print(f"{n:,} rows, {label}:")
            print(
                f"  baseline read_csv: {base[0]:6.1f} s ({base[1]:5.1f} s CPU), "
                f"peak {base[2]:6.0f} MiB"
            )
            if env is not None:
                _print(
                    "data check before:",
                    run([sys.executable, "-c", CHECK, "data", "check", str(path)], env),
                    base,
                )
            _print(
                "data check:", run([sys.executable, "-c", CHECK, "data", "check", str(path)]), base
            )
            path.unlink()


if __name__ == "__main__":
    args = sys.argv[1:]
    before = Path(args.pop(args.index("--before") + 1)) if "--before" in args else None
    if before is not None:
        args.remove("--before")
    only = args.pop(args.index("--only") + 1) if "--only" in args else None
    if only is not None:
        args.remove("--only")
    if "--repeat" in args:
        REPEAT = int(args.pop(args.index("--repeat") + 1))
        args.remove("--repeat")
    main(int(args[0]) if args else 1_000_000, before, only)
