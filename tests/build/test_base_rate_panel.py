"""Base rates on the shipped panel: one vintage per series, beside the trajectory's probability, on
the dashboard, in rdanalysis forecast."""

from __future__ import annotations

import json

import pytest

from rdanalysis.analysis import base_rate, views


def test_the_reference_panel_holds_one_vintage_per_series_and_leaves_out_what_is_not_a_value(
    tables,
):
    p = tables["reference_panel"]
    assert not p.duplicated(["panel", "panel_region", "year"]).any()
    assert (p["rd_intensity_pct"] > 0).all()
    assert p.groupby("panel")["vintage"].nunique().to_dict() == {"CA": 1, "CN": 1, "KZ": 1}
    cn = p[(p["panel"] == "CN") & ~p["is_national"]]
    assert cn["panel_region"].nunique() == 31 and set(cn["year"]) == set(range(2012, 2024))
    ca = p[(p["panel"] == "CA") & ~p["is_national"]]
    assert ca["panel_region"].nunique() == 10 and ca["year"].max() == 2019
    kz = p[p["panel"] == "KZ"].set_index(["panel_region", "year"])["rd_intensity_pct"]
    # left out: Atyrau's 0.0 in 2022-2023, North Kazakhstan's suspect 0.42 in 2022, and the
    # regions that lost territory in 2022 from that year on
    for gone in [("Atyrau", 2022), ("Soltustik Kazakhstan", 2022), ("Karagandy", 2022)]:
        assert gone not in kz.index
    assert kz[("Soltustik Kazakhstan", 2023)] > 0 and kz[("Karagandy", 2021)] > 0
    assert p["origin"].str.contains(r"\.csv:\d+$").all()


def test_the_trajectory_outlook_shows_the_base_rate_beside_the_probability(tables):
    from rdanalysis.text import outlook as outlook_text

    o = views.outlook.build(tables, "内蒙古自治区", 1.5, 2026, diagnostics=False)
    china, every = o.base_rates
    assert china.panels == ("CN",) and every.panels == base_rate.ALL
    # its own province is left out of the count
    assert china.excluded and china.panel_regions == 30
    assert china.years == 2026 - int(o.last["year"])
    assert china.level_pct == pytest.approx(float(o.last["rd_intensity_pct"]))
    text = outlook_text.describe_base_rate(o, "zh")
    assert text.startswith("其他30个省份2012-2023年中,强度曾在")
    assert f"的省份共{china.regions}个,其中" in text and f"的有{china.reached}个。" in text
    built_before = {k: v for k, v in tables.items() if k != "reference_panel"}
    missing = views.outlook.build(built_before, "全国", 3.0, 2027, diagnostics=False)
    assert missing.base_rates == ()
    assert "reference_panel" in outlook_text.describe_base_rate(missing, "en")


def test_the_dashboard_gives_the_base_rate_of_the_intensity_target(tables):
    from rdanalysis.data import plans
    from rdanalysis.text import dashboard as dashboard_text

    board = views.dashboard.build(tables, plans.load("tongliao-2023"), n_paths=400)
    intensity = next(e for e in board.evaluations if e.target.measured_on == "rd_intensity")
    b = intensity.base_rate
    assert b is not None and b.target_pct == float(intensity.target.value)
    reason = dashboard_text.dashboard_table(board)["reason"].iloc[
        board.evaluations.index(intensity)
    ]
    assert f"共{b.regions}个,其中" in reason and f"达到{b.target_pct:g}%的有{b.reached}个" in reason
    others = [e for e in board.evaluations if e.target.measured_on != "rd_intensity"]
    assert all(e.base_rate is None for e in others)


def test_the_forecast_command_prints_the_base_rate():
    from click.testing import CliRunner

    from rdanalysis.cli.main import cli

    out = CliRunner().invoke(cli, ["forecast", "--region", "通辽市", "--format", "json"])
    assert out.exit_code == 0, out.output
    payload = json.loads(out.output)
    china = payload["base_rate"][0]
    assert china["panels"] == ["CN"] and china["years"] == 1
    text = china["text_zh"]
    assert f"共{china['regions_near_level']}个,其中" in text
    assert f"的有{china['reached_target']}个" in text
    table = CliRunner().invoke(cli, ["forecast", "--region", "通辽市"])
    assert "base rate: Of China's 31 provinces in 2012-2023" in table.output
    assert china["text_zh"] in table.output
