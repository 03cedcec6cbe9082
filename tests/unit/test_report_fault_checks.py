"""Faults of the report runner met before any kernel starts or with stand-ins for the report
process and the browser: full disks, a process that cannot start, a browser that hangs,
notebooks that are not notebooks, damaged build records."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from rdanalysis.report import config as report_config
from rdanalysis.report import run as report_run
from rdanalysis.report.execution import executor, render
from rdanalysis.report.publishing import pdf as report_pdf
from tests.kernel.test_report import PROBE, write_config
from tests.kernel.test_report_faults import ENOSPC, _probe_with, fake_browser


def test_a_report_that_cannot_be_reused_on_a_full_disk_leaves_nothing_and_runs_again(
    tmp_path, monkeypatch, capsys
):
    before, now = tmp_path / "20260101-000000", tmp_path / "20260102-000000"
    for folder in (before, now):
        folder.mkdir()
    for suffix in (".html", ".ipynb", ".xlsx"):
        (before / f"a{suffix}").write_text("页" * 1000, encoding="utf-8")
    copy2 = shutil.copy2

    def other_disk(*args, **kwargs):  # latest/ and the runs on file systems without links
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    def full(src, dst, *args, **kwargs):  # the second file no longer fits
        if str(dst).endswith(".ipynb"):
            Path(dst).write_text("partial", encoding="utf-8")
            raise OSError(errno.ENOSPC, ENOSPC)
        return copy2(src, dst, *args, **kwargs)

    monkeypatch.setattr(report_run.os, "link", other_disk)
    monkeypatch.setattr(report_run.shutil, "copy2", full)
    entry = {"run": before.name, "name": "a"}
    assert report_run._reuse(entry, tmp_path, now, "a") is False  # so it is rendered again
    assert list(now.iterdir()) == []  # no half-copied report
    assert (
        f"note: a: the unchanged report could not be reused ({ENOSPC})" in capsys.readouterr().err
    )


def test_a_report_process_that_cannot_start_fails_alone(tmp_path, monkeypatch):
    from multiprocessing.context import SpawnProcess

    def no_room(self):
        raise OSError(errno.ENOSPC, ENOSPC)

    monkeypatch.setattr(SpawnProcess, "start", no_room)
    job = report_config.Job("a", "探针", PROBE)
    task = render.Task(job, tmp_path, "run", 60, str(tmp_path))
    seen = []
    results = executor.LocalExecutor(1).map([task], lambda t, r: seen.append(t.name))
    assert results["a"]["status"] == "failed" and seen == ["a"]
    assert results["a"]["error"] == (
        f"the report's process could not start: OSError: [Errno 28] {ENOSPC}"
    )
    assert "could not start" in (tmp_path / "a.error.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("cell 3: ValueError: 故意失败\nTraceback ...", "cell 3: ValueError: 故意失败"),
        (
            "Traceback (most recent call last):\n  File x\nOSError: [Errno 28] No space left\n\n"
            "During handling of the above exception, another exception occurred:\n\n"
            "Traceback (most recent call last):\n  File y\nUnicodeDecodeError: 'utf-8' codec",
            "OSError: [Errno 28] No space left",
        ),
        (
            "Traceback (most recent call last):\n  File x\nAttributeError: 'str' object has no "
            "attribute 'write'\n\nDuring handling of the above exception, another exception "
            "occurred:\n\nOSError: [Errno 27] File too large\n",
            "OSError: [Errno 27] File too large",
        ),
        ("Traceback (most recent call last):\n  File x\nKeyError: 'a'\n", "KeyError: 'a'"),
        ("", ""),
    ],
)
def test_a_failure_s_headline_names_its_cause(error, expected):
    assert report_run.headline(error) == expected


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


def test_a_browser_that_hangs_is_stopped_with_its_processes(tmp_path, monkeypatch):
    import psutil

    # the browser starts a process of its own (named after the browser) and waits for it
    browser = fake_browser(tmp_path / "bin", '#!/bin/sh\nsh -c "sleep 300" "$0" &\nwait\n')
    monkeypatch.setattr(report_pdf, "TIMEOUT_SECONDS", 2)
    page = tmp_path / "a.html"
    page.write_text("<p>测试</p>", encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"did not print a.html within 2 s; stopped"):
        report_pdf.render(page, tmp_path / "a.pdf", str(browser))
    left = [
        p
        for p in psutil.process_iter(["cmdline", "status"])
        if str(browser) in " ".join(p.info["cmdline"] or []) and p.info["status"] != "zombie"
    ]
    assert left == []
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*")) == []


def test_a_pdf_cut_short_by_a_full_disk_is_not_published(tmp_path):
    # Chromium that cannot write the whole PDF says so on stderr and exits 0
    script = (
        '#!/bin/sh\nfor a in "$@"; do case "$a" in --print-to-pdf=*) pdf="${a#*=}";; esac; done\n'
        "printf '%%PDF-1.4 1 0 obj' > \"$pdf\"\n"
        'echo "[1:2:1204/212332.640252:ERROR:headless_command_handler.cc:266] Failed to write '
        'file $pdf: No space left on device (28)" >&2\n'
    )
    browser = fake_browser(tmp_path / "bin", script)
    page = tmp_path / "a.html"
    page.write_text("<p>测试</p>", encoding="utf-8")
    with pytest.raises(RuntimeError) as err:
        report_pdf.render(page, tmp_path / "a.pdf", str(browser))
    first = str(err.value).splitlines()[0]
    assert first.startswith(f"{browser} could not print a.html (exit code 0): Failed to write")
    assert first.endswith("No space left on device (28)")
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*")) == []
