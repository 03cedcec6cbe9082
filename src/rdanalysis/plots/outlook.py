"""The outlook's charts (notebook 01; the fan also in 08): the forecast fan and the GDP x R&D
growth heatmap."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from rdanalysis.plots.style import PALETTE, caption, scatter_by_status, setup, target_line
from rdanalysis.text import outlook as outlook_text
from rdanalysis.text import provenance
from rdanalysis.text.i18n import region, t


def fan_chart(
    o, reading: str = "", sources: str = "", target_label: str | None = None, lang: str = "zh"
) -> Figure:
    """History, forecast fan (80 % and 95 %), target line; replayed actuals as crosses.

    ``o`` is an ``outlook.Outlook``; ``target_label`` names the line when it is a reference
    (e.g. the national intensity), not a target.
    """
    setup()
    fig, ax = plt.subplots(figsize=(9, 4.5))
    h = o.history
    illus = h["status"].eq("illustrative")
    gaps = h.set_index("year")["rd_intensity_pct"].reindex(
        range(h["year"].min(), h["year"].max() + 1)
    )
    ax.plot(gaps.index, gaps.to_numpy(), color=PALETTE["real"], lw=1.5)  # a missing year breaks it
    scatter_by_status(
        ax,
        h["year"],
        h["rd_intensity_pct"],
        illus,
        3,
        (t("chart.actual_real", lang), t("chart.actual_illustrative", lang)),
    )
    fc = o.result.forecast
    years = np.concatenate([[h["year"].iloc[-1]], fc.years])
    last = h["rd_intensity_pct"].iloc[-1]
    for level, alpha in ((0.95, 0.18), (0.8, 0.32)):
        lo, hi = fc.interval(level)
        ax.fill_between(
            years,
            np.r_[last, lo],
            np.r_[last, hi],
            color=PALETTE["real"],
            alpha=alpha,
            lw=0,
            label=t("chart.interval", lang, level=int(level * 100)),
        )
    ax.plot(
        years, np.r_[last, fc.point], color=PALETTE["real"], ls="--", label=t("chart.median", lang)
    )
    if not o.held_out.empty:
        ax.scatter(
            o.held_out["year"],
            o.held_out["rd_intensity_pct"],
            marker="x",
            color="black",
            zorder=4,
            label=t("chart.held_out", lang),
        )
    target_line(
        ax,
        o.target_pct,
        target_label or t("word.target_in", lang, value=o.target_pct, year=o.target_year),
        h["year"].iloc[0],
        ls="-",
    )
    ax.set_title(t("chart.fan_title", lang, region=region(o.region, lang)))
    ax.set_xlabel(t("word.year", lang))
    ax.set_ylabel(t("word.intensity_axis", lang))
    top = max(o.target_pct, float(np.max(fc.interval(0.95)[1])), h["rd_intensity_pct"].max())
    ax.set_ylim(0, top * 1.12)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.legend(fontsize=8, loc="lower right", ncols=2, framealpha=0.9, frameon=True)
    return caption(fig, reading, sources, lang=lang)


def scenario_heatmap(o, reading: str = "", sources: str = "", lang: str = "zh") -> Figure:
    """Intensity in the target year by GDP growth (x) and R&D growth (y); target contour."""
    # lazy: seaborn is 0.9-1.8 s, for the one heatmap
    import seaborn as sns

    setup()
    grid = o.grid
    fig, ax = plt.subplots(figsize=(8, 5.2))
    ax.grid(False)
    sns.heatmap(
        grid.iloc[::-1],
        ax=ax,
        cmap="Blues",
        annot=True,
        fmt=".2f",
        annot_kws={"size": 7},
        cbar_kws={"label": t("chart.heat_bar", lang, year=o.target_year)},
    )
    x = np.arange(grid.shape[1]) + 0.5
    y = np.arange(grid.shape[0]) + 0.5
    values = grid.iloc[::-1].to_numpy()
    if values.min() < o.target_pct < values.max():
        ax.contour(x, y, values, levels=[o.target_pct], colors=PALETTE["target"], linewidths=2)
    ax.set_xticklabels([f"{v:g}" for v in grid.columns], rotation=0)
    ax.set_yticklabels([f"{v:g}" for v in grid.index[::-1]], rotation=0)
    ax.set_xlabel(t("chart.heat_x", lang))
    ax.set_ylabel(t("chart.heat_y", lang))
    name = region(o.region, lang)
    ax.set_title(t("chart.heat_title", lang, region=name, year=o.target_year, target=o.target_pct))
    return caption(fig, reading, sources, lang=lang)


def history(o, lang: str = "zh") -> tuple[Figure, str]:
    """The fan chart of an outlook (``views.outlook.Outlook``) captioned with its reading and
    sources: notebook 01's history and forecast. Returns the figure and its reading."""
    reading = outlook_text.describe(o, lang)
    return fan_chart(o, reading, provenance.source_line(o.history, lang=lang), lang=lang), reading


def grid(o, lang: str = "zh") -> tuple[Figure, str]:
    """The scenario heatmap of an outlook captioned with its reading and sources (notebook 01).
    Returns the figure and its reading."""
    reading = outlook_text.describe_grid(o, lang)
    return scenario_heatmap(o, reading, provenance.source_line(o.history, lang=lang), lang), reading
