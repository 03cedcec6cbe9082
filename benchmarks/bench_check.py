"""Benchmark: `rdanalysis data check` on a large enterprise file, against a baseline run the same
way on the same file.

A file of N enterprise rows (default 1,000,000; about 110 MB) is written to a temporary folder.
Baseline: a Python process that reads it with pandas.read_csv (all text). Both run as
subprocesses; the script prints wall time and peak resident memory of each, and their ratios.
The aim (issue 9): under 15 s and 1 GB for a million rows on an ordinary machine, that is about
10x the baseline's time. Then the same with every row in error: the command prints the first 200
problems and a count. Not a test.

``--before DIR``: also run the check from another source tree (e.g. ``git archive COMMIT src
data | tar -x -C DIR``; its ``src`` goes first on PYTHONPATH) in the same run, so a change's
effect is measured against the code before it on the same machine load.

    .venv/bin/python benchmarks/bench_check.py [N] [--before DIR]
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


#: Runs a command and prints its own child's peak RSS (KiB), so each measurement is its own.
MEASURE = (
    "import resource, subprocess, sys; "
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
    "print(len((done.stdout + done.stderr).splitlines()))"
)


def run(args: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MiB) and the number of output lines of ``args``."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *args], capture_output=True, text=True, check=True, env=env
    )
    wall = time.perf_counter() - start
    peak_kib, lines = done.stdout.split()
    return wall, int(peak_kib) / 1024, int(lines)


CHECK = "from rdanalysis.cli import main; main()"


def _print(label: str, measured: tuple[float, float, int], base: tuple[float, float, int]) -> None:
    print(
        f"  {label:<19}{measured[0]:6.1f} s, peak {measured[1]:6.0f} MiB, "
        f"{measured[2]:,} output lines; ratio to read_csv: time {measured[0] / base[0]:.1f}x, "
        f"memory {measured[1] / base[1]:.1f}x"
    )


def main(n: int, before: Path | None = None) -> None:
    env = None
    if before is not None:
        env = {**os.environ, "PYTHONPATH": str(before / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        for bad in (False, True):
            path = Path(tmp) / ("bad.csv" if bad else "good.csv")
            write_file(path, n, bad)
            base = run(
                [sys.executable, "-c", f"import pandas; pandas.read_csv({str(path)!r}, dtype=str)"]
            )
            label = "every row in error" if bad else "clean"
            print(f"{n:,} rows, {label}:")
            print(f"  baseline read_csv: {base[0]:6.1f} s, peak {base[1]:6.0f} MiB")
            if env is not None:
                _print(
                    "data check before:",
                    run([sys.executable, "-c", CHECK, "data", "check", str(path)], env),
                    base,
                )
            _print(
                "data check:", run([sys.executable, "-c", CHECK, "data", "check", str(path)]), base
            )


if __name__ == "__main__":
    args = sys.argv[1:]
    before = Path(args.pop(args.index("--before") + 1)) if "--before" in args else None
    if before is not None:
        args.remove("--before")
    main(int(args[0]) if args else 1_000_000, before)
