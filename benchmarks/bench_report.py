"""Benchmark: the report suite, all figures measured in this one run on this machine, printed
as ratios (not a test).

- baseline A: one fresh interpreter running ``import pandas, matplotlib.pyplot, statsmodels.api``
  (median of 3 runs before the suite and 3 after it, as the machine's speed drifts): what any
  report pays at least once if it starts from nothing;
- baseline B: what a user would otherwise do: ``papermill`` then ``jupyter nbconvert --to html``
  for every report, two at a time (``xargs -P2``);
- ``rdanalysis report`` cold (fresh process, ``--force``), then again with nothing changed.

Per-report cost is the time a report's worker spends (execute + HTML), from the run record;
given for the banner/county matrix and, when the suite has one, the province matrix: once with
the matrices' reports run one at a time (as A is), once from the cold suite (two at a time).
"""

from __future__ import annotations

import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdanalysis import paths
from rdanalysis.report import config as report_config

BIN = Path(sys.executable).parent
MATRICES = {"county": "banner/county matrix", "province": "province matrix"}


def timed(cmd: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def stack_import(n: int = 3) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``n`` fresh stack imports."""
    code = "import pandas, matplotlib.pyplot, statsmodels.api"
    walls, cpus = [], []
    for _ in range(n):
        cpu = children_cpu()
        walls.append(timed([sys.executable, "-c", code]))
        cpus.append(children_cpu() - cpu)
    return walls, cpus


def naive_parallel(jobs: list[report_config.Job], out: Path) -> float:
    """papermill + nbconvert per report, two reports at a time (xargs -P2)."""
    lines = []
    for job in jobs:
        executed = out / f"{job.name}.ipynb"
        papermill = shlex.join(
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
            ]
        )
        nbconvert = shlex.join(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)]
        )
        lines.append(f"{papermill} && {nbconvert}")
    script = out / "jobs.txt"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return timed(
        [
            "bash",
            "-c",
            f"tr '\\n' '\\0' < {shlex.quote(str(script))} | xargs -0 -P2 -I{{}} bash -c {{}}",
        ]
    )


def per_report(run_json: Path) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) seconds of each report of each matrix."""
    record = json.loads(run_json.read_text(encoding="utf-8"))
    found: dict[str, list[tuple[float, float]]] = {}
    for r in record["reports"]:
        prefix = r["name"].split("-", 1)[0]
        if prefix in MATRICES and r["status"] == "ok":
            found.setdefault(prefix, []).append((r["seconds"], r.get("cpu_seconds", 0.0)))
    return found


def main(per_report_only: bool = False) -> int:
    """The whole benchmark; ``--per-report`` measures only A and the matrices' reports."""
    jobs = report_config.jobs(report_config.load())
    cli = [str(BIN / "rdanalysis"), "report", "--no-progress", "--jobs", "2"]
    only = [a for j in jobs if j.name.split("-")[0] in MATRICES for a in ("--only", j.name)]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        walls, cpus = stack_import()
        cold = 0.0
        if not per_report_only:
            cold = timed([*cli, "--out", str(tmp / "suite"), "--force"])
            in_suite = per_report(next((tmp / "suite").glob("2*/run.json")))
        # The matrices' reports again, one at a time as A is measured (in the suite two run at
        # once on two cores and slow each other down; both figures are printed).
        one = [*cli[:-1], "1", "--out", str(tmp / "one"), "--force", *only]
        subprocess.run(one, check=True, stdout=subprocess.DEVNULL)  # a failure shows stderr
        alone = per_report(next((tmp / "one").glob("2*/run.json")))
        # A again after the reports: this machine's speed drifts by minutes, so A is the
        # median of imports taken before and after the reports it is compared with.
        more_walls, more_cpus = stack_import()
        stack = statistics.median(walls + more_walls)
        stack_cpu = statistics.median(cpus + more_cpus)
        if not per_report_only:
            nochange = timed([*cli, "--out", str(tmp / "suite")])
            (tmp / "naive").mkdir()
            naive = naive_parallel(jobs, tmp / "naive")
    print(f"{len(jobs)} reports, {os.cpu_count()} CPUs, all figures from this run")
    print(
        f"A  fresh `import pandas, matplotlib.pyplot, statsmodels.api`: {stack:6.2f} s wall,"
        f" {stack_cpu:.2f} s CPU (median of 3 before and 3 after the suite; CPU"
        f" {min(cpus + more_cpus):.2f}-{max(cpus + more_cpus):.2f} s)"
    )
    if not per_report_only:
        print(f"B  papermill + nbconvert, two at a time (xargs -P2):         {naive:6.1f} s")
        print(
            f"rdanalysis report, cold (fresh process, --jobs 2):          {cold:6.1f} s"
            f"  -> B / cold = {naive / cold:.2f}x (goal >= 3x)"
        )
        print(
            f"rdanalysis report, nothing changed (fresh process):         {nochange:6.2f} s"
            f"  -> {nochange / cold:.1%} of cold (goal < 1 %)"
        )
    runs = [("one at a time", alone)] + ([] if per_report_only else [("in the suite", in_suite)])
    for prefix, label in MATRICES.items():
        if not any(matrices.get(prefix) for _, matrices in runs):
            print(f"{label}: not in this suite")
        for how, matrices in runs:
            pairs = matrices.get(prefix)
            if not pairs:
                continue
            wall = statistics.mean(w for w, _ in pairs)
            cpu = statistics.mean(c for _, c in pairs)
            worst = max(c for _, c in pairs)
            print(
                f"{label}, {how}: {len(pairs)} reports, each {wall:.2f} s wall"
                f" ({wall / stack:.2f}x A), {cpu:.2f} s CPU ({cpu / stack_cpu:.2f}x A's CPU)"
                f" (goal <= 0.4x); the costliest {worst:.2f} s CPU ({worst / stack_cpu:.2f}x)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(per_report_only="--per-report" in sys.argv[1:]))
