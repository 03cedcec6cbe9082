"""Projects (issue 22): found the way git finds a repository, made for any region by
`rdanalysis init`, with suites over any region's sub-regions and sources of their own. The
regions below are real names; every number is MADE UP for the test, not statistics."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from rdanalysis import paths, reference
from rdanalysis.analysis import published, views
from rdanalysis.data import build, plans
from rdanalysis.errors import RDAnalysisError
from rdanalysis.report import config as report_config
from rdanalysis.report import scaffold

REPO = Path(__file__).resolve().parents[2]


def test_the_project_is_the_nearest_folder_holding_reports_yml(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.PROJECT_ENV, raising=False)
    (tmp_path / "city" / "data" / "user").mkdir(parents=True)
    (tmp_path / "city" / "reports.yml").write_text("suite: []\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "city" / "data" / "user")
    assert paths.project_root() == (tmp_path / "city").resolve()
    assert paths.plans() == (tmp_path / "city" / "plans").resolve()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(paths.NoProjectError, match=r"rdanalysis init DIR --region NAME"):
        paths.project_root()
    monkeypatch.setenv(paths.PROJECT_ENV, str(tmp_path / "city"))  # what --project DIR sets
    assert paths.project_root() == (tmp_path / "city").resolve()
    monkeypatch.setenv(paths.PROJECT_ENV, str(tmp_path))
    with pytest.raises(paths.NoProjectError, match=r"not an rdanalysis project"):
        paths.project_root()


def test_every_command_outside_a_project_says_how_to_make_one(tmp_path, monkeypatch, run_cli):
    monkeypatch.delenv(paths.PROJECT_ENV, raising=False)
    monkeypatch.delenv(paths.PROCESSED_ENV, raising=False)
    monkeypatch.delenv(paths.USER_DATA_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    for command in (
        ["data", "build"],
        ["targets"],
        ["forecast"],
        ["decompose", "--by", "region"],
        ["report", "--list"],
        ["report", "--only", "dashboard"],
        ["run"],
        ["data", "template"],
    ):
        code, out, err = run_cli(*command)
        assert code == 2, (command, out, err)
        assert "rdanalysis init" in err and "Traceback" not in err, command
    # and the commands that need no project still work there
    code, out, _ = run_cli("data", "sources")
    assert code == 0 and "public/china_national_rd.csv" in out


def test_the_repository_is_a_project_like_any_other():
    assert paths.find_project(REPO / "src" / "rdanalysis") == REPO
    settings = report_config.project()
    assert settings == {"region": "通辽市", "plan": "tongliao-2023", "illustrative": True}
    names = [j.name for j in report_config.jobs(report_config.load())]
    assert len(names) == 51 and "county-horqin-district" in names and "province-tibet" in names


def test_a_matrix_over_any_regions_children_and_the_old_keywords_named(tmp_path):
    config = {
        "_dir": tmp_path,
        "suite": [
            {
                "name": "p-{region}",
                "notebook": "08_province_profile.ipynb",
                "matrix": {"region": {"children_of": "China"}},
            }
        ],
    }
    assert len(report_config.jobs(config)) == 31
    config["suite"][0]["matrix"] = {"region": "provinces"}
    with pytest.raises(RDAnalysisError, match=r"write \{children_of: 全国\}"):
        report_config.jobs(config)
    config["suite"][0]["matrix"] = {"region": {"children_of": "Chifen"}}
    with pytest.raises(RDAnalysisError, match=r"did you mean 赤峰市"):
        report_config.jobs(config)


def test_names_without_an_english_form_keep_their_letters():
    regions, _ = reference.declare(
        [
            reference.Region("新城区", "新城区", "county", "通辽市", ()),
            reference.Region("老城区", "老城区", "county", "通辽市", ()),
            reference.Region("East End", "East End (Dist.), test", "county", "通辽市", ()),
        ]
    )
    names = [report_config.slug(n, regions) for n in ("新城区", "老城区", "East End", "Tongliao")]
    assert names == ["新城区", "老城区", "east-end-dist-test", "tongliao"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"region_text": "赤峰市", "target": 150.0}, "--target 150.0"),
        ({"region_text": "赤峰市", "target_year": 2020}, "--target-year 2020"),
        ({"region_text": "Gotham", "parent": "Metropolis"}, "--parent 'Metropolis'"),
        ({"region_text": "Gotham", "level": "planet"}, "--level"),
        ({"region_text": "  "}, "--region"),
    ],
)
def test_init_refuses_what_does_not_fit_and_writes_nothing(tmp_path, args, message):
    with pytest.raises(RDAnalysisError, match=message):
        scaffold.init(tmp_path / "new", **args)
    assert not (tmp_path / "new").exists()


def test_init_never_writes_into_a_folder_that_holds_something(tmp_path, run_cli):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run_cli("init", str(tmp_path / "old"), "--region", "赤峰市")
    assert code == 2 and "not an empty folder" in err
    assert sorted(p.name for p in (tmp_path / "old").iterdir()) == ["notes.txt"]


def test_init_of_a_new_region_declares_it_and_its_plan_checks(tmp_path, run_cli):
    code, _, err = run_cli(
        "init", str(tmp_path / "gotham"), "--region", "Gotham", "--parent", "河北省",
        "--en", "Gotham City", "--target", "2.5", "--target-year", "2028",
    )  # fmt: skip
    assert code == 0, err
    project = tmp_path / "gotham"
    stub = (project / "data" / "user" / "regions.csv").read_text(encoding="utf-8")
    assert stub.splitlines() == ["地区,上级地区,层级,代码,英文名", "Gotham,河北省,市,,Gotham City"]
    config = yaml.safe_load((project / "reports.yml").read_text(encoding="utf-8"))
    assert config["project"] == {"region": "Gotham", "plan": "gotham-city", "illustrative": False}
    suite = {r["name"]: r for r in config["suite"]}
    assert suite["profile-{county}"]["matrix"] == {"county": {"children_of": "Gotham"}}
    assert suite["trajectory"]["parameters"]["target_pct"] == 2.5
    regions, _ = reference.declare(
        [reference.Region("Gotham", "Gotham City", "league", "河北省", ())]
    )
    plan = plans.load(project / "plans" / "gotham-city.yml", regions)
    assert (plan.region, plan.kind, plan.target_year, plan.targets[0].value) == (
        "Gotham",
        "draft",
        2028,
        2.5,
    )
    assert "rdanalysis run" in (project / "README.md").read_text(encoding="utf-8")


def test_init_without_a_target_writes_an_example_and_says_so(tmp_path):
    scaffold.init(tmp_path / "chifeng", "Chifeng")
    plan = plans.load(tmp_path / "chifeng" / "plans" / "chifeng.yml", reference.known())
    assert plan.region == "赤峰市" and plan.kind == "example"
    assert "示例" in plan.title and "全国" in plan.note
    # China's latest intensity in the shipped data (2023, the 2024 yearbook)
    assert (plan.targets[0].value, plan.baseline_year) == (2.65, 2023)


@pytest.fixture(scope="module")
def chifeng(tmp_path_factory) -> dict:
    """The tables of a build with two of Chifeng's districts declared (made-up figures)."""
    user = tmp_path_factory.mktemp("chifeng") / "user"
    user.mkdir()
    (user / "regions.csv").write_text(
        "地区,上级地区,层级\n红山区,赤峰市,区\n松山区,赤峰市,区\n", encoding="utf-8"
    )
    lines = ["地区,年份,执行主体,R&D经费(亿元),地区生产总值(亿元),来源"]
    for year, k in ((2022, 0), (2023, 1)):
        lines += [
            f"红山区,{year},合计,{2 + k},{400 + 10 * k},测试用数据",
            f"松山区,{year},合计,{3 + k},{500 + 10 * k},测试用数据",
            f"赤峰市,{year},合计,{10 + k},{2000 + 40 * k},测试用数据",
        ]
    (user / "mine.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build.collect(user, include_illustrative=False)
    assert not [p for p in result.problems if p.severity == "error"]
    return result.tables


def test_sub_regions_that_cover_part_of_the_city_are_said_to(chifeng):
    tables = chifeng
    v = views.regions.build(tables, "赤峰市", target_pct=0)
    # 2023: children's GDP 410 + 510 = 920 of 2040 (45.1 %); R&D 3 + 4 = 7 of 11 (63.6 %)
    assert v.partial
    assert v.coverage.gdp_share == pytest.approx(920 / 2040)
    assert v.coverage.rd_share == pytest.approx(7 / 11)
    assert v.coverage.parent_intensity_pct == pytest.approx(11 / 2040 * 100)
    meta = v.meta()
    assert "intensity_to_pct" not in meta  # never called the city's
    assert meta["children_intensity_to_pct"] == pytest.approx(7 / 920 * 100)
    assert meta["children_gdp_share_pct"] == 45.1 and meta["children_cover_parent"] is False
    from rdanalysis.text import regions as region_text

    with reference.using(reference.of(tables)):
        note = str(region_text.region_notes(v, "zh"))
    assert "不是赤峰市的强度" in note and "45.1%" in note and "63.6%" in note


def test_the_appendix_lists_the_projects_files_not_tongliaos(chifeng, tables):
    files = published.files_for(chifeng, "赤峰市")
    listed = set(files["path"])
    assert not {p for p in listed if "tongliao" in p}
    # its parents' files; not the file of the other leagues' figures (none of Chifeng's)
    assert {"public/inner_mongolia_rd_gdp.csv", "public/china_national_rd.csv"} <= listed
    assert "public/league_comparison_rd.csv" not in listed
    assert not {p for p in listed if p.startswith("illustrative/")}  # not in this build
    mine = files[files["is_user"]]
    assert len(mine) == 1 and mine["path"].iloc[0].endswith("mine.csv")
    # Tongliao's own appendix keeps its files
    tongliao = set(published.files_for(tables, "通辽市")["path"])  # the shipped build
    assert {"public/tongliao_rd.csv", "public/tongliao-action-plan-2023.txt"} <= tongliao
    assert set(tables["sources"]["path"]) == tongliao


def test_bounds_are_those_of_the_regions_family(tables):
    assert set(published.bounds_check(tables, "通辽市")["region"]) == {"通辽市"}
    assert published.bounds_check(tables, "广东省").empty
    assert isinstance(published.bounds_check(tables, "广东省"), pd.DataFrame)
