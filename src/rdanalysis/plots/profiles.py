"""The charts of a sub-region's profile (notebook 04): its intensity against its parent's and
the target, and its R&D by performing sector."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from rdanalysis import reference
from rdanalysis.plots.splits import sector_stack
from rdanalysis.plots.style import PALETTE, caption, setup
from rdanalysis.text import profiles as profile_text
from rdanalysis.text import provenance
from rdanalysis.text.i18n import region, t
from rdanalysis.text.intensity import describe_intensity


def county_vs_city(
    county: pd.DataFrame,
    city: pd.DataFrame,
    name: str,
    target_pct: float,
    reading: str = "",
    sources: str = "",
    parent: str = reference.CITY,
    lang: str = "zh",
) -> Figure:
    """A county's intensity against its parent's and the target, by year (%)."""
    setup()
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(
        city["year"],
        city["rd_intensity_pct"],
        color=PALETTE["comparator"],
        marker="o",
        label=region(parent, lang),
    )
    ax.plot(
        county["year"],
        county["rd_intensity_pct"],
        color=PALETTE["real"],
        marker="o",
        label=region(name, lang),
    )
    ax.axhline(
        target_pct,
        color=PALETTE["target"],
        ls="--",
        lw=1,
        label=t("word.target", lang, value=target_pct),
    )
    ax.set_xlabel(t("word.year", lang))
    ax.set_ylabel(t("word.intensity_axis", lang))
    ax.set_ylim(0, max(target_pct, county["rd_intensity_pct"].max()) * 1.15)
    title = t("chart.vs_parent_title", lang, name=region(name, lang), parent=region(parent, lang))
    ax.set_title(title)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.legend(fontsize=8)
    return caption(fig, reading, sources, lang=lang)


def _sources(view, lang: str) -> str:
    """The source line of a profile's charts: its own series and its parent's."""
    return provenance.source_line(view.series, view.parent_series, lang=lang)


def intensity(view, target_pct: float, lang: str = "zh") -> tuple[Figure, str]:
    """A profile view's intensity against its parent's and ``target_pct`` by year (notebook
    04), captioned with its reading and sources. Returns the figure and its reading."""
    reading = describe_intensity(view.series, view.name, target_pct, lang)
    fig = county_vs_city(
        view.series,
        view.parent_series,
        view.name,
        target_pct,
        reading,
        _sources(view, lang),
        view.parent,
        lang,
    )
    return fig, reading


def profile_sectors(view, lang: str = "zh") -> tuple[Figure, str]:
    """A profile view's R&D by performing sector as stacked bars, captioned with its own reading
    (the latest shares and their change) and the profile's sources (notebook 04)."""
    sources = _sources(view, lang)
    reading = profile_text.sector_composition(view.sectors, view.name, lang)
    title = t("nb04.sectors_title", lang, name=region(view.name, lang))
    illustrative = view.status == "illustrative"
    return sector_stack(view.sectors, title, reading, sources, illustrative, lang), reading
