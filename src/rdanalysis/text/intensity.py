"""The reading of a region's intensity series, saying which values are illustrative (a
profile's chart, ``plots.profiles``, and the overview's, ``plots.overview``)."""

from __future__ import annotations

import pandas as pd

from rdanalysis.text.i18n import region, t


def describe_intensity(
    series: pd.DataFrame, region_name: str, target_pct: float = 1.0, lang: str = "zh"
) -> str:
    """One sentence reading of an intensity series, saying which values are illustrative."""
    name = region(region_name, lang)
    if series.empty:
        return t("read.intensity_none", lang, region=name)
    s = series.sort_values("year")
    first, last = s.iloc[0], s.iloc[-1]
    change = last["rd_intensity_pct"] - first["rd_intensity_pct"]
    gap = target_pct - last["rd_intensity_pct"]
    n_ill = int(s["status"].eq("illustrative").sum())
    trend = "word.rises" if change > 0 else "word.falls" if change < 0 else "word.flat"
    return t(
        "read.intensity",
        lang,
        region=name,
        y0=int(first["year"]),
        v0=first["rd_intensity_pct"],
        trend=t(trend, lang),
        y1=int(last["year"]),
        v1=last["rd_intensity_pct"],
        change=change,
        flag=(
            ""
            if not n_ill
            else t("read.intensity_flag_all", lang)
            if n_ill == len(series)
            else t("read.intensity_flag", lang, n=n_ill)
        ),
        gap=(
            t("read.intensity_gap", lang, target=target_pct, gap=gap)
            if gap > 0
            else t("read.intensity_reached", lang, target=target_pct)
        ),
    )
