"""Enterprise aggregates are safe to publish: no cell reveals one enterprise (threshold and
dominance rules), cells are merged so the rows still add up, and a missing table says so."""

from __future__ import annotations

import pandas as pd
import pytest

from rdanalysis.analysis import enterprises
from rdanalysis.text import enterprises as readings

CITY_2024 = {2024: (10.0, 1700.0)}  # city R&D and GDP (亿元) for the what-if


def _ent(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    """(county, industry, revenue 万元, R&D 万元) -> an enterprise table for 2024."""
    return pd.DataFrame(
        [
            {
                "enterprise_id": f"E{i}",
                "enterprise_name": f"企业{i}",
                "county": county,
                "industry": industry,
                "year": 2024,
                "revenue_10k_yuan": revenue,
                "rd_expenditure_10k_yuan": rd,
                "has_rd_institution": rd > 0,
                "has_rd_activity": rd > 0,
                "is_high_tech": False,
                "status": "user",
                "source": "测试",
            }
            for i, (county, industry, revenue, rd) in enumerate(rows)
        ]
    )


def test_a_county_with_two_enterprises_is_merged_and_rows_still_add_up():
    rows = _ent(
        [("开鲁县", "食品", 5000, 100)] * 2
        + [("奈曼旗", "食品", 5000, 100)] * 3
        + [("科尔沁区", "化工", 5000, 100)] * 6
    )
    table, merged = enterprises.protected_coverage(rows, "county")
    # 开鲁县 alone (2) fails; merged with the smallest other county (奈曼旗, 3) it passes.
    assert merged == ["开鲁县", "奈曼旗"]
    assert "开鲁县" not in table.index and "奈曼旗" not in table.index
    assert table.loc[enterprises.MERGED, "enterprises"] == 5
    assert table.drop(index="合计")["enterprises"].sum() == table.loc["合计", "enterprises"] == 11


def test_one_dominant_enterprise_is_merged_away():
    rows = _ent(
        [("霍林郭勒市", "有色", 900000, 9000)]  # 90 % of the county's R&D
        + [("霍林郭勒市", "有色", 5000, 250)] * 4
        + [("科尔沁区", "化工", 5000, 100)] * 5
        + [("开鲁县", "食品", 5000, 100)] * 5
    )
    assert enterprises.sensitive(rows[rows["county"] == "霍林郭勒市"], "rd_expenditure_10k_yuan")
    table, merged = enterprises.protected_coverage(rows, "county")
    assert merged[0] == "霍林郭勒市"
    # Every published row passes both rules.
    for name in table.drop(index="合计").index:
        members = merged if name == enterprises.MERGED else [name]
        assert not enterprises.sensitive(
            rows[rows["county"].isin(members)], "rd_expenditure_10k_yuan"
        )


def test_too_few_enterprises_withholds_the_tables_and_the_what_if():
    rows = _ent([("库伦旗", "食品", 20000, 0), ("库伦旗", "食品", 15000, 10)])
    view = enterprises.coverage_view(rows, CITY_2024, "全市", 0)
    assert view.by_county.empty and view.one_to_one.empty and view.rd_share.empty
    assert view.what_if is None
    assert {"all", "what_if"} <= set(view.withheld)
    note = readings.confidentiality_note(view)
    assert "少于3家" in note and "85%" in note and "不发布" in note


def test_the_distribution_of_rd_shares_shows_no_single_enterprise():
    rows = _ent([("科尔沁区", "化工", 1000, float(i)) for i in range(1, 11)])
    view = enterprises.coverage_view(rows, CITY_2024, "全市", 0)
    assert "min" not in view.rd_share.index and "max" not in view.rd_share.index
    assert view.rd_share.loc["50%", "rd_share_pct"] == pytest.approx(0.55)


def test_what_if_uses_the_protected_list_and_the_city_figures():
    rows = _ent([("科尔沁区", "化工", 20000, 0)] * 4 + [("开鲁县", "食品", 5000, 50)] * 3)
    view = enterprises.coverage_view(rows, CITY_2024, "全市", 0, what_if_share_pct=1.0)
    # four enterprises of 2 亿元 revenue at 1 % add 0.08 亿元
    assert view.what_if["added_rd_100m_yuan"] == pytest.approx(0.08)
    assert view.what_if["intensity_before_pct"] == pytest.approx(10 / 1700 * 100)


def test_no_enterprise_table_says_what_is_missing():
    view = enterprises.coverage_view(_ent([]).iloc[0:0], CITY_2024)
    assert view.missing == ["enterprises"]
    assert "未提供规上工业企业数据" in readings.headline(view)
    assert readings.coverage_reading(view) == ""


def test_no_city_figures_for_the_year_skips_only_the_what_if():
    rows = _ent([("科尔沁区", "化工", 20000, 0)] * 4)
    view = enterprises.coverage_view(rows, {}, "全市", 0)
    assert view.missing == ["city_intensity"]
    assert not view.by_county.empty
    assert "不做测算" in readings.what_if_reading(view, 1.0)
