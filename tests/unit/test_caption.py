"""Captions (the reading and the sources under every chart) fit their figure: lines are broken
where Chinese typesetting allows and measured in the font they are drawn in, so a chart needs no
tight bounding box to show its whole caption."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib import font_manager
from matplotlib.backends.backend_agg import RendererAgg

from rdanalysis import plots
from rdanalysis.plots import style

READING = (
    "解读:全国强度由2010年的1.703%变为2023年的2.667%(+0.963个百分点):"
    "企业资金经费增长贡献最大(+2.689),GDP增长使强度变化-2.364个百分点。"
)
SOURCES = (
    "来源:中国科技统计年鉴 (China Statistics Yearbook on Science and Technology), 各地区R&D经费"
    "内部支出 按资金来源分 (合计/政府资金/企业资金/国外资金/其他资金); National Bureau of "
    "Statistics, data.stats.gov.cn 'Annual by Province', indicator Gross Regional Product "
    "(100 million yuan);通辽市2022年国民经济和社会发展统计公报"
)


def drawn_width(line: str, dpi: float) -> float:
    """Points, as Agg draws the line in the caption font at ``dpi``."""
    style.setup()
    prop = font_manager.FontProperties(size=style.CAPTION_SIZE)
    renderer = RendererAgg(1, 1, dpi)
    return renderer.get_text_width_height_descent(line, prop, ismath=False)[0] * 72 / dpi


@pytest.mark.parametrize("width", [200.0, 400.0, 570.0, 850.0])
@pytest.mark.parametrize("text", [READING, SOURCES])
def test_every_line_fits_as_drawn_at_screen_and_print_resolution(text, width):
    lines = style.wrap(text, width)
    assert len(lines) >= 1
    for line in lines:
        for dpi in (110, 150):
            assert drawn_width(line, dpi) <= width, (line, dpi)


def test_lines_break_only_where_chinese_typesetting_allows():
    lines = style.wrap(READING + SOURCES, 230.0)
    assert len(lines) > 5
    for whole in ("1.703%", "2.667%", "(+0.963", "R&D", "data.stats.gov.cn", "GDP", "Province',"):
        assert any(whole in line for line in lines), (whole, lines)  # never split over two lines
    closing = set(",.;:!?%)，。、；：！？）》")
    assert not [line for line in lines[1:] if line[0] in closing]
    assert not [line for line in lines[:-1] if line[-1] in "(（《"]


def test_no_text_is_lost_or_added():
    plan = "《通辽市全社会研发经费投入提升专项行动方案》"
    for text in (READING, SOURCES, "短", "", "a  b", plan):
        lines = style.wrap(text, 150.0)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_a_piece_wider_than_a_line_is_cut_between_characters():
    url = "https://data.stats.gov.cn/easyquery.htm?cn=E0103&zb=A0201&reg=150500&sj=2024"
    lines = style.wrap(url, 120.0)
    assert len(lines) > 2
    assert "".join(lines) == url
    assert all(drawn_width(line, 110) <= 120.0 for line in lines)


def test_a_short_last_line_is_avoided_by_balancing():
    text = READING[:70]  # one line and a few characters at this width
    width = drawn_width(text[:66], 110) / style.WIDTH_SAFETY
    lines = style.wrap(text, width)
    assert len(lines) == 2
    shortest = min(drawn_width(line, 110) for line in lines)
    assert shortest > width / 4, lines


@settings(max_examples=40, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("通辽市研发经费投入强度。,()%0123456789.RDabc ")),
        max_size=120,
    ),
    st.floats(min_value=60.0, max_value=600.0),
)
def test_any_mix_of_chinese_latin_and_digits_fits_and_keeps_its_text(text, width):
    lines = style.wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert drawn_width(line, 110) <= width or len(line) == 1


@pytest.mark.parametrize("size", [(8, 4), (5, 3), (12, 4.5)])
def test_the_caption_stays_inside_a_figure_saved_without_a_tight_box(size):
    """The chart is saved as reports save it (no tight box): nothing reaches its edges."""
    plots.setup()
    fig, ax = plt.subplots(figsize=size)
    ax.plot([2015, 2024], [0.4, 0.8])
    ax.set_xlabel("年份")
    ax.set_ylabel("R&D经费 / GDP(%)")
    plots.caption(fig, READING, SOURCES)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    buffer.seek(0)
    ink = (mpimg.imread(buffer)[:, :, :3] < 0.99).any(axis=2)
    assert ink.any()
    assert not ink[:, :3].any() and not ink[:, -3:].any(), "caption touches the left/right edge"
    assert not ink[-3:, :].any(), "caption touches the bottom edge"
    rows = np.where(ink.any(axis=1))[0]
    assert rows.max() < ink.shape[0] - 3


def test_an_opening_mark_after_latin_letters_starts_the_next_line():
    """Sources normalised by NFKC write ( for （: it stays with what it opens."""
    text = "地区生产总值GDP(亿元)与R&D“投入”之比 (China Statistical Yearbook)" * 3
    for width in (60.0, 76.0, 120.0, 200.0):
        lines = style.wrap(text, width)
        assert not [line for line in lines if line[-1] in "(“（《"], lines
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_a_line_break_inside_a_source_cell_is_a_space():
    assert style.wrap("第一段文字。\n第二段\t文字", 400.0) == ["第一段文字。 第二段 文字"]
