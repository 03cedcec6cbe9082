"""Readings (Chinese, then English) of a region's outlook: forecast, backtest, required growth
and scenario grid, from the numbers in ``analysis.outlook.Outlook``."""

from __future__ import annotations

from rdanalysis.analysis import forecast
from rdanalysis.analysis.outlook import Outlook


def describe(o: Outlook) -> str:
    """One-sentence reading of the forecast (Chinese, then English)."""
    fc = o.result.forecast
    lo, hi = fc.interval(0.8)
    k = -1
    flag = "(示例数据,非真实统计)" if o.status == "illustrative" else ""
    return (
        f"{o.region}{flag}R&D经费投入强度预计{o.target_year}年为{fc.point[k]:.2f}%"
        f"(80%区间 {lo[k]:.2f}%–{hi[k]:.2f}%),达到{o.target_pct:g}%目标的概率约"
        f"{o.probability:.0%}。 {o.region}: {fc.point[k]:.2f}% expected in {o.target_year} "
        f"(80% interval {lo[k]:.2f}-{hi[k]:.2f}%), probability of reaching "
        f"{o.target_pct:g}% about {o.probability:.0%}."
    )


def describe_required(o: Outlook) -> str:
    mid = o.required.iloc[len(o.required) // 2]
    return (
        f"若名义GDP年增{mid['gdp_growth_pct']:.0f}%,要在{o.target_year}年达到{o.target_pct:g}%,"
        f"R&D经费需年均增长{mid['rd_growth_pct']:.1f}%(强度年均提高"
        f"{mid['linear_pp_per_year']:.2f}个百分点)。 With nominal GDP growth of "
        f"{mid['gdp_growth_pct']:.0f}% a year, R&D spending must grow "
        f"{mid['rd_growth_pct']:.1f}% a year."
    )


def describe_backtest(o: Outlook) -> str:
    s = o.result.summary
    if s.empty:
        return (
            "序列太短,无法回测;采用默认组合方法。 Too short for a backtest; the default "
            "combination is used."
        )
    best = s.iloc[0]
    comb = s.set_index("method").loc[forecast.COMBINATION]
    return (
        f"滚动回测中平均MASE最低的是{best['method']}({best['mean_mase']:.2f}),默认组合方法为"
        f"{comb['mean_mase']:.2f}(低于1表示优于朴素预测)。 Lowest mean MASE in the rolling "
        f"backtest: {best['method']} ({best['mean_mase']:.2f}); default combination "
        f"{comb['mean_mase']:.2f} (below 1 beats the naive one-step benchmark in-sample)."
    )


def describe_grid(o: Outlook) -> str:
    years = o.target_year - int(o.last["year"])
    reach = o.grid >= o.target_pct
    if not reach.to_numpy().any():
        return (
            f"图中任何增速组合都无法在{years}年内把强度提高到{o.target_pct:g}%。 No combination "
            f"shown reaches {o.target_pct:g}% in {o.target_year}."
        )
    req = o.required.iloc[len(o.required) // 2]
    at = f";名义GDP年增{req['gdp_growth_pct']:g}%时,R&D经费需年增{req['rd_growth_pct']:.1f}%"
    return (
        f"热力图给出{o.target_year}年强度(红线以上达到{o.target_pct:g}%){at}。 Intensity in "
        f"{o.target_year} by GDP growth (x) and R&D growth (y); cells above the red line "
        f"reach {o.target_pct:g}%."
    )


def vintage_note(o: Outlook) -> str:
    """Which vintage of the published intensity each year uses."""
    published = o.history[o.history["method"].str.startswith("published")]
    revised = published[published["method"] != "published:first_release"]
    if published.empty:
        return "强度由R&D经费/GDP计算(无公开强度)。Computed as R&D / GDP."
    parts = [f"{int(r.year)}: {r.method.split(':')[1]}" for r in revised.itertuples()]
    extra = f";修订/重述值: {', '.join(parts)}" if parts else ""
    return f"使用各年最新公开口径{extra}。Latest vintage of each year is used."
