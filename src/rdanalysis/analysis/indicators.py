"""Indicators computed from the processed tables (pure functions: DataFrames in, DataFrames out)."""

from __future__ import annotations

import pandas as pd

#: Preference among published intensity vintages: a revision supersedes the first release.
VINTAGE_ORDER = {"revised": 0, "restated": 1, "first_release": 2, "published": 3}


def _combined_status(*statuses: str) -> str:
    """Illustrative if any input is; user if any is; else derived (computed from real figures)."""
    present = {s for s in statuses if isinstance(s, str)}
    if "illustrative" in present:
        return "illustrative"
    return "user" if "user" in present else "derived"


def intensity_series(
    rd_expenditure: pd.DataFrame, gdp: pd.DataFrame, rd_intensity: pd.DataFrame, region: str
) -> pd.DataFrame:
    """R&D intensity (%) of ``region`` per year: the latest published vintage where one exists,
    else R&D spending / GDP on the comparable GDP basis.

    Returns columns year, rd_intensity_pct, rd_expenditure_100m_yuan, gdp_100m_yuan, method
    ('published:<vintage>' or 'computed'), status (of the intensity), gdp_status, source.
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
        }
    )
    pub = rd_intensity[(rd_intensity["region"] == region) & (rd_intensity["basis"] == "comparable")]
    pub = pub.assign(_order=pub["vintage"].map(VINTAGE_ORDER)).sort_values(["year", "_order"])
    pub = pub.drop_duplicates("year", keep="first")
    published = pd.DataFrame(
        {
            "year": pub["year"],
            "rd_intensity_pct": pub["rd_intensity_pct"],
            "method": "published:" + pub["vintage"],
            "status": pub["status"],
            "source": pub["source"],
        }
    ).merge(
        computed[["year", "rd_expenditure_100m_yuan", "gdp_100m_yuan", "gdp_status"]],
        on="year",
        how="left",
    )
    out = pd.concat(
        [published, computed[~computed["year"].isin(published["year"])]], ignore_index=True
    )
    out = out.dropna(subset=["rd_intensity_pct"]).sort_values("year", ignore_index=True)
    out["year"] = out["year"].astype(int)
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


def describe_intensity(series: pd.DataFrame, region: str, target_pct: float = 1.0) -> str:
    """One sentence reading of an intensity series, saying which values are illustrative."""
    if series.empty:
        return f"{region}没有可用的R&D经费投入强度数据。"
    s = series.sort_values("year")
    first, last = s.iloc[0], s.iloc[-1]
    change = last["rd_intensity_pct"] - first["rd_intensity_pct"]
    gap = target_pct - last["rd_intensity_pct"]
    n_ill = int(s["status"].eq("illustrative").sum())
    flag = f"(其中{n_ill}个年份为示例数据,非真实统计)" if n_ill else ""
    trend = "上升" if change > 0 else "下降" if change < 0 else "持平"
    gap_text = (
        f"距{target_pct:g}%目标还差{gap:.2f}个百分点" if gap > 0 else f"已达到{target_pct:g}%目标"
    )
    return (
        f"{region}R&D经费投入强度由{int(first['year'])}年的{first['rd_intensity_pct']:.2f}%"
        f"{trend}至{int(last['year'])}年的{last['rd_intensity_pct']:.2f}%"
        f"({change:+.2f}个百分点){flag},{gap_text}。"
    )


def source_line(*frames: pd.DataFrame) -> str:
    """The distinct sources of the given rows, joined for a figure caption."""
    seen: list[str] = []
    for frame in frames:
        for text in frame["source"].dropna():
            for part in str(text).split(" / "):
                if part and part not in seen:
                    seen.append(part)
    return ";".join(seen)


def build_summary(info: dict, observations: pd.DataFrame, region: str) -> str:
    """A short Markdown paragraph: what the build read, how much of ``region`` is illustrative."""
    sub = observations[observations["region"] == region]
    n_ill = int(sub["status"].eq("illustrative").sum())
    n_real = len(sub) - n_ill
    user = int(observations["status"].eq("user").sum())
    lines = [
        f"数据构建于 {info['built_at']}(rdanalysis {info['rdanalysis']}),"
        f"读取 {len(info['inputs_sha256'])} 个原始文件。",
        f"{region}: 真实数值 {n_real} 个,示例数值 {n_ill} 个;用户提供数值 {user} 个(全部地区)。",
    ]
    if n_ill:
        lines.append(
            f"> **注意:{region}的R&D数据为示例数据(非真实统计)**,由 rdanalysis 的示例数据"
            "生成器按固定随机种子生成,仅用于演示方法;请用正式统计数据替换(见 README)。"
        )
    return "\n\n".join(lines)


def status_banner(rows: pd.DataFrame, region: str) -> str:
    """A Markdown warning when any of ``rows`` is illustrative (empty string otherwise)."""
    if not rows["status"].eq("illustrative").any():
        return ""
    return (
        f"> ⚠️ **{region}的R&D数据为示例数据(非真实统计)**,仅用于演示方法,不代表实际情况。"
        f" **Illustrative data, not official statistics.**"
    )
