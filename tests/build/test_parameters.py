"""Report parameters that would crash a notebook are refused before any kernel starts (exit 2,
the parameter, the value and what is expected named, nothing written); the shipped suite passes
the rules (these read the build)."""

from __future__ import annotations

import pytest

from rdanalysis.report import config as report_config


@pytest.mark.parametrize(
    ("notebook", "params", "message"),
    [
        ("01_trajectory", ["interval_levels=[80, 95]"], "item 80 is out of range (expected 0 <"),
        ("01_trajectory", ["interval_levels=[]"], "has 0 item(s) (expected at least 1)"),
        ("01_trajectory", ["interval_levels=[1.2]"], "item 1.2 is out of range"),
        ("01_trajectory", ['interval_levels=["a"]'], "item 'a' is not a number"),
        ("01_trajectory", ["gdp_growth_scenarios=[]"], "has 0 item(s)"),
        ("01_trajectory", ['gdp_growth_scenarios=["x"]'], "item 'x' is not a number"),
        ("01_trajectory", ["target_pct=0"], "'target_pct' = 0 is out of range (expected 0 <"),
        (
            "01_trajectory",
            ["target_year=2024"],
            "'target_year' = 2024 is not after the latest year with data for 通辽市 (2024)",
        ),
        (
            "01_trajectory",
            ["last_actual_year=2030", "target_year=2035"],
            "'last_actual_year' = 2030 is not at most the latest year with data for 通辽市",
        ),
        (
            "01_trajectory",
            ["last_actual_year=2020", "target_year=2020"],
            "'target_year' = 2020 is not after last_actual_year = 2020",
        ),
        (
            "03_counties",
            ["target_year=2020"],
            "'target_year' = 2020 is not after the latest year with data for 通辽市 (2024)",
        ),
        (
            "03_counties",
            ["end_year=2020", "target_year=2020"],
            "'target_year' = 2020 is not after end_year = 2020",
        ),
        ("02_sectors", ["start_year=2022", "end_year=2020"], "'start_year' = 2022 is not before"),
        ("03_counties", ["start_year=2022", "end_year=2020"], "'end_year' = 2020 is not after"),
        ("02_sectors", ["start_year=2030"], "'start_year' = 2030 is not before the latest year"),
        ("06_data_overview", ["start_year=2030"], "'start_year' = 2030 is not before"),
        (
            "07_china_by_province",
            ["parent=内蒙古自治区"],
            "'parent' = '内蒙古自治区' is not one of the known values (expected one of: 全国)",
        ),
        ("08_province_profile", ["region=通辽市"], "08 profiles a province"),
        (
            "08_province_profile",
            ["horizon=2023"],
            "'horizon' = 2023 is not after the latest year with data for 广东省 (2023)",
        ),
    ],
)
def test_a_parameter_that_would_crash_a_notebook_is_refused_before_it_runs(
    tmp_path, run_cli, notebook, params, message
):
    out = tmp_path / "out"
    args = [a for p in params for a in ("-p", p)]
    code, _, err = run_cli("report", "--notebook", notebook, *args, "--out", str(out))
    assert code == 2, err
    assert "Traceback" not in err and "nothing was run" in err
    assert message in err
    assert not out.exists()


def test_the_parameters_of_the_shipped_suite_pass_the_new_rules():
    config = report_config.load()
    report_config.validate(report_config.jobs(config), config)


def test_years_within_the_data_are_accepted():
    config = report_config.load()
    jobs = [
        report_config.adhoc("01_trajectory", {"last_actual_year": 2020, "target_year": 2022}),
        report_config.adhoc("03_counties", {"end_year": 2020, "target_year": 2022}),
        report_config.adhoc("02_sectors", {"start_year": 2016, "end_year": 2020}),
        report_config.adhoc("08_province_profile", {"horizon": 2024}),
        report_config.adhoc("01_trajectory", {"interval_levels": [0.5], "target_pct": 2.5}),
        report_config.adhoc("01_trajectory", {"method": "combination"}),  # its help names it
    ]
    report_config.validate(jobs, config)


def test_a_province_profile_to_a_near_horizon_shows_that_year(tables):
    from rdanalysis.analysis import views

    view = views.province.build(tables, "广东省", 2024)
    assert view.forecast_years["year"].tolist() == [2024]
    assert views.province.build(tables, "广东省", 2030).forecast_years["year"].tolist() == [
        2025,
        2030,
    ]


def test_an_enterprise_year_without_data_is_refused_naming_the_years_there_are(run_cli, tmp_path):
    out = tmp_path / "out"
    code, _, err = run_cli(
        "report", "--notebook", "05_enterprise_coverage", "-p", "year=1990", "--out", str(out)
    )
    assert code == 2 and "Traceback" not in err and not out.exists()
    assert (
        "'year' = 1990 is not one of the known values (expected one of: 0, 2022, 2023, 2024)" in err
    )
