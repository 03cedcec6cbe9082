"""The reports folder's published state: a good report placed in ``latest/`` (atomically, as a
hard link where the file system allows), the leftovers of killed runs removed, and old runs
pruned to the last K. Moved from ``report.run`` unchanged."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

from rdanalysis.report.outcome import Outcome
from rdanalysis.report.publishing import index

#: A run folder's name: the run's start time (a suffix when two runs start in the same second).
RUN_ID = re.compile(r"^\d{8}-\d{6}(-\d+)?$")


def reason(err: OSError) -> str:
    return err.strerror or str(err)


def _place(src: Path, dst: Path, tmp: Path) -> bool:
    """``src`` at ``dst`` atomically, as a hard link where the file system allows (a reused
    report's file is then already there: nothing is written), else as a copy. Whether ``dst``
    changed."""
    if dst.exists() and os.path.samefile(src, dst):
        return False
    try:
        os.link(src, tmp)
    except OSError:
        shutil.copyfile(src, tmp)
    tmp.replace(dst)
    return True


def publish(out_dir: Path, run_dir: Path, outcome: Outcome) -> None:
    """Put a good report into latest/ atomically; a failed one never replaces the last good.
    A report that cannot be published (full disk, ...) is marked failed, saying why. A new page
    takes its old PDF with it (the PDF showed another version; ``--pdf`` prints it again)."""
    if outcome.status == "failed":
        return
    latest = out_dir / "latest"
    tmp = latest / f".tmp-{os.getpid()}-{outcome.name}.html"
    try:
        latest.mkdir(parents=True, exist_ok=True)
        if _place(run_dir / f"{outcome.name}.html", latest / f"{outcome.name}.html", tmp):
            with contextlib.suppress(OSError):
                (latest / f"{outcome.name}.pdf").unlink(missing_ok=True)
        book = run_dir / f"{outcome.name}.xlsx"
        if book.is_file():
            _place(book, latest / f"{outcome.name}.xlsx", tmp.with_suffix(".xlsx"))
    except OSError as err:
        for left in (tmp, tmp.with_suffix(".xlsx")):
            with contextlib.suppress(OSError):
                left.unlink(missing_ok=True)
        outcome.status = "failed"
        outcome.error = f"rendered but not published to latest/: {reason(err)}"


def prune(out_dir: Path, keep: int) -> None:
    try:
        runs = index.runs(out_dir)
    except OSError:  # the reports folder is gone: nothing to prune
        return
    for old in runs[:-keep] if keep > 0 else []:
        shutil.rmtree(old, ignore_errors=True)


def clean_leftovers(out_dir: Path) -> None:
    """Temporary files and run folders of runs that were killed (we hold the lock: no live run
    writes them). What cannot be removed stays (it is tried again at the next run)."""
    latest = out_dir / "latest"
    for folder in (out_dir, latest):
        for stale in folder.glob(".*tmp*") if folder.is_dir() else []:
            if stale.is_file():
                with contextlib.suppress(OSError):
                    stale.unlink(missing_ok=True)
    for folder in out_dir.iterdir():
        if folder.is_dir() and RUN_ID.match(folder.name) and not (folder / "run.json").exists():
            shutil.rmtree(folder, ignore_errors=True)


def remove_partial_files(run_dir: Path) -> None:
    """Temporary files a report's process left when a write failed (a full disk): every
    worker has ended, so they are leftovers, and on a full disk the space they hold is what the
    run record and the index need."""
    with contextlib.suppress(OSError):
        for partial in run_dir.glob(".*tmp*"):
            with contextlib.suppress(OSError):
                partial.unlink()
