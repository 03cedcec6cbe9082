"""The data overview's chart (notebook 06): a region's GDP and R&D intensity by year, each
point marked by its status, with the target line."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from rdanalysis.plots.style import PALETTE, caption, scatter_by_status, setup, target_line
from rdanalysis.text import provenance
from rdanalysis.text.i18n import region, t
from rdanalysis.text.intensity import describe_intensity


def gdp_and_intensity(
    series: pd.DataFrame,
    region_name: str,
    target_pct: float | None = 1.0,
    reading: str = "",
    sources: str = "",
    lang: str = "zh",
) -> Figure:
    """Two panels: GDP (亿元, bars) and R&D intensity (%, line); illustrative points hollow.

    ``series`` is the output of ``indicators.intensity_series`` (one row per year).
    """
    setup()
    name = region(region_name, lang)
    fig, (ax_gdp, ax_int) = plt.subplots(1, 2, figsize=(10, 4.2))
    s = series.sort_values("year")
    illus = s["status"].eq("illustrative")
    gdp = s.dropna(subset=["gdp_100m_yuan"])
    gdp_ill = gdp["gdp_status"].eq("illustrative")
    # A GDP the user asked to interpolate, and one quoted second-hand (source tier 3), are
    # marked; older series without these columns draw as before.
    interp = gdp.get("gdp_interpolation", pd.Series("", index=gdp.index)).fillna("").ne("")
    tier3 = gdp.get("gdp_tier", pd.Series(0, index=gdp.index)).eq(3) & ~gdp_ill & ~interp
    plain = ~gdp_ill & ~interp & ~tier3
    ax_gdp.bar(
        gdp.loc[plain, "year"],
        gdp.loc[plain, "gdp_100m_yuan"],
        color=PALETTE["real"],
        label=t("word.real", lang),
    )
    if tier3.any():
        ax_gdp.bar(
            gdp.loc[tier3, "year"],
            gdp.loc[tier3, "gdp_100m_yuan"],
            color=PALETTE["real"],
            edgecolor="white",
            hatch="..",
            label=t("chart.gdp_tier3", lang),
        )
    if interp.any():
        ax_gdp.bar(
            gdp.loc[interp, "year"],
            gdp.loc[interp, "gdp_100m_yuan"],
            color="white",
            edgecolor=PALETTE["real"],
            hatch="xx",
            label=t("chart.gdp_interpolated", lang),
        )
    if gdp_ill.any():
        ax_gdp.bar(
            gdp.loc[gdp_ill, "year"],
            gdp.loc[gdp_ill, "gdp_100m_yuan"],
            color="white",
            edgecolor=PALETTE["illustrative"],
            hatch="///",
            label=t("chart.gdp_filled", lang),
        )
    ax_gdp.set_title(t("chart.gdp_title", lang, region=name))
    ax_gdp.set_ylabel(t("chart.gdp_axis", lang))
    ax_gdp.set_xlabel(t("word.year", lang))
    ax_gdp.legend(loc="upper left", fontsize=8)

    ax_int.plot(s["year"], s["rd_intensity_pct"], color=PALETTE["real"], lw=1.5, zorder=1)
    scatter_by_status(
        ax_int,
        s["year"],
        s["rd_intensity_pct"],
        illus,
        2,
        (t("word.real", lang), t("word.illustrative", lang)),
    )
    if target_pct is not None:
        target_line(ax_int, target_pct, t("word.target", lang, value=target_pct), s["year"].min())
    ax_int.set_title(t("chart.intensity_title", lang, region=name))
    ax_int.set_ylabel(t("word.intensity_axis", lang))
    ax_int.set_xlabel(t("word.year", lang))
    ax_int.set_ylim(bottom=0)
    ax_int.legend(loc="lower right", fontsize=8)
    for ax in (ax_gdp, ax_int):
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    return caption(fig, reading, sources, lang=lang)


def intensity(series: pd.DataFrame, name: str, target_pct: float | None, lang: str = "zh"):
    """GDP and R&D intensity of ``name`` (its ``indicators.intensity_series``) with the target
    line, captioned with its reading and sources (notebook 06). Returns the figure and reading."""
    reading = describe_intensity(series, name, target_pct, lang)
    sources = provenance.source_line(series, lang=lang)
    return gdp_and_intensity(series, name, target_pct, reading, sources, lang), reading
