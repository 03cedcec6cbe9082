"""Indicators computed from the processed tables (pure functions: DataFrames in, DataFrames out)."""

from __future__ import annotations

import pandas as pd


def _combined_status(*statuses: str) -> str:
    """Illustrative if any input is; user if any is; else derived (computed from real figures)."""
    present = {s for s in statuses if isinstance(s, str)}
    if "illustrative" in present:
        return "illustrative"
    return "user" if "user" in present else "derived"


def intensity_series(
    rd_expenditure: pd.DataFrame, gdp: pd.DataFrame, rd_intensity: pd.DataFrame, region: str
) -> pd.DataFrame:
    """R&D intensity (%) of ``region`` per year, in ONE vintage: the published intensity where the
    region has one (the processed table holds one vintage per series, chosen by the rule of
    resources/vintages.yml), else R&D spending / GDP on the comparable GDP basis. The two are
    never mixed: years the published vintage lacks are absent, not filled by a computed value.

    Returns columns year, rd_intensity_pct, rd_expenditure_100m_yuan, gdp_100m_yuan, method
    ('published:<vintage>' or 'computed'), status (of the intensity), gdp_status, source,
    origin (the raw files and lines, joined by ' / ' for a computed value) and region.
    Years with neither are absent; missing years are never filled.
    """
    rd = rd_expenditure[
        (rd_expenditure["region"] == region)
        & (rd_expenditure["sector"] == "total")
        & (rd_expenditure["basis"] == "comparable")
    ]
    g = comparable_gdp(gdp, region)
    both = rd.merge(g, on="year", suffixes=("_rd", "_gdp"), how="outer")
    computed = pd.DataFrame(
        {
            "year": both["year"],
            "rd_expenditure_100m_yuan": both["rd_expenditure_100m_yuan"],
            "gdp_100m_yuan": both["gdp_100m_yuan"],
            "rd_intensity_pct": both["rd_expenditure_100m_yuan"] / both["gdp_100m_yuan"] * 100,
            "method": "computed",
            "gdp_status": both["status_gdp"],
            "status": [
                _combined_status(a, b)
                for a, b in zip(both["status_rd"], both["status_gdp"], strict=True)
            ],
            "source": both["source_rd"].fillna("") + " / " + both["source_gdp"].fillna(""),
            "origin": both["origin_rd"].fillna("") + " / " + both["origin_gdp"].fillna(""),
        }
    )
    pub = rd_intensity[(rd_intensity["region"] == region) & (rd_intensity["basis"] == "comparable")]
    pub = pub.sort_values("year").drop_duplicates("year", keep="first")
    published = pd.DataFrame(
        {
            "year": pub["year"],
            "rd_intensity_pct": pub["rd_intensity_pct"],
            "method": "published:" + pub["vintage"],
            "status": pub["status"],
            "source": pub["source"],
            "origin": pub["origin"],
        }
    ).merge(
        computed[["year", "rd_expenditure_100m_yuan", "gdp_100m_yuan", "gdp_status"]],
        on="year",
        how="left",
    )
    out = published if not published.empty else computed
    out = out.dropna(subset=["rd_intensity_pct"]).sort_values("year", ignore_index=True)
    out["year"] = out["year"].astype(int)
    out["region"] = region
    return out[
        [
            "year",
            "rd_intensity_pct",
            "rd_expenditure_100m_yuan",
            "gdp_100m_yuan",
            "method",
            "status",
            "gdp_status",
            "source",
            "origin",
            "region",
        ]
    ]


def one_gdp_per_year(gdp: pd.DataFrame, keys: tuple[str, ...] = ("year",)) -> pd.DataFrame:
    """Comparable-basis GDP rows, one per ``keys`` (the final vintage preferred)."""
    g = gdp[gdp["basis"] == "comparable"]
    g = g.assign(_final=g["vintage"].eq("final")).sort_values([*keys, "_final"])
    return g.drop_duplicates(list(keys), keep="last").drop(columns="_final").reset_index(drop=True)


def comparable_gdp(gdp: pd.DataFrame, region: str) -> pd.DataFrame:
    """GDP of ``region`` on the comparable basis, one row per year (final vintage preferred)."""
    return one_gdp_per_year(gdp[gdp["region"] == region])


def coverage(observations: pd.DataFrame, region: str) -> pd.DataFrame:
    """Which measures are loaded for ``region``: years, how many values real / illustrative."""
    sub = observations[observations["region"] == region]
    if sub.empty:
        return pd.DataFrame(columns=["measure", "sector", "years", "n_real", "n_illustrative"])
    grouped = sub.groupby(["measure", "sector"])
    return pd.DataFrame(
        {
            "years": grouped["year"].agg(lambda y: _year_span(sorted(set(y)))),
            "n_real": grouped["status"].agg(lambda s: int((s != "illustrative").sum())),
            "n_illustrative": grouped["status"].agg(lambda s: int((s == "illustrative").sum())),
        }
    ).reset_index()


def _year_span(years: list[int]) -> str:
    """'2015-2019, 2021' style ranges; gaps are visible, never filled."""
    runs, start = [], None
    for i, y in enumerate(years):
        if start is None:
            start = y
        if i + 1 == len(years) or years[i + 1] != y + 1:
            runs.append(str(start) if start == y else f"{start}-{y}")
            start = None
    return ", ".join(runs)


def sources_for(observations: pd.DataFrame, region: str) -> pd.DataFrame:
    """Each figure loaded for ``region`` with its status, source title and URL."""
    sub = observations[observations["region"] == region]
    cols = [
        "measure",
        "sector",
        "year",
        "period",
        "value",
        "unit",
        "status",
        "source",
        "source_url",
    ]
    return sub[cols].sort_values(["measure", "sector", "year"], ignore_index=True)


def sources_of(*frames: pd.DataFrame) -> list[str]:
    """The distinct sources of the given rows, in order of first appearance."""
    seen: list[str] = []
    for frame in frames:
        for text in frame["source"].dropna():
            for part in str(text).split(" / "):
                if part and part not in seen:
                    seen.append(part)
    return seen
