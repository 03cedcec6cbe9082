"""The report runner's processes: ten runs at once, a timeout, a report process that dies, cold and
warm starts, runs of the same second."""

from __future__ import annotations

import json
import subprocess

from rdanalysis.report import run as report_run
from rdanalysis.report.publishing import index
from tests.kernel.test_report import PROBE, REPORT_CMD, write_config


def test_timeout_stops_a_report_and_the_others_finish(tmp_path):
    config = write_config(
        tmp_path,
        [
            {"name": "slow", "notebook": str(PROBE), "parameters": {"sleep_seconds": 60.0}},
            {"name": "quick", "notebook": str(PROBE), "parameters": {"label": "快"}},
        ],
    )
    outcomes = {
        o.name: o
        for o in report_run.run(config, out_dir=tmp_path / "o", timeout=8, n_jobs=2, progress=False)
    }
    assert outcomes["slow"].status == "failed" and "timeout" in outcomes["slow"].error
    assert outcomes["quick"].status == "ok"


def test_a_single_report_runs_cold_and_more_run_warm():
    from rdanalysis.report.execution.executor import LocalExecutor

    assert LocalExecutor(2).start_method(1) == "spawn"  # one report: no preload to wait for
    assert LocalExecutor(2).start_method(2) == "forkserver"
    assert LocalExecutor(1).start_method(2) == "forkserver"
    assert LocalExecutor(1, warm=False).start_method(50) == "spawn"


def test_runs_of_the_same_second_sort_by_their_number():
    names = ["20261128-011306-10", "20261128-011306-2", "20261128-011306", "20261128-011305-3"]
    assert sorted(names, key=index.run_order) == [
        "20261128-011305-3",
        "20261128-011306",
        "20261128-011306-2",
        "20261128-011306-10",
    ]


def test_a_report_whose_process_dies_is_marked_with_what_happened(tmp_path, processed):
    config = write_config(
        tmp_path,
        [
            {"name": "dies", "notebook": str(PROBE), "parameters": {"crash": True}},
            {"name": "lives", "notebook": str(PROBE)},
        ],
    )
    out = tmp_path / "o"
    outcomes = {o.name: o for o in report_run.run(config, out_dir=out, progress=False)}
    assert outcomes["lives"].status == "ok"
    assert outcomes["dies"].status == "failed"
    assert "stopped by signal SIGKILL" in outcomes["dies"].error
    assert "stopped by signal SIGKILL" in (out / "index.html").read_text(encoding="utf-8")


def test_ten_runs_at_once_end_in_0_or_3_without_a_traceback(tmp_path, processed):
    config = write_config(tmp_path, [{"name": "p", "notebook": str(PROBE)}])
    out = tmp_path / "o"
    procs = [
        subprocess.Popen(
            [*REPORT_CMD, "--config", str(config), "--out", str(out), "--no-progress"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(10)
    ]
    results = [(p.wait(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    codes = [code for code, _ in results]
    assert set(codes) <= {0, 3} and 0 in codes, results
    assert not [err for _, err in results if "Traceback" in err]
    assert json.loads((out / "cache.json").read_text(encoding="utf-8"))
