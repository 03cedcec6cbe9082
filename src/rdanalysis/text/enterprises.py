"""Sentences of the enterprise coverage report, made from ``analysis.enterprises.CoverageView``, in
the report's language (``lang``)."""

from __future__ import annotations

from rdanalysis.analysis import enterprises as ent
from rdanalysis.text.i18n import join, reading_text, region, t

MISSING_ZH = {
    "enterprises": t("ent.missing_enterprises"),
    "city_intensity": t("ent.missing_city"),
}


def _reading(text: str, lang: str) -> str:
    return reading_text(text, lang)


def headline(view: ent.CoverageView, lang: str = "zh") -> str:
    """One line: how many enterprises, where and when (or what is missing)."""
    if "enterprises" in view.missing:
        return t("ent.missing_enterprises", lang)
    county = region(view.county, lang)
    return t("ent.headline", lang, county=county, year=view.year, n=len(view.rows))


def confidentiality_note(view: ent.CoverageView, lang: str = "zh") -> str:
    """The rule applied and what it merged or withheld (empty when nothing was affected)."""
    rule = t("ent.rule", lang, n=ent.MIN_ENTERPRISES, pct=ent.DOMINANCE_PCT)
    parts = []
    for key, groups in view.merged.items():
        what = t(f"ent.by_{key}", lang)
        names = join((region(str(g), lang) for g in groups), lang)
        parts.append(t("ent.merged", lang, what=what, groups=names, into=ent.MERGED))
    if "all" in view.withheld:
        parts.append(t("ent.withheld_all", lang))
    if "what_if" in view.withheld:
        parts.append(t("ent.withheld_what_if", lang))
    if not parts:
        return ""
    return t("ent.note", lang, rule=rule, parts=join(parts, lang, "clause"))


def coverage_reading(view: ent.CoverageView, lang: str = "zh") -> str:
    """The coverage sentence; empty when there are no enterprises (the headline says so)."""
    if "enterprises" in view.missing:
        return ""
    if view.by_county.empty:
        return _reading(t("ent.withheld_tables", lang), lang)
    c = view.by_county.loc["合计"]
    a, b, d = c["institution_pct"], c["spending_pct"], c["activity_pct"]
    text = t("ent.coverage", lang, a=a, b=b, c=d, ga=100 - a, gb=100 - b, gc=100 - d)
    return _reading(text, lang)


def one_to_one_reading(view: ent.CoverageView, threshold_10k_yuan: float, lang: str = "zh") -> str:
    if "enterprises" in view.missing:
        return ""
    if view.one_to_one.empty:
        return _reading(t("ent.withheld", lang), lang)
    n = int(view.one_to_one["zero_rd"].sum())
    return _reading(t("ent.one_to_one", lang, threshold=threshold_10k_yuan / 1e4, n=n), lang)


def rd_share_reading(view: ent.CoverageView, lang: str = "zh") -> str:
    if "enterprises" in view.missing:
        return ""
    if view.rd_share.empty:
        return _reading(t("ent.too_few", lang), lang)
    median = (
        t("ent.median", lang, median=view.median_rd_share_pct)
        if view.median_rd_share_pct is not None
        else t("ent.median_none", lang)
    )
    return _reading(t("ent.rd_share", lang, n=view.reserve_fund_count, median=median), lang)


def what_if_reading(view: ent.CoverageView, share_pct: float, lang: str = "zh") -> str:
    if "enterprises" in view.missing:
        return ""
    if view.what_if is None:
        if "city_intensity" in view.missing:
            return t("ent.missing_city", lang)
        return t("ent.what_if_withheld", lang)
    w = view.what_if
    text = t(
        "ent.what_if",
        lang,
        n=w["enterprises"],
        share=share_pct,
        added=w["added_rd_100m_yuan"],
        before=w["intensity_before_pct"],
        after=w["intensity_after_pct"],
        change=w["change_pp"],
    )
    return _reading(text, lang)
