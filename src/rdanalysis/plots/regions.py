"""The charts of a region view (notebooks 03 and 07): each child's structure and intensity
effect, and the children filled by their intensity on a map or a tile grid (``plots.maps``)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from rdanalysis.plots import maps
from rdanalysis.plots.splits import EFFECT_COLORS
from rdanalysis.plots.style import caption, setup
from rdanalysis.text import provenance
from rdanalysis.text import regions as region_text
from rdanalysis.text.i18n import region, t

has_boundaries = maps.has_boundaries


def county_effects_chart(
    dec,
    title: str,
    reading: str = "",
    sources: str = "",
    parent: str = "全市",
    lang: str = "zh",
) -> Figure:
    """Horizontal bars: each child region's structure and intensity effect (pp)."""
    setup()
    wide = dec.effects.pivot(index="unit", columns="factor", values="effect_pp")
    wide = wide.loc[wide.sum(axis=1).sort_values().index]
    fig, ax = plt.subplots(figsize=(8, max(4.8, 0.28 * len(wide))))
    y = np.arange(len(wide))
    ax.barh(
        y - 0.2,
        wide["intensity"],
        height=0.4,
        color=EFFECT_COLORS["intensity"],
        label=t("factor.intensity", lang),
    )
    ax.barh(
        y + 0.2,
        wide["structure"],
        height=0.4,
        color=EFFECT_COLORS["structure"],
        label=t("factor.structure_long", lang),
    )
    ax.set_yticks(y, [region(n, lang) for n in wide.index])
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(t("chart.contribution_x", lang, parent=region(parent, lang)))
    ax.set_title(title)
    ax.legend(fontsize=8, loc="lower right")
    return caption(fig, reading, sources, lang=lang)


def region_effects(view, lang: str = "zh", title: str = "nb03.effects_title", kind="county"):
    """A region view's decomposition over its children (notebooks 03 and 07: ``kind``
    'province'), titled by message ``title`` (values: region, start, end), with reading and
    sources. Returns the figure and its reading."""
    units = region_text.children_of(view.region, lang, kind)
    reading = region_text.county_decomposition(view.decomposition, units, lang)
    text = t(title, lang, region=region(view.region, lang), start=view.start, end=view.end)
    sources = provenance.source_line(view.rows, lang=lang)
    fig = county_effects_chart(view.decomposition, text, reading, sources, view.region, lang)
    return fig, reading


def region_map(view, lang: str = "zh", style: str = "map", title: str = "nb03.map_title"):
    """A region view's children filled by their intensity in its end year (notebooks 03 and 07),
    titled by message ``title`` (values: region, end), captioned with the league reading."""
    return maps.choropleth(
        view.league["intensity_pct"],
        t(title, lang, region=region(view.region, lang), end=view.end),
        t("chart.map_legend", lang),
        region_text.describe_league(view.league, view.end, view.reference_pct, lang),
        provenance.source_line(view.rows, lang=lang),
        parent=view.region,
        lang=lang,
        style=style,
    )
