"""Benchmark: pebble's ProcessPool (a per-task timeout, one fresh process per report) against the
report runner's own executor (``report.execution.executor.LocalExecutor``: its own polling and
kill loop), on the real workload and the fault cases, in one run on this machine, printed as
ratios against the runner's loop (not a test).

- the workload: a representative subset of the shipped suite (one report of each notebook, 9
  reports) with ``--jobs 2``, ``--force``, the executors alternated (A B B A ...) so that the
  machine's drift falls on both, after one untimed run that starts the fork server (both
  executors use the same one, with the same preload); wall seconds of ``report.run.run`` and
  the CPU of its reports;
- the timeout case: a notebook that starts a child process (``sleep``) and hangs, with a
  10-second timeout, beside two good reports: is the hung report failed, saying timeout, is its
  child gone, did the others publish, how long did the run take;
- Ctrl-C: ``rdanalysis report`` (in a fresh process, the executor swapped in for pebble) is sent
  SIGINT on its process group while a report runs: exit code, run.json and index written, a
  traceback on stderr, report processes left running, seconds from SIGINT to exit.

Both executors take the same tasks and return the same results (``executor.collect`` turns an
exit into a result for both); only the starting, timing and stopping differ. Run:
``.venv/bin/python benchmarks/bench_executor.py [--rounds 2]``, with pebble installed by hand
(``.venv/bin/pip install pebble``: it is not a dependency, see report.execution.executor).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import yaml

from rdanalysis import paths
from rdanalysis.report import run as report_run
from rdanalysis.report.execution import executor, render

SUBSET = [
    "dashboard",
    "trajectory-tongliao",
    "sectors-tongliao",
    "counties",
    "county-kailu-county",
    "enterprise-coverage",
    "data-overview",
    "china-by-province",
    "province-jilin",
]
PROBE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "probe.ipynb"
LOOP = executor.LocalExecutor  # the runner's own (the runner's name is swapped below)
HANG = """import subprocess, time
from pathlib import Path
child = subprocess.Popen(["sleep", "600"])
Path(pid_file).write_text(str(child.pid))
time.sleep(600)"""


class PebbleExecutor:
    """The runner's ``Executor`` (``map``) on ``pebble.ProcessPool``: one process per report
    (``max_tasks=1``), the same start method and preload as ``LocalExecutor``, pebble's timeout."""

    def __init__(self, n_jobs: int = 1, warm: bool = True, poll: float = 0.05) -> None:
        self.n_jobs, self.warm = max(1, n_jobs), warm

    def map(self, tasks, on_done=None) -> dict[str, dict]:
        import pebble  # only this benchmark uses it

        ctx = LOOP(self.n_jobs, self.warm)._context(len(tasks))  # the same start and preload
        results = {}
        pool = pebble.ProcessPool(max_workers=self.n_jobs, max_tasks=1, context=ctx)
        try:
            futures = {
                pool.schedule(render.render, args=(task,), timeout=task.timeout): task
                for task in tasks
            }
            for future in concurrent.futures.as_completed(futures):
                task = futures[future]
                results[task.name] = self._result(task, future)
                if on_done:
                    on_done(task, results[task.name])
        except BaseException:
            pool.stop()
            pool.join()
            raise
        pool.close()
        pool.join()
        return results

    @staticmethod
    def _result(task, future) -> dict:
        import pebble

        exitcode, late, why = 0, False, ""
        try:
            future.result()
        except concurrent.futures.TimeoutError:
            late = True
        except pebble.ProcessExpired as err:
            exitcode = err.exitcode
        except Exception as err:  # render could not record its result
            why = f"the report could not be recorded in its run folder: {err}"
        return executor.collect(task, exitcode, late, why)


def _suite(folder: Path, suite: list[dict], timeout: int = 300) -> Path:
    path = folder / "reports.yml"
    settings = {"keep_runs": 2, "timeout_seconds": timeout}
    path.write_text(yaml.safe_dump({"settings": settings, "suite": suite}, allow_unicode=True))
    return path


def _use(name: str) -> None:
    report_run.executor.LocalExecutor = EXECUTORS[name]


EXECUTORS = {"loop": LOOP, "pebble": PebbleExecutor}


def workload(rounds: int, out: Path) -> dict[str, list[tuple[float, float]]]:
    """(wall, reports' CPU) of each run of the subset, by executor."""
    times: dict[str, list[tuple[float, float]]] = {"loop": [], "pebble": []}
    if rounds:  # untimed: the fork server (shared by both executors) pays its preload here
        report_run.run(only=SUBSET[:2], n_jobs=2, force=True, out_dir=out / "warm", progress=False)
    order = ["loop", "pebble", "pebble", "loop"] * rounds
    for i, name in enumerate(order[: 2 * rounds]):
        _use(name)
        start = time.perf_counter()
        outcomes = report_run.run(
            only=SUBSET, n_jobs=2, force=True, out_dir=out / f"{name}-{i}", progress=False
        )
        wall = time.perf_counter() - start
        failed = [o.name for o in outcomes if o.status != "ok"]
        assert not failed, f"{name}: {failed} failed"
        times[name].append((wall, sum(o.cpu_seconds for o in outcomes)))
        print(f"  {name:6s} run {i + 1}: {wall:6.1f} s wall", flush=True)
    return times


def _hang_notebook(folder: Path) -> Path:
    # here, not at the top: nbformat imported before rdanalysis.report would compile
    # rfc3987_syntax's grammars in every process that imports this script (report.private_api)
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('pid_file: str = ""', metadata={"tags": ["parameters"]})
    nb.cells = [nbformat.v4.new_markdown_cell("# Hang"), params, nbformat.v4.new_code_cell(HANG)]
    path = folder / "hang.ipynb"
    nbformat.write(nb, path)
    return path


@contextlib.contextmanager
def _stderr_to(path: Path):
    """This process's file descriptor 2 (and so its children's) into ``path``."""
    sys.stderr.flush()
    saved = os.dup(2)
    with path.open("wb") as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def timeout_case(name: str, folder: Path) -> dict:
    """A hung report (with a child) and two good ones, 10-second timeout, two at a time."""
    err = folder / f"{name}.stderr"
    with _stderr_to(err):
        result = _timeout_run(name, folder)
        time.sleep(2.0)  # what the pool's processes print as they end
    result["no traceback on stderr"] = "Traceback" not in err.read_text(errors="replace")
    return result


def _timeout_run(name: str, folder: Path) -> dict:
    _use(name)
    pid_file = folder / f"{name}.pid"
    suite = [
        {"name": "hang", "notebook": str(_hang_notebook(folder)), "parameters": {}},
        {"name": "a", "notebook": str(PROBE), "parameters": {"sleep_seconds": 1.0}},
        {"name": "b", "notebook": str(PROBE), "parameters": {"sleep_seconds": 1.0}},
    ]
    suite[0]["parameters"]["pid_file"] = str(pid_file)
    config = _suite(folder, suite, timeout=10)
    start = time.perf_counter()
    outcomes = {
        o.name: o
        for o in report_run.run(config, out_dir=folder / f"out-{name}", n_jobs=2, progress=False)
    }
    wall = time.perf_counter() - start
    child = int(pid_file.read_text()) if pid_file.exists() else None
    time.sleep(1.0)  # a stopped process may take a moment
    alive = child is not None and _running(child)
    if alive:  # our own leftover: end it by its id
        os.kill(child, signal.SIGKILL)
    hang = outcomes["hang"]
    return {
        "wall": wall,
        "hang failed, says timeout": hang.status == "failed" and "timeout" in hang.error,
        "its child killed": child is not None and not alive,
        "others published": all(outcomes[n].status == "ok" for n in ("a", "b")),
    }


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def ctrl_c_case(name: str, folder: Path) -> dict:
    """``rdanalysis report`` with one 60-second report, SIGINT to its group once it runs."""
    config = _suite(folder, [{"name": "a", "notebook": str(PROBE), "parameters": {}}])
    config.write_text(
        config.read_text().replace("parameters: {}", "parameters: {sleep_seconds: 60}")
    )
    out = folder / f"ctrl-c-{name}"
    cmd = [sys.executable, __file__, "--child", name, "--config", str(config), "--out", str(out)]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    deadline = time.monotonic() + 90
    while not list(out.glob("2*")) and time.monotonic() < deadline:  # the run's folder
        time.sleep(0.2)
    time.sleep(6.0)  # the report's process is running its notebook
    started = psutil.Process(proc.pid).children(recursive=True)
    sent = time.perf_counter()
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    seconds = time.perf_counter() - sent
    _, alive = psutil.wait_procs(started, timeout=15)
    left = [p for p in alive if _running(p.pid)]
    for p in left:  # our own leftovers: end them by their ids
        p.kill()
    runs = sorted(out.glob("2*"))
    return {
        "seconds to exit": seconds,
        "exit 130": proc.returncode == 130,
        "run.json written": bool(runs) and (runs[-1] / "run.json").exists(),
        "index written": (out / "index.html").exists(),
        "no traceback": "Traceback" not in err,
        "its stderr's last line": err.strip().splitlines()[-1][:100] if err.strip() else "",
        "no process left": bool(started) and not left,
    }


def child(name: str, config: str, out: str) -> None:
    """The Ctrl-C case's ``rdanalysis report``, with ``name``'s executor."""
    from rdanalysis.cli.main import main

    _use(name)
    # a terminal's Ctrl-C: a job started in the background of a script inherits SIGINT ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.argv = ["rdanalysis", "report", "--config", config, "--out", out, "--no-progress"]
    main()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child")
    parser.add_argument("--config")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.config, args.out)
        return
    os.environ.setdefault(paths.PROJECT_ENV, str(paths.project_root()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"workload: {len(SUBSET)} reports, --jobs 2, --force, {args.rounds} runs each")
        times = workload(args.rounds, folder)
        faults = {}
        for name in ("loop", "pebble"):
            faults[name] = (timeout_case(name, folder), ctrl_c_case(name, folder))
    if args.rounds:
        _print_workload(times)
    _print_faults(faults)
    print("\n" + json.dumps({"times": times, "faults": faults}, default=str))


def _print_workload(times: dict) -> None:
    walls = {n: statistics.median(w for w, _ in v) for n, v in times.items()}
    cpus = {n: statistics.median(c for _, c in v) for n, v in times.items()}
    print("\nmedian over the runs (ratio: pebble / loop)")
    for what, values in (("wall", walls), ("reports' CPU", cpus)):
        print(
            f"  {what}: loop {values['loop']:.1f} s, pebble {values['pebble']:.1f} s, "
            f"ratio {values['pebble'] / values['loop']:.2f}"
        )


def _print_faults(faults: dict) -> None:
    for i, case in enumerate(("timeout (10 s, hung report with a child)", "Ctrl-C")):
        print(f"\n{case}")
        for key in faults["loop"][i]:
            a, b = faults["loop"][i][key], faults["pebble"][i][key]
            if isinstance(a, float):
                print(f"  {key}: loop {a:.1f} s, pebble {b:.1f} s, ratio {b / a:.2f}")
            else:
                print(f"  {key}: loop {a}, pebble {b}")


if __name__ == "__main__":
    main()
