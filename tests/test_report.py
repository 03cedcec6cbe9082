"""The report pipeline: validation before any kernel, parallel runs, reuse, failure isolation,
atomic publishing, locking, self-contained HTML with provenance, escaping of data text."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from filelock import FileLock

from rdanalysis.errors import RDAnalysisError
from rdanalysis.report import config as report_config
from rdanalysis.report import html as report_html
from rdanalysis.report import run as report_run

FIXTURES = Path(__file__).parent / "fixtures"
PROBE = FIXTURES / "probe.ipynb"


def write_config(tmp_path: Path, suite: list[dict], name: str = "reports.yml") -> Path:
    path = tmp_path / name
    rules = yaml.safe_load((report_config.CONFIG).read_text(encoding="utf-8"))["parameter_rules"]
    path.write_text(
        yaml.safe_dump(
            {
                "settings": {"keep_runs": 2, "timeout_seconds": 120},
                "suite": suite,
                "parameter_rules": rules,
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def suite_run(tmp_path_factory):
    """One real run: a county profile (illustrative data) and a probe that fails."""
    tmp = tmp_path_factory.mktemp("suite")
    config = write_config(
        tmp,
        [
            {
                "name": "county-{county}",
                "title": "{county} 画像",
                "notebook": "04_county_profile.ipynb",
                "matrix": {"county": ["库伦旗"]},
            },
            {
                "name": "probe",
                "title": "探针",
                "notebook": str(PROBE),
                "parameters": {"fail": True},
            },
        ],
    )
    out = tmp / "reports"
    outcomes = report_run.run(config, out_dir=out, n_jobs=2, progress=False)
    return config, out, {o.name: o for o in outcomes}


def test_the_default_suite_is_valid_and_complete():
    config = report_config.load()
    jobs = report_config.jobs(config)
    report_config.validate(jobs, config)
    names = [j.name for j in jobs]
    assert names[0] == "dashboard"
    assert sum(n.startswith("county-") for n in names) == 9  # one per banner/county
    assert {
        "trajectory-tongliao",
        "trajectory-inner-mongolia",
        "trajectory-china",
        "enterprise-coverage",
        "data-overview",
    } <= set(names)
    coverage = next(j for j in jobs if j.name == "enterprise-coverage")
    assert not coverage.parameters.get("list_enterprises", False)  # confidential by default


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"regoin": "通辽市"}, "report 'x': unknown parameter 'regoin'"),
        (
            {"target_pct": "1%"},
            "report 'x': parameter 'target_pct' = '1%' is a str (expected float)",
        ),
        ({"target_pct": 120}, "parameter 'target_pct' = 120 is out of range (expected 0 < value"),
        ({"region": "火星"}, "parameter 'region' = '火星' is not one of the known values"),
        ({"n_paths": True}, "parameter 'n_paths' = True is a bool (expected int)"),
    ],
)
def test_parameters_are_validated_before_any_kernel_starts(tmp_path, params, message):
    config = write_config(
        tmp_path, [{"name": "x", "notebook": "01_trajectory.ipynb", "parameters": params}]
    )
    with pytest.raises(RDAnalysisError, match="nothing was run") as err:
        report_run.run(config, out_dir=tmp_path / "out", progress=False)
    assert message in str(err.value)
    assert not (tmp_path / "out").exists()


def test_good_report_is_published_with_provenance(suite_run):
    _, out, outcomes = suite_run
    assert outcomes["county-hure-banner"].status == "ok"
    page = (out / "latest" / "county-hure-banner.html").read_text(encoding="utf-8")
    assert report_html.external_references(page) == []
    assert "data:image/png;base64" in page
    assert "import rdanalysis" not in page  # code hidden
    assert "库伦旗" in page and 'lang="zh-CN"' in page
    assert "rd-banner" in page and "示例数据" in page  # illustrative data fed it
    assert "rd-toc" in page
    assert "输入文件哈希 Input SHA-256" in page and "data/raw/public/tongliao_macro.csv" in page
    assert '"county": "库伦旗"' in page  # parameters in the footer


def test_failure_keeps_error_notebook_and_page_and_is_marked(suite_run):
    _, out, outcomes = suite_run
    failed = outcomes["probe"]
    assert failed.status == "failed" and "故意失败" in failed.error
    run_dir = next(p for p in out.iterdir() if (p / "run.json").exists())
    assert (run_dir / "probe.ipynb").exists()
    error_page = (run_dir / "probe.html").read_text(encoding="utf-8")
    assert "报告生成失败" in error_page and "ValueError" in error_page
    assert not (out / "latest" / "probe.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "失败" in index and "probe" in index
    assert report_html.external_references(index) == []


def test_unchanged_reports_are_reused_and_a_failure_never_replaces_the_last_good(
    suite_run, tmp_path
):
    config, out, _ = suite_run
    good = out / "latest" / "county-hure-banner.html"
    before = digest(good)
    outcomes = {o.name: o for o in report_run.run(config, out_dir=out, progress=False)}
    assert outcomes["county-hure-banner"].status == "reused"
    assert digest(good) == before
    # Now the good report breaks (same name, failing notebook): latest/ keeps the last good one.
    broken = write_config(
        tmp_path,
        [{"name": "county-hure-banner", "notebook": str(PROBE), "parameters": {"fail": True}}],
    )
    outcomes = report_run.run(broken, out_dir=out, progress=False)
    assert outcomes[0].status == "failed"
    assert digest(good) == before


def report_cli(*args: str) -> subprocess.CompletedProcess:
    """`rdanalysis report ARGS` in a fresh process, as a scheduler would run it."""
    return subprocess.run(
        [sys.executable, "-m", "rdanalysis", "report", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_exit_codes(suite_run, tmp_path):
    config, _, _ = suite_run
    out = tmp_path / "cli"
    proc = report_cli("--config", str(config), "--out", str(out), "--no-progress")
    assert proc.returncode == 1
    assert "1 failed" in proc.stdout and "failed: probe" in proc.stderr
    with FileLock(str(out / ".lock")):
        busy = report_cli("--config", str(config), "--out", str(out))
    assert busy.returncode == 3
    assert "another report run is in progress" in busy.stderr
    listing = report_cli("--list")
    assert listing.returncode == 0
    assert "county-hure-banner  [04_county_profile.ipynb]" in listing.stdout
    assert "county = 库伦旗  (str)" in listing.stdout


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


def test_killing_a_run_midway_leaves_latest_as_it_was(tmp_path):
    config = write_config(
        tmp_path,
        [
            {"name": "a", "notebook": str(PROBE), "parameters": {"label": "甲"}},
            {"name": "b", "notebook": str(PROBE), "parameters": {"label": "乙"}},
        ],
    )
    out = tmp_path / "o"
    report_run.run(config, out_dir=out, progress=False)
    before = {p.name: digest(p) for p in (out / "latest").iterdir()}
    slow = write_config(
        tmp_path,
        [
            {
                "name": "a",
                "notebook": str(PROBE),
                "parameters": {"label": "甲2", "sleep_seconds": 30},
            },
            {
                "name": "b",
                "notebook": str(PROBE),
                "parameters": {"label": "乙2", "sleep_seconds": 30},
            },
        ],
        name="slow.yml",
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rdanalysis",
            "report",
            "--config",
            str(slow),
            "--out",
            str(out),
            "--no-progress",
        ],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(8)  # kernels are running the sleeping notebooks
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    after = {p.name: digest(p) for p in (out / "latest").iterdir() if not p.name.startswith(".")}
    assert after == before
    assert "甲" in (out / "latest" / "a.html").read_text(encoding="utf-8")


def test_data_text_is_escaped_in_the_html(tmp_path, monkeypatch):
    from rdanalysis.data import build

    user = tmp_path / "user"
    user.mkdir()
    (user / "x.csv").write_text(
        "地区,年份,R&D经费(亿元),来源\n通辽市,2023,9.5,<script>alert('x')</script>\n",
        encoding="utf-8",
    )
    processed = tmp_path / "processed"
    build.build(user, out_dir=processed)
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(processed))
    config = write_config(tmp_path, [{"name": "overview", "notebook": "06_data_overview.ipynb"}])
    outcomes = report_run.run(config, out_dir=tmp_path / "o", progress=False)
    assert outcomes[0].status == "ok", outcomes[0].error
    page = (tmp_path / "o" / "latest" / "overview.html").read_text(encoding="utf-8")
    assert (
        "alert(&#x27;x&#x27;)" in page or "alert(&#39;x&#39;)" in page or "&lt;script&gt;" in page
    )
    assert "<script>alert('x')</script>" not in page


def test_run_retention_keeps_the_last_runs(tmp_path):
    config = write_config(tmp_path, [{"name": "p", "notebook": str(PROBE)}])
    out = tmp_path / "o"
    for _ in range(3):
        report_run.run(config, out_dir=out, force=True, keep=2, progress=False)
    runs = [p for p in out.iterdir() if (p / "run.json").exists()]
    assert len(runs) == 2
    run = json.loads((sorted(runs)[-1] / "run.json").read_text(encoding="utf-8"))
    assert run["reports"][0]["status"] == "ok"
