"""The base rate beside P(target): how many real regions near a level reached a target as many
years later, out of how many; the reference panels it counts in; and where it is shown."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from rdanalysis.analysis import base_rate

#: Five regions of a made-up panel, 2015-2019 (a national series that must never count).
PANEL_ROWS = {
    ("CN", "甲省", False): [0.60, 0.65, 0.80, 1.05, 1.10],  # near 0.6 in 2015-16, 1.05 in 2018
    ("CN", "乙省", False): [0.62, 0.61, 0.63, 0.64, 0.66],  # near 0.6 throughout, never 1 %
    ("CN", "丁省", False): [0.58, 0.59, 0.57, 0.70, 0.72],  # near 0.6 in 2015-17, never 1 %
    ("CN", "丙省", False): [2.00, 2.10, 2.20, 2.30, 2.40],  # never near 0.6
    ("CN", "全国", True): [0.60, 0.90, 1.20, 1.50, 1.80],  # national: not a region
    ("KZ", "Akmola", False): [0.55, 0.58, 1.00, 0.50, 0.40],  # near 0.6 in 2015-16 (all panels)
}


def _panel() -> pd.DataFrame:
    rows = [
        {
            "panel": panel,
            "panel_region": region,
            "is_national": national,
            "year": 2015 + i,
            "rd_intensity_pct": value,
        }
        for (panel, region, national), values in PANEL_ROWS.items()
        for i, value in enumerate(values)
    ]
    return pd.DataFrame(rows)


def test_each_region_counts_once_from_its_latest_year_near_the_level():
    # Two years ahead of 0.6 % (band 0.51-0.69): 甲省 was near 0.6 in 2015 and 2016; its latest
    # start, 2016 (0.65), leads to 1.05 in 2018. 乙省's and 丁省's latest starts with an outcome
    # are 2017 (0.63 -> 0.66, 0.57 -> 0.72). 丙省 never stood near 0.6; the national series
    # never counts.
    b = base_rate.base_rate(_panel(), 0.6, 1.0, 2)
    assert (b.regions, b.reached) == (3, 1)
    assert (b.low_pct, b.high_pct) == pytest.approx((0.51, 0.69))
    assert (b.first_year, b.last_year, b.panel_regions) == (2015, 2019, 4)
    # every region-year in the band: 甲 2015-16, 乙 2015-17, 丁 2015-17; only 甲 2016 reached 1 %
    assert (b.cases, b.cases_reached) == (8, 1)
    assert b.share == pytest.approx(1 / 3)


def test_the_event_is_the_value_that_many_years_later():
    # One year ahead: 甲省 2016 (0.65) -> 0.80, 乙省 2018 (0.64) -> 0.66, 丁省 2017 -> 0.70.
    b = base_rate.base_rate(_panel(), 0.6, 1.0, 1)
    assert (b.regions, b.reached) == (3, 0)


def test_other_panels_and_the_series_own_region():
    every = base_rate.base_rate(_panel(), 0.6, 1.0, 1, base_rate.ALL)
    # Akmola: latest start near 0.6 with an outcome is 2016 (0.58) -> 1.00 in 2017
    assert (every.regions, every.reached) == (4, 1)
    alone = base_rate.base_rate(_panel(), 0.6, 1.0, 2, exclude="甲省")
    assert alone.excluded and not every.excluded
    # two regions left near 0.6: the band widened to 50 % looking for a third
    assert (alone.regions, alone.reached, alone.panel_regions) == (2, 0, 3)
    assert (alone.low_pct, alone.high_pct) == pytest.approx((0.3, 0.9))


def test_the_band_widens_until_enough_regions_stood_near_the_level():
    # 1.4 %: nobody within 15 % or 30 %; within 50 % (0.7-2.1): 甲省 (0.80, 1.05, 1.10 ...),
    # and 丙省 (2.00, 2.10 in 2015-16 with outcomes).
    b = base_rate.base_rate(_panel(), 1.4, 2.0, 2)
    assert (b.low_pct, b.high_pct) == pytest.approx((0.7, 2.1))
    assert b.regions == 2


def test_no_outcome_that_far_ahead_gives_no_regions():
    b = base_rate.base_rate(_panel(), 0.6, 1.0, 9)
    assert (b.regions, b.reached, b.cases) == (0, 0, 0)


def test_the_sentence_reads_n_of_m_in_both_languages():
    from rdanalysis.text.outlook import base_rate_sentence

    b = base_rate.base_rate(_panel(), 0.6, 1.0, 2)
    zh = base_rate_sentence(b, "zh")
    assert (
        zh == "4个省份2015-2019年中,强度在0.60%左右(0.51%–0.69%)的省份,2年后达到1%的有1个,共3个。"
    )
    en = base_rate_sentence(b, "en")
    assert "Of China's 4 provinces in 2015-2019, 3 provinces stood near 0.60%" in en
    assert "1 of them were at 1% or more 2 year(s) later" in en
    none = base_rate_sentence(base_rate.base_rate(_panel(), 0.6, 1.0, 9), "zh")
    assert "没有强度在0.60%左右" in none


# --- the reference panels in the build -----------------------------------------------------------


@pytest.mark.build
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


# --- where it is shown --------------------------------------------------------------------------


@pytest.mark.build
def test_the_trajectory_outlook_shows_the_base_rate_beside_the_probability(tables):
    from rdanalysis.analysis import outlook
    from rdanalysis.text import outlook as readings

    o = outlook.build(tables, "内蒙古自治区", 1.5, 2026, diagnostics=False)
    china, every = o.base_rates
    assert china.panels == ("CN",) and every.panels == base_rate.ALL
    # its own province is left out of the count
    assert china.excluded and china.panel_regions == 30
    assert china.years == 2026 - int(o.last["year"])
    assert china.level_pct == pytest.approx(float(o.last["rd_intensity_pct"]))
    text = readings.describe_base_rate(o, "zh")
    assert text.startswith("其他30个省份2012-2023年中,强度在")
    assert f"有{china.reached}个,共{china.regions}个。" in text
    built_before = {k: v for k, v in tables.items() if k != "reference_panel"}
    missing = outlook.build(built_before, "全国", 3.0, 2027, diagnostics=False)
    assert missing.base_rates == ()
    assert "reference_panel" in readings.describe_base_rate(missing, "en")


@pytest.mark.build
def test_the_dashboard_gives_the_base_rate_of_the_intensity_target(tables):
    from rdanalysis.analysis import targets
    from rdanalysis.data import plans
    from rdanalysis.text import targets as target_text

    board = targets.build(tables, plans.load("tongliao-2023"), n_paths=400)
    intensity = next(e for e in board.evaluations if e.target.measured_on == "rd_intensity")
    b = intensity.base_rate
    assert b is not None and b.target_pct == float(intensity.target.value)
    reason = target_text.dashboard_table(board)["reason"].iloc[board.evaluations.index(intensity)]
    assert f"达到{b.target_pct:g}%的有{b.reached}个,共{b.regions}个" in reason
    others = [e for e in board.evaluations if e.target.measured_on != "rd_intensity"]
    assert all(e.base_rate is None for e in others)


@pytest.mark.build
def test_the_forecast_command_prints_the_base_rate():
    from click.testing import CliRunner

    from rdanalysis.cli.main import cli

    out = CliRunner().invoke(cli, ["forecast", "--region", "通辽市", "--format", "json"])
    assert out.exit_code == 0, out.output
    payload = json.loads(out.output)
    china = payload["base_rate"][0]
    assert china["panels"] == ["CN"] and china["years"] == 1
    assert f"有{china['reached_target']}个,共{china['regions_near_level']}个" in china["text_zh"]
    table = CliRunner().invoke(cli, ["forecast", "--region", "通辽市"])
    assert "base rate: Of China's 31 provinces in 2012-2023" in table.output
    assert china["text_zh"] in table.output
