"""One house style for every chart: Chinese-ready (Noto Sans CJK SC from mplfonts), units on axes,
a one-line reading and the sources under each figure, illustrative values visibly marked.
"""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path

import matplotlib as mpl
import mplfonts
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

from rdanalysis import reference
from rdanalysis.text.i18n import t

#: Noto Sans CJK SC, SIL Open Font License 1.1, shipped inside the mplfonts package.
FONT_FILE = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"

PALETTE = {
    "real": "#1f4e79",
    "illustrative": "#c55a11",
    "target": "#b22222",
    "comparator": "#7f7f7f",
    "user": "#2e7d32",
}
SECTOR_COLORS = reference.sector_colors()


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
            # Source notes and names come from users' files: '$…$' and backslashes are text.
            "text.parse_math": False,
        }
    )


def scatter_by_status(
    ax,
    x: pd.Series,
    y: pd.Series,
    illustrative: pd.Series,
    zorder: int = 3,
    labels: tuple[str | None, str | None] = (None, None),
    size: float | None = None,
) -> None:
    """The house rule for points: solid for real values, hollow orange for illustrative ones."""
    real = ~illustrative
    if real.any():
        ax.scatter(x[real], y[real], color=PALETTE["real"], zorder=zorder, label=labels[0], s=size)
    if illustrative.any():
        ax.scatter(
            x[illustrative],
            y[illustrative],
            facecolor="white",
            zorder=zorder,
            s=size,
            edgecolor=PALETTE["illustrative"],
            label=labels[1],
        )


def target_line(ax, value: float, text: str, x: float, ls: str = "--") -> None:
    """The house target line: red, labelled just above it at ``x``."""
    ax.axhline(value, color=PALETTE["target"], ls=ls, lw=1)
    ax.annotate(
        text,
        (x, value),
        xytext=(0, 3),
        textcoords="offset points",
        color=PALETTE["target"],
        fontsize=8,
    )


def caption(fig: Figure, reading: str, sources: str, width: int = 70, lang: str = "zh") -> Figure:
    """Put the one-line reading and the sources under the figure (``width``: in Chinese
    characters; English lines hold about 1.8 times as many letters)."""
    if lang != "zh":
        width = int(width * 1.8)
    text = "\n".join(
        textwrap.wrap(f"{t('word.reading', lang)}{'' if lang == 'zh' else ' '}{reading}", width)
        + textwrap.wrap(
            f"{t('word.sources', lang)}{'' if lang == 'zh' else ' '}{sources}", width + 10
        )
    )
    fig.supxlabel(text, x=0.0, ha="left", fontsize=8.5, color="#333333")
    return fig
