"""What the maps and the tile grid share: the colour scale and its key (a colour bar with the
unit, and a grey "no data" patch), the names shown on them, the note on regions without data,
and the frame a chart was drawn from (for the workbook)."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, LinearSegmentedColormap, Normalize, to_rgba
from matplotlib.patches import Patch

from rdanalysis import reference
from rdanalysis.errors import RDAnalysisError
from rdanalysis.plots.style import CAPTION_MARGIN, wrap
from rdanalysis.text.i18n import join, region, t

#: Regions without a value (台湾省, 香港, 澳门; any province without data).
NO_DATA = "#cfcfcf"
STYLES = ("tile", "map")
#: The key's size (inches): the colour bar with its title above and its ticks below, and the
#: grey "no data" patch beside it.
KEY_SIZE = (2.4, 0.62)
#: Heights (inches) of what a chart adds to its drawing: the title above it, and each line of the
#: caption below it (8.5 pt, as drawn by ``plots.caption``), with the margins around them.
TITLE_HEIGHT = 0.38
CAPTION_LINE = 0.1295
CAPTION_PADS = 0.16
#: The palette's lightest tenth is left out: the lowest value must still stand out from white.
_LIGHTEST = 0.12


def check_style(style: str) -> str:
    """``style`` if it is a view of the national chart (tile or map); else an RDAnalysisError."""
    if style not in STYLES:
        expected = ", ".join(STYLES)
        raise RDAnalysisError(f"parameter 'map_style' = {style!r} (expected one of {expected})")
    return style


@dataclass(frozen=True)
class Scale:
    """A sequential colour scale over the values shown."""

    cmap: Colormap
    norm: Normalize
    empty: bool = False  # no value to show: the key is the grey patch alone

    @classmethod
    def of(cls, values: pd.Series, cmap: str = "Blues") -> Scale:
        base = mpl.colormaps[cmap]
        trimmed = LinearSegmentedColormap.from_list(
            f"{cmap}_trimmed", base(np.linspace(_LIGHTEST, 1.0, 256))
        )
        shown = pd.to_numeric(values, errors="coerce").dropna()
        low, high = (float(shown.min()), float(shown.max())) if len(shown) else (0.0, 1.0)
        if high <= low:  # one value (or all equal): a scale around it
            low, high = low - 0.5, high + 0.5
        return cls(trimmed, Normalize(low, high), empty=not len(shown))

    def colour(self, value: float):
        """The fill of ``value`` (NO_DATA when missing)."""
        return to_rgba(NO_DATA) if pd.isna(value) else self.cmap(self.norm(value))

    def ink(self, value: float) -> str:
        """Text colour on the fill of ``value``: white on dark fills, near-black elsewhere."""
        if pd.isna(value):
            return "#333333"
        r, g, b, _ = self.cmap(self.norm(value))
        return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "#111111"


def colour_bar(
    ax: Axes, scale: Scale, label: str, corner, size, with_missing: bool, lang: str
) -> None:
    """A horizontal colour bar with ``label`` (the measure and its unit) above it; a grey "no
    data" patch beside it if any. The key is KEY_SIZE large; ``corner`` (x, y: fractions of
    ``ax``) is its lower left corner, ``size`` the size of ``ax`` as drawn (inches)."""
    width, height = size
    x, y = corner
    bounds = (x, y + 0.2 / height, 1.55 / width, 0.14 / height)
    cax = ax.inset_axes(bounds)
    if scale.empty:
        cax.set_axis_off()
    else:
        _bar(ax, cax, scale, label)
    if with_missing:
        no_data = Patch(facecolor=NO_DATA, edgecolor="none", label=t("word.no_data", lang))
        cax.legend(
            handles=[no_data],
            loc="center left",
            bbox_to_anchor=(1.04, 0.5) if not scale.empty else (0.0, 0.5),
            fontsize=9,
            handlelength=1.2,
            handleheight=1.0,
            borderaxespad=0,
            frameon=False,
        )


def _bar(ax: Axes, cax: Axes, scale: Scale, label: str) -> None:
    bar = ax.figure.colorbar(
        mpl.cm.ScalarMappable(norm=scale.norm, cmap=scale.cmap), cax=cax, orientation="horizontal"
    )
    bar.outline.set_linewidth(0.5)
    bar.ax.tick_params(labelsize=9, length=2, pad=1)
    bar.ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(4))
    cax.set_title(label, fontsize=9.5, loc="left", pad=3)


def chart_height(drawn: float, width: float, reading: str, sources: str, lang: str) -> float:
    """A figure's height (inches) for a drawing ``drawn`` inches high in a figure ``width``
    inches wide: the title, the drawing and the caption's lines, so that it fills its figure."""
    space = "" if lang == "zh" else " "
    width_pt = width * 72 - 2 * CAPTION_MARGIN
    lines = len(wrap(f"{t('word.reading', lang)}{space}{reading}", width_pt))
    lines += len(wrap(f"{t('word.sources', lang)}{space}{sources}", width_pt))
    return TITLE_HEIGHT + drawn + lines * CAPTION_LINE + CAPTION_PADS


def short_name(name: str) -> str:
    """A province's short name for crowded charts (北京市 -> 北京, 内蒙古自治区 -> 内蒙古)."""
    known = reference.regions().get(name)
    short = [a for a in (known.aliases if known else ()) if a and name.startswith(a)]
    if short:
        return min(short, key=len)
    for suffix in ("特别行政区", "自治区", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def label(name: str, lang: str, short: bool) -> str:
    """``name`` as a chart shows it: its English name, or (crowded charts) its short name."""
    if lang != "zh":
        return region(name, lang)
    return short_name(name) if short else name


def missing_note(names: list[str], lang: str) -> str:
    """'Grey: no data (…)', naming the regions drawn without a value by their full names."""
    if not names:
        return ""
    return t("chart.map_missing", lang, names=join((region(n, lang) for n in names), lang))


def not_drawn_note(values: pd.Series, drawn: list[str], lang: str) -> str:
    """A note on values the chart has no place for (a region without a boundary or a tile)."""
    left = [n for n in values.index if n not in drawn and pd.notna(values[n])]
    if not left:
        return ""
    return t("chart.map_not_drawn", lang, names=join((label(n, lang, False) for n in left), lang))


def frame(values: pd.Series, drawn: list[str], value_label: str, lang: str) -> pd.DataFrame:
    """The data behind the chart: every region drawn, in order, with its value (empty if none)."""
    names = reference.columns()["region"][lang]
    shown = pd.to_numeric(values, errors="coerce").reindex(drawn)
    return pd.DataFrame({names: [region(n, lang) for n in drawn], value_label: shown.to_numpy()})
