"""Charts render Chinese with the packaged font on a fresh machine, minus signs included."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

from rdanalysis import plots
from rdanalysis.plots import style


def _draw_and_collect(draw) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = draw()
        fig.canvas.draw()
        plt.close(fig)
    return [str(w.message) for w in caught]


def test_chinese_text_and_minus_signs_render_without_missing_glyphs():
    plots.setup()

    def draw():
        fig, ax = plt.subplots()
        ax.plot([-2, -1, 0, 1], [-0.5, 0.2, -0.1, 0.4])
        ax.set_title("通辽市 R&D经费投入强度 科尔沁左翼中旗")
        ax.set_xlabel("年份")
        ax.set_ylabel("变化(百分点)")
        return plots.caption(fig, "强度下降−0.12个百分点。", "示例数据(非真实统计)")

    messages = _draw_and_collect(draw)
    assert not [m for m in messages if "Glyph" in m or "missing from font" in m], messages
    assert matplotlib.rcParams["axes.unicode_minus"] is True


def test_a_missing_glyph_would_be_caught():
    """The check above can fail: DejaVu Sans alone has no Chinese glyphs."""

    def draw():
        with matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans"]}):
            fig, ax = plt.subplots()
            ax.set_title("通辽市")
            fig.canvas.draw()
        return fig

    assert any("Glyph" in m for m in _draw_and_collect(draw))


def test_font_is_the_openly_licensed_noto_sans_cjk():
    assert style.font_name() == "Noto Sans CJK SC"
    assert style.FONT_FILE.name == "NotoSansCJKsc-Regular.otf"


def test_intensity_chart_marks_illustrative_points():
    series = pd.DataFrame(
        {
            "year": [2021, 2022, 2023],
            "rd_intensity_pct": [0.5, 0.55, 0.6],
            "gdp_100m_yuan": [1400.0, 1561.8, 1609.0],
            "status": ["illustrative"] * 3,
            "gdp_status": ["illustrative", "verbatim", "verbatim"],
            "source": ["s"] * 3,
            "rd_expenditure_100m_yuan": [7.0, 8.6, 9.7],
            "method": ["computed"] * 3,
        }
    )
    fig = plots.gdp_and_intensity(series, "通辽市", 1.0, reading="r", sources="s")
    labels = [t.get_text() for ax in fig.axes for t in ax.get_legend().get_texts()]
    assert "示例数据(非真实)" in labels
    assert "示例插补(该年无公开数)" in labels
    assert fig.axes[1].get_ylabel() == "R&D经费 / GDP(%)"
    assert fig.axes[0].get_ylabel() == "亿元(现价)"
    plt.close(fig)


def test_gdp_quoted_second_hand_or_interpolated_is_marked_apart():
    series = pd.DataFrame(
        {
            "year": [2020, 2021, 2022],
            "rd_intensity_pct": [0.5, 0.55, 0.6],
            "gdp_100m_yuan": [1276.64, 1412.04, 1561.8],
            "status": ["user"] * 3,
            "gdp_status": ["verbatim", "derived", "verbatim"],
            "source": ["s"] * 3,
            "rd_expenditure_100m_yuan": [6.4, 7.8, 9.4],
            "method": ["computed"] * 3,
            "gdp_tier": [3, 3, 2],
            "gdp_interpolation": ["", "log-linear", ""],
        }
    )
    fig = plots.gdp_and_intensity(series, "通辽市", 1.0, reading="r", sources="s")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["公开数据", "二手引用的公开数(来源等级3)", "插值(该年无公开数,按所选方法)"]
    hatches = {b.get_x() + b.get_width() / 2: b.get_hatch() for b in fig.axes[0].patches}
    assert hatches == {2020: "..", 2021: "xx", 2022: None}
    plt.close(fig)


def _bar_colors(ax) -> list[str]:
    return [matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches]


def test_each_effect_has_one_colour_in_the_waterfall_and_the_annual_chart():
    """The GDP (denominator) effect, and each sector's spending effect, are drawn in the same
    colour in the waterfall (start->end) and the year-by-year stacked chart; a falling effect
    is not recoloured red (red would read as a different component)."""
    from types import SimpleNamespace

    from rdanalysis.plots import splits

    units = ["enterprise", "higher_education", "GDP"]
    factors = ["spending", "spending", "gdp"]
    effects = pd.DataFrame({"unit": units, "factor": factors, "effect_pp": [0.3, 0.02, -0.18]})
    dec = SimpleNamespace(
        effects=effects, start=2015, end=2024, intensity_start=0.38, intensity_end=0.52
    )
    fig = splits.waterfall(dec, "分解")
    steps = _bar_colors(fig.axes[0])[1:-1]  # between the start and end levels
    plt.close(fig)
    chained = pd.concat(
        [effects.assign(end=2023, effect_pp=[0.1, 0.01, -0.05]), effects.assign(end=2024)]
    )
    fig = splits.chained_chart(chained, "逐年分解")
    annual = {
        c.get_label(): matplotlib.colors.to_hex(c.patches[0].get_facecolor())
        for c in fig.axes[0].containers
    }
    plt.close(fig)
    labels = [splits.unit_label(u, f) for u, f in zip(units, factors, strict=True)]
    assert [annual[label] for label in labels] == steps
    assert steps[2] == splits.EFFECT_COLORS["gdp"] and len(set(steps)) == 3
    assert steps[0] == style.SECTOR_COLORS["enterprise"]  # as in the stacked spending bars


def _evaluation(i: int, status: str = "on_track"):
    from types import SimpleNamespace

    target = SimpleNamespace(
        id=f"t{i}", name=f"规上工业企业研发机构覆盖率{i}", name_en="", unit="%", value=1.0
    )
    series = pd.DataFrame(
        {"year": [2022, 2023, 2024], "value": [0.5, 0.6, 0.7], "status": ["real"] * 3}
    )
    return SimpleNamespace(
        target=target, series=series, status=status, projected=0.8, latest_year=2024, latest=0.7
    )


def _texts(fig) -> list:
    from matplotlib.text import Text

    fig.canvas.draw()
    return [x for x in fig.findobj(Text) if x.get_visible() and x.get_text().strip()]


def test_small_multiples_read_on_a_phone():
    """The dashboard's nine panels are one image shown 351 px wide at 375 px (and as drawn at
    1280 px): every title, tick, axis label and caption line is at least 8.5 px on the phone
    (the 3x3 figure drew 10 pt titles that a phone showed at 4 px)."""
    from rdanalysis.plots import dashboard

    evals = [_evaluation(i) for i in range(9)]
    fig = dashboard.small_multiples(evals, 2025, "九项目标中一项已达到。", "示例数据")
    dpi = matplotlib.rcParams["figure.dpi"]
    shown = min(1.0, 351 / (fig.get_figwidth() * dpi))  # the image's scale on the phone
    smallest = min(x.get_fontsize() / 72 * dpi * shown for x in _texts(fig))
    plt.close(fig)
    assert smallest >= 8.5, smallest


def test_small_multiple_panels_take_the_status_colours_of_the_table():
    """A target 按期推进 (on track) is drawn on the table's blue, not on 达到目标's green."""
    from rdanalysis.plots import dashboard
    from rdanalysis.text.tables import STATUS_FILLS

    statuses = ["on_track", "achieved", "at_risk", "off_track"]
    fig = dashboard.small_multiples([_evaluation(i, s) for i, s in enumerate(statuses)], 2025)
    panels = [matplotlib.colors.to_hex(ax.get_facecolor()) for ax in fig.axes[: len(statuses)]]
    plt.close(fig)
    assert panels == [f"#{STATUS_FILLS[s]}".lower() for s in statuses]


def test_chart_text_prints_at_7pt_or_more_on_a4():
    """A chart printed on A4 is shrunk to the text block: its reading and sources, titles,
    ticks, legends and value labels still print at 7 pt or more (the 9-inch waterfall's 8 pt
    labels and 8.5 pt caption printed at 6.5-6.9 pt, the 12.6-inch small multiples' at 5)."""
    from types import SimpleNamespace

    from rdanalysis.plots import dashboard, splits

    units = ["enterprise", "higher_education", "hospital", "other", "government_institute", "GDP"]
    factors = ["spending"] * 5 + ["gdp"]
    effects = pd.DataFrame({"unit": units, "factor": factors, "effect_pp": [0.3, 0.02] * 3})
    dec = SimpleNamespace(
        effects=effects, start=2015, end=2024, intensity_start=0.38, intensity_end=1.3
    )
    chained = pd.concat([effects.assign(end=y) for y in (2022, 2023, 2024)])
    charts = {
        "waterfall": splits.waterfall(dec, "分解", "解读一句。", "来源若干"),
        "chained": splits.chained_chart(chained, "逐年分解", "解读一句。", "来源若干"),
        "multiples": dashboard.small_multiples(
            [_evaluation(i) for i in range(9)], 2025, "解读一句。", "来源若干"
        ),
    }
    for name, fig in charts.items():
        # the PNG (figure.dpi) at 96 px an inch, within A4's 186 mm text width and 235 mm
        width, height = fig.get_size_inches()
        scale = min(fig.dpi / 96, 186 / 25.4 / width, 235 / 25.4 / height)
        smallest = min(x.get_fontsize() * scale for x in _texts(fig))
        plt.close(fig)
        assert smallest >= 7.0 - 1e-6, (name, smallest)
