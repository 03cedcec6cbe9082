"""Readings (Chinese, then English) of a region's outlook: forecast, backtest, required growth
and scenario grid, from the numbers in ``analysis.outlook.Outlook``."""

from __future__ import annotations

from rdanalysis.analysis import forecast, outlook
from rdanalysis.analysis.outlook import Outlook


def probability_text(p: float, resolution: float) -> str:
    """A probability from simulated paths with its resolution: '< 0.05 %' when no path reaches
    the target (2,000 paths), '> 99.95 %' when all do, else e.g. '37.2 %'."""
    if p <= 0:
        return f"< {resolution * 100:.2g} %"
    if p >= 1:
        return f"> {100 - resolution * 100:.4g} %"
    return f"{p * 100:.1f} %"


def describe(o: Outlook) -> str:
    """One-sentence reading of the forecast (Chinese, then English)."""
    fc = o.result.forecast
    lo, hi = fc.interval(0.8)
    k = -1
    flag = "(示例数据,非真实统计)" if o.status == "illustrative" else ""
    p = probability_text(o.probability, fc.resolution)
    bounded = p[0] in "<>"  # no simulated path (or every path) reaches the target
    return (
        f"{o.region}{flag}R&D经费投入强度预计{o.target_year}年为{fc.point[k]:.2f}%"
        f"(80%区间 {lo[k]:.2f}%–{hi[k]:.2f}%),达到{o.target_pct:g}%目标的概率"
        f"{'' if bounded else '约'}{p}。 {o.region}: {fc.point[k]:.2f}% expected in "
        f"{o.target_year} (80% interval {lo[k]:.2f}-{hi[k]:.2f}%), probability of reaching "
        f"{o.target_pct:g}% {'' if bounded else 'about '}{p}."
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
            "序列太短(不足6个连续年份),无法回测;区间可信度见下表的留出检验。 Too short for a "
            "backtest of its own (fewer than 6 consecutive years); see the held-out calibration."
        )
    best = s.iloc[0]
    if forecast.DEFAULT not in set(s["method"]):
        return f"滚动回测中平均MASE最低的是{best['method']}({best['mean_mase']:.2f})。"
    default = s.set_index("method").loc[forecast.DEFAULT]
    return (
        f"滚动回测中平均MASE最低的是{best['method']}({best['mean_mase']:.2f}),默认方法(校准的"
        f"贝叶斯漂移)为{default['mean_mase']:.2f}(低于1表示优于样本内一步朴素预测)。 Lowest "
        f"mean MASE in the rolling backtest: {best['method']} ({best['mean_mase']:.2f}); the "
        f"default (calibrated Bayesian drift) {default['mean_mase']:.2f} (below 1 beats the "
        "naive one-step benchmark in-sample)."
    )


def describe_calibration(o: Outlook) -> str:
    """How far to trust the interval: coverage on held-out real series of this length."""
    c = o.calibration
    if c.empty:
        return "无同类长度的检验结果。 No held-out evidence for series of this length."
    lo, hi = c["heldout_coverage80"].min(), c["heldout_coverage80"].max()
    span = f"{lo:.0%}" if round(lo, 2) == round(hi, 2) else f"{lo:.0%}–{hi:.0%}"
    above, below = c["heldout_above80"].mean(), c["heldout_below80"].mean()
    kind = "国家序列" if outlook.series_kind(o.region) == "national" else "省级序列"
    own = c["own_coverage80"].dropna()
    own_text = (
        f";本序列自身回测的80%区间覆盖率为{own.mean():.0%}(共{int(c['own_n'].sum())}次)"
        if not own.empty
        else ";本序列太短,无自身回测"
    )
    return (
        f"在未参与方法拟合的真实{kind}上(训练长度{c['n_points'].iloc[0]}年),80%区间实际覆盖"
        f"{span}(预测{c['h'].min()}-{c['h'].max()}年),实际值高于区间{above:.0%}、低于区间"
        f"{below:.0%}{own_text}。 On real held-out series of this length the 80 % interval "
        f"covered {span} of actual values; {above:.0%} fell above it, {below:.0%} below."
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
    """Which published vintage the series uses (one for the whole series, never mixed)."""
    methods = list(dict.fromkeys(o.history["method"]))
    if methods == ["computed"]:
        return "强度由R&D经费/GDP计算(无公开强度)。Computed as R&D / GDP."
    vintage = ", ".join(m.split(":", 1)[-1] for m in methods)
    return (
        f"全序列使用同一版本的公开强度:{vintage}(首发值与修订值不混用)。"
        f"One published vintage for the whole series: {vintage}."
    )
