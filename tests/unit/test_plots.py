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
