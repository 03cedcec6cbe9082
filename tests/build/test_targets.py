"""Plans as files, every quantified target tracked with a status set by the stated rule; the
end-of-plan assessment once the data reach the target year; what a draft target implies."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import rdanalysis as rd
from rdanalysis.analysis import assessment, drafting, enterprises, targets, views
from rdanalysis.data import plans
from rdanalysis.errors import RDAnalysisError
from rdanalysis.plan import StatusRule, Target, metrics
from rdanalysis.text import assessment as assessment_text
from rdanalysis.text import dashboard as dashboard_text
from rdanalysis.text import drafting as drafting_text
from rdanalysis.text import targets as target_text

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
RULE = StatusRule(
    recent_years=3, at_risk_pace_ratio=1.5, on_track_probability=0.5, at_risk_probability=0.2
)


@pytest.fixture(scope="module")
def plan():
    return plans.load()


@pytest.fixture(scope="module")
def tables():
    return rd.load_all()


def test_shipped_plan_holds_every_quantified_target_of_the_2023_plan(plan):
    assert plan.number == "通政办发〔2023〕62号" and plan.kind == "official"
    assert (plan.region, plan.baseline_year, plan.target_year) == ("通辽市", 2022, 2025)
    assert {t.id: t.value for t in plan.targets} == PLAN_TARGETS
    assert [t.number for t in plan.tasks] == list(range(1, 13))
    assert all(t.responsible and t.data for t in plan.targets)
    assert plan.target("high_value_patents_per_10k").options["population"] == "resident"


def test_plan_text_names_the_responsible_units(plan):
    text = (rd.paths.RAW_PUBLIC / "tongliao-action-plan-2023.txt").read_text(encoding="utf-8")
    assert "知识产权质押融资额累计达到5亿元(责任单位:市市场监管局)" in text
    assert plan.target("ip_pledge_cumulative").responsible == ("市市场监管局",)


def test_every_shipped_plan_and_the_blank_template_is_documented():
    assert {"tongliao-2023", "draft-2030-example"} <= set(plans.available())
    draft = plans.load("draft-2030-example")
    assert draft.kind == "example" and "非正式" in draft.label
    assert rd.paths.PLAN_TEMPLATE.exists()
    doc = (rd.paths.project_root() / "docs" / "plans.md").read_text(encoding="utf-8")
    for metric in metrics():
        assert f"`{metric}`" in doc, metric


BROKEN = """document:
  title: 某市方案
  kind: offical
region: 火星市
baseline_year: 2024
target_year: 2020
status_rule:
  recent_years: 3
  at_risk_pace_ratio: 1.5
  on_track_probability: 0.2
  at_risk_probability: 0.5
targets:
  - id: rd_intensity
    name: 强度
    definition: R&D / GDP
    unit: "%"
    direction: atleast
    value: 1.5%
    responsible: [市科技局]
    tasks: [7]
    measured_on: rd_intensty
    data: R&D and GDP
  - id: rd_intensity
    name: 强度2
    definition: x
    unit: "%"
    direction: at_least
    value: 2
    responsible: [市科技局]
    measured_on: rd_intensity
    data: x
    colour: red
tasks:
  - {number: 1, title: 任务, responsible: [市科技局]}
"""


def test_a_broken_plan_lists_every_problem_with_its_line():
    problems, plan = plans.check_text(BROKEN, "bad.yml")
    assert plan is None
    found = {(p.row, p.column): p.problem for p in problems}
    assert "'offical' is not known (did you mean 'official'?)" in found[(3, "document.kind")]
    assert "unknown region '火星市'" in found[(4, "region")]
    assert "2020 is not after the baseline year 2024" in found[(6, "target_year")]
    assert "above on_track_probability" in found[(11, "status_rule.at_risk_probability")]
    assert "did you mean 'at_least'" in found[(17, "targets[0].direction")]
    assert "'1.5%' is not valid" in found[(18, "targets[0].value")]
    assert "task 7 is not in the plan's tasks" in found[(20, "targets[0].tasks")]
    assert "did you mean 'rd_intensity'" in found[(21, "targets[0].measured_on")]
    assert "'rd_intensity' is used twice" in found[(23, "targets[1].id")]
    assert "unknown field 'colour'" in found[(32, "targets[1].colour")]
    assert len(problems) == 10
    assert str(problems[0]).startswith("bad.yml:3:document.kind: ")


def test_a_plan_that_is_not_yaml_names_the_line():
    problems, _ = plans.check_text("document:\n  title: [unclosed\nregion: x\n", "x.yml")
    assert len(problems) == 1 and problems[0].row == 3 and "not valid YAML" in problems[0].problem


def _one_target(value, unit='"%"', metric="rd_intensity", region="通辽市", extra=""):
    return f"""document:
  title: 某市方案
  kind: draft
region: {region}
baseline_year: 2024
target_year: 2030
status_rule:
  recent_years: 3
  at_risk_pace_ratio: 1.5
  on_track_probability: 0.5
  at_risk_probability: 0.2
targets:
  - id: t1
    name: 目标
    definition: x
    unit: {unit}
    direction: at_least
    value: {value}
    responsible: [市科技局]
    measured_on: {metric}
    data: x
{extra}"""


@pytest.mark.parametrize(
    "value, unit, metric, expected",
    [
        (0.01, '"%"', "rd_intensity", "0.01 looks like a fraction: 0.01 = 1%"),
        (57, '"%"', "rd_intensity", "'57' is out of range for rd_intensity"),
        (0.8, '"%"', "enterprise_share", "0.8 looks like a fraction: 0.8 = 80%"),
        (180, '"%"', "enterprise_share", "'180' is out of range for enterprise_share"),
        (25, "万元", "rd_expenditure", "unit '万元' is not the unit rd_expenditure is computed in"),
        (0, "件", "valid_invention_patents", "at least 0 is met by any value"),
    ],
)
def test_a_target_value_out_of_its_metrics_range_or_unit_is_refused(value, unit, metric, expected):
    problems, plan = plans.check_text(_one_target(value, unit, metric), "p.yml")
    assert plan is None
    assert len(problems) == 1 and expected in problems[0].problem, problems
    assert problems[0].row in (16, 18)  # the unit's or the value's line


def test_the_intensity_range_follows_the_plans_region():
    # 4.5 % is plausible for Beijing (6.6 % in 2023) but not as a 10 % ceiling breach anywhere
    assert plans.check_text(_one_target(4.5, region="北京市"), "p.yml")[1] is not None
    problems, _ = plans.check_text(_one_target(15, region="北京市"), "p.yml")
    assert len(problems) == 1 and "北京市" in problems[0].expected


def test_a_key_given_twice_is_refused_with_both_lines():
    text = _one_target(1.0).replace("    value: 1.0\n", "    value: 1.0\n    value: 0.5\n")
    problems, plan = plans.check_text(text, "p.yml")
    assert plan is None and len(problems) == 1
    assert problems[0].row == 19 and "also on line 18" in problems[0].problem


def test_a_target_id_must_be_a_plain_identifier():
    problems, _ = plans.check_text(_one_target(1.0).replace("id: t1", "id: 1-强度"), "p.yml")
    assert len(problems) == 1 and "not a plain identifier" in problems[0].problem


def test_targets_cli_validates_a_broken_plan_with_exit_2(tmp_path, run_cli):
    bad = tmp_path / "bad.yml"
    bad.write_text(BROKEN, encoding="utf-8")
    code, out, err = run_cli("targets", "--plan", str(bad))
    assert code == 2 and out == ""
    assert f"{bad}: 10 problem(s) in the plan" in err
    assert f"{bad}:18:targets[0].value: '1.5%' is not valid" in err
    code, _, err = run_cli("targets", "--plan", "no-such-plan")
    assert code == 2 and "draft-2030-example" in err  # lists the plans there are


def test_targets_cli_takes_any_plan_file(run_cli):
    import json

    code, out, _ = run_cli("targets", "--plan", "draft-2030-example", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["kind"] == "example" and payload["target_year"] == 2030
    assert payload["mode"] == "outlook"
    rows = {r["id"]: r for r in payload["rows"]}
    assert rows["rd_personnel_per_10k_employed"]["data_status"] == "无数据"
    assert "R&D人员全时当量" in rows["rd_personnel_per_10k_employed"]["reason"]


def _series(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"year": list(values), "value": list(values.values()), "status": "real"})


def _target(**kw) -> Target:
    base = dict(
        id="x",
        name="x",
        definition="x",
        unit="件",
        direction="at_least",
        value=500,
        responsible=("市科技局",),
        measured_on="valid_invention_patents",
        data="年末件数",
    )
    return Target(**{**base, **kw})


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
    rule = dataclasses.replace(RULE, at_risk_pace_ratio=ratio)
    ev = targets.evaluate(_series(values), _target(), 2025, rule)
    assert ev.status == status, ev.reason


def test_a_likely_target_moving_away_is_at_risk_not_on_track():
    falling = targets.evaluate(_series({2022: 470, 2023: 460, 2024: 450}), _target(), 2027, RULE)
    likely = dataclasses.replace(falling, probability=0.6)  # a forecast that says "likely"
    status, reason, values = targets._status(likely, 3, RULE)
    assert (status, reason) == ("at_risk", "probability_on_falling") and values["recent"] == -10
    rising = targets.evaluate(_series({2022: 430, 2023: 440, 2024: 450}), _target(), 2027, RULE)
    status, reason, _ = targets._status(dataclasses.replace(rising, probability=0.6), 3, RULE)
    assert (status, reason) == ("on_track", "probability_on")


def test_at_most_targets_are_met_from_above():
    spec = _target(direction="at_most", value=100)
    assert targets.evaluate(_series({2023: 130, 2024: 95}), spec, 2025, RULE).status == "achieved"
    ev = targets.evaluate(_series({2022: 160, 2023: 140, 2024: 120}), spec, 2025, RULE)
    assert ev.status == "on_track" and ev.gap == 20  # 120 - 20 = 100 by 2025
    ev = targets.evaluate(_series({2022: 125, 2023: 124, 2024: 123}), spec, 2025, RULE)
    assert ev.status == "off_track"


def test_target_year_passed_without_reaching_it_is_off_track():
    ev = targets.evaluate(_series({2024: 400, 2025: 450}), _target(), 2025, RULE)
    assert ev.status == "off_track"
    assert "目标年已到" in target_text.reason(ev)


def test_no_data_says_what_data_would_feed_the_target():
    ev = targets.evaluate(
        _series({}), _target(measured_on="none", data="R&D人员全时当量"), 2030, RULE
    )
    assert ev.status == "no_data" and ev.reason == "no_metric"
    assert "R&D人员全时当量" in target_text.reason(ev)


@pytest.fixture(scope="module")
def board(tables, plan):
    return views.dashboard.build(tables, plan, n_paths=400)


def test_dashboard_lists_every_target_with_value_status_and_rule(board):
    table = dashboard_text.dashboard_table(board)
    assert board.mode == "outlook" and board.latest_year == 2024 and board.assessment is None
    assert list(table["id"]) == list(PLAN_TARGETS)
    assert table["latest"].notna().all()
    assert (table["baseline_year"] >= 2022).all() and table["baseline"].notna().all()
    assert table.set_index("id").loc["rd_intensity", "baseline_year"] == 2022
    assert table["status"].isin(["achieved", "on_track", "at_risk", "off_track"]).all()
    assert table["reason"].str.len().gt(0).all()
    assert (table["data_status"] == "示例数据").all()  # no Tongliao figure is real
    probs = table.set_index("id")["probability"]
    assert 0 <= probs["rd_intensity"] <= 1  # from the forecast module
    assert pd.isna(probs["valid_invention_patents"])


def test_off_track_sentences_name_the_responsible_units(board):
    table = dashboard_text.dashboard_table(board)
    sentences = dashboard_text.off_track_sentences(table)
    behind = table[table["status"].isin(["off_track", "at_risk"])]
    assert len(sentences) == len(behind)
    for sentence, row in zip(sentences, behind.itertuples(), strict=True):
        assert row.target_name in sentence and f"责任单位:{row.responsible}" in sentence


def test_a_second_plan_renders_without_code_changes(tables):
    draft = plans.load("draft-2030-example")
    b = views.dashboard.build(tables, draft, use_forecast=False)
    assert b.mode == "outlook" and len(b.table) == 5
    row = b.table.set_index("id").loc["rd_personnel_per_10k_employed"]
    assert row["status"] == "no_data" and row["data"] == "none"
    assert "就业人员" in dashboard_text.no_data_sentences(b.table)[0]
    total = b.table.set_index("id").loc["rd_expenditure"]
    rd_ = tables["rd_expenditure"]
    latest = rd_[(rd_["region"] == "通辽市") & (rd_["sector"] == "total") & (rd_["year"] == 2024)]
    assert total["latest"] == pytest.approx(latest["rd_expenditure_100m_yuan"].iloc[0])
    assert total["required_pace"] == pytest.approx((25 - total["latest"]) / 6)


def test_per_10k_uses_resident_population(tables, plan):
    s = targets.series_for(tables, plan.target("high_value_patents_per_10k"), "通辽市")
    s = s.set_index("year")["value"]
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


# --- the end of a plan --------------------------------------------------------------------------

GROWTH_2025 = {"rd_expenditure": 1.10, "gdp": 1.05, "innovation": 1.20, "population": 1.0}


def extend_to(tables: dict, year: int) -> dict:
    """The illustrative data carried one more year (a test fixture, not a generator change):
    R&D +10 %, GDP +5 %, innovation counts +20 %, population and enterprises as in year - 1."""
    out = dict(tables)
    value = {
        "rd_expenditure": "rd_expenditure_100m_yuan",
        "gdp": "gdp_100m_yuan",
        "innovation": "value",
        "population": "population_10k",
    }
    for name, col in value.items():
        t = tables[name]
        last = t[t["year"] == year - 1].copy()
        last["year"] = year
        last[col] = last[col] * GROWTH_2025[name]
        out[name] = pd.concat([t, last], ignore_index=True)
    ent = tables["enterprises"]
    out["enterprises"] = pd.concat(
        [ent, ent[ent["year"] == year - 1].assign(year=year)], ignore_index=True
    )
    return out


@pytest.fixture(scope="module")
def final(tables, plan):
    return views.dashboard.build(extend_to(tables, 2025), plan, use_forecast=False)


def test_with_data_through_the_target_year_the_dashboard_is_an_assessment(final, board):
    assert board.mode == "outlook"  # data through 2024
    assert final.mode == "assessment" and final.latest_year == 2025 and final.drafting == []
    res = final.assessment.results.set_index("id")
    assert set(res["outcome"]) <= {"achieved", "missed"}
    intensity = res.loc["rd_intensity"]
    ev = next(e for e in final.evaluations if e.target.id == "rd_intensity")
    final_pct = ev.series.set_index("year")["value"][2025]
    assert intensity["final"] == pytest.approx(final_pct)
    assert intensity["outcome"] == "missed"
    assert intensity["shortfall"] == pytest.approx(1.0 - final_pct)
    assert intensity["shortfall_pct"] == pytest.approx((1.0 - final_pct) * 100)
    share = res.loc["institutes_hospitals_share"]
    assert share["outcome"] == "achieved" and share["shortfall"] == 0


def test_assessment_path_drivers_and_responsible_units(final, plan):
    a = final.assessment
    path = a.paths[a.paths["id"] == "rd_intensity"].set_index("year")
    base = path.loc[2022, "actual"]
    assert path.loc[2022, "required"] == pytest.approx(base)
    assert path.loc[2025, "required"] == pytest.approx(1.0)
    assert path.loc[2023, "required"] == pytest.approx(base + (1.0 - base) / 3)
    frame, meta = a.sector.effects, a.sector.meta
    assert (meta["from"], meta["to"]) == (2022, 2025)
    assert frame["effect_pp"].sum() == pytest.approx(meta["change_pp"], abs=1e-6)  # meta rounds
    assert a.county is not None and a.county.meta["to"] == 2025
    units = a.units.set_index("responsible")
    missed = a.results[a.results["outcome"] == "missed"]
    expected = sum("市市场监管局" in r for r in missed["responsible"])
    assert units.loc["市市场监管局", "n_missed"] == expected
    assert "未完成" in assessment_text.assessment_reading(a)
    assert assessment_text.drivers_reading(a).startswith("按执行主体:2022–2025年")


def test_outcome_and_required_path_by_hand():
    assert assessment.outcome(0.8, 1.0, "at_least") == ("missed", pytest.approx(0.2))
    assert assessment.outcome(1.1, 1.0, "at_least") == ("achieved", 0.0)
    assert assessment.outcome(90, 100, "at_most") == ("achieved", 0.0)
    assert assessment.outcome(None, 1.0, "at_least") == ("no_data", None)
    path = assessment.required_path(2022, 0.4, 2025, 1.0)
    assert list(path["required"].round(6)) == [0.4, 0.6, 0.8, 1.0]


# --- drafting the next plan ---------------------------------------------------------------------


def test_inverse_keeps_each_share_and_grows_all_alike():
    parts = pd.Series({"a": 2.0, "b": 6.0})
    out = drafting._inverse(parts, 8.0, 16.0, 2)
    assert list(out["rd_needed_100m_yuan"]) == [4.0, 12.0]
    assert list(out["extra_100m_yuan"]) == [2.0, 6.0]
    assert out["rd_growth_pct"].tolist() == pytest.approx([(2**0.5 - 1) * 100] * 2)
    assert out["share_pct"].tolist() == [25.0, 75.0]


def test_a_draft_intensity_target_gives_growth_probability_and_the_inverse_table(tables):
    draft = plans.load("draft-2030-example")
    b = views.dashboard.build(tables, draft, n_paths=300)
    (d,) = b.drafting
    assert (d.target_pct, d.target_year, d.last_year) == (1.5, 2030, 2024)
    assert 0 <= d.probability <= 1
    mid = d.required.set_index("gdp_growth_pct").loc[5.0]
    growth = ((1.5 / d.last_pct) * 1.05**6) ** (1 / 6) - 1
    assert mid["rd_growth_pct"] == pytest.approx(growth * 100)
    sectors = d.sectors.set_index("sector")
    assert sectors["share_pct"].sum() == pytest.approx(100)
    assert sectors["rd_growth_pct"].tolist() == pytest.approx([growth * 100] * len(sectors))
    counties = d.counties.set_index("county")
    assert len(counties) == 9
    implied = counties["rd_needed_100m_yuan"] / counties["gdp_needed_year_100m_yuan"] * 100
    assert counties["intensity_implied_pct"].tolist() == pytest.approx(implied.tolist())
    shown = drafting_text.inverse_table(d.counties, "county")
    assert "目标年隐含强度(%)" in shown.payload()["columns"]


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


def test_probability_in_words_never_claims_zero_or_certainty():
    assert target_text.chance(0.0) == "不足1%"
    assert target_text.chance(0.004) == "不足1%"
    assert target_text.chance(1.0) == "超过99%"
    assert target_text.chance(0.28) == "约28%"
