"""The views notebooks 02, 03, 06, 07 and 08 call: their numbers, checked against the rows of
the shipped build computed by hand here (not by the function the view calls)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from rdanalysis.analysis import indicators, views
from rdanalysis.plots import splits as split_charts
from rdanalysis.text import splits as split_text

CITY = "通辽市"
COUNTY = "科尔沁区"
#: Tongliao's R&D by performing sector in 2024 (亿元), illustrative data as shipped.
SECTORS_2024 = {
    "enterprise": 8.1289,
    "government_institute": 1.0372,
    "higher_education": 0.4438,
    "hospital": 0.3942,
    "other": 0.6562,
}
TOTAL_2024 = 10.6603


def _sector_rows(rd: pd.DataFrame, regions, year: int) -> pd.DataFrame:
    rows = rd[
        rd["region"].isin(regions)
        & (rd["year"] == year)
        & (rd["basis"] == "comparable")
        & (rd["sector"] != "total")
    ]
    return rows.pivot_table(index="region", columns="sector", values="rd_expenditure_100m_yuan")


def test_the_region_view_carries_the_shift_share(tables):
    v = views.regions.build(tables, CITY)
    ss = v.shift_share
    assert ss is not None and set(ss.index) == set(v.children)
    x0 = _sector_rows(tables["rd_expenditure"], v.children, v.start).fillna(0.0)
    x1 = _sector_rows(tables["rd_expenditure"], v.children, v.end).fillna(0.0)
    change = x1.sum(axis=1) - x0.sum(axis=1)
    g = x1.to_numpy().sum() / x0.to_numpy().sum() - 1  # the children's growth together
    assert ss.loc[COUNTY, "change_100m_yuan"] == pytest.approx(change[COUNTY], abs=1e-9)
    assert ss.loc[COUNTY, "city_growth"] == pytest.approx(x0.loc[COUNTY].sum() * g, abs=1e-9)
    parts = ss[["city_growth", "sector_mix", "local_shift"]].sum(axis=1)
    assert (parts - ss["change_100m_yuan"]).abs().max() < 1e-9  # the three add up per county


def test_no_shift_share_when_the_start_year_has_no_sector_split(tables):
    rd = tables["rd_expenditure"]
    start = views.regions.build(tables, CITY).start
    kids = views.regions.build(tables, CITY).children
    dropped = rd["region"].isin(kids) & (rd["year"] == start) & (rd["sector"] != "total")
    v = views.regions.build({**tables, "rd_expenditure": rd[~dropped]}, CITY, start=start)
    assert v.start == start and v.shift_share is None


def test_the_sector_split_view_carries_the_plan_shares(tables):
    v = views.splits.build(tables, CITY, "sector")
    shares = v.plan_shares.set_index(["indicator", "year"])["value_pct"]
    assert sorted(v.plan_shares["year"].unique()) == list(range(v.start, v.end + 1))
    assert v.end == 2024
    assert shares["enterprise_share", 2024] == pytest.approx(
        100 * SECTORS_2024["enterprise"] / TOTAL_2024, abs=1e-6
    )
    institutes = SECTORS_2024["government_institute"] + SECTORS_2024["hospital"]
    assert shares["institutes_hospitals_share", 2024] == pytest.approx(
        100 * institutes / TOTAL_2024, abs=1e-6
    )
    assert views.splits.build(tables, "全国", "funding").plan_shares is None  # sector split only


def test_the_overview_is_of_the_region_asked_from_the_year_asked(tables):
    o = views.overview.build(tables, "通辽", 2018)  # an alias: the official name comes back
    assert o.region == CITY
    full = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], CITY
    )
    assert o.series["year"].tolist() == [y for y in full["year"] if y >= 2018]
    assert o.series["rd_intensity_pct"].tolist() == pytest.approx(
        full[full["year"] >= 2018]["rd_intensity_pct"].tolist()
    )
    assert o.gdp_gaps == []
    assert set(o.coverage.columns) and len(o.files) > 0


def test_the_overview_names_a_year_without_gdp(tables):
    gdp = tables["gdp"]
    no_2020 = gdp[~((gdp["region"] == CITY) & (gdp["year"] == 2020))]
    intensity = tables["rd_intensity"]
    no_pub = intensity[~((intensity["region"] == CITY) & (intensity["year"] == 2020))]
    o = views.overview.build({**tables, "gdp": no_2020, "rd_intensity": no_pub}, CITY)
    assert o.gdp_gaps == [2020] and 2020 not in o.series["year"].tolist()


def test_the_provinces_view_splits_the_parent_over_its_childrens_gdp(tables):
    pv = views.provinces.build(tables, "全国")
    assert pv.region.region == "全国" and len(pv.region.children) == 31
    assert list(pv.splits) == ["funding", "activity"]
    for split, s in pv.splits.items():
        alone = views.splits.build(tables, "全国", split, denominator="children")
        assert s.denominator == "children"
        assert s.decomposition.intensity_end == pytest.approx(alone.decomposition.intensity_end)


def test_the_split_stack_draws_the_views_composition(tables):
    v = views.splits.build(tables, CITY, "sector")
    fig, reading = split_charts.split_stack(v, "en")
    try:
        assert reading == split_text.split_shares(v, "en")
        title = fig.axes[0].get_title()
        assert "Tongliao" in title and "illustrative" in title.lower()
        bars = [p.get_height() for p in fig.axes[0].patches]
        assert sum(bars) == pytest.approx(v.matrix.loc[v.years].drop(columns="total").sum().sum())
    finally:
        plt.close(fig)
