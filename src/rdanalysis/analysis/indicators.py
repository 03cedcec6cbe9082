"""Indicators computed from the processed tables (pure functions: DataFrames in, DataFrames out)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.errors import RDAnalysisError


def _combined_status(*statuses: str) -> str:
    """Illustrative if any input is; user if any is; else derived (computed from real figures)."""
    present = {s for s in statuses if isinstance(s, str)}
    if "illustrative" in present:
        return "illustrative"
    return "user" if "user" in present else "derived"


#: Named interpolations of GDP a user may ask for (``intensity_series(gdp_gaps=...)``); the
#: default, "keep", leaves every gap a gap.
GDP_INTERPOLATIONS = ("log-linear", "linear")
SERIES_COLUMNS = [
    "year",
    "rd_intensity_pct",
    "rd_expenditure_100m_yuan",
    "gdp_100m_yuan",
    "method",
    "status",
    "gdp_status",
    "rd_status",
    "source",
    "tier",
    "rd_tier",
    "gdp_tier",
    "gdp_interpolation",
    "origin",
    "region",
]


def _worst_tier(*tiers) -> int:
    """The weakest source tier among published inputs (3 worst; 0: no published input)."""
    known = [int(t) for t in tiers if pd.notna(t) and int(t) > 0]
    return max(known) if known else 0


def intensity_series(
    rd_expenditure: pd.DataFrame,
    gdp: pd.DataFrame,
    rd_intensity: pd.DataFrame,
    region: str,
    gdp_gaps: str = "keep",
) -> pd.DataFrame:
    """R&D intensity (%) of ``region`` per year, in ONE vintage: the published intensity where the
    region has one (the processed table holds one vintage per series, chosen by the rule of
    resources/vintages.yml), else R&D spending / GDP on the comparable GDP basis. The two are
    never mixed: years the published vintage lacks are absent, not filled by a computed value.

    ``gdp_gaps``: "keep" (default) leaves a year with R&D but no GDP out (see ``gdp_gaps``);
    "log-linear" or "linear" interpolates GDP between the nearest years before and after that
    have one (never beyond them), only for years with R&D, and names the method in
    ``gdp_interpolation`` so tables and charts can say so.

    Returns columns year, rd_intensity_pct, rd_expenditure_100m_yuan, gdp_100m_yuan, method
    ('published:<vintage>' or 'computed'), status (of the intensity), gdp_status and rd_status
    (of its inputs), source, tier
    (the weakest source tier of the published figures behind the intensity; 0: none),
    rd_tier, gdp_tier, gdp_interpolation ('' or the method), origin (the raw files and lines,
    joined by ' / ' for a computed value) and region. Years with neither are absent.

    Raises:
        RDAnalysisError: ``gdp_gaps`` is not "keep" or a name of ``GDP_INTERPOLATIONS``.
    """
    if gdp_gaps != "keep" and gdp_gaps not in GDP_INTERPOLATIONS:
        raise RDAnalysisError(
            f"gdp_gaps '{gdp_gaps}': expected keep or one of {', '.join(GDP_INTERPOLATIONS)}"
        )
    rd = _total_rd(rd_expenditure, region)
    g = comparable_gdp(gdp, region).assign(gdp_interpolation="")
    if gdp_gaps != "keep":
        g = pd.concat([g, _interpolated(g, rd["year"], gdp_gaps)], ignore_index=True)
    both = rd.merge(g, on="year", suffixes=("_rd", "_gdp"), how="outer")
    rd_tier, gdp_tier = _tier_of(both, "tier_rd"), _tier_of(both, "tier_gdp")
    computed = pd.DataFrame(
        {
            "year": both["year"],
            "rd_expenditure_100m_yuan": both["rd_expenditure_100m_yuan"],
            "gdp_100m_yuan": both["gdp_100m_yuan"],
            "rd_intensity_pct": both["rd_expenditure_100m_yuan"] / both["gdp_100m_yuan"] * 100,
            "method": "computed",
            "gdp_status": both["status_gdp"],
            "rd_status": both["status_rd"],
            "status": [
                _combined_status(a, b)
                for a, b in zip(both["status_rd"], both["status_gdp"], strict=True)
            ],
            "source": both["source_rd"].fillna("") + " / " + both["source_gdp"].fillna(""),
            "origin": both["origin_rd"].fillna("") + " / " + both["origin_gdp"].fillna(""),
            "tier": [_worst_tier(a, b) for a, b in zip(rd_tier, gdp_tier, strict=True)],
            "rd_tier": rd_tier,
            "gdp_tier": gdp_tier,
            "gdp_interpolation": both["gdp_interpolation"].fillna(""),
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
            "tier": _tier_of(pub, "tier"),
        }
    ).merge(
        computed[
            [
                "year",
                "rd_expenditure_100m_yuan",
                "gdp_100m_yuan",
                "gdp_status",
                "rd_status",
                "rd_tier",
                "gdp_tier",
                "gdp_interpolation",
            ]
        ],
        on="year",
        how="left",
    )
    out = published if not published.empty else computed
    out = out.dropna(subset=["rd_intensity_pct"]).sort_values("year", ignore_index=True)
    out["year"] = out["year"].astype(int)
    out["region"] = region
    for col in ("tier", "rd_tier", "gdp_tier"):
        out[col] = out[col].fillna(0).astype(int)
    out["gdp_interpolation"] = out["gdp_interpolation"].fillna("").astype(str)
    return out[SERIES_COLUMNS]


def latest_year(tables: dict[str, pd.DataFrame], region: str) -> int | None:
    """The latest year with an R&D intensity of ``region`` (its own series; when it has none,
    its children's): the year a forecast or a required growth starts from. None: no data."""
    regions = reference.of(tables)

    def last(r: str) -> int | None:
        years = intensity_series(
            tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], r
        )["year"]
        return int(years.max()) if len(years) else None

    for whose in ([region], regions.children(region) if region in regions else []):
        years = [y for y in map(last, whose) if y is not None]
        if years:
            return max(years)
    return None


def _total_rd(rd_expenditure: pd.DataFrame, region: str) -> pd.DataFrame:
    return rd_expenditure[
        (rd_expenditure["region"] == region)
        & (rd_expenditure["sector"] == "total")
        & (rd_expenditure["basis"] == "comparable")
    ]


def _tier_of(frame: pd.DataFrame, column: str) -> pd.Series:
    """The source tier column (0 where a table has none: an older build, or no row)."""
    if column not in frame.columns:
        return pd.Series(0, index=frame.index)
    return frame[column].fillna(0).astype(int)


def _interpolated(g: pd.DataFrame, years, method: str) -> pd.DataFrame:
    """GDP rows for ``years`` that ``g`` lacks, interpolated by ``method`` between the nearest
    years before and after (none outside the span of ``g``)."""
    known = g.sort_values("year").set_index("year")
    rows = []
    for year in sorted({int(y) for y in years} - {int(y) for y in known.index}):
        before = [y for y in known.index if y < year]
        after = [y for y in known.index if y > year]
        if not before or not after:
            continue
        a, b = known.loc[max(before)], known.loc[min(after)]
        w = (year - max(before)) / (min(after) - max(before))
        va, vb = float(a["gdp_100m_yuan"]), float(b["gdp_100m_yuan"])
        if method == "log-linear":
            value = float(np.exp((1 - w) * np.log(va) + w * np.log(vb)))
        else:
            value = (1 - w) * va + w * vb
        rows.append(
            {
                "year": year,
                "gdp_100m_yuan": value,
                "status": _combined_status(a["status"], b["status"]),
                "source": f"{a['source']} / {b['source']}",
                "tier": _worst_tier(a.get("tier", 0), b.get("tier", 0)),
                "gdp_interpolation": method,
            }
        )
    return pd.DataFrame(
        rows, columns=["year", "gdp_100m_yuan", "status", "source", "tier", "gdp_interpolation"]
    )


def gdp_gaps(
    rd_expenditure: pd.DataFrame, gdp: pd.DataFrame, rd_intensity: pd.DataFrame, region: str
) -> list[int]:
    """Years in which ``region`` has total R&D but neither comparable GDP nor a published
    intensity: its intensity is not computed there (``intensity_series`` leaves the year out
    unless a named interpolation is asked for). The GDP a user would supply for those years goes
    in the template's 地区生产总值(亿元) column (templates/region_year_template.csv)."""
    rd_years = {int(y) for y in _total_rd(rd_expenditure, region)["year"]}
    have = {int(y) for y in comparable_gdp(gdp, region)["year"]}
    pub = rd_intensity[(rd_intensity["region"] == region) & (rd_intensity["basis"] == "comparable")]
    have |= {int(y) for y in pub["year"]}
    return sorted(rd_years - have)


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
    """Each figure loaded for ``region`` with its status, source (the publication), source tier
    and the address of the page read."""
    sub = observations[observations["region"] == region]
    cols = [
        "measure",
        "sector",
        "year",
        "period",
        "value",
        "unit",
        "status",
        "tier",
        "source",
        "source_url",
    ]
    sub = sub.assign(tier=_tier_of(sub, "tier"))
    return sub[cols].sort_values(["measure", "sector", "year"], ignore_index=True)


#: Source tiers of published figures (docs/data.md, "Source tiers").
TIERS = (1, 2, 3)


def _published(observations: pd.DataFrame) -> pd.DataFrame:
    obs = observations.assign(tier=_tier_of(observations, "tier"))
    return obs[obs["tier"].isin(TIERS)]


def tier_summary(observations: pd.DataFrame) -> pd.DataFrame:
    """How many published figures each source tier holds: columns tier, figures, checked (how
    many were checked against another copy or a later table), publications. Every tier is a row,
    also one with no figure."""
    pub = _published(observations)
    checked = pub.get("checked_against", pd.Series("", index=pub.index)).fillna("")
    pub = pub.assign(_checked=checked.astype(str).str.strip().ne(""))
    grouped = pub.groupby("tier")
    out = pd.DataFrame(
        {
            "figures": grouped.size(),
            "checked": grouped["_checked"].sum(),
            "publications": grouped["source"].nunique(),
        }
    ).reindex(list(TIERS), fill_value=0)
    out = out.astype(int).rename_axis("tier").reset_index()
    return out


def publication_table(observations: pd.DataFrame) -> pd.DataFrame:
    """One row per publication and tier behind the published figures: tier, source (the
    publication's title), publisher, publication_date, official_url, figures, checked, and the
    pages read (``source_url``, up to three, ' | '-joined), best tier first."""
    pub = _published(observations)
    for col in ("publisher", "publication_date", "official_url", "checked_against"):
        if col not in pub.columns:
            pub = pub.assign(**{col: ""})
    pub = pub.assign(_checked=pub["checked_against"].fillna("").astype(str).str.strip().ne(""))
    keys = ["tier", "source", "publisher", "publication_date", "official_url"]
    rows = []
    for key, group in pub.fillna({k: "" for k in keys[1:]}).groupby(keys, sort=True):
        urls = list(dict.fromkeys(u for u in group["source_url"].astype(str) if u))
        rows.append(
            {
                **dict(zip(keys, key, strict=True)),
                "figures": len(group),
                "checked": int(group["_checked"].sum()),
                "source_url": " | ".join(urls[:3]) + (" | …" if len(urls) > 3 else ""),
            }
        )
    columns = [*keys, "figures", "checked", "source_url"]
    return pd.DataFrame(rows, columns=columns)


def sources_of(*frames: pd.DataFrame) -> list[str]:
    """The distinct sources of the given rows, in order of first appearance."""
    seen: list[str] = []
    for frame in frames:
        for text in frame["source"].dropna():
            for part in str(text).split(" / "):
                if part and part not in seen:
                    seen.append(part)
    return seen
