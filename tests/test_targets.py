"""Every quantified target of the plan is tracked, with a status set by the stated rule."""

from __future__ import annotations

import pandas as pd
import pytest

import rdanalysis as rd
from rdanalysis.analysis import enterprises, targets
from rdanalysis.errors import RDAnalysisError

PLAN_TARGETS = {
    "rd_intensity": 1.0,
    "enterprise_share": 80,
    "institutes_hospitals_share": 7,
    "coverage_institution": 100,
    "coverage_spending": 100,
    "coverage_activity": 100,
    "valid_invention_patents": 500,
    "high_value_patents_per_10k": 0.6,
    "ip_pledge_cumulative": 5,
}
RULE = {
    "recent_years": 3,
    "at_risk_pace_ratio": 1.5,
    "on_track_probability": 0.5,
    "at_risk_probability": 0.2,
}


def test_registry_holds_every_quantified_target_of_the_plan():
    reg = targets.registry()
    assert {t["id"]: t["target"] for t in reg["targets"]} == PLAN_TARGETS
    assert [t["number"] for t in reg["tasks"]] == list(range(1, 13))
    for t in reg["targets"]:
        assert t["responsible"], t["id"]
    per_10k = next(t for t in reg["targets"] if t["id"] == "high_value_patents_per_10k")
    assert per_10k["population"] == "resident"


def test_plan_text_names_the_responsible_units():
    text = (rd.paths.RAW_PUBLIC / "tongliao-action-plan-2023.txt").read_text(encoding="utf-8")
    assert "知识产权质押融资额累计达到5亿元(责任单位:市市场监管局)" in text
    reg = targets.registry()
    ip = next(t for t in reg["targets"] if t["id"] == "ip_pledge_cumulative")
    assert ip["responsible"] == ["市市场监管局"]


def _series(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"year": list(values), "value": list(values.values()), "status": "real"})


SPEC = {"id": "x", "name": "x", "unit": "件", "target": 500, "forecast": False}


@pytest.mark.parametrize(
    ("values", "ratio", "status"),
    [
        ({2022: 450, 2023: 480, 2024: 510}, 1.5, "achieved"),
        ({2022: 300, 2023: 380, 2024: 460}, 1.5, "on_track"),  # 460 + 80 = 540 >= 500
        ({2022: 340, 2023: 390, 2024: 440}, 1.5, "at_risk"),  # needs 60/yr, recent 50: 1.2x
        ({2022: 380, 2023: 410, 2024: 440}, 1.5, "off_track"),  # needs 60/yr, recent 30: 2x
        ({2022: 380, 2023: 410, 2024: 440}, 2.0, "at_risk"),  # ... which a 2x rule tolerates
        ({2022: 420, 2023: 430, 2024: 440}, 1.5, "off_track"),  # needs 60/yr, recent 10/yr
    ],
)
def test_status_rule(values, ratio, status):
    ev = targets.evaluate(_series(values), SPEC, 2025, {**RULE, "at_risk_pace_ratio": ratio})
    assert ev.status == status, ev.reason


def test_target_year_passed_without_reaching_it_is_off_track():
    ev = targets.evaluate(_series({2024: 400, 2025: 450}), SPEC, 2025, RULE)
    assert ev.status == "off_track"
    assert "目标年已到" in ev.reason


def test_no_data_is_reported_not_hidden():
    ev = targets.evaluate(_series({}), SPEC, 2025, RULE)
    assert ev.status == "no_data"


@pytest.fixture(scope="module")
def board():
    return targets.dashboard(rd.load_all(), n_paths=400)


def test_dashboard_lists_every_target_with_value_status_and_rule(board):
    table, _ = board
    assert list(table["id"]) == list(PLAN_TARGETS)
    assert table["latest"].notna().all()
    assert (table["baseline_year"] >= 2022).all() and table["baseline"].notna().all()
    intensity = table.set_index("id").loc["rd_intensity"]
    assert intensity["baseline_year"] == 2022
    assert table["status"].isin(["achieved", "on_track", "at_risk", "off_track"]).all()
    assert table["reason"].str.len().gt(0).all()
    assert (table["data_status"] == "示例数据").all()  # no Tongliao figure is real
    probs = table.set_index("id")["probability"]
    assert 0 <= probs["rd_intensity"] <= 1  # from the forecast module
    assert pd.isna(probs["valid_invention_patents"])


def test_off_track_sentences_name_the_responsible_units(board):
    table, _ = board
    sentences = targets.off_track_sentences(table)
    behind = table[table["status"].isin(["off_track", "at_risk"])]
    assert len(sentences) == len(behind)
    for sentence, row in zip(sentences, behind.itertuples(), strict=True):
        assert row.target_name in sentence and f"责任单位:{row.responsible}" in sentence


def test_per_10k_uses_resident_population():
    tables = rd.load_all()
    spec = next(t for t in targets.registry()["targets"] if t["id"] == "high_value_patents_per_10k")
    s = targets.series_for(tables, spec).set_index("year")["value"]
    pop = tables["population"]
    res22 = pop[
        (pop["region"] == "通辽市") & (pop["year"] == 2022) & (pop["population_type"] == "resident")
    ]["population_10k"].iloc[0]
    inn = tables["innovation"]
    hv22 = inn[
        (inn["region"] == "通辽市")
        & (inn["year"] == 2022)
        & (inn["measure"] == "high_value_invention_patents")
    ]["value"].iloc[0]
    assert res22 == 283.46  # the published year-end resident population
    assert s[2022] == pytest.approx(hv22 / res22)


ENT = pd.DataFrame(
    {
        "enterprise_id": ["a", "b", "c", "d"],
        "enterprise_name": ["甲", "乙", "丙", "丁"],
        "county": ["开鲁县", "开鲁县", "库伦旗", "库伦旗"],
        "industry": ["x", "y", "x", "y"],
        "year": 2024,
        "revenue_10k_yuan": [20000.0, 50000.0, 8000.0, 12000.0],
        "rd_expenditure_10k_yuan": [0.0, 3000.0, 0.0, 100.0],
        "has_rd_institution": [False, True, False, False],
        "has_rd_activity": [False, True, False, True],
        "is_high_tech": [False, True, False, False],
        "status": "user",
        "source": "s",
        "origin": "o",
    }
)


def test_coverage_counts():
    cov = enterprises.coverage(ENT, "county")
    assert cov.loc["合计", "spending_pct"] == pytest.approx(50.0)
    assert cov.loc["开鲁县", "institution_pct"] == pytest.approx(50.0)


def test_one_to_one_is_revenue_over_100m_yuan_and_no_rd():
    assert list(enterprises.one_to_one(ENT)["enterprise_id"]) == ["a"]
    counts = enterprises.one_to_one_counts(ENT)
    assert counts.loc["开鲁县", "zero_rd"] == 1 and counts.loc["库伦旗", "above_threshold"] == 1


def test_five_percent_reserve_fund_threshold():
    shares = enterprises.rd_to_revenue(ENT).set_index("enterprise_id")
    assert shares.loc["b", "rd_share_pct"] == pytest.approx(6.0)
    assert list(shares.index[shares["at_least_5pct"]]) == ["b"]


def test_what_if_adds_x_percent_of_their_revenue():
    w = enterprises.what_if(ENT, city_rd_100m_yuan=10.0, city_gdp_100m_yuan=1000.0, share_pct=1.0)
    assert w["added_rd_100m_yuan"] == pytest.approx(0.02)  # 1 % of 20000 万元 = 200 万元
    assert w["change_pp"] == pytest.approx(0.002)


def test_select_errors_name_the_parameter():
    with pytest.raises(RDAnalysisError, match="year 1999 has no enterprise data"):
        enterprises.select(ENT, 1999)
    with pytest.raises(RDAnalysisError, match="county '奈曼旗' has no enterprise data"):
        enterprises.select(ENT, 2024, "奈曼旗")
