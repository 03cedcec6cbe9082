"""Enterprise aggregates are safe to publish: no cell reveals one enterprise (threshold and
dominance rules), withheld cells cannot be recovered from the totals (within a report, or
between the city's and a county's report), statistics rest on enough enterprises, readings and
charts say nothing withheld, and a missing table says so."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rdanalysis.analysis import enterprises, targets, views
from rdanalysis.plots import enterprises as enterprise_charts
from rdanalysis.text import enterprises as enterprise_text
from tests.conftest import enterprise_table

CITY_2024 = {2024: (10.0, 1700.0)}  # city R&D and GDP (亿元) for the what-if
ALL = enterprises.ALL
MERGED, TOTAL = enterprises.MERGED, enterprises.TOTAL_LABEL


def _many(county: str, industry: str, n: int, start: float = 0.0) -> list[tuple]:
    """``n`` ordinary enterprises: revenue 5,000-ish 万元, R&D 100-ish 万元, none alike."""
    return [
        (county, industry, 5000.0 + 37.1 * (i + start), 100.0 + 3.7 * (i + start)) for i in range(n)
    ]


# The issue's cases: 开鲁县 one enterprise (a one-to-one row of 150,000 万元), 奈曼旗 two
# enterprises of which one holds 96 % of the R&D.
ISSUE = (
    [("开鲁县", "食品", 150000.0, 0.0)]
    + [("奈曼旗", "化工", 30000.0, 960.0), ("奈曼旗", "化工", 8000.0, 40.0)]
    + _many("科尔沁区", "食品", 6)
    + _many("科尔沁区", "化工", 5, 10)
    + _many("库伦旗", "食品", 4, 20)
    + [("科尔沁区", "医药", 20000.0 + 1000 * i, 0.0) for i in range(3)]
    + [("库伦旗", "医药", 25000.0 + 900 * i, 0.0) for i in range(3)]
)


def _shown_numbers(view: views.enterprises.CoverageView) -> set[float]:
    """Every number in the view's tables and what-if."""
    found = set()
    for table in (view.by_county, view.by_industry, view.one_to_one, view.rd_share):
        for value in table.drop(columns="is_withheld", errors="ignore").to_numpy().ravel():
            if isinstance(value, float | int) and not np.isnan(value):
                found.add(round(float(value), 6))
    found |= {round(float(v), 6) for v in (view.what_if or {}).values()}
    return found


@pytest.mark.parametrize("county", [ALL, "开鲁县", "奈曼旗", "科尔沁区", "库伦旗"])
def test_no_report_of_the_issue_data_shows_a_single_enterprise(county):
    ent = enterprise_table(ISSUE)
    view = views.enterprises.build_from(ent, CITY_2024, county)
    shown = _shown_numbers(view)
    assert 150000.0 not in shown  # 开鲁县's one enterprise's revenue (the issue)
    assert 960.0 not in shown and 40.0 not in shown and 1000.0 not in shown  # 奈曼旗's pair
    for table in (view.by_county, view.by_industry):
        assert (
            not table.drop(index=TOTAL, errors="ignore")
            .query("enterprises < 3")
            .eval("~is_withheld")
            .any()
        ), table


def test_the_issue_rows_are_marked_withheld_in_the_city_report():
    view = views.enterprises.build_from(enterprise_table(ISSUE), CITY_2024, ALL)
    assert view.one_to_one.loc["开鲁县", "is_withheld"]
    assert np.isnan(view.one_to_one.loc["开鲁县", "zero_rd_revenue_10k_yuan"])
    assert view.one_to_one.loc["开鲁县", "above_threshold"] == 1  # a count stays published
    assert view.by_county.loc["奈曼旗", "is_withheld"]
    assert np.isnan(view.by_county.loc["奈曼旗", "rd_10k_yuan"])
    assert "开鲁县" in view.withheld["one_to_one"] and "奈曼旗" in view.withheld["by_county"]


def test_the_merged_row_is_the_total_less_the_published_rows_and_passes_the_rule():
    ent = enterprise_table(ISSUE)
    view = views.enterprises.build_from(ent, CITY_2024, ALL)
    table = view.by_county
    published = table[~table["is_withheld"]].drop(index=[MERGED, TOTAL])
    merged = table.loc[MERGED]
    assert merged["rd_10k_yuan"] == pytest.approx(
        table.loc[TOTAL, "rd_10k_yuan"] - published["rd_10k_yuan"].sum()
    )
    hidden = table.index[table["is_withheld"]]
    members = ent[ent["county"].isin(hidden)]
    assert merged["enterprises"] == len(members)
    assert not enterprises.sensitive(members, "rd_expenditure_10k_yuan")


def test_a_county_report_and_the_city_report_withhold_the_same_cells():
    ent = enterprise_table(ISSUE)
    city = views.enterprises.build_from(ent, CITY_2024, ALL)
    for county in ("开鲁县", "奈曼旗", "科尔沁区", "库伦旗"):
        own = views.enterprises.build_from(ent, CITY_2024, county)
        # the county's total in its own report is the city report's row for it
        assert own.by_county.loc[TOTAL, "is_withheld"] == city.by_county.loc[county, "is_withheld"]
        # and its industry rows cannot be subtracted from that total to leave one enterprise
        rows = own.by_industry.drop(index=[TOTAL, MERGED], errors="ignore")
        hidden = rows[rows["is_withheld"]]
        if not own.by_county.loc[TOTAL, "is_withheld"] and len(hidden):
            members = ent[(ent["county"] == county) & ent["industry"].isin(hidden.index)]
            assert len(hidden) >= 2
            assert not enterprises.sensitive(members, "rd_expenditure_10k_yuan")


def test_an_industry_of_the_city_less_a_county_does_not_leave_one_enterprise():
    # 医药: 科尔沁区 3 and 库伦旗 3 enterprises, both publishable on their own; 化工 has
    # 奈曼旗's pair (withheld) and five in 科尔沁区: the city's 化工 less 科尔沁区's would be
    # 奈曼旗's pair, so either the city's 化工 or 科尔沁区's 化工 is withheld too.
    ent = enterprise_table(ISSUE)
    city = views.enterprises.build_from(ent, CITY_2024, ALL).by_industry
    keerqin = views.enterprises.build_from(ent, CITY_2024, "科尔沁区").by_industry
    assert city.loc["化工", "is_withheld"] or keerqin.loc["化工", "is_withheld"]


def test_statistics_over_few_enterprises_are_withheld():
    rows = enterprise_table(_many("科尔沁左翼后旗", "食品", 6) + _many("科尔沁区", "食品", 30, 50))
    view = views.enterprises.build_from(rows, CITY_2024, "科尔沁左翼后旗")
    assert view.rd_share.loc["count", "rd_share_pct"] == 6  # how many is not confidential
    assert view.rd_share.drop(index="count")["rd_share_pct"].isna().all()
    assert view.rd_share.drop(index="count")["is_withheld"].all()
    assert view.reserve_fund_count is None and view.median_rd_share_pct is None
    assert "statistics" in view.withheld["statistics"]
    assert "不发布" in enterprise_text.rd_share_reading(view)


def test_a_county_s_statistics_cannot_be_had_from_the_city_s_and_the_others():
    # two counties: the small one's are withheld, so the big one's must be too (else the
    # city's mean x count less the big one's gives the small one's sum)
    rows = enterprise_table(_many("科尔沁左翼后旗", "食品", 6) + _many("科尔沁区", "食品", 30, 50))
    small = views.enterprises.build_from(rows, CITY_2024, "科尔沁左翼后旗")
    big = views.enterprises.build_from(rows, CITY_2024, "科尔沁区")
    city = views.enterprises.build_from(rows, CITY_2024, ALL)
    assert small.rd_share["is_withheld"].iloc[1:].all()
    assert big.rd_share["is_withheld"].iloc[1:].all() or city.rd_share["is_withheld"].iloc[1:].all()


def test_quantiles_are_means_of_three_enterprises_and_no_minimum_or_maximum():
    rows = enterprise_table(
        [("科尔沁区", "化工", 1000.0, float(i)) for i in range(1, 31)]  # R&D share i/10 %
    )
    view = views.enterprises.build_from(rows, CITY_2024, ALL)
    stats = view.rd_share["rd_share_pct"]
    assert "min" not in stats.index and "max" not in stats.index
    # 30 shares 0.1 .. 3.0 %: the median's window is ranks 14-16 (0-based), 1.5 .. 1.7 %
    assert stats["50%"] == pytest.approx(1.6)
    shares = {round(i / 10, 9) for i in range(1, 31)}
    for q in ("25%", "75%", "90%"):
        assert round(stats[q], 9) in shares  # evenly spaced: the window mean is its middle
    assert stats["mean"] == pytest.approx(1.55)
    assert enterprises.MIN_ENTERPRISES_FOR_STATISTICS == 20


def test_a_quantile_is_never_one_enterprise_s_own_figure():
    rows = enterprise_table([("科尔沁区", "化工", 1000.0, 1.0 + i * i) for i in range(25)])
    view = views.enterprises.build_from(rows, CITY_2024, ALL)
    own = {round((1.0 + i * i) / 1000 * 100, 9) for i in range(25)}
    for q in ("25%", "50%", "75%", "90%"):
        assert round(view.rd_share.loc[q, "rd_share_pct"], 9) not in own


def test_what_if_uses_the_list_and_the_city_figures():
    rows = enterprise_table(
        [("科尔沁区", "化工", 20000.0 + i, 0.0) for i in range(4)] + _many("开鲁县", "食品", 3)
    )
    view = views.enterprises.build_from(rows, CITY_2024, ALL, what_if_share_pct=1.0)
    # four enterprises of about 2 亿元 revenue at 1 % add about 0.08 亿元
    assert view.what_if["added_rd_100m_yuan"] == pytest.approx(0.080006)
    assert view.what_if["intensity_before_pct"] == pytest.approx(10 / 1700 * 100)


def test_what_if_over_one_enterprise_is_withheld_and_says_so():
    rows = enterprise_table([("科尔沁区", "化工", 20000.0, 0.0), *_many("开鲁县", "食品", 5)])
    view = views.enterprises.build_from(rows, CITY_2024, ALL)
    assert view.what_if is None and "what_if" in view.withheld
    assert "保密规则" in enterprise_text.what_if_reading(view, 1.0)
    assert "20000" not in enterprise_text.what_if_reading(view, 1.0)


def test_too_few_enterprises_in_all_withholds_every_figure():
    rows = enterprise_table([("库伦旗", "食品", 20000.0, 0.0), ("库伦旗", "食品", 15000.0, 10.0)])
    view = views.enterprises.build_from(rows, CITY_2024, ALL)
    for table in (view.by_county, view.by_industry, view.one_to_one):
        assert table["is_withheld"].all()
    assert view.what_if is None
    note = enterprise_text.confidentiality_note(view)
    assert "少于3家" in note and "85%" in note and "不发布" in note
    assert "不发布" in enterprise_text.coverage_reading(view)
    assert "不发布" in enterprise_text.one_to_one_reading(view, 10000.0)


def test_readings_state_no_withheld_number():
    view = views.enterprises.build_from(enterprise_table(ISSUE), CITY_2024, "开鲁县")
    text = " ".join(
        [
            enterprise_text.headline(view),
            enterprise_text.confidentiality_note(view),
            enterprise_text.coverage_reading(view),
            enterprise_text.one_to_one_reading(view, 10000.0),
            enterprise_text.rd_share_reading(view),
            enterprise_text.what_if_reading(view, 1.0),
        ]
    )
    assert "150000" not in text and "15.00" not in text and "15亿" not in text


def test_the_chart_draws_no_withheld_row():
    view = views.enterprises.build_from(enterprise_table(ISSUE), CITY_2024, ALL)
    assert view.withheld["by_county"]
    fig = enterprise_charts.coverage_chart(view.by_county, "测试")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert not set(view.withheld["by_county"]) & set(labels)
    assert len(fig.axes[0].patches) == 3 * len(labels)  # three bars per drawn row
    assert any("不绘出" in t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))


def test_no_enterprise_table_says_what_is_missing():
    view = views.enterprises.build_from(enterprise_table([]).iloc[0:0], CITY_2024)
    assert view.missing == ["enterprises"]
    assert "未提供规上工业企业数据" in enterprise_text.headline(view)
    assert enterprise_text.coverage_reading(view) == ""
    assert enterprise_text.confidentiality_note(view) == ""


def test_no_city_figures_for_the_year_skips_only_the_what_if():
    rows = enterprise_table([("科尔沁区", "化工", 20000.0 + i, 0.0) for i in range(4)])
    view = views.enterprises.build_from(rows, {}, ALL, 0)
    assert view.missing == ["city_intensity"]
    assert not view.by_county.empty and "what_if" not in view.withheld
    assert "不做测算" in enterprise_text.what_if_reading(view, 1.0)


def test_the_dashboard_s_coverage_withholds_a_year_the_rule_withholds():
    rows = pd.concat(
        [
            enterprise_table([("库伦旗", "食品", 20000.0, 0.0), ("库伦旗", "食品", 15000.0, 10.0)]),
            enterprise_table(_many("科尔沁区", "食品", 5)).assign(year=2023),
        ]
    ).assign(origin="o")
    series = targets._coverage_series(rows, "coverage_spending")
    assert list(series["year"]) == [2023]  # 2024 has two enterprises
