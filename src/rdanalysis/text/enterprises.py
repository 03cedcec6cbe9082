"""Sentences of the enterprise coverage report, made from ``analysis.enterprises.CoverageView``."""

from __future__ import annotations

from rdanalysis.analysis import enterprises as ent

MISSING_ZH = {
    "enterprises": (
        "**未提供规上工业企业数据**:本节需要企业名单表(企业代码、地区、行业、年份、营业收入、"
        "R&D经费、是否有研发机构/活动,见模板 enterprise_template.csv)。"
        "No enterprise table was supplied: this section needs one row per enterprise and year."
    ),
    "city_intensity": (
        "**情景测算缺少全市R&D经费或地区生产总值**(该年无数据),不做测算。"
        "No city R&D and GDP for this year: no what-if."
    ),
}


def headline(view: ent.CoverageView) -> str:
    """One line: how many enterprises, where and when (or what is missing)."""
    if "enterprises" in view.missing:
        return MISSING_ZH["enterprises"]
    return f"**{view.county} {view.year}年:规上工业企业 {len(view.rows)} 家。**"


def confidentiality_note(view: ent.CoverageView) -> str:
    """The rule applied and what it merged or withheld (empty when nothing was affected)."""
    rule = (
        f"保密规则:汇总单元企业数少于{ent.MIN_ENTERPRISES}家,或最大一家企业占该单元金额"
        f"{ent.DOMINANCE_PCT:g}%以上((n,k)=(1,{ent.DOMINANCE_PCT:g}%)支配规则)的,不单独发布。"
    )
    parts = []
    names = {"county": "按地区", "industry": "按行业", "one_to_one": "“一对一”名单汇总"}
    for key, groups in view.merged.items():
        parts.append(f"{names[key]}:{'、'.join(map(str, groups))}并入“{ent.MERGED}”")
    if "all" in view.withheld:
        parts.append("所选范围整体不满足规则,汇总表不发布")
    if "what_if" in view.withheld:
        parts.append("情景测算涉及企业过少,不发布")
    if not parts:
        return ""
    return f"> {rule}{';'.join(parts)}。"


def coverage_reading(view: ent.CoverageView) -> str:
    """The coverage sentence; empty when there are no enterprises (the headline says so)."""
    if "enterprises" in view.missing:
        return ""
    if view.by_county.empty:
        return "**解读:** 汇总表因保密规则不发布。"
    t = view.by_county.loc["合计"]
    return (
        f"**解读:** 研发机构覆盖率{t['institution_pct']:.1f}%,研发投入覆盖率"
        f"{t['spending_pct']:.1f}%,研发活动覆盖率{t['activity_pct']:.1f}%,距全覆盖分别差"
        f"{100 - t['institution_pct']:.1f}、{100 - t['spending_pct']:.1f}、"
        f"{100 - t['activity_pct']:.1f}个百分点。"
    )


def one_to_one_reading(view: ent.CoverageView, threshold_10k_yuan: float) -> str:
    if "enterprises" in view.missing:
        return ""
    if view.one_to_one.empty:
        return "**解读:** 因保密规则不发布。"
    n = int(view.one_to_one["zero_rd"].sum())
    return (
        f"**解读:** 营业收入超过{threshold_10k_yuan / 1e4:g}亿元的企业中,"
        f"{n}家没有研发投入(需“清零”)。"
    )


def rd_share_reading(view: ent.CoverageView) -> str:
    if "enterprises" in view.missing:
        return ""
    if view.rd_share.empty:
        return "**解读:** 企业过少,分布不发布。"
    median = (
        f"有研发投入企业的中位数为{view.median_rd_share_pct:.2f}%"
        if view.median_rd_share_pct is not None
        else "有研发投入的企业过少,中位数不发布"
    )
    return (
        f"**解读:** 研发投入占营业收入≥5%的企业{view.reserve_fund_count}家"
        f"(方案要求建立研发准备金制度);{median}。"
    )


def what_if_reading(view: ent.CoverageView, share_pct: float) -> str:
    if "enterprises" in view.missing:
        return ""
    if view.what_if is None:
        if "city_intensity" in view.missing:
            return MISSING_ZH["city_intensity"]
        return "**情景测算涉及企业过少,因保密规则不发布。**"
    w = view.what_if
    return (
        f"**解读:** 若全市{w['enterprises']}家营收超过1亿元、无研发投入的企业"
        f"各按营收的{share_pct:g}%投入研发,全市R&D经费增加{w['added_rd_100m_yuan']:.2f}亿元,"
        f"强度由{w['intensity_before_pct']:.2f}%升至{w['intensity_after_pct']:.2f}%"
        f"(+{w['change_pp']:.2f}个百分点)。"
    )
