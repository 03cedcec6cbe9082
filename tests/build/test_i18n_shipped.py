"""English charts and readings of the shipped data: no Chinese, regions named in English."""

from __future__ import annotations

from rdanalysis.text import regions as region_text
from tests.unit.test_i18n import CJK, _chart_text


def test_charts_in_english_carry_no_chinese(processed):
    import matplotlib.pyplot as plt

    import rdanalysis as rd
    from rdanalysis.analysis import views
    from rdanalysis.plots import fan_chart, maps, regions, scenario_heatmap, splits

    tables = rd.load_all()
    o = views.outlook.build(tables, "通辽市", 1.0, 2025, None, "auto", (0.03, 0.05, 0.07), 200)
    v = views.regions.build(tables, "通辽市", 0, 0, 1.0, 2025, 0.05)
    s = views.splits.build(tables, "通辽市", "sector", 0, 0, "auto")
    figures = [
        fan_chart(o, "reading", "源", lang="en"),
        scenario_heatmap(o, "reading", "源", lang="en"),
        regions.county_effects_chart(v.decomposition, "title", "r", "源", v.region, "en"),
        splits.waterfall(s.decomposition, "title", "r", "源", "en"),
        splits.chained_chart(s.chain, "title", "r", "源", "en"),
        splits.sector_stack(s.matrix.loc[s.years], "title", "r", "源", True, "en"),
        maps.choropleth(v.league["intensity_pct"], "t", "l", "r", "源", parent=v.region, lang="en"),
    ]
    for fig in figures:
        found = [t for t in _chart_text(fig) if CJK.search(t)]
        plt.close(fig)
        assert not found, found


def test_readings_in_english_name_regions_in_english(processed):
    import rdanalysis as rd
    from rdanalysis.analysis import views

    v = views.regions.build(rd.load_all(), "通辽市", 0, 0, 1.0, 2025, 0.05)
    for text in (
        region_text.describe_league(v.league, v.end, v.reference_pct, "en"),
        region_text.county_decomposition(
            v.decomposition, region_text.children_of(v.region, "en"), "en"
        ),
        region_text.region_notes(v, "en"),
    ):
        assert not CJK.search(text), text
    assert "Tongliao" in region_text.region_notes(v, "en")
