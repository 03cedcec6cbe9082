"""The report pipeline: validation before any report runs, parallel runs, reuse, failure
isolation, warm execution identical to cold, atomic publishing, locking, concurrent runs, damaged
state files, self-contained HTML with provenance and facts, escaping of data text."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from filelock import FileLock

from rdanalysis.errors import RDAnalysisError
from rdanalysis.report import config as report_config
from rdanalysis.report import html as report_html
from rdanalysis.report import index
from rdanalysis.report import run as report_run

FIXTURES = Path(__file__).parent / "fixtures"
PROBE = FIXTURES / "probe.ipynb"
MUTATE = FIXTURES / "mutate.ipynb"
REPORT_CMD = [sys.executable, "-m", "rdanalysis", "report"]
pytestmark = pytest.mark.kernel
unit = pytest.mark.unit


def write_config(tmp_path: Path, suite: list[dict], name: str = "reports.yml") -> Path:
    from conftest import write_suite

    path = write_suite(tmp_path, suite, name)
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["settings"]["timeout_seconds"] = 120
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def suite_run(tmp_path_factory, processed):
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


@unit
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


@unit
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"regoin": "通辽市"}, "report 'x': unknown parameter 'regoin'"),
        ({"target_pct": float("nan")}, "parameter 'target_pct' = nan is not a plain value"),
        ({"region": b"\x01"}, "parameter 'region' = b'\\x01' is not a plain value"),
        (
            {"target_pct": "1%"},
            "report 'x': parameter 'target_pct' = '1%' is a str (expected float)",
        ),
        ({"target_pct": 120}, "parameter 'target_pct' = 120 is out of range (expected 0 <= value"),
        ({"region": "火星"}, "parameter 'region' = '火星' is not one of the known values"),
        ({"n_paths": True}, "parameter 'n_paths' = True is a bool (expected int)"),
        ({"lang": "fr"}, "parameter 'lang' = 'fr' is not one of the known values (expected e.g. z"),
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
    assert outcomes["county-hure-banner"].illustrative
    statuses = outcomes["county-hure-banner"].facts["statuses"]
    assert "illustrative" in statuses and set(statuses) <= {"illustrative", "verbatim", "derived"}
    assert "rd-toc" in page
    # the footer lists the raw files behind the values shown, with their hashes, not all files
    assert "所用原始文件" in page and "public/tongliao_macro.csv" in page
    assert "public/china_province_gdp" not in page
    assert "<dt>旗县市区</dt><dd>库伦旗</dd>" in page  # parameters in the footer, in words
    nav = BeautifulSoup(page, "html.parser").select_one("nav.rd-nav")
    links = [a["href"] for a in nav.find_all("a")]  # at the top: the index, the workbook
    assert links == ["../index.html", "county-hure-banner.xlsx"]
    assert (out / "latest" / links[0]).resolve() == (out / "index.html").resolve()


def test_failure_keeps_error_notebook_and_page_and_is_marked(suite_run):
    _, out, outcomes = suite_run
    failed = outcomes["probe"]
    assert failed.status == "failed" and "故意失败" in failed.error
    run_dir = next(p for p in out.iterdir() if (p / "run.json").exists())
    assert (run_dir / "probe.ipynb").exists()
    error_page = (run_dir / "probe.html").read_text(encoding="utf-8")
    assert "报告生成失败" in error_page and "ValueError" in error_page
    assert 'href="../index.html"' in error_page  # back to the index
    assert not (out / "latest" / "probe.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "失败" in index and "probe" in index
    assert report_html.external_references(index) == []


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _failed_pages(tmp_path, monkeypatch, lang: str) -> dict[str, BeautifulSoup]:
    """The error page of a report whose notebook raised (render) and of one whose worker died
    (executor), in ``lang``."""
    from rdanalysis import paths
    from rdanalysis.report import executor, render

    monkeypatch.setenv(render.PROCESSED_ENV, str(paths.processed()))
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(paths.processed()))

    def fail(task, ipynb):
        raise ValueError("failing on purpose")

    monkeypatch.setattr(render, "execute", fail)
    pages = {}
    for name in ("raised", "died"):
        job = report_config.Job(name, "探针", PROBE, {"lang": lang})
        task = render.Task(job, tmp_path, "run", 60, str(paths.processed()))
        if name == "raised":
            render.render(task)
        else:
            executor.collect(task, -9, late=False)
        html = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        pages[name] = BeautifulSoup(html, "html.parser")
    return pages


@unit
def test_a_failed_report_s_page_is_in_the_report_s_language(tmp_path, monkeypatch):
    for name, page in _failed_pages(tmp_path / "en", monkeypatch, "en").items():
        assert page.html["lang"] == "en", name
        assert not _CJK.search(page.get_text()), (name, page.get_text())
        assert f"Report failed: {name}" in page.h1.get_text(), name
        assert page.find("a", href="../index.html").get_text() == "← All reports"
    zh = _failed_pages(tmp_path / "zh", monkeypatch, "zh")
    for name, page in zh.items():
        assert page.html["lang"] == "zh-CN", name
        assert page.h1.get_text() == "报告生成失败:探针", name
        shown = page.get_text().replace(page.pre.get_text(), "")  # the error, as recorded
        for english in ("Report failed", "All reports", "Executed notebook", "Parameters"):
            assert english not in shown, (name, english)
    assert "ValueError: failing on purpose" in zh["raised"].pre.get_text()
    assert "SIGKILL" in zh["died"].pre.get_text()


def test_unchanged_reports_are_reused_and_a_failure_never_replaces_the_last_good(
    suite_run, tmp_path
):
    config, out, _ = suite_run
    good = out / "latest" / "county-hure-banner.html"
    before = digest(good)
    first = json.loads((out / "state.json").read_text(encoding="utf-8"))["reports"]
    outcomes = {o.name: o for o in report_run.run(config, out_dir=out, progress=False)}
    assert outcomes["county-hure-banner"].status == "reused"
    assert digest(good) == before
    # a reused report keeps the facts its notebook recorded and the date its pages were made
    reused = json.loads((out / "state.json").read_text(encoding="utf-8"))["reports"]
    assert reused["county-hure-banner"]["status"] == "reused"
    assert "illustrative" in reused["county-hure-banner"]["facts"]["statuses"]
    assert reused["county-hure-banner"]["finished"] == first["county-hure-banner"]["finished"]
    assert outcomes["county-hure-banner"].facts == first["county-hure-banner"]["facts"]
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
    # Quiet log: one line per report (name, status, seconds), no kernel chatter, no traceback.
    lines = proc.stderr.splitlines()
    assert len([ln for ln in lines if re.match(r"^probe\s+failed\s+[0-9.]+ s", ln)]) == 1
    assert len([ln for ln in lines if re.match(r"^county-hure-banner\s+ok\s+[0-9.]+ s", ln)]) == 1
    for noise in ("Kernel is running", "KeyboardInterrupt", "Traceback", "WARNING"):
        assert noise not in proc.stderr + proc.stdout
    run_dir = next(p for p in out.iterdir() if (p / "run.json").exists())
    assert "ValueError" in (run_dir / "probe.error.txt").read_text(encoding="utf-8")
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


def test_unchanged_reports_are_reused_after_the_run_that_made_them_is_pruned(tmp_path):
    """keep_runs deletes old runs; an unchanged report must still be reused afterwards (it was
    run again from scratch once the run that first made it had been deleted)."""
    config = write_config(tmp_path, [{"name": "p", "notebook": str(PROBE)}])
    out = tmp_path / "o"
    first = report_run.run(config, out_dir=out, keep=2, progress=False)
    assert first[0].status == "ok"
    for _ in range(4):
        again = report_run.run(config, out_dir=out, keep=2, progress=False)
        assert again[0].status == "reused"
    assert (out / "latest" / "p.html").is_file()


def test_a_reused_report_is_not_written_to_latest_again(tmp_path):
    """latest/ holds hard links to the run's files: a run where nothing changed writes nothing
    there (it copied every page, 29 MB for the shipped suite), and a changed report replaces
    its page without touching the run folder it came from."""
    config = write_config(tmp_path, [{"name": "p", "notebook": str(PROBE)}])
    out = tmp_path / "o"
    report_run.run(config, out_dir=out, progress=False)
    page = out / "latest" / "p.html"
    before = page.stat()
    assert report_run.run(config, out_dir=out, progress=False)[0].status == "reused"
    after = page.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    reused_run = index.runs(out)[-1]
    text = (reused_run / "p.html").read_text(encoding="utf-8")
    assert report_run.run(config, out_dir=out, force=True, progress=False)[0].status == "ok"
    assert (reused_run / "p.html").read_text(encoding="utf-8") == text
    assert page.stat().st_ino != before.st_ino


def test_a_single_report_runs_cold_and_more_run_warm():
    from rdanalysis.report.executor import LocalExecutor

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


def _comparable_outputs(nb) -> list:
    """Every cell's outputs, without papermill's timing metadata."""
    return [json.dumps(c.get("outputs", []), sort_keys=True) for c in nb.cells]


def _comparable_page(page: str) -> str:
    """The page without what differs from run to run: when it was generated, and the run."""
    return re.sub(r"<dt>生成时间</dt><dd>[^<]*</dd>", "", page)


def test_a_warm_report_is_identical_to_a_cold_one_even_after_one_that_changed_state(
    tmp_path, processed, executed_notebook
):
    """Warm workers are forked from one preloaded parent: a report that changed matplotlib,
    pandas, numpy, warnings, the environment, a module and the facts (and then failed, or
    not) leaves nothing behind for the next one."""
    county = {"name": "county", "notebook": "04_county_profile.ipynb"}
    county["parameters"] = {"county": "库伦旗"}
    warm_config = write_config(
        tmp_path,
        [
            {"name": "mutate-fail", "notebook": str(MUTATE), "parameters": {"fail": True}},
            {"name": "mutate-ok", "notebook": str(MUTATE)},
            county,
        ],
        name="warm.yml",
    )
    cold_config = write_config(tmp_path, [county], name="cold.yml")
    warm = {
        o.name: o
        for o in report_run.run(warm_config, out_dir=tmp_path / "warm", n_jobs=1, progress=False)
    }
    cold = report_run.run(cold_config, out_dir=tmp_path / "cold", progress=False, warm=False)
    assert warm["mutate-fail"].status == "failed" and "故意失败" in warm["mutate-fail"].error
    assert warm["mutate-ok"].status == "ok"
    assert warm["mutate-ok"].facts["statuses"] == ["user"]
    assert warm["county"].status == "ok" and cold[0].status == "ok", cold[0].error
    a = executed_notebook(tmp_path / "warm", "county")
    b = executed_notebook(tmp_path / "cold", "county")
    assert _comparable_outputs(a) == _comparable_outputs(b)
    assert a.metadata["rdanalysis"] == b.metadata["rdanalysis"]
    assert a.metadata["papermill"]["input_path"].endswith("04_county_profile.ipynb")
    assert "user" not in a.metadata["rdanalysis"]["facts"]["statuses"]  # no leaked facts
    pages = [
        _comparable_page((tmp_path / d / "latest" / "county.html").read_text(encoding="utf-8"))
        for d in ("warm", "cold")
    ]
    assert pages[0] == pages[1]


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


def test_leftovers_of_a_killed_run_are_cleaned_and_damaged_caches_count_as_empty(
    tmp_path, processed
):
    config = write_config(tmp_path, [{"name": "p", "notebook": str(PROBE)}])
    out = tmp_path / "o"
    (out / "latest").mkdir(parents=True)
    leftovers = [
        out / ".tmp-999-index.html",
        out / "latest" / ".tmp-999-p.html",
        out / "latest" / ".p.html.tmp",
    ]
    for f in leftovers:
        f.write_text("partial", encoding="utf-8")
    killed = out / "20200101-000000"
    killed.mkdir()
    (killed / "p.ipynb").write_text("{", encoding="utf-8")
    (out / "cache.json").write_text('{"abc": {"run": "2020', encoding="utf-8")
    (out / "parameters-cache.json").write_text("[1, 2", encoding="utf-8")
    (out / "state.json").write_text("\x00\x00", encoding="utf-8")
    outcomes = report_run.run(config, out_dir=out, progress=False)
    assert outcomes[0].status == "ok"
    assert not [f for f in leftovers if f.exists()] and not killed.exists()
    assert json.loads((out / "parameters-cache.json").read_text(encoding="utf-8"))
    assert report_run.run(config, out_dir=out, progress=False)[0].status == "reused"


def test_only_and_one_off_runs_keep_the_whole_suite_in_the_index(tmp_path, processed):
    config = write_config(
        tmp_path,
        [
            {"name": "a", "notebook": str(PROBE), "parameters": {"label": "甲"}},
            {"name": "b", "notebook": str(PROBE), "parameters": {"label": "乙"}},
        ],
    )
    out = tmp_path / "o"
    report_run.run(config, out_dir=out, progress=False)
    report_run.run(config, only=["a"], out_dir=out, force=True, progress=False)
    one_off = report_config.Job("one-off-probe", "一次性 one-off", PROBE, {"label": "丙"})
    report_run.run(config, adhoc=one_off, out_dir=out, progress=False)
    index = (out / "index.html").read_text(encoding="utf-8")
    suite_part, _, one_offs = index.partition('id="one-off"')
    assert "latest/a.html" in suite_part and "latest/b.html" in suite_part
    assert "latest/one-off-probe.html" in one_offs and "one-off-probe" not in suite_part


def test_a_full_disk_while_publishing_is_recorded(tmp_path, processed, monkeypatch):
    config = write_config(tmp_path, [{"name": "p", "notebook": str(PROBE)}])
    out = tmp_path / "o"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(report_run.shutil, "copyfile", full)
    monkeypatch.setattr(report_run.os, "link", full)  # latest/ gets hard links where it can
    outcomes = report_run.run(config, out_dir=out, progress=False)
    assert outcomes[0].status == "failed"
    assert "No space left on device" in outcomes[0].error
    run = next(p for p in out.iterdir() if (p / "run.json").exists())
    record = json.loads((run / "run.json").read_text(encoding="utf-8"))
    assert "No space left on device" in record["reports"][0]["error"]
    assert "No space left on device" in (out / "index.html").read_text(encoding="utf-8")


@unit
def test_an_unwritable_reports_folder_exits_2_naming_it(tmp_path, run_cli):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    config = write_config(tmp_path, [{"name": "p", "notebook": str(PROBE)}])
    code, _, err = run_cli("report", "--config", str(config), "--out", str(blocker / "r"))
    assert code == 2
    assert "cannot write the reports there" in err and str(blocker / "r") in err
    assert "Traceback" not in err


@unit
@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_reports_folder_exits_2(tmp_path, run_cli):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    config = write_config(tmp_path, [{"name": "p", "notebook": str(PROBE)}])
    try:
        code, _, err = run_cli("report", "--config", str(config), "--out", str(out))
    finally:
        out.chmod(0o755)
    assert code == 2 and "cannot write the reports there" in err


@unit
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!binary aGVsbG8=", "YAML tags (!...) are not accepted"),
        ("[1, !!python/name:os.system x]", "YAML tags (!...) are not accepted"),
        (".nan", "is not a plain value"),
        ("-.inf", "is not a plain value"),
        ("2022-01-01", "is not a plain value"),
        ("{a: 1}", "is not a plain value"),
    ],
)
def test_one_off_parameters_must_be_plain_values(run_cli, value, message):
    code, _, err = run_cli("report", "--notebook", "06_data_overview", "-p", f"region={value}")
    assert code == 2, err
    assert message in err and "Traceback" not in err


@unit
def test_a_county_profile_of_the_whole_city_is_refused_before_running(run_cli):
    code, _, err = run_cli("report", "--notebook", "04_county_profile", "-p", "county=全市")
    assert code == 2
    assert "parameter 'county' = '全市' is not one of the known values" in err


@unit
@pytest.mark.parametrize("notebook", ["01_trajectory", "02_sectors", "06_data_overview"])
def test_region_aliases_reach_every_notebook_as_the_official_name(notebook):
    config = report_config.load()
    job = report_config.adhoc(notebook, {"region": "Tongliao"})
    report_config.validate([job], config)
    assert job.parameters["region"] == "通辽市"
    profile = report_config.adhoc("04_county_profile", {"county": "Kulun"})
    report_config.validate([profile], config)
    assert profile.parameters["county"] == "库伦旗"


@unit
def test_facts_record_the_statuses_and_sources_shown():
    import pandas as pd

    from rdanalysis import facts

    facts.reset()
    facts.record(pd.DataFrame({"status": [], "source": []}))
    facts.record(pd.DataFrame({"value": [1.0]}))  # no status column: nothing to record
    assert facts.collected() == {
        "statuses": [],
        "regions": [],
        "illustrative": False,
        "sources": [],
        "files": [],
        "illustrative_values": [],
        "tiers": {"1": 0, "2": 0, "3": 0},  # no published figure with a tier was shown
        "publications": [],
        "confidential": False,  # no single enterprise was listed
    }
    facts.record(
        pd.DataFrame({"status": ["verbatim", "derived"], "source": ["统计公报", "统计公报 / 年鉴"]})
    )
    facts.record(
        pd.DataFrame(
            {"status": ["illustrative"] * 2, "source": ["示例"] * 2, "year": [2021, 2023]}
        ).assign(measure="gdp", origin="data/raw/illustrative/x.csv:3"),
        "通辽市",
    )
    got = facts.collected()
    facts.reset()
    assert got["statuses"] == ["derived", "illustrative", "verbatim"] and got["illustrative"]
    assert {"status": "derived", "source": "年鉴"} in got["sources"]
    assert {"status": "verbatim", "source": "统计公报"} in got["sources"]
    assert len(got["sources"]) == 4
    # which values were illustrative, so that a banner names exactly those
    assert got["illustrative_values"] == [
        {"region": "通辽市", "what": "gdp", "years": [2021, 2023]}
    ]
    assert got["files"] == ["data/raw/illustrative/x.csv"]
    # a value computed from R&D and GDP: each part keeps its input's own status
    facts.record(
        pd.DataFrame(
            {
                "status": ["illustrative"],
                "rd_status": ["illustrative"],
                "gdp_status": ["verbatim"],
                "source": ["示例 / 通辽市2022年统计公报"],
            }
        )
    )
    listed = facts.collected()["sources"]
    facts.reset()
    assert {"status": "verbatim", "source": "通辽市2022年统计公报"} in listed
    assert {"status": "illustrative", "source": "通辽市2022年统计公报"} not in listed
    assert got["regions"] == []  # rows without a region column name none


@unit
def test_facts_record_the_regions_of_the_rows_shown_and_the_runner_refuses_another_regions():
    import pandas as pd

    from rdanalysis import facts, reference
    from rdanalysis.report import config, render

    facts.reset()
    facts.record(pd.DataFrame({"status": ["user"] * 2, "region": ["红山区", "赤峰市"]}))
    shown = facts.collected()
    facts.reset()
    assert shown["regions"] == ["红山区", "赤峰市"]
    regions, _ = reference.declare([reference.Region("红山区", "红山区", "county", "赤峰市", ())])
    job = config.adhoc("01_trajectory", {"region": "通辽市"})
    task = render.Task(job, Path("."), "run", 60, "")
    with pytest.raises(RDAnalysisError, match="asked for 通辽市 but shows figures of 红山区"):
        render.refuse_other_region(task, shown, regions)
    for asked in ("赤峰市", "内蒙古自治区", "红山区"):  # the region, a parent, a sub-region
        job = config.adhoc("01_trajectory", {"region": asked})
        render.refuse_other_region(render.Task(job, Path("."), "run", 60, ""), shown, regions)


@unit
def test_the_html_reads_facts_from_metadata_not_from_text():
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="示例数据(非真实统计)")]
    nb.cells = [cell]
    assert report_html.facts(nb) == {**report_html.NO_FACTS}  # prose is not a fact
    nb.metadata["rdanalysis"] = {"facts": {"statuses": ["illustrative"], "illustrative": True}}
    assert report_html.facts(nb)["illustrative"] and report_html.facts(nb)["recorded"]


@unit
def test_a_wrong_plan_is_refused_before_any_report_starts(tmp_path, run_cli):
    out = tmp_path / "out"
    code, _, err = run_cli(
        "report", "--notebook", "00_dashboard", "-p", "plan=tongliao-2032", "--out", str(out)
    )
    assert code == 2 and "Traceback" not in err and "nothing was run" in err
    assert "parameter 'plan' = 'tongliao-2032' is not a plan in plans/" in err
    assert "draft-2030-example, tongliao-2023" in err  # the plans available
    missing = tmp_path / "no-such-plan.yml"
    code, _, err = run_cli("report", "--notebook", "00_dashboard", "-p", f"plan={missing}")
    assert code == 2 and f"parameter 'plan' = '{missing}' is not a plan" in err
    broken = tmp_path / "broken.yml"
    broken.write_text("document: {title: 草案, kind: draft}\nregion: 火星\n", encoding="utf-8")
    config = write_config(
        tmp_path,
        [
            {"name": "ok", "notebook": str(PROBE)},
            {"name": "d", "notebook": "00_dashboard.ipynb", "parameters": {"plan": str(broken)}},
        ],
    )
    code, _, err = run_cli("report", "--config", str(config), "--out", str(out))
    assert code == 2 and "report 'd': parameter 'plan'" in err
    assert "the plan file has 7 problem(s)" in err and f"{broken}:1: missing field" in err
    assert not out.exists()  # refused before anything ran or was written


@unit
def test_a_plan_path_reaches_the_notebook_absolute_and_its_content_is_in_the_reuse_key(
    tmp_path, monkeypatch
):
    from rdanalysis import paths

    plan = tmp_path / "my-plan.yml"
    plan.write_bytes((paths.plans() / "draft-2030-example.yml").read_bytes())
    monkeypatch.setenv(paths.PROJECT_ENV, str(paths.project_root()))  # named, run from elsewhere
    monkeypatch.chdir(tmp_path)
    config = report_config.load()
    job = report_config.adhoc("00_dashboard", {"plan": "my-plan.yml"})
    named = report_config.adhoc("00_dashboard", {"plan": "tongliao-2023"})
    report_config.validate([job, named], config)
    assert job.parameters["plan"] == str(plan) and named.parameters["plan"] == "tongliao-2023"
    fps = {"data": "d", "code": "c", "python": "3"}
    before = report_run.job_key(job, fps)
    plan.write_text(plan.read_text(encoding="utf-8").replace("1.5", "1.6"), encoding="utf-8")
    assert report_run.job_key(job, fps) != before  # an edited plan is not reused


def test_the_runner_still_validates_notebooks_without_compiling_iri_grammars():
    """rdanalysis.report keeps jsonschema from importing rfc3987_syntax (about 2 s of grammar
    compiling in every runner, warm server and cold report process); notebooks must still be
    validated as before, and a bad one still refused."""
    code = (
        "import sys, rdanalysis.report, nbformat\n"
        "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')])\n"
        "nbformat.validate(nb)\n"
        "nb.cells[0]['cell_type'] = 'not a cell type'\n"
        "try:\n"
        "    nbformat.validate(nb)\n"
        "except nbformat.ValidationError:\n"
        "    print('refused')\n"
        "print(sys.modules.get('rfc3987_syntax'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["refused", "None"], out.stdout + out.stderr
