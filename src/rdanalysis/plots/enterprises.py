"""The enterprise coverage chart (notebook 05): R&D institutions, spending and activity by
county, with the rows the confidentiality rule withholds left out and counted."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from rdanalysis.analysis import enterprises
from rdanalysis.analysis.views import enterprises as enterprise_view
from rdanalysis.plots.style import PALETTE, caption, setup
from rdanalysis.text import provenance
from rdanalysis.text.i18n import region, t


def coverage_chart(
    by_county: pd.DataFrame, label: str, sources: str = "", lang: str = "zh"
) -> Figure:
    """Coverage of R&D institutions, spending and activity by county (%), target 100 %.

    Rows withheld under the confidentiality rule (``is_withheld``) are not drawn; the caption
    says how many. ``其他(合并)`` (the withheld rows together, when published) is drawn."""
    setup()
    withheld = (
        by_county.drop(index=enterprises.TOTAL_LABEL, errors="ignore")["is_withheld"].sum()
        if "is_withheld" in by_county.columns
        else 0
    )
    data = (
        enterprise_view.published(by_county)
        if "is_withheld" in by_county.columns
        else by_county.drop(index=enterprises.TOTAL_LABEL, errors="ignore")
    ).sort_values("spending_pct")
    total = None
    if enterprises.TOTAL_LABEL in by_county.index:
        total = by_county.loc[enterprises.TOTAL_LABEL]
        if bool(total.get("is_withheld", False)):
            total = None
    y = np.arange(len(data))
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(data) + 1.8))
    for k, (col, name, color) in enumerate(
        (
            ("institution_pct", t("chart.coverage_institution", lang), PALETTE["real"]),
            ("spending_pct", t("chart.coverage_spending", lang), PALETTE["user"]),
            ("activity_pct", t("chart.coverage_activity", lang), PALETTE["illustrative"]),
        )
    ):
        ax.barh(y + (k - 1) * 0.27, data[col], height=0.27, color=color, label=name)
    ax.axvline(100, color=PALETTE["target"], ls="--", lw=1, label=t("chart.coverage_target", lang))
    ax.set_yticks(y, [region(n, lang) for n in data.index])
    ax.set_xlim(0, 105)
    ax.set_xlabel(t("chart.coverage_x", lang))
    ax.set_title(t("chart.coverage_title", lang, label=label))
    ax.legend(fontsize=8, loc="lower right", frameon=True, framealpha=0.9)
    reading = ""
    places = data.drop(index=enterprises.MERGED, errors="ignore")
    if total is not None and len(places):
        low = places["institution_pct"].idxmin()
        reading = t(
            "chart.coverage_reading",
            lang,
            low=region(low, lang),
            low_pct=places.loc[low, "institution_pct"],
            a=total["institution_pct"],
            b=total["spending_pct"],
            c=total["activity_pct"],
        )
    if withheld:
        reading += t("chart.coverage_withheld", lang, n=int(withheld))
    return caption(fig, reading, sources, lang=lang)


def coverage(view, lang: str = "zh") -> Figure | None:
    """The coverage chart of an enterprise view (``views.enterprises.CoverageView``, notebook 05)
    titled with its county and year and captioned with its sources; None when none of its rows
    may be drawn (no enterprise data, or every row withheld)."""
    if view.charted.empty:
        return None
    label = t("nb05.chart_label", lang, county=region(view.county, lang), year=view.year)
    return coverage_chart(view.by_county, label, provenance.source_line(view.rows, lang=lang), lang)
