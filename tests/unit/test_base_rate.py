"""The base rate beside P(target): how many real regions near a level reached a target as many
years later, out of how many; the reference panels it counts in; and where it is shown."""

from __future__ import annotations

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
    assert zh == (
        "4个省份2015-2019年中,强度曾在0.60%左右(0.51%–0.69%)的省份共3个,其中2年后达到1%的有1个。"
    )
    en = base_rate_sentence(b, "en")
    assert "Of China's 4 provinces in 2015-2019, 3 provinces stood near 0.60%" in en
    assert "1 of them were at 1% or more 2 year(s) later" in en
    none = base_rate_sentence(base_rate.base_rate(_panel(), 0.6, 1.0, 9), "zh")
    assert "没有强度在0.60%左右" in none


# --- the reference panels in the build -----------------------------------------------------------


# --- where it is shown --------------------------------------------------------------------------
