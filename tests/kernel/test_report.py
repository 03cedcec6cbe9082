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

import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from filelock import FileLock

from rdanalysis.report import config as report_config
from rdanalysis.report import run as report_run
from rdanalysis.report.publishing import html as report_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PROBE = FIXTURES / "probe.ipynb"
MUTATE = FIXTURES / "mutate.ipynb"
REPORT_CMD = [sys.executable, "-m", "rdanalysis", "report"]


def write_config(tmp_path: Path, suite: list[dict], name: str = "reports.yml") -> Path:
    from tests.conftest import write_suite

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
    from rdanalysis.report.execution import executor, render

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


def test_the_plans_structure_targets_are_drawn_for_its_region_only(tables):
    """02_sectors for 全国 showed Tongliao's 80 % / 7 % lines and readings: the plan's targets
    apply to the plan's region; another region's shares are read and drawn without them."""
    import matplotlib.pyplot as plt

    from rdanalysis.analysis import decompose
    from rdanalysis.data import plans
    from rdanalysis.plots import splits
    from rdanalysis.text import splits as split_text

    plan_region, goals = plans.structure_targets()
    assert plan_region == "通辽市"
    assert goals == {"enterprise_share": 80.0, "institutes_hospitals_share": 7.0}
    matrix = decompose.sector_matrix(tables["rd_expenditure"], "全国")
    other = decompose.plan_shares(matrix, None, {})
    assert other["target_pct"].isna().all() and other["value_pct"].notna().all()
    said = split_text.plan_shares(other, "全国", "zh", plan_region)
    assert "目标≥" not in said and "已达到" not in said
    assert "计划的结构目标只适用于通辽市" in said
    fig = splits.plan_share_chart(other, "全国", said)
    assert [len(ax.lines) for ax in fig.axes[:2]] == [1, 1]  # the shares, no target line
    plt.close(fig)
    own = decompose.plan_shares(decompose.sector_matrix(tables["rd_expenditure"], "通辽市"))
    mine = decompose.plan_shares(
        decompose.sector_matrix(tables["rd_expenditure"], "通辽市"), None, goals
    )
    pd.testing.assert_frame_equal(own, mine, check_dtype=False)
    said = split_text.plan_shares(mine, "通辽市", "zh", plan_region)
    assert "目标≥80%" in said and "只适用于" not in said
    fig = splits.plan_share_chart(mine, "通辽市", said)
    assert [len(ax.lines) for ax in fig.axes[:2]] == [2, 2]
    plt.close(fig)
