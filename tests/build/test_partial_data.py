"""A bureau's partial data (any regions x measures x years, with or without sectors, with or
without the illustrative dataset) builds, and the commands that read the build end with exit 0,
or exit 2 and a clear message; never a traceback."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rdanalysis import paths, reference

#: A realistic user dataset: the illustrative file is in the template format; relabelled as the
#: user's own statistics (the values are plausible, which is all this test needs).
ROWS = list(
    csv.DictReader((paths.RAW_ILLUSTRATIVE / "tongliao_region_year.csv").open(encoding="utf-8-sig"))
)
MEASURES = [c for c in ROWS[0] if c not in ("地区", "年份", "执行主体", "来源", "备注")]
REGIONS = sorted({r["地区"] for r in ROWS})
YEARS = sorted({r["年份"] for r in ROWS})
COMMANDS = [
    ("targets",),
    ("forecast",),
    ("decompose", "--by", "sector"),
    ("decompose", "--by", "county"),
]


def _write_subset(folder: Path, regions, years, measures, sectors: bool) -> int:
    header = ["地区", "年份", "执行主体", *measures, "来源"]
    lines = [header]
    for r in ROWS:
        if r["地区"] not in regions or r["年份"] not in years:
            continue
        if r["执行主体"] != "合计" and not sectors:
            continue
        values = [r[m] for m in measures]
        if any(values):
            lines.append([r["地区"], r["年份"], r["执行主体"], *values, "通辽市统计局(测试)"])
    with (folder / "official.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(lines)
    return len(lines) - 1


def _assert_clean_exit(code: int, out: str, err: str, what: str) -> None:
    assert code in (0, 2), f"{what}: exit {code}\n{out}\n{err}"
    assert "Traceback" not in out + err, what
    if code == 2:
        assert err.startswith("error: ") and len(err.strip()) > len("error: "), (what, err)


@settings(
    max_examples=4,
    deadline=None,
    # the same four subsets on every run, so CI is reproducible; change the seed to explore
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    regions=st.sets(st.sampled_from(REGIONS)),
    years=st.sets(st.sampled_from(YEARS)),
    measures=st.lists(st.sampled_from(MEASURES), min_size=1, max_size=4, unique=True),
    sectors=st.booleans(),
    illustrative=st.booleans(),
)
def test_any_subset_builds_and_the_commands_end_cleanly(
    run_cli, monkeypatch, regions, years, measures, sectors, illustrative
):
    with tempfile.TemporaryDirectory() as tmp:
        user = Path(tmp) / "user"
        user.mkdir()
        _write_subset(user, regions, years, measures, sectors)
        monkeypatch.setenv("RDANALYSIS_PROCESSED", str(Path(tmp) / "processed"))
        args = ["data", "build", "--user-data", str(user)]
        code, out, err = run_cli(*args, *([] if illustrative else ["--no-illustrative"]))
        _assert_clean_exit(code, out, err, "data build")
        if code != 0:
            return
        for command in COMMANDS:
            _assert_clean_exit(*run_cli(*command), " ".join(command))


@pytest.mark.parametrize(
    ("regions", "measures", "sectors"),
    [
        (["科尔沁区"], ["R&D经费(亿元)"], False),  # one county
        (["通辽市"], ["R&D经费(亿元)", "地区生产总值(亿元)"], True),  # the city only
        (["通辽市"], ["R&D经费(亿元)"], False),  # the city without sectors
    ],
)
def test_the_partial_datasets_of_the_issue_build_and_keep_published_figures(
    run_cli, tmp_path, monkeypatch, processed, regions, measures, sectors
):
    import pandas as pd

    baseline = pd.read_parquet(processed / "observations.parquet")
    user = tmp_path / "user"
    user.mkdir()
    assert _write_subset(user, set(regions), set(YEARS), measures, sectors) > 0
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(tmp_path / "processed"))
    code, out, err = run_cli("data", "build", "--user-data", str(user))
    assert code == 0, out + err
    obs = pd.read_parquet(paths.processed() / "observations.parquet")
    published = obs[obs["status"].isin(["verbatim", "derived"])]
    overridden = pd.read_parquet(paths.processed() / "overrides.parquet")
    assert len(published) + len(overridden) >= len(
        baseline[baseline["status"].isin(["verbatim", "derived"])]
    )
    for command in COMMANDS:
        _assert_clean_exit(*run_cli(*command), " ".join(command))


def test_two_counties_one_year_without_county_gdp(run_cli, tmp_path, monkeypatch):
    # Found by the test above: county R&D for a year with no county GDP (no illustrative data).
    user = tmp_path / "user"
    user.mkdir()
    _write_subset(user, {"奈曼旗", "库伦旗"}, {"2015"}, ["R&D经费(亿元)"], False)
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(tmp_path / "processed"))
    code, out, err = run_cli("data", "build", "--user-data", str(user), "--no-illustrative")
    assert code == 0, out + err
    for command in COMMANDS:
        _assert_clean_exit(*run_cli(*command), " ".join(command))


def test_county_rd_of_one_year_is_said_to_lack_rd_not_gdp(tmp_path):
    """The counties report said the units without R&D 没有地区生产总值 (every unit has GDP)."""
    from rdanalysis.analysis import views
    from rdanalysis.data import build
    from rdanalysis.text import missing

    user = tmp_path / "user"
    user.mkdir()
    _write_subset(user, {"科尔沁区", "开鲁县"}, {"2022"}, ["R&D经费(亿元)"], False)
    view, gap = views.optional(views.regions.build, build.collect(user).tables, "通辽市")
    assert view is None
    said = missing.sentence(gap)
    assert said.markdown.startswith("**旗县市区的R&D经费只有2022年:**")
    assert "没有地区生产总值" not in said and "库伦旗" in said


def test_targets_with_county_rd_but_no_county_gdp_ends_cleanly(run_cli, tmp_path, monkeypatch):
    """The case hypothesis found: R&D for every unit and year, no GDP (the drafting table)."""

    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(tmp_path / "processed"))
    user = tmp_path / "user"
    user.mkdir()
    assert (
        _write_subset(
            user, set(REGIONS), set(YEARS), ["R&D经费(亿元)", "知识产权质押融资(亿元)"], False
        )
        > 0
    )
    code, out, err = run_cli("data", "build", "--user-data", str(user), "--no-illustrative")
    assert code == 0, out + err
    code, out, err = run_cli("targets")
    _assert_clean_exit(code, out, err, "targets")


STATUS_CODES = ("achieved", "on_track", "at_risk", "off_track", "no_data", "no_metric")


def _no_bare_gaps(out: str) -> None:
    """No cell reads NaN/None/nan/<NA>, and no status is left as its code (the first line holds
    the plan's particulars, whose rule text may gloss a status in English)."""
    import re

    assert not re.search(r"\b(NaN|nan|None|null|<NA>)\b", out), out
    cells = "\n".join(out.splitlines()[1:])
    assert not any(code in cells for code in STATUS_CODES), cells


def test_targets_without_data_or_forecast_read_as_the_dashboard_shows_them(
    run_cli, tmp_path, monkeypatch
):
    import json

    # One county's R&D and nothing illustrative: the city's intensity, its sector shares, the
    # coverage and patent targets have no data; the draft plan has a target with no metric.
    user = tmp_path / "user"
    user.mkdir()
    _write_subset(user, {"科尔沁区"}, set(YEARS), ["R&D经费(亿元)"], False)
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(tmp_path / "processed"))
    code, out, err = run_cli("data", "build", "--user-data", str(user), "--no-illustrative")
    assert code == 0, out + err
    for plan in ("tongliao-2023", "draft-2030-example"):
        code, out, err = run_cli("targets", "--plan", plan)
        assert code == 0, err
        _no_bare_gaps(out)
        assert "无数据" in out and "—" in out
        lines = [line for line in out.splitlines() if line.lstrip().startswith("rd_intensity ")]
        assert len(lines) == 1 and "无数据;需要:" in lines[0], out
        code, out, err = run_cli("targets", "--plan", plan, "--format", "json")
        assert code == 0, err
        payload = json.loads(out, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
        rows = {r["id"]: r for r in payload["rows"]}
        row = rows["rd_intensity"]
        assert row["latest"] is None and row["probability"] is None and row["gap"] is None
        assert row["status"] == "无数据" and row["status_code"] == "no_data"
        assert row["reason"].startswith("无数据;需要:")
        assert {r["status"] for r in rows.values()} <= {
            "达到目标",
            "按期推进",
            "存在风险",
            "偏离目标",
            "无数据",
        }
        code, out, err = run_cli("targets", "--plan", plan, "--format", "csv")
        assert code == 0, err
        _no_bare_gaps(out)


def test_targets_table_prints_the_dashboard_cells(run_cli, processed):
    """With data: years as years (2022, not 2022.0), probabilities as the dashboard's words
    ('<1%', never '0%'), a target without a forecast shows '—'."""
    code, out, err = run_cli("targets", "--plan", "draft-2030-example")
    assert code == 0, err
    _no_bare_gaps(out)
    assert "2024.0" not in out
    row = next(line for line in out.splitlines() if line.lstrip().startswith("rd_expenditure "))
    assert "—" in row  # no forecast for an amount target: no probability


#: A bureau's own R&D totals for 2021-2023 (no GDP): Tongliao's 2021 GDP is not published.
USER_RD_2021_2023 = {2021: 8.1, 2022: 8.9, 2023: 9.6}


def _bureau_rd(folder: Path) -> Path:
    lines = ["地区,年份,执行主体,R&D经费(亿元),来源"]
    lines += [f"通辽市,{y},合计,{v},通辽市统计局" for y, v in USER_RD_2021_2023.items()]
    (folder / "official.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def bureau_build(tmp_path_factory):
    """The shipped data plus the bureau's R&D 2021-2023, built once for these tests."""
    from rdanalysis.data import build

    tmp = tmp_path_factory.mktemp("bureau")
    (tmp / "user").mkdir()
    user = _bureau_rd(tmp / "user")
    out = tmp / "processed"
    result = build.build(user, out_dir=out)
    return result, out


def test_no_illustrative_value_fills_a_gap_in_a_real_series(bureau_build):
    from rdanalysis.analysis import indicators

    result, _ = bureau_build
    t = result.tables
    city_gdp = t["gdp"][t["gdp"]["region"] == reference.CITY]
    assert not city_gdp["status"].eq("illustrative").any()
    assert 2021 not in set(city_gdp["year"])  # the gap stays a gap
    pop = t["population"][t["population"]["region"] == reference.CITY]
    assert not pop["status"].eq("illustrative").any()
    series = indicators.intensity_series(
        t["rd_expenditure"], t["gdp"], t["rd_intensity"], reference.CITY
    )
    assert list(series["year"]) == [2022, 2023]  # 2021: R&D but no GDP, so no intensity
    assert set(series["status"]) == {"user"}
    assert series["gdp_interpolation"].eq("").all()
    assert indicators.gdp_gaps(
        t["rd_expenditure"], t["gdp"], t["rd_intensity"], reference.CITY
    ) == [2021]
    said = "\n".join(result.summary)
    assert "gdp of 通辽市: 4 illustrative value(s) (2015, 2016, 2019, 2021) not used" in said


def test_a_named_interpolation_fills_the_gap_and_says_so(bureau_build):
    import math

    from rdanalysis.analysis import indicators
    from rdanalysis.errors import RDAnalysisError

    t = bureau_build[0].tables
    args = (t["rd_expenditure"], t["gdp"], t["rd_intensity"], reference.CITY)
    series = indicators.intensity_series(*args, gdp_gaps="log-linear").set_index("year")
    row = series.loc[2021]
    assert row["gdp_interpolation"] == "log-linear"
    assert math.isclose(row["gdp_100m_yuan"], math.sqrt(1276.64 * 1561.8))  # 2020 and 2022
    assert row["status"] == "user" and row["gdp_status"] == "derived"  # never illustrative
    assert row["gdp_tier"] == 3  # the weaker of the two published figures (2020: an aggregator)
    assert series.loc[2022, "gdp_interpolation"] == ""
    linear = indicators.intensity_series(*args, gdp_gaps="linear").set_index("year")
    assert math.isclose(linear.loc[2021, "gdp_100m_yuan"], (1276.64 + 1561.8) / 2)
    with pytest.raises(RDAnalysisError, match="gdp_gaps 'spline'"):
        indicators.intensity_series(*args, gdp_gaps="spline")


def test_without_real_figures_in_the_hierarchy_the_demo_keeps_its_labelled_fill(tables):
    """The shipped demo (no Tongliao R&D is published, none is the user's): the illustrative
    GDP of 2021 completes the published series, labelled illustrative, and every intensity
    computed from it is illustrative too."""
    from rdanalysis.analysis import indicators

    gdp = tables["gdp"]
    fill = gdp[(gdp["region"] == reference.CITY) & (gdp["year"] == 2021)]
    assert list(fill["status"]) == ["illustrative"]
    series = indicators.intensity_series(
        tables["rd_expenditure"], gdp, tables["rd_intensity"], reference.CITY
    )
    assert set(series["status"]) == {"illustrative"}
