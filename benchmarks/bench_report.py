"""Benchmark: the full default report suite, cold, against a naive loop of `papermill` then
`jupyter nbconvert --to html` CLI calls over the same notebooks and parameters (same machine,
same run); and a no-change rebuild against the cold build. Prints the ratios. Not a test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdanalysis import paths
from rdanalysis.report import config as report_config
from rdanalysis.report import run as report_run

BIN = Path(sys.executable).parent


def naive(jobs: list[report_config.Job], out: Path) -> float:
    start = time.perf_counter()
    for job in jobs:
        executed = out / f"{job.name}.ipynb"
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(job.notebook),
                str(executed),
                "-k",
                "rdanalysis",
                "--cwd",
                str(paths.NOTEBOOKS),
                "--no-progress-bar",
                "-y",
                json.dumps(job.parameters, ensure_ascii=False),
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


def main() -> int:
    jobs = report_config.jobs(report_config.load())
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        outcomes = report_run.run(out_dir=tmp / "suite", force=True, progress=False)
        cold = time.perf_counter() - t0
        assert all(o.status == "ok" for o in outcomes), [o.name for o in outcomes]
        t0 = time.perf_counter()
        again = report_run.run(out_dir=tmp / "suite", progress=False)
        nochange = time.perf_counter() - t0
        assert all(o.status == "reused" for o in again)
        t0 = time.perf_counter()  # what a scheduled job pays: a fresh process, nothing changed
        subprocess.run(
            [str(BIN / "rdanalysis"), "report", "--out", str(tmp / "suite"), "--no-progress"],
            check=True,
            capture_output=True,
        )
        nochange_cli = time.perf_counter() - t0
        (tmp / "naive").mkdir()
        loop = naive(jobs, tmp / "naive")
    print(f"{len(jobs)} reports, 2-core machine")
    print(f"naive papermill + nbconvert CLI loop: {loop:7.1f} s")
    print(f"rdanalysis report, cold:              {cold:7.1f} s  -> {loop / cold:.2f}x faster")
    print(
        f"rdanalysis report, no change:         {nochange:7.2f} s  -> "
        f"{nochange / cold:.1%} of the cold build (same process)"
    )
    print(
        f"rdanalysis report, no change, new CLI: {nochange_cli:6.2f} s  -> "
        f"{nochange_cli / cold:.1%} of the cold build (fresh process)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
