"""One-sentence readings (Chinese, then English) of the structure analyses, from the numbers."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference


def _name(code: str) -> str:
    return reference.part_name(code)


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


def county_decomposition(dec, units: str = "各旗县市区") -> str:
    f = dec.by_factor()
    eff = dec.effects[dec.effects["factor"] == "intensity"].set_index("unit")["effect_pp"]
    top = eff.idxmax()
    return (
        f"{units}合计强度{dec.start}-{dec.end}年变化{dec.change:+.3f}个百分点:强度效应"
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
    county: str,
    row: pd.Series,
    n: int,
    end: int,
    target_pct: float,
    target_year: int,
    parent: str = "全市",
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
        f"对{parent}强度变化贡献{row['contribution_pp']:+.3f}个百分点;{need_text}。"
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


def split_gaps(gaps: pd.DataFrame, region: str) -> str:
    """How missing parts of a split were handled, one clause per year ('' if none)."""
    out = []
    for r in gaps.itertuples():
        names = "、".join(_name(p) for p in str(r.parts).split(",") if p)
        if r.used:
            out.append(f"{r.year}年{names}无数据,其余各项之和等于合计,按0计")
        else:
            out.append(
                f"{r.year}年缺{names or '部分项目'},各项之和比合计少{r.gap_pct:.1f}%,该年不参与分解"
            )
    return f"> 缺失值处理({region}):" + ";".join(out) + "。" if out else ""


def split_shares(view) -> str:
    """The latest shares of a split (a ``views.SplitView``) and their change since the start."""
    shares = view.shares.dropna(how="all")
    last, first = shares.iloc[-1].dropna(), shares.iloc[0]
    y0, y1 = int(shares.index[0]), int(shares.index[-1])
    parts = [
        f"{_name(k)}{v:.1f}%({v - first.get(k, float('nan')):+.1f})"
        for k, v in last.sort_values(ascending=False).items()
    ]
    top = last.idxmax()
    return (
        f"{view.region}{y1}年R&D经费按{view.label}:" + "、".join(parts) + f"(括号内为较{y0}年变化,"
        f"百分点)。 In {y1}, {top} is the largest part ({last[top]:.1f}%)."
    )


def province(view) -> str:
    """A province's last value, forecasts and rank against the national reference line."""
    o, row = view.outlook, view.profile.row
    fc = ";".join(
        f"{int(r.year)}年预计{r.point_pct:.2f}%(80%区间{r.lo80_pct:.2f}%–{r.hi80_pct:.2f}%)"
        for r in view.forecast_years.itertuples()
    )
    side = "高于" if o.last["rd_intensity_pct"] >= view.reference_pct else "低于"
    return (
        f"{view.name}{int(o.last['year'])}年R&D经费投入强度{o.last['rd_intensity_pct']:.2f}%,"
        f"{side}全国参照值{view.reference_pct:.2f}%,在{len(view.profile.region.league)}个省份中"
        f"排第{int(row['rank'])}位;{fc}。 {view.name}: {o.last['rd_intensity_pct']:.2f}% in "
        f"{int(o.last['year'])}, rank {int(row['rank'])}; forecasts as stated (not targets)."
    )


def revisions(table: pd.DataFrame, region: str) -> str:
    """The largest intensity revision and how many region-years moved, for the overview."""
    if table.empty:
        return "没有可比较的首发值与修订值。 No first release to compare with a revision."
    top = table.iloc[0]
    mine = table[table["region"] == region]
    own = (
        f"{region}修订最大的是{int(mine.iloc[0]['year'])}年({mine.iloc[0]['first_release_pct']:.2f}%→"
        f"{mine.iloc[0]['revised_pct']:.2f}%)。"
        if not mine.empty
        else ""
    )
    return (
        f"{len(table)}个地区-年份同时有首发值和修订值({top['vintage']}),平均修订"
        f"{table['revision_pp'].abs().mean():.2f}个百分点;最大为{top['region']}{int(top['year'])}年"
        f"({top['first_release_pct']:.2f}%→{top['revised_pct']:.2f}%)。{own} Mean absolute "
        f"revision {table['revision_pp'].abs().mean():.2f} pp; largest {top['region']} "
        f"{int(top['year'])}."
    )


def bounds(table: pd.DataFrame) -> str:
    """Whether every published bound holds for the loaded (illustrative) figures."""
    if table.empty:
        return "没有公开上限。 No published bounds."
    broken = table[table["holds"].eq(False)]
    if broken.empty:
        return f"{len(table)}个公开上限全部满足。 All {len(table)} published bounds hold."
    what = "、".join(f"{r.region}{r.year}年{r.measure}" for r in broken.itertuples())
    return f"**{len(broken)}个上限未满足:{what}。** {len(broken)} bound(s) broken."


def region_notes(view) -> str:
    """What a region view's parent intensity and reference line are (Markdown quote)."""
    denominator = (
        f"{view.region}的强度 = 各下级R&D之和 ÷ 各下级GDP之和(下级GDP分别核算,其和不必等于"
        f"{view.region}公布的GDP)。 The parent's intensity here is the children's R&D sum over the"
        " children's GDP sum."
    )
    ref = view.reference_pct
    if view.reference_kind == "target":
        line = f"参照线:目标 {ref:g}%。 Reference line: the target."
    elif view.reference_kind == "parent":
        line = (
            f"参照线:{view.region}{view.end}年R&D经费投入强度 {ref:.2f}%(公开值,"
            f"{view.reference_method}),不是目标;未收录各下级自己的目标。 Reference line: the"
            " parent's published intensity, not a target."
        )
    else:
        line = (
            f"参照线:各下级合计强度 {ref:.2f}%,不是目标。 Reference line: the children's"
            " combined intensity, not a target."
        )
    return f"> {denominator}\n>\n> {line}"


def split_denominator(view) -> str:
    """Whose GDP divides a split view's R&D (Markdown quote)."""
    if view.denominator == "own":
        return f"> 分母:{view.region}地区生产总值。 Denominator: {view.region}'s own GDP."
    n = len(reference.children(view.region))
    return (
        f"> 分母:各下级地区生产总值之和({n}个下级逐年齐全;{view.region}自身GDP在本数据中"
        f"只有{view.own_gdp_years}年)。下级GDP之和不等于{view.region}公布的GDP,强度水平因此与"
        f"公布值略有不同。 Denominator: the sum of the {n} sub-regions' GDP."
    )


def province_reference(view) -> str:
    """The province profile's reference line: the national intensity, not a target."""
    return (
        f"> 参照线:全国{view.reference_year}年R&D经费投入强度 {view.reference_pct:.2f}%"
        f"({view.reference_method}),不是目标;本项目未收录{view.name}自己的强度目标。"
        " Reference line: the national intensity, not a target."
    )
