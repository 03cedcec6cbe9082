"""The China-by-province panel: loaded through the validated build with GB/T 2260 codes, one
vintage per series, and the views (region / split / province) on real rows."""

from __future__ import annotations

import json

import pytest

from rdanalysis import reference
from rdanalysis.analysis import indicators, published, views
from rdanalysis.errors import RDAnalysisError
from rdanalysis.text import province as province_text
from rdanalysis.text import regions as region_text
from rdanalysis.text import splits as split_text
from rdanalysis.text.overview import describe_bounds


def test_panel_rows_carry_region_codes_and_their_repository_source(tables):
    rd = tables["rd_expenditure"]
    panel = rd[rd["origin"].str.contains("china_province_")]
    assert set(panel["region"]) == {*reference.children(reference.COUNTRY), reference.COUNTRY}
    assert (panel["region_code"] == panel["region"].map(reference.region_code)).all()
    assert panel["source_url"].str.contains("@[0-9a-f]{40}:", regex=True).all()
    assert set(panel["status"]) == {"verbatim"}


def test_every_vintage_is_kept_side_by_side(tables):
    obs = tables["observations"]
    tj = obs[
        (obs["region"] == "天津市") & (obs["year"] == 2016) & (obs["measure"] == "rd_intensity")
    ]
    by_vintage = tj.set_index("vintage")["value"]
    assert by_vintage["first_release"] == 3.00
    assert by_vintage["yearbook_2024"] == 4.68


def test_each_series_uses_one_vintage(tables):
    ri = tables["rd_intensity"]
    assert ri.groupby(["region", "basis"])["vintage"].nunique().max() == 1
    rd = tables["rd_expenditure"]
    assert rd.groupby(["region", "sector", "basis"])["vintage"].nunique().max() == 1


def test_inner_mongolia_history_is_the_revised_one(tables):
    # First published 0.64, 0.70, 0.69, 0.76, 0.79; revised to today's GDP 0.97 ... 1.07.
    series = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], "内蒙古自治区"
    ).set_index("year")
    assert list(series.loc[2012:2016, "rd_intensity_pct"]) == [0.97, 1.03, 1.00, 1.05, 1.07]
    assert set(series["method"]) == {"published:yearbook_2024"}


def test_china_region_view_adds_up_over_31_provinces(tables):
    v = views.regions.build(tables, "全国", 2012, 2023)
    assert len(v.children) == 31 and set(v.league.index) == set(v.children)
    # the parent's denominator is the provinces' GDP sum, not national GDP
    rd, gdp = v.rd[2023].sum(), v.gdp[2023].sum()
    assert v.decomposition.intensity_end == pytest.approx(rd / gdp * 100, rel=1e-12)
    assert abs(v.decomposition.residual) < 1e-12
    assert (v.reference_kind, v.reference_pct) == ("parent", 2.65)
    assert "GDP之和" in region_text.region_notes(v) and "不是目标" in region_text.region_notes(v)


def test_decompose_by_region_cli_has_the_county_json_shape(run_cli):
    code, out, _ = run_cli(
        "decompose", "--by", "region", "--region", "全国", "--from", "2012", "--to", "2023",
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    china = json.loads(out)
    assert (china["from"], china["to"], china["status"]) == (2012, 2023, "real")
    total = sum(r["effect_pp"] for r in china["rows"])
    assert total == pytest.approx(china["change_pp"], abs=1e-12)
    code, out, _ = run_cli("decompose", "--by", "county", "--format", "json")
    county = json.loads(out)
    assert set(county) == set(china)
    assert county["region"] == reference.CITY and county["children"] == 9


def test_forecast_for_a_province_on_real_rows(run_cli):
    code, out, _ = run_cli("forecast", "--region", "广东省", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["status"] == "real" and payload["last_actual_year"] == 2023
    assert payload["last_actual_pct"] == 3.54


def test_funding_gaps_are_handled_visibly(tables):
    beijing = views.splits.build(tables, "北京市", "funding")
    gap = beijing.gaps.set_index("year").loc[2012]
    assert not gap["used"] and gap["parts"] == "enterprise_funds"
    assert gap["gap_pct"] == pytest.approx(34.7, abs=0.1)
    assert 2012 not in beijing.years
    with pytest.raises(RDAnalysisError, match="北京市 2012: R&D by source of funds is incomplete"):
        views.splits.build(tables, "北京市", "funding", 2012, 2020)
    # 国外资金 blank where the other parts add up to the total: 0, and listed
    blanks = []
    for province in reference.children(reference.COUNTRY):
        g = views.splits.build(tables, province, "funding").gaps
        blanks += [r for r in g.itertuples() if r.used]
    assert len(blanks) == 31
    assert {r.parts for r in blanks} == {"foreign_funds"}


@pytest.mark.parametrize("split", ["funding", "activity"])
def test_split_decompositions_add_up_for_every_province(tables, split):
    for province in reference.children(reference.COUNTRY):
        v = views.splits.build(tables, province, split)
        assert abs(v.decomposition.residual) < 1e-9, province
        assert v.status == "real"


def test_china_split_over_the_provinces_gdp_says_so(tables):
    own = views.splits.build(tables, "全国", "activity")
    assert (own.start, own.end) == (2022, 2023)  # national GDP is loaded for two years
    summed = views.splits.build(tables, "全国", "activity", denominator="children")
    assert (summed.start, summed.end) == (2010, 2023)
    assert summed.denominator == "children" and own.denominator == "own"
    assert "各下级地区生产总值之和" in split_text.split_denominator(summed)


def test_revision_table_puts_the_largest_revision_first(tables):
    table = published.revision_table(tables["observations"])
    top = table.iloc[0]
    assert (top["region"], top["year"]) == ("天津市", 2016)
    assert top["revision_pp"] == pytest.approx(1.68)
    assert table["revision_pp"].abs().is_monotonic_decreasing
    # revised intensity = bulletin R&D / latest NBS GDP within 0.007 pp (README of the panel)
    both = table.dropna(subset=["computed_pct"])
    both = both[both["year"] >= 2012]
    assert (both["computed_pct"] - both["revised_pct"]).abs().max() < 0.0075


def test_illustrative_tongliao_respects_the_published_bounds(tables):
    check = published.bounds_check(tables)
    expected = {
        (2015, "rd_expenditure", "<=", 10.0),
        (2015, "rd_intensity", "<", 0.76),
        (2022, "rd_expenditure", "<=", 44.1),
    }
    got = set(zip(check["year"], check["measure"], check["relation"], check["bound"], strict=True))
    assert got == expected
    assert check["holds"].all()
    assert set(check["status"]) == {"illustrative"}


def test_bounds_check_flags_a_figure_above_its_bound(tables):
    rd = tables["rd_expenditure"].copy()
    tl = (rd["region"] == reference.CITY) & (rd["year"] == 2022) & (rd["sector"] == "total")
    rd.loc[tl, "rd_expenditure_100m_yuan"] = 50.0
    check = published.bounds_check({**tables, "rd_expenditure": rd}).set_index("year")
    assert check.loc[2022, "holds"] == False  # noqa: E712 (a numpy bool)


def test_bounds_without_a_loaded_value_are_unchecked_and_read_so(tables):
    rd = tables["rd_expenditure"]
    rd = rd[rd["region"] != reference.CITY]  # e.g. a build with --no-illustrative
    check = published.bounds_check({**tables, "rd_expenditure": rd})
    assert len(check) == 3
    assert check["value"].isna().all() and check["holds"].isna().all()
    said = describe_bounds(check)
    assert "全部满足" not in said and "3个公开上限无法核对" in said


def test_province_view_uses_the_national_intensity_as_reference(tables):
    p = views.province.build(tables, "内蒙古", 2030)
    assert (p.reference_pct, p.reference_year) == (2.65, 2023)
    assert "不是目标" in province_text.province_reference(p)
    assert list(p.forecast_years["year"]) == [2025, 2030]
    assert p.profile.row["rank"] == 27
    assert set(p.splits) == {"funding", "activity"}
