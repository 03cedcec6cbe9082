"""Report runs refused with the shipped data built: a disk full before the run's folder is made."""

from __future__ import annotations

import errno
import pathlib
import shutil

import pytest

from rdanalysis.report import run as report_run
from rdanalysis.report.execution import render
from rdanalysis.report.publishing import outputs
from tests.kernel.test_report import PROBE, write_config
from tests.kernel.test_report_faults import ENOSPC


def test_a_disk_full_before_the_run_s_folder_is_made_exits_2(tmp_path, monkeypatch, run_cli):
    config = write_config(tmp_path, [{"name": "a", "notebook": str(PROBE)}])
    out = tmp_path / "o"
    mkdir = pathlib.Path.mkdir

    def full(self, *args, **kwargs):
        if outputs.RUN_ID.match(self.name):
            raise OSError(errno.ENOSPC, ENOSPC, str(self))
        return mkdir(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "mkdir", full)
    code, _, err = run_cli("report", "--config", str(config), "--out", str(out))
    assert code == 2 and "Traceback" not in err
    assert f"cannot make the run's folder ({ENOSPC}); nothing was run" in err


@pytest.mark.parametrize("record", ["{}", '{"inputs_sha256": [], "observations_by_status": {}}'])
def test_a_build_record_without_its_fields_is_refused_before_running(
    tmp_path, processed, monkeypatch, run_cli, record
):
    copy = tmp_path / "processed"
    shutil.copytree(processed, copy, symlinks=True)
    (copy / "build_info.json").resolve().write_text(record, encoding="utf-8")
    monkeypatch.setenv(render.PROCESSED_ENV, str(copy))  # as the command sees it when started
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(copy))
    config = write_config(tmp_path, [{"name": "a", "notebook": str(PROBE)}])
    code, _, err = run_cli("report", "--config", str(config), "--out", str(tmp_path / "o"))
    assert code == 2 and "Traceback" not in err
    # the data layer may refuse the record first, in its own words: both name file and remedy
    assert f"{copy / 'build_info.json'}" in err and "rdanalysis data build" in err
    assert not report_run.index.runs(tmp_path / "o")
