"""The enterprise page (notebook 05) only displays: its view holds the one-to-one list when the
report asks for it (and only then: it names enterprises), and says whether any row of the
coverage table may be drawn; the chart function takes the view."""

from __future__ import annotations

from rdanalysis.analysis import views
from rdanalysis.plots import enterprises as charts
from tests.conftest import enterprise_table

CITY_2024 = {2024: (10.0, 1700.0)}  # city R&D and GDP (亿元) for the what-if
#: (county, industry, revenue 万元, R&D 万元): three zero-R&D firms above the 10,000 万元
#: threshold in 库伦旗, one in 开鲁县, and firms with R&D below and above it.
FIRMS = (
    [("库伦旗", "医药", 25000.0 + 900 * i, 0.0) for i in range(3)]
    + [("开鲁县", "食品", 150000.0, 0.0), ("开鲁县", "食品", 9000.0, 0.0)]
    + [("科尔沁区", "化工", 5000.0 + 37.1 * i, 100.0 + 3.7 * i) for i in range(6)]
    + [("库伦旗", "食品", 5200.0 + 41.3 * i, 90.0 + 2.9 * i) for i in range(4)]
)


def test_the_one_to_one_list_is_in_the_view_only_when_asked():
    ent = enterprise_table(FIRMS)
    assert views.enterprises.build_from(ent, CITY_2024, "库伦旗").listed is None
    listed = views.enterprises.build_from(ent, CITY_2024, "库伦旗", list_enterprises=True).listed
    assert list(listed["enterprise_name"]) == ["企业2", "企业1", "企业0"]  # largest revenue first
    assert list(listed["revenue_10k_yuan"]) == [26800.0, 25900.0, 25000.0]
    city = views.enterprises.build_from(ent, CITY_2024, list_enterprises=True).listed
    assert list(city["enterprise_name"]) == ["企业3", "企业2", "企业1", "企业0"]  # not 企业4: 9,000


def test_the_coverage_chart_is_drawn_from_the_view_unless_every_row_is_withheld():
    view = views.enterprises.build_from(enterprise_table(FIRMS), CITY_2024)
    fig = charts.coverage(view, "zh")
    assert fig is not None
    drawn = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert set(drawn) == set(view.charted.index) and "合计" not in drawn
    assert "2024" in fig.axes[0].get_title()
    two = views.enterprises.build_from(
        enterprise_table(FIRMS[3:5]), CITY_2024
    )  # 2 firms: all withheld
    assert two.charted.empty and charts.coverage(two, "zh") is None
