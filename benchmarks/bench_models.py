"""Benchmark: checking the shipped plans and the shipped suite (reports.yml, 51 reports) with the
declared models against the hand-written checkers they replaced (commit 6d050b3), in one run.

The starting commit's code is unpacked with ``git archive`` into a temporary folder and imported
from there in a subprocess (``PYTHONPATH``); this checkout's in another. Each process times, in
the same project (this checkout), the same steps and a baseline that did not change (parsing the
same YAML files with ``useryaml.read``), and prints medians; this script prints each step as a
ratio of its baseline and new/old. Not a test. Run: ``.venv/bin/python benchmarks/bench_models.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

BASELINE_COMMIT = "6d050b3"
REPEATS = 7
ROOT = Path(__file__).resolve().parents[1]

#: Run in each subprocess: prints {step: median seconds} as JSON.
PROBE = """
import json, statistics, sys, time
from rdanalysis import paths, reference
from rdanalysis.data import plans, useryaml
from rdanalysis.report import config

REPEATS = int(sys.argv[1])
files = [paths.plans() / f"{name}.yml" for name in plans.available()]
texts = {f: useryaml.text(f) for f in files}
suite_text = useryaml.text(paths.config_file())
regions = reference.known()


def parse():
    for f, text in texts.items():
        useryaml.read(text, str(f))
    useryaml.read(suite_text, "reports.yml")


def check_plans():
    for f, text in texts.items():
        problems, plan = plans.check_text(text, str(f), f.stem, regions)
        assert plan is not None and not problems, problems


def load_suite():
    config.load()


def validate_suite():
    cfg = config.load()
    jobs = config.jobs(cfg)
    assert len(jobs) == 51
    config.validate(jobs, cfg)


def median(fn):
    fn()  # caches (notebook parameters, regions, the build's years) as in a real run
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


print(json.dumps({f.__name__: median(f) for f in (parse, check_plans, load_suite, validate_suite)}))
"""


def run(src: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(REPEATS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def import_time(src: Path) -> float:
    """Seconds to import the suite's reader in a fresh interpreter (the CLI's start pays it)."""
    code = "import time; t = time.perf_counter(); import rdanalysis.report.config; "
    code += "print(time.perf_counter() - t)"
    env = {**os.environ, "PYTHONPATH": str(src)}
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
            ).stdout
        )
        for _ in range(5)
    ]
    return statistics.median(times)


def main() -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BASELINE_COMMIT, "src", "notebooks"],
        capture_output=True,
        check=True,
    ).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        old = run(Path(tmp) / "src")
        old_import = import_time(Path(tmp) / "src")
    new = run(ROOT / "src")
    new_import = import_time(ROOT / "src")
    print(f"median of {REPEATS}, seconds; ratio to parsing the same YAML in the same process")
    print(f"{'step':<16}{'old':>10}{'new':>10}{'old/parse':>11}{'new/parse':>11}{'new/old':>9}")
    for step in old:
        o, n = old[step], new[step]
        print(
            f"{step:<16}{o:>10.4f}{n:>10.4f}{o / old['parse']:>11.2f}{n / new['parse']:>11.2f}"
            f"{n / o:>9.2f}"
        )
    print("(validate_suite includes load_suite, expanding the 51 reports and their parameters)")
    print(
        f"import rdanalysis.report.config in a fresh interpreter (median of 5): "
        f"old {old_import:.3f} s, new {new_import:.3f} s, new/old {new_import / old_import:.2f}"
    )


if __name__ == "__main__":
    main()
