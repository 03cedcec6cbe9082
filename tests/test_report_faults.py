"""Faults of the machine during a report run end cleanly (issue 21): a full disk, a reports
folder removed or made read-only during the run, a browser that cannot print, no CJK font for
the PDFs, a notebook without a kernelspec or not a notebook at all, damaged state files. Each
ends with one clear line per problem on stderr, the summary line, the run record and the index
written wherever the disk still takes them, the failures marked failed, the other reports
published, exit code 1 (2 when nothing was run) and never a Python traceback.

The faults are real where they can be without harming the machine: the disk is "full" for the
report processes through a file-size limit (RLIMIT_FSIZE, which any user may lower; every write
past it fails with EFBIG in the runner, the fork server and every report process alike), the
folder is really removed or made read-only by a report, the browser is a script that fails.
Where only the runner's own writes should fail, ``pathlib`` is patched in the test process (the
report processes are separate and untouched)."""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from rdanalysis.report import run as report_run
from tests.test_report import PROBE, REPORT_CMD, write_config

pytestmark = pytest.mark.kernel
unit = pytest.mark.unit
CHROMIUM = shutil.which("chromium")
PDFTOTEXT = shutil.which("pdftotext")
ENOSPC = os.strerror(errno.ENOSPC)  # "No space left on device"


def state(out: Path) -> dict:
    return json.loads((out / "state.json").read_text(encoding="utf-8"))["reports"]


def last_run(out: Path) -> dict:
    runs = report_run.index.runs(out)
    return {r["name"]: r for r in json.loads((runs[-1] / "run.json").read_text())["reports"]}


def as_ordinary_user() -> list[str] | None:
    """A command prefix under which read-only folders are read-only: none for an ordinary
    user; for root, a user namespace in which it is an unprivileged uid (``unshare``, where
    the kernel allows it); None where neither is possible."""
    if os.geteuid() != 0:
        return []
    prefix = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
    try:
        works = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    except OSError:
        return None
    return prefix if works.returncode == 0 else None


def cli_limited(limit: int, *args: str) -> subprocess.CompletedProcess:
    """`rdanalysis report ARGS` in a process (and its report processes) that cannot write a
    file past ``limit`` bytes."""

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [*REPORT_CMD, *args, "--no-progress"],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=limited,
    )


# -- notebooks ------------------------------------------------------------------------------


def _probe_with(tmp_path: Path, metadata: dict, name: str) -> Path:
    nb = nbformat.read(PROBE, as_version=4)
    nb.metadata = metadata
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_notebook_without_a_kernelspec_runs_in_the_project_s_python(tmp_path, run_cli):
    bare = _probe_with(tmp_path, {}, "bare")
    config = write_config(tmp_path, [{"name": "bare", "notebook": str(bare)}])
    out = tmp_path / "o"
    code, _, err = run_cli("report", "--config", str(config), "--out", str(out))
    assert code == 0 and "Traceback" not in err, err
    page = (out / "latest" / "bare.html").read_text(encoding="utf-8")
    assert "探针 运行正常" in page


@unit
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "written for R (its kernelspec), expected a Python notebook"),
        ('{"cells": [', "not a readable Jupyter notebook (Notebook does not appear to be JSON"),
        ("[]", "not a readable Jupyter notebook"),
        ('{"nbformat": 9, "nbformat_minor": 0, "cells": []}', "Unsupported nbformat version 9"),
        (b"\xff\xfe not text", "not a readable Jupyter notebook"),
    ],
)
def test_a_notebook_that_is_not_python_or_not_a_notebook_is_refused(
    tmp_path, run_cli, content, message
):
    if content is None:
        spec = {"name": "ir", "language": "R", "display_name": "R"}
        path = _probe_with(tmp_path, {"kernelspec": spec}, "r")
    else:
        path = tmp_path / "x.ipynb"
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        path.write_bytes(data)
    config = write_config(tmp_path, [{"name": "x", "notebook": str(path)}])
    out = tmp_path / "o"
    code, _, err = run_cli("report", "--config", str(config), "--out", str(out))
    assert code == 2 and "Traceback" not in err
    assert f"notebook {path}: " in err and message in err and "nothing was run" in err
    assert not out.exists()
    code, _, err = run_cli("report", "--config", str(config), "--list")
    assert code == 2 and message in err and "Traceback" not in err
