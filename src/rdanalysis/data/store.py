"""The processed folder as a whole: a build is published complete or not at all.

Layout of ``data/processed`` (or ``$RDANALYSIS_PROCESSED``)::

    gen-20260101T060000-1234/     one complete build (every table and build_info.json)
    current -> gen-…              the published build
    observations.parquet -> current/observations.parquet    (one link per file, never changed)
    .tmp-gen-…                    a build being written (removed if its process is gone)

A copy made by following the links (``cp -rL``: ``current`` and every table link become plain
folders and files) is read as the flat layout and adopted by the next build.

A build writes a new generation folder under a temporary name, renames it once complete, then
switches ``current`` with one atomic rename. A build killed at any point leaves the previous
complete set published; readers that go through ``current`` see one build, never a mix. The
previous generation is kept (a reader may still be on it); older ones are removed.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from rdanalysis.errors import RDAnalysisError

CURRENT = "current"
GEN_PREFIX = "gen-"
TMP_PREFIX = ".tmp-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pid_of(name: str) -> int | None:
    """The process id in a temporary name: ``.tmp-<what>-<pid>-…`` or ``.<file>.tmp-<pid>``."""
    for part in name.split("tmp-", 1)[-1].split("-"):
        if part.isdigit():
            return int(part)
    return None


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove temporary files and folders (``.tmp-*``, ``.*.tmp-*``) left by builds whose
    process is gone."""
    removed = []
    for entry in [*folder.glob(f"{TMP_PREFIX}*"), *folder.glob(".*.tmp-*")]:
        pid = _pid_of(entry.name)
        if pid is not None and pid != os.getpid() and _alive(pid):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


def current_generation(folder: Path) -> Path | None:
    """The published generation folder, or None (nothing built, or the old flat layout)."""
    link = folder / CURRENT
    if not link.is_symlink():
        return None
    target = folder / os.readlink(link)
    return target if target.is_dir() else None


def published(folder: Path) -> Path:
    """The folder a reader reads: the published generation, or ``folder`` itself (old flat
    layout)."""
    return current_generation(folder) or folder


def declares_regions(folder: Path) -> bool:
    """Whether the published build holds regions a user declared (regions.csv), read from its
    build_info.json alone (no table, no pandas). True when that cannot be told: the caller then
    reads the regions table, which says what is wrong if anything is."""
    path = published(folder) / "build_info.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8")).get("rows") or {}
        return rows.get("regions") != 0
    except (OSError, ValueError, AttributeError):
        return True


def _link(folder: Path, name: str, target: str) -> None:
    """Point ``folder/name`` at ``target`` (relative) in one rename."""
    tmp = folder / f"{TMP_PREFIX}link-{os.getpid()}-{name}"
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, folder / name)


def _adopt_copied_current(folder: Path) -> None:
    """A ``current`` that is a folder, not a link (the processed folder was copied with
    ``cp -rL`` or a tool that follows links), is a complete copy of a build: it becomes a
    generation of its own and ``current`` a link to it again. Until the link is made, readers
    read the copied files beside it (copies of the same build)."""
    current = folder / CURRENT
    if current.is_symlink() or not current.is_dir():
        return
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    gen = folder / f"{GEN_PREFIX}copied-{stamp}-{os.getpid()}"
    os.rename(current, gen)
    _link(folder, CURRENT, gen.name)


def _adopt_flat_layout(folder: Path, names: list[str]) -> None:
    """Turn files of the old flat layout into a generation without a moment of inconsistency:
    hard-link them into a generation, publish it, then replace each file by its link."""
    flat = [n for n in names if (folder / n).is_file() and not (folder / n).is_symlink()]
    if not flat or current_generation(folder) is not None:
        return
    gen = folder / f"{GEN_PREFIX}adopted-{os.getpid()}"
    gen.mkdir(exist_ok=True)
    for name in flat:
        try:
            os.link(folder / name, gen / name)
        except OSError:
            shutil.copy2(folder / name, gen / name)
    _link(folder, CURRENT, gen.name)
    for name in flat:
        _link(folder, name, f"{CURRENT}/{name}")


def publish(folder: Path, files: dict[str, Callable[[Path], None]]) -> Path:
    """Write a complete generation (``files``: name -> function writing that file) and publish it.

    Raises RDAnalysisError when the folder cannot be written (read-only, disk full); the
    previous generation then stays published.
    """
    try:
        return _publish(folder, files)
    except OSError as exc:
        raise RDAnalysisError(
            f"cannot write the processed tables to {folder} ({exc.strerror or exc}); "
            f"the previous build there stays as it was (expected a writable folder with free "
            "space: fix it, or set RDANALYSIS_PROCESSED=DIR to build elsewhere)"
        ) from None


def _publish(folder: Path, files: dict[str, Callable[[Path], None]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    clean_leftovers(folder)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    stage = folder / f"{TMP_PREFIX}gen-{os.getpid()}-{stamp}"
    stage.mkdir()
    try:
        for name, write in files.items():
            write(stage / name)
        gen = folder / f"{GEN_PREFIX}{stamp}-{os.getpid()}"
        os.rename(stage, gen)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    _adopt_copied_current(folder)
    _adopt_flat_layout(folder, list(files))
    previous = current_generation(folder)
    for name in files:
        path = folder / name
        if not path.is_symlink() or os.readlink(path) != f"{CURRENT}/{name}":
            _link(folder, name, f"{CURRENT}/{name}")
    _link(folder, CURRENT, gen.name)  # the one rename that publishes the build
    _remove_old(folder, keep={gen.name, previous.name if previous else ""})
    return gen


def _remove_old(folder: Path, keep: set[str]) -> None:
    for entry in folder.glob(f"{GEN_PREFIX}*"):
        if entry.name not in keep and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
    for entry in folder.iterdir():  # links to files the current build no longer has
        if entry.is_symlink() and entry.name != CURRENT and not entry.exists():
            entry.unlink(missing_ok=True)
