"""One house style for every chart: Chinese-ready (Noto Sans CJK SC from mplfonts), units on axes,
a one-line reading and the sources under each figure, illustrative values visibly marked.
"""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import mplfonts
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

#: Noto Sans CJK SC, SIL Open Font License 1.1, shipped inside the mplfonts package.
FONT_FILE = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"

PALETTE = {
    "real": "#1f4e79",
    "illustrative": "#c55a11",
    "target": "#b22222",
    "comparator": "#7f7f7f",
    "user": "#2e7d32",
}
SECTOR_COLORS = {
    "enterprise": "#1f4e79",
    "government_institute": "#2e8b57",
    "higher_education": "#c9a227",
    "hospital": "#b22222",
    "other": "#8c8c8c",
}


@cache
def font_name() -> str:
    """Register the packaged CJK font with matplotlib and return its family name."""
    font_manager.fontManager.addfont(str(FONT_FILE))
    return font_manager.FontProperties(fname=str(FONT_FILE)).get_name()


def setup() -> None:
    """Apply the house style (idempotent). Call before drawing; the plot functions call it."""
    mpl.rcParams.update(
        {
            "font.family": "sans-serif",
            # DejaVu Sans after the CJK font: matplotlib falls back glyph by glyph.
            "font.sans-serif": [font_name(), "DejaVu Sans"],
            "axes.unicode_minus": True,
            "figure.dpi": 110,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.titlesize": 12,
            "axes.titleweight": "normal",  # the packaged CJK font has one weight
            "axes.labelsize": 10,
            "legend.frameon": False,
            "figure.constrained_layout.use": True,
        }
    )


def caption(fig: Figure, reading: str, sources: str, width: int = 70) -> Figure:
    """Put the one-line reading and the sources under the figure."""
    text = "\n".join(
        textwrap.wrap(f"解读:{reading}", width) + textwrap.wrap(f"来源:{sources}", width + 10)
    )
    fig.supxlabel(text, x=0.0, ha="left", fontsize=8.5, color="#333333")
    return fig


def gdp_and_intensity(
    series: pd.DataFrame,
    region: str,
    target_pct: float | None = 1.0,
    reading: str = "",
    sources: str = "",
) -> Figure:
    """Two panels: GDP (亿元, bars) and R&D intensity (%, line); illustrative points hollow.

    ``series`` is the output of ``indicators.intensity_series`` (one row per year).
    """
    setup()
    fig, (ax_gdp, ax_int) = plt.subplots(1, 2, figsize=(10, 4.2))
    s = series.sort_values("year")
    illus = s["status"].eq("illustrative")
    gdp = s.dropna(subset=["gdp_100m_yuan"])
    gdp_ill = gdp["gdp_status"].eq("illustrative")
    ax_gdp.bar(
        gdp.loc[~gdp_ill, "year"],
        gdp.loc[~gdp_ill, "gdp_100m_yuan"],
        color=PALETTE["real"],
        label="公开数据",
    )
    if gdp_ill.any():
        ax_gdp.bar(
            gdp.loc[gdp_ill, "year"],
            gdp.loc[gdp_ill, "gdp_100m_yuan"],
            color="white",
            edgecolor=PALETTE["illustrative"],
            hatch="///",
            label="示例插补(该年无公开数)",
        )
    ax_gdp.set_title(f"{region} 地区生产总值")
    ax_gdp.set_ylabel("亿元(现价)")
    ax_gdp.set_xlabel("年份")
    ax_gdp.legend(loc="upper left", fontsize=8)

    ax_int.plot(s["year"], s["rd_intensity_pct"], color=PALETTE["real"], lw=1.5, zorder=1)
    if (~illus).any():
        ax_int.scatter(
            s.loc[~illus, "year"],
            s.loc[~illus, "rd_intensity_pct"],
            color=PALETTE["real"],
            zorder=2,
            label="公开数据",
        )
    if illus.any():
        ax_int.scatter(
            s.loc[illus, "year"],
            s.loc[illus, "rd_intensity_pct"],
            facecolor="white",
            edgecolor=PALETTE["illustrative"],
            zorder=2,
            label="示例数据(非真实)",
        )
    if target_pct is not None:
        ax_int.axhline(target_pct, color=PALETTE["target"], ls="--", lw=1)
        ax_int.annotate(
            f"目标 {target_pct:g}%",
            (s["year"].min(), target_pct),
            color=PALETTE["target"],
            xytext=(0, 3),
            textcoords="offset points",
            fontsize=8,
        )
    ax_int.set_title(f"{region} R&D经费投入强度")
    ax_int.set_ylabel("R&D经费 / GDP(%)")
    ax_int.set_xlabel("年份")
    ax_int.set_ylim(bottom=0)
    ax_int.legend(loc="lower right", fontsize=8)
    for ax in (ax_gdp, ax_int):
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    return caption(fig, reading, sources)
