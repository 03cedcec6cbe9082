"""Where reports run: the one interface the runner talks to, and its local implementation.

An executor takes render tasks and returns one result per task (the dict the worker wrote:
status, seconds, error, facts). Swapping it (for Dask distributed, or a scheduler's papermill
operator) means writing another class with the same ``map`` method: see docs/operations.md.

:class:`LocalExecutor` runs each report in its own process on this machine. Warm (the default,
whenever there is more than one report to run), the processes are forked from a server
that imported the scientific stack and the package once (``multiprocessing``'s fork server with
``rdanalysis.report.execution.warm`` preloaded): a report starts in milliseconds, and since every
report is a fresh fork of the same untouched parent, nothing one report changes (matplotlib
settings, pandas options, warning filters, a crash) reaches another. Cold, each report starts a new
interpreter and imports everything itself.

Why this loop and not ``pebble`` (a ProcessPool with a per-task timeout), measured by
``benchmarks/bench_executor.py`` (2026-12-05, the shared 2-core machine at a load of 2-7; pebble
5.2.3 with one process per report and the same fork server): on 9 reports of the shipped suite
with ``--jobs 2`` the median wall time of pebble over this loop was 0.73, 0.77, 0.92 and 1.15 in
four runs of the benchmark (3-5 runs each, alternated), the reports' CPU 0.95-1.04: no
difference the machine's load does not swamp. The fault cases decided it. A hung report at its
10-second timeout: both mark it failed and publish the others, but pebble stops only the
report's own process, and the child it started (``sleep``) kept running after the run (5 runs
of 5); this loop kills the whole tree. Ctrl-C: both exit 130 and leave no process, but pebble's
workers receive the SIGINT and print a KeyboardInterrupt traceback (2 of 3 benchmark runs, and
at least 6 of 11 tries that pressed it while a worker was still importing); this loop holds
SIGINT back while it starts a report.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import signal
import time
from collections.abc import Callable
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection
from typing import Protocol

import psutil

from rdanalysis.report.execution import render

PRELOAD = ["rdanalysis.report.execution.warm"]
Done = Callable[[render.Task, dict], None]


class Executor(Protocol):
    def map(self, tasks: list[render.Task], on_done: Done | None = None) -> dict[str, dict]:
        """Render every task; call ``on_done(task, result)`` as each ends; return the results
        by report name."""
        ...


def _kill_tree(pid: int) -> None:
    try:
        parent = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    for proc in [*parent.children(recursive=True), parent]:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            continue


@contextlib.contextmanager
def _ctrl_c_held():
    """SIGINT held back while report processes start: they, and the fork server started with
    the first of them, inherit the mask and never see Ctrl-C (the runner stops them, without
    a traceback from each); a Ctrl-C meanwhile reaches the runner once they are registered."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _ended_without_result(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        sig = signal.Signals(-exitcode).name
        why = " (killed from outside, or out of memory)" if sig == "SIGKILL" else ""
        return f"the report's process was stopped by signal {sig}{why}; no result was written"
    return f"the report's process exited with code {exitcode} before writing a result"


def work(task: render.Task, why: Connection) -> None:
    """A worker's entry point: render the report. ``render.render`` records a report's own
    failure; what it cannot record (the run folder full, read-only or gone: not even the result
    file can be written) is sent to the runner as one line through ``why``, a pipe, which
    needs no disk, instead of a traceback on the terminal."""
    try:
        render.render(task)
    except Exception as err:  # the runner marks the report failed with this line
        why.send(f"the report could not be recorded in its run folder: {type(err).__name__}: {err}")
    except KeyboardInterrupt:  # Ctrl-C reaches every process of the terminal's run
        why.send("the report's process was interrupted (Ctrl-C, SIGINT)")
    finally:
        why.close()


def collect(task: render.Task, exitcode: int | None, late: bool, why: str = "") -> dict:
    """The worker's result, or a failure saying why there is none (timeout, killed, crashed,
    or ``why``: the worker could not start or could not record its result)."""
    path = render.result_path(task.run_dir, task.name)
    if path.exists() and not late and not why:
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
            path.unlink()
            return result
        except (OSError, ValueError) as err:
            error = f"the report's result file could not be read ({err})"
    elif late:
        error = f"stopped after the {task.timeout}-second timeout"
    elif why:
        error = why
    else:
        error = _ended_without_result(exitcode)
    with contextlib.suppress(OSError):  # the run folder cannot take the error page either:
        render.record_failure(task, error)  # the runner records the error
    seconds = float(task.timeout) if late else 0.0
    return {"status": "failed", "error": error, "illustrative": False, "seconds": seconds}


def _message(reader: Connection) -> str:
    """What a worker sent before it ended ("" when nothing: it wrote its result)."""
    try:
        return str(reader.recv()) if reader.poll() else ""
    except (EOFError, OSError):
        return ""
    finally:
        reader.close()


class LocalExecutor:
    """Up to ``n_jobs`` reports at once, each in its own process (see the module doc)."""

    def __init__(self, n_jobs: int = 1, warm: bool = True, poll: float = 0.05) -> None:
        self.n_jobs, self.warm, self.poll = max(1, n_jobs), warm, poll

    def start_method(self, n_tasks: int) -> str:
        """Warm (``forkserver``) for two reports or more; cold (``spawn``) for a single report,
        which would otherwise wait for the server's preload (about 5 s on one core) before
        being forked (measured, one county profile: 5.1-7.0 s warm, 3.5-4.6 s cold). Two
        reports on two workers cost less CPU warm (one preload, not two full imports)."""
        return "forkserver" if self.warm and n_tasks > 1 else "spawn"

    def _context(self, n_tasks: int):
        ctx = multiprocessing.get_context(self.start_method(n_tasks))
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload(PRELOAD)  # used when the server starts (once per process)
        return ctx

    @staticmethod
    def _start(ctx, task: render.Task) -> tuple | str:
        """The report's process and the pipe it may send a failure through; or why it could
        not start (the fork server needs a socket in a temporary folder: a full disk)."""
        reader, writer = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=work, args=(task, writer), name=f"report {task.name}")
        try:
            proc.start()  # warm: returns once the server, preloaded, has forked it
        except OSError as err:
            reader.close()
            return f"the report's process could not start: {type(err).__name__}: {err}"
        finally:
            writer.close()  # the worker holds its own end
        return proc, reader

    def map(self, tasks: list[render.Task], on_done: Done | None = None) -> dict[str, dict]:
        ctx = self._context(len(tasks))
        pending, running, results = list(tasks), {}, {}
        # started now, not inside _ctrl_c_held: starting, it unblocks SIGINT behind our back
        resource_tracker.ensure_running()
        try:
            while pending or running:
                with _ctrl_c_held():
                    self._fill(ctx, pending, running, results, on_done)
                time.sleep(self.poll)
                self._reap(running, results, on_done)
        except BaseException:  # Ctrl-C, or a bug: no report process outlives the run
            for proc, *_ in running.values():
                _kill_tree(proc.pid)
            raise
        return results

    def _fill(self, ctx, pending: list, running: dict, results: dict, on_done: Done | None) -> None:
        """Start reports until ``n_jobs`` run."""
        while pending and len(running) < self.n_jobs:
            task = pending.pop(0)
            started = self._start(ctx, task)
            if isinstance(started, str):  # no process: the report fails, the others try
                results[task.name] = collect(task, None, False, started)
                if on_done:
                    on_done(task, results[task.name])
                continue
            running[task.name] = (*started, task, time.monotonic())  # the report's own clock

    @staticmethod
    def _reap(running: dict, results: dict, on_done: Done | None) -> None:
        """Collect the reports that ended; stop those past their timeout."""
        for name, (proc, reader, task, started) in list(running.items()):
            late = time.monotonic() - started > task.timeout
            if proc.is_alive() and not late:
                continue
            if proc.is_alive():
                _kill_tree(proc.pid)
            proc.join(5)
            results[name] = collect(task, proc.exitcode, late, _message(reader))
            del running[name]
            if on_done:
                on_done(task, results[name])
