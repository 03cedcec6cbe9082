"""The tile grid of China: one equal square per provincial unit, placed as on a map, coloured by
value, with its short name and value. It draws no boundary, so it needs no map review (审图):
the default national view of a report meant for publication.

The layout is geofacet's ``china_prov_grid2`` (R package geofacet, grid-designer), a well-known
tile grid of China's 34 provincial units; 台湾省, 香港 and 澳门 are drawn in grey when they have no
data, as on the map.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from rdanalysis import plots
from rdanalysis.exhibits import attach
from rdanalysis.plots import mapkey
from rdanalysis.plots.style import CAPTION_MARGIN, wrap
from rdanalysis.text.i18n import join, t

#: (row, column) of each provincial unit, row 1 at the top: geofacet's china_prov_grid2.
LAYOUT = {
    "黑龙江省": (1, 7),
    "内蒙古自治区": (2, 6),
    "吉林省": (2, 7),
    "北京市": (3, 6),
    "辽宁省": (3, 7),
    "新疆维吾尔自治区": (4, 1),
    "甘肃省": (4, 2),
    "山西省": (4, 4),
    "河北省": (4, 5),
    "天津市": (4, 6),
    "西藏自治区": (5, 1),
    "青海省": (5, 2),
    "宁夏回族自治区": (5, 3),
    "陕西省": (5, 4),
    "河南省": (5, 5),
    "山东省": (5, 6),
    "四川省": (6, 2),
    "重庆市": (6, 3),
    "湖北省": (6, 4),
    "安徽省": (6, 5),
    "江苏省": (6, 6),
    "上海市": (6, 7),
    "云南省": (7, 2),
    "贵州省": (7, 3),
    "湖南省": (7, 4),
    "江西省": (7, 5),
    "浙江省": (7, 6),
    "广西壮族自治区": (8, 4),
    "广东省": (8, 5),
    "福建省": (8, 6),
    "台湾省": (8, 7),
    "海南省": (9, 4),
    "澳门特别行政区": (9, 5),
    "香港特别行政区": (9, 6),
}
ROWS = max(r for r, _ in LAYOUT.values())
COLUMNS = max(c for _, c in LAYOUT.values())
#: Figure width (inches): a tile is about 50 px wide when the figure is shown 360 px wide.
WIDTH = 5.6
#: Gap between tiles, as a share of a tile's side.
GAP = 0.06
#: Font sizes (points) tried for a name, largest first: the largest at which the name fits its
#: tile in at most two lines without breaking a word.
_NAME_SIZES = (9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)


def _fit(name: str, width_pt: float) -> tuple[float, list[str]]:
    """The font size for ``name`` on a tile ``width_pt`` wide, and its lines at that size."""
    for size in _NAME_SIZES:
        lines = wrap(name, width_pt, size)
        if " ".join(lines) == " ".join(name.split()) and len(lines) <= 2:
            return size, lines
    return size, lines


def tile_grid(
    values: pd.Series,
    title: str,
    legend_label: str,
    reading: str = "",
    sources: str = "",
    fmt: str = "{:.2f}",
    cmap: str = "Blues",
    lang: str = "zh",
) -> Figure:
    """One square per provincial unit of China filled by ``values`` (index: official names),
    with its short name and value; grey where there is no value. ``legend_label`` names the
    measure with its unit (the colour bar's title)."""
    plots.setup()
    shown = pd.to_numeric(values, errors="coerce")
    scale = mapkey.Scale.of(shown.reindex(list(LAYOUT)), cmap)
    drawn = list(LAYOUT)
    missing = [n for n in drawn if pd.isna(shown.get(n))]
    note = mapkey.missing_note(missing, lang)
    note += mapkey.not_drawn_note(shown, drawn, lang)
    sources = join([s for s in (sources, t("chart.tile_layout", lang)) if s], lang, "clause")
    side = _side()
    height = mapkey.chart_height(ROWS * side, WIDTH, reading + note, sources, lang)
    fig = plt.figure(figsize=(WIDTH, height))
    ax = fig.add_subplot()
    inner = side * 72 * (1 - 2 * GAP) - 2
    for name in drawn:
        row, col = LAYOUT[name]
        size, lines = _fit(mapkey.label(name, lang, True), inner)
        _tile(ax, row, col, scale, shown.get(name), lines, size, fmt)
    ax.set_xlim(0.5, COLUMNS + 0.5)
    ax.set_ylim(ROWS + 0.5, 0.5)
    ax.set_aspect("equal")
    ax.set_axis_off()
    # The key in the empty north-west (rows 1-3 hold only the north-east's provinces).
    key = (0.03, 1 - 2.9 / ROWS)
    size = (COLUMNS * side, ROWS * side)
    mapkey.colour_bar(ax, scale, legend_label, key, size, bool(missing), lang)
    ax.set_title(title)
    attach(
        fig, mapkey.frame(values, drawn, legend_label, lang), title, t("chart.tile_layout", lang)
    )
    return plots.caption(fig, reading + note, sources, lang=lang)


def _side() -> float:
    """A tile's side (inches): the grid fills the figure's width."""
    return (WIDTH - 2 * CAPTION_MARGIN / 72) / COLUMNS


def _tile(ax, row: int, col: int, scale: mapkey.Scale, value, lines, size, fmt) -> None:
    inner = 1 - 2 * GAP
    ax.add_patch(
        Rectangle(
            (col - inner / 2, row - inner / 2),
            inner,
            inner,
            facecolor=scale.colour(value),
            edgecolor="none",
        )
    )
    ink = scale.ink(value)
    has_value = value is not None and pd.notna(value)
    name_y = row - 0.12 if has_value else row
    ax.text(
        col,
        name_y,
        "\n".join(lines),
        ha="center",
        va="center",
        fontsize=size,
        linespacing=1.0,
        color=ink,
    )
    if has_value:
        ax.text(
            col,
            row + 0.26,
            fmt.format(value),
            ha="center",
            va="center",
            fontsize=10,
            color=ink,
        )
