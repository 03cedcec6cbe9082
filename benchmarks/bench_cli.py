"""Benchmark: start-up and run time of `rdanalysis forecast --region 通辽市`, as ratios against
baselines measured in the same run: `python -c "import pandas"` (the floor: the command prints a
pandas table) and the same command at another git revision (default `main`, checked out in a
temporary worktree and run with this environment and this data/processed).

Best of ``--repeats`` runs each, wall and CPU (user + system) seconds; on a shared machine the
CPU time is the steadier figure. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdanalysis import paths

FORECAST = "from rdanalysis.cli import main; main(['forecast', '--region', '通辽市'])"
IMPORT_PANDAS = "import pandas"


def best_time(code: str, cwd: Path, env: dict, repeats: int) -> tuple[float, float]:
    """Best wall and best CPU seconds of ``python -c code`` over ``repeats`` runs."""
    walls, cpus = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, check=True
        )
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def _line(label: str, t: tuple[float, float], base: tuple[float, float]) -> str:
    return (
        f"{label:<42} wall {t[0]:5.2f} s ({t[0] / base[0]:4.2f}x)   "
        f"CPU {t[1]:5.2f} s ({t[1] / base[1]:4.2f}x)"
    )


def compare(rev: str = "main", repeats: int = 5) -> None:
    """Print the forecast command's best times here and at ``rev`` ('' = none) against the
    pandas-import baseline, all measured in this run."""
    root = paths.project_root()
    env = {**os.environ, "RDANALYSIS_PROCESSED": str(paths.processed())}
    here = {**env, "PYTHONPATH": str(root / "src")}
    # Interleaved, so that a change of machine load hits every row alike.
    base = best_time(IMPORT_PANDAS, root, env, repeats)
    new = best_time(FORECAST, root, here, repeats)
    rows = [("python -c 'import pandas' (baseline)", base), ("forecast, this tree", new)]
    if rev:
        with tempfile.TemporaryDirectory() as tmp:
            old = Path(tmp) / "rev"
            git = ["git", "worktree"]
            subprocess.run(
                [*git, "add", "--detach", str(old), rev],
                cwd=root,
                check=True,
                capture_output=True,
            )
            try:
                there = {**env, "PYTHONPATH": str(old / "src")}
                rows.append((f"forecast at {rev}", best_time(FORECAST, old, there, repeats)))
            finally:
                subprocess.run([*git, "remove", "--force", str(old)], cwd=root, check=False)
    print(f"`rdanalysis forecast --region 通辽市`, best of {repeats} (ratio to the baseline):")
    for label, t in rows:
        print(_line(label, t, base))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="main", help="git revision to compare with ('' = none)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    compare(args.rev, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
