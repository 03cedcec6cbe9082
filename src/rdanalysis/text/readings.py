"""One-sentence readings (Chinese, then English) of the structure analyses, from the numbers."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference


def _name(code: str) -> str:
    return reference.sectors().get(code, code)


def plan_shares(shares: pd.DataFrame, region: str) -> str:
    last = shares[shares["year"] == shares["year"].max()]
    parts = []
    for r in last.itertuples():
        verdict = (
            "已达到"
            if r.value_pct >= r.target_pct
            else f"低于目标{r.target_pct - r.value_pct:.1f}个百分点"
        )
        parts.append(f"{r.label}{r.value_pct:.1f}%(目标≥{r.target_pct:g}%,{verdict})")
    notes = {n for n in last["note"] if n}
    tail = f";{';'.join(sorted(notes))}" if notes else ""
    year = int(last["year"].iloc[0])
    return f"{region}{year}年:" + ",".join(parts) + tail + "。"


def sector_decomposition(dec, region: str) -> str:
    eff = dec.effects
    spend = eff[eff["factor"] == "spending"].set_index("unit")["effect_pp"]
    gdp = float(eff.loc[eff["factor"] == "gdp", "effect_pp"].sum())
    top = spend.idxmax()
    return (
        f"{region}强度由{dec.start}年的{dec.intensity_start:.3f}%变为{dec.end}年的"
        f"{dec.intensity_end:.3f}%({dec.change:+.3f}个百分点):{_name(top)}经费增长贡献最大"
        f"({spend[top]:+.3f}),GDP增长使强度变化{gdp:+.3f}个百分点。 The change of "
        f"{dec.change:+.3f} pp splits into R&D-spending effects (largest: {top}, "
        f"{spend[top]:+.3f}) and a GDP-denominator effect of {gdp:+.3f} pp."
    )


def chained(chain: pd.DataFrame) -> str:
    g = chain.groupby("end")["effect_pp"].sum()
    gdp = chain[chain["factor"].isin(["gdp", "structure"])].groupby("end")["effect_pp"].sum()
    worst = g.idxmin()
    return (
        f"逐年看,强度变化最小(或下降最多)的是{worst}年({g[worst]:+.3f}个百分点);GDP分母效应"
        f"合计{gdp.sum():+.3f}个百分点。 Year by year, {worst} saw the weakest change "
        f"({g[worst]:+.3f} pp)."
    )


def contributions(table: pd.DataFrame, start: int, end: int) -> str:
    top = table.sort_values("contribution_pct", ascending=False).iloc[0]
    return (
        f"{start}-{end}年R&D经费增长{top['total_growth_pct']:.1f}%,其中{_name(top['sector'])}"
        f"贡献{top['contribution_pct']:.1f}%(拉动{top['pull_pp']:.1f}个百分点)。 "
        f"R&D spending grew {top['total_growth_pct']:.1f}%; {top['sector']} contributed "
        f"{top['contribution_pct']:.1f}% of the increase."
    )


def league(table: pd.DataFrame, end: int, target_pct: float) -> str:
    first, last = table.iloc[0], table.iloc[-1]
    reached = int((table["intensity_pct"] >= target_pct).sum())
    return (
        f"{end}年强度最高的是{first.name}({first['intensity_pct']:.2f}%),最低的是{last.name}"
        f"({last['intensity_pct']:.2f}%);{len(table)}个单位中{reached}个达到{target_pct:g}%。 "
        f"Highest: {first.name}; lowest: {last.name}; {reached} of {len(table)} reach "
        f"{target_pct:g}%."
    )


def county_decomposition(dec) -> str:
    f = dec.by_factor()
    eff = dec.effects[dec.effects["factor"] == "intensity"].set_index("unit")["effect_pp"]
    top = eff.idxmax()
    return (
        f"各旗县市区合计强度{dec.start}-{dec.end}年变化{dec.change:+.3f}个百分点:强度效应"
        f"{f['intensity']:+.3f},结构效应{f['structure']:+.3f};{top}贡献最大"
        f"({eff[top]:+.3f})。 Intensity effect {f['intensity']:+.3f} pp, structure effect "
        f"{f['structure']:+.3f} pp; largest contributor {top}."
    )


def shift_share(table: pd.DataFrame) -> str:
    top = table["local_shift"].idxmax()
    low = table["local_shift"].idxmin()
    return (
        f"扣除全市增长和部门结构因素后,{top}的本地增长最强({table.loc[top, 'local_shift']:+.2f}"
        f"亿元),{low}最弱({table.loc[low, 'local_shift']:+.2f}亿元)。 Local shift: strongest "
        f"{top}, weakest {low}."
    )


def profile(
    county: str, row: pd.Series, n: int, end: int, target_pct: float, target_year: int
) -> str:
    need = row.get("required_rd_growth_pct")
    need_text = (
        "已达到目标"
        if row["intensity_pct"] >= target_pct
        else (
            f"要在{target_year}年达到{target_pct:g}%,R&D经费需年均增长{need:.1f}%"
            if pd.notna(need) and need != float("inf")
            else "尚无R&D经费,需先实现“清零”"
        )
    )
    return (
        f"{county}{end}年强度{row['intensity_pct']:.2f}%,在{n}个单位中排第{int(row['rank'])}位,"
        f"对全市强度变化贡献{row['contribution_pp']:+.3f}个百分点;{need_text}。"
    )


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
