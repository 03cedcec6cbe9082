"""One house style for every chart: Chinese-ready (Noto Sans CJK SC from mplfonts), units on axes,
a one-line reading and the sources under each figure, illustrative values visibly marked.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import matplotlib as mpl
import mplfonts
import pandas as pd
from matplotlib import font_manager, ft2font
from matplotlib.figure import Figure

from rdanalysis import exhibits, reference
from rdanalysis.text.i18n import t

#: Noto Sans CJK SC, SIL Open Font License 1.1, shipped inside the mplfonts package.
FONT_FILE = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"

#: Caption font size (points), and its margin from the figure's left and right edges (points).
CAPTION_SIZE = 8.5
CAPTION_MARGIN = 6.0
#: Widths are summed from the font's advances; Agg's hinted text measured up to 1.4 % wider.
WIDTH_SAFETY = 0.97
#: Printing on A4: a page shows a chart's PNG (drawn at figure.dpi) at its pixel size (96 px an
#: inch) up to the text block's width (210 mm - 2 x 12 mm) and 235 mm high (page.html.j2), and
#: no chart text prints smaller than PRINT_MIN_PT.
PRINT_WIDTH_IN, PRINT_HEIGHT_IN, PRINT_MIN_PT = 186 / 25.4, 235 / 25.4, 7.0

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
            # Every chart fits its figure (constrained layout, captions wrapped to the width):
            # no second, measuring draw to find a tight box (a fifth of a chart's time).
            "savefig.bbox": "standard",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.titlesize": 12,
            "axes.titleweight": "normal",  # the packaged CJK font has one weight
            "axes.labelsize": 10,
            "legend.frameon": False,
            "figure.constrained_layout.use": True,
            # a margin of CAPTION_MARGIN points inside the figure's edges (matplotlib: 3)
            "figure.constrained_layout.w_pad": CAPTION_MARGIN / 72,
            "figure.constrained_layout.h_pad": CAPTION_MARGIN / 72,
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


#: Where a caption line may break, as in Chinese typesetting: after a Chinese character or a
#: space; never inside a run of letters and digits (0.81%, R&D), never before a closing mark
#: (,。、)) nor after an opening one ((《).
_WIDE = (
    "\u1100-\u115f\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
)
_OPEN = "(\\[{（《「『【〔“‘"
_CLOSE = ")\\]},.;:!?%，。、；：！？）》」』】〕”’…·"
_UNIT = re.compile(
    rf"[{_OPEN}]*(?:[{_WIDE}]|(?:[^\s{_WIDE}{_OPEN}]|[{_OPEN}](?=[{_OPEN}]*[^\s{_WIDE}{_OPEN}]))+)"
    rf"[{_CLOSE}]*\s*|\S\s*|\s+"
)
_NO_SCALE = getattr(getattr(ft2font, "LoadFlags", None), "NO_SCALE", None) or getattr(
    ft2font, "LOAD_NO_SCALE", 1
)


@cache
def _caption_font() -> ft2font.FT2Font:
    return ft2font.FT2Font(str(FONT_FILE))


# A forked process opens its own copy: the font reads its file as it goes, and a file position
# shared with other processes would be moved under it (matplotlib does the same for its fonts).
os.register_at_fork(after_in_child=_caption_font.cache_clear)


@cache
def _advance(char: str) -> float:
    """How far ``char`` moves the pen, in ems (1 for a character the font does not have)."""
    font = _caption_font()
    if not font.get_char_index(ord(char)):
        return 1.0
    return font.load_char(ord(char), flags=_NO_SCALE).horiAdvance / font.units_per_EM


def units(text: str) -> list[str]:
    """``text`` cut where a line may break (see ``_UNIT``); joined again they give ``text``."""
    return _UNIT.findall(text)


def _lines(pieces: list[tuple[str, float, float]], width: float) -> list[str]:
    lines, line, used = [], "", 0.0
    for piece, full, bare in pieces:
        if line and used + bare > width:
            lines.append(line.rstrip())
            line, used = "", 0.0
        line, used = line + piece, used + full
    return [*lines, line.rstrip()] if line.strip() else lines


def wrap(text: str, width_pt: float, size: float = CAPTION_SIZE) -> list[str]:
    """``text`` in lines no wider than ``width_pt`` points in the caption font at ``size``,
    broken where Chinese typesetting allows (see ``units``). A piece wider than a line (a long
    web address) is cut between characters; a last line under a quarter of the width is
    avoided by balancing the lines (as few, and as even, as the width allows)."""
    em = size / WIDTH_SAFETY
    width_pt = max(width_pt, 3 * em)  # a line holds a few characters, however narrow the chart
    text = " ".join(text.split())  # a line break or tab inside a source cell is a space here

    def measure(piece: str) -> float:
        return sum(map(_advance, piece)) * em

    pieces = []
    for unit in units(text):
        while len(unit) > 1 and measure(unit.rstrip()) > width_pt:
            cut = 1  # the longest head that fits, at least one character
            while cut < len(unit) - 1 and measure(unit[: cut + 1]) <= width_pt:
                cut += 1
            pieces.append((unit[:cut], float("inf"), float("inf")))  # always a line of its own
            unit = unit[cut:]
        pieces.append((unit, measure(unit), measure(unit.rstrip())))
    pieces = [(p, min(f, width_pt), min(b, width_pt)) for p, f, b in pieces]
    lines = _lines(pieces, width_pt)
    last = measure(lines[-1]) if lines else width_pt
    if len(lines) > 1 and last < width_pt / 4:
        low, high = width_pt / len(lines), width_pt
        while high - low > 1.0:  # the narrowest width that still takes this many lines
            mid = (low + high) / 2
            if len(_lines(pieces, mid)) > len(lines):
                low = mid
            else:
                high = mid
        lines = _lines(pieces, high)
    return lines


def print_scale(fig: Figure) -> float:
    """How much a chart is shrunk (or enlarged) when its page prints on A4 portrait."""
    width, height = fig.get_size_inches()
    shown = fig.dpi / 96  # the PNG's pixels at the page's 96 px an inch
    return min(shown, PRINT_WIDTH_IN / width, PRINT_HEIGHT_IN / height)


def _raise_small_text(fig: Figure, floor: float) -> None:
    """Titles, axis labels, tick labels and legends below ``floor`` points are set to it (data
    labels that a chart fits to its marks, such as a tile's name, are left as drawn)."""
    for ax in fig.axes:
        texts = [ax.title, ax.xaxis.label, ax.yaxis.label]
        legend = ax.get_legend()
        if legend is not None:
            texts += [*legend.get_texts(), legend.get_title()]
        for text in texts:
            if text.get_text() and text.get_fontsize() < floor:
                text.set_fontsize(floor)
        for axis in ("x", "y"):
            ticks = getattr(ax, f"get_{axis}ticklabels")()
            if ticks and min(x.get_fontsize() for x in ticks) < floor:
                ax.tick_params(axis=axis, labelsize=floor)
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_fontsize() < floor:
        sup.set_fontsize(floor)


def caption(
    fig: Figure,
    reading: str,
    sources: str,
    width: int | None = None,
    lang: str = "zh",
    size: float = CAPTION_SIZE,
) -> Figure:
    """Put the one-line reading and the sources under the figure, wrapped to its width, in
    ``size`` points (larger for a figure shown smaller than drawn, so that it still reads), and
    raise any title, label, tick or legend that would print under 7 pt on A4.

    ``width`` (a number of characters) is no longer used: lines are fitted to the figure."""
    space = "" if lang == "zh" else " "
    exhibits.describe(fig, reading)
    floor = PRINT_MIN_PT / print_scale(fig)  # what prints at 7 pt on A4
    _raise_small_text(fig, floor)
    size = max(size, floor)
    width = fig.get_figwidth() * 72 - 2 * CAPTION_MARGIN
    text = "\n".join(
        wrap(f"{t('word.reading', lang)}{space}{reading}", width, size)
        + wrap(f"{t('word.sources', lang)}{space}{sources}", width, size)
    )
    fig.supxlabel(
        text,
        x=CAPTION_MARGIN / (fig.get_figwidth() * 72),
        ha="left",
        fontsize=size,
        color="#333333",
    )
    return fig
