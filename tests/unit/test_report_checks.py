"""The report suite's checks that need no kernel and no data: the default suite, parameters refused
before running, the facts a page records, folders that cannot be written."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from rdanalysis.errors import RDAnalysisError
from rdanalysis.report import config as report_config
from rdanalysis.report import run as report_run
from rdanalysis.report.publishing import html as report_html
from tests.kernel.test_report import _CJK, PROBE, _failed_pages, write_config


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
        ({"target_pct": float("nan")}, "parameter 'target_pct' = nan is not a plain value"),
        (  # a date (bytes would be a YAML tag, refused when reports.yml is read)
            {"region": datetime.date(2022, 1, 1)},
            "parameter 'region' = datetime.date(2022, 1, 1) is not a plain value",
        ),
        (
            {"target_pct": "1%"},
            "report 'x': parameter 'target_pct' = '1%' is a str (expected float)",
        ),
        ({"target_pct": 120}, "parameter 'target_pct' = 120 is out of range (expected 0 < value"),
        ({"region": "火星"}, "parameter 'region' = '火星' is not one of the known values"),
        ({"n_paths": True}, "parameter 'n_paths' = True is a bool (expected int)"),
        (
            {"lang": "fr"},
            "parameter 'lang' = 'fr' is not one of the known values (expected one of: z",
        ),
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


def test_an_unwritable_reports_folder_exits_2_naming_it(tmp_path, run_cli):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    config = write_config(tmp_path, [{"name": "p", "notebook": str(PROBE)}])
    code, _, err = run_cli("report", "--config", str(config), "--out", str(blocker / "r"))
    assert code == 2
    assert "cannot write the reports there" in err and str(blocker / "r") in err
    assert "Traceback" not in err


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


def test_a_county_profile_of_the_whole_city_is_refused_before_running(run_cli):
    code, _, err = run_cli("report", "--notebook", "04_county_profile", "-p", "county=全市")
    assert code == 2
    assert "parameter 'county' = '全市' is not one of the known values" in err


@pytest.mark.parametrize("notebook", ["01_trajectory", "02_sectors", "06_data_overview"])
def test_region_aliases_reach_every_notebook_as_the_official_name(notebook):
    config = report_config.load()
    job = report_config.adhoc(notebook, {"region": "Tongliao"})
    report_config.validate([job], config)
    assert job.parameters["region"] == "通辽市"
    profile = report_config.adhoc("04_county_profile", {"county": "Kulun"})
    report_config.validate([profile], config)
    assert profile.parameters["county"] == "库伦旗"


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


def test_facts_record_the_regions_of_the_rows_shown_and_the_runner_refuses_another_regions():
    import pandas as pd

    from rdanalysis import facts, reference
    from rdanalysis.report import config
    from rdanalysis.report.execution import render

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


def test_the_html_reads_facts_from_metadata_not_from_text():
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="示例数据(非真实统计)")]
    nb.cells = [cell]
    assert report_html.facts(nb) == {**report_html.NO_FACTS}  # prose is not a fact
    nb.metadata["rdanalysis"] = {"facts": {"statuses": ["illustrative"], "illustrative": True}}
    assert report_html.facts(nb)["illustrative"] and report_html.facts(nb)["recorded"]


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
    # 4 missing fields and the unknown region, each once (before: 7, missing ones told twice)
    assert "the plan file has 5 problem(s)" in err and f"{broken}:1: missing field" in err
    assert not out.exists()  # refused before anything ran or was written


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
