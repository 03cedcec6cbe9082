"""Sentences of the enterprise coverage report, made from ``views.enterprises.CoverageView``,
in the report's language (``lang``). A withheld figure is never written out: a sentence that needs
one says it is withheld instead."""

from __future__ import annotations

import pandas as pd

from rdanalysis.analysis import enterprises as ent
from rdanalysis.analysis.views.enterprises import CoverageView
from rdanalysis.text.i18n import join, reading_text, region, t
from rdanalysis.text.tables import Table

#: The tables whose withheld rows the confidentiality note names, and their names.
_TABLES = {"by_county": "ent.by_county", "by_industry": "ent.by_industry",
           "one_to_one": "ent.by_one_to_one"}  # fmt: skip


def _reading(text: str, lang: str) -> str:
    return reading_text(text, lang)


def _total(table: pd.DataFrame) -> pd.Series | None:
    """The table's total row if it is published."""
    if table.empty or ent.TOTAL_LABEL not in table.index:
        return None
    row = table.loc[ent.TOTAL_LABEL]
    return None if row["is_withheld"] else row


def headline(view: CoverageView, lang: str = "zh") -> str:
    """One line: how many enterprises, where and when (or what is missing)."""
    if "enterprises" in view.missing:
        return t("ent.missing_enterprises", lang)
    county = region(view.county, lang)
    return t("ent.headline", lang, county=county, year=view.year, n=len(view.rows))


def confidentiality_note(view: CoverageView, lang: str = "zh") -> str:
    """The rule, how it is kept across tables and reports, and what it withheld here."""
    if "enterprises" in view.missing:
        return ""
    parts = [
        t("ent.secondary", lang, merged=region(ent.MERGED, lang)),
        t(
            "ent.statistics_rule",
            lang,
            n=ent.MIN_ENTERPRISES_FOR_STATISTICS,
            w=ent.WINDOW,
        ),
    ]
    for key, message in _TABLES.items():
        groups = view.withheld.get(key, [])
        if groups:
            names = join((region(str(g), lang) for g in groups), lang)
            parts.append(t("ent.withheld_rows", lang, what=t(message, lang), groups=names))
    if _total(view.by_county) is None and not view.by_county.empty:
        parts.append(t("ent.withheld_all", lang))
    if "statistics" in view.withheld:
        parts.append(t("ent.withheld_statistics", lang))
    if "what_if" in view.withheld:
        parts.append(t("ent.withheld_what_if", lang))
    rule = t("ent.rule", lang, n=ent.MIN_ENTERPRISES, pct=ent.DOMINANCE_PCT)
    return t("ent.note", lang, rule=rule, parts=join(parts, lang, "clause"))


def coverage_reading(view: CoverageView, lang: str = "zh") -> str:
    """The coverage sentence; empty when there are no enterprises (the headline says so)."""
    if "enterprises" in view.missing or view.rows.empty:
        return ""
    c = _total(view.by_county)
    if c is None:
        return _reading(t("ent.withheld_tables", lang), lang)
    a, b, d = c["institution_pct"], c["spending_pct"], c["activity_pct"]
    text = t("ent.coverage", lang, a=a, b=b, c=d, ga=100 - a, gb=100 - b, gc=100 - d)
    return _reading(text, lang)


def one_to_one_reading(view: CoverageView, threshold_10k_yuan: float, lang: str = "zh") -> str:
    if "enterprises" in view.missing:
        return ""
    threshold = threshold_10k_yuan / 1e4
    table = view.one_to_one
    if table.empty:
        return _reading(t("ent.one_to_one_none", lang, threshold=threshold), lang)
    label = ent.TOTAL_LABEL if view.county == ent.ALL else view.county
    row = table.loc[label] if label in table.index else None
    if row is None or row["is_withheld"]:
        return _reading(t("ent.withheld", lang), lang)
    n = int(row["zero_rd"])
    return _reading(t("ent.one_to_one", lang, threshold=threshold, n=n), lang)


def rd_share_table(view: CoverageView, lang: str = "zh") -> Table:
    """The statistics of R&D / revenue: the number of firms as a whole number, the rest in %."""
    frame = view.rd_share.rename_axis("statistic").reset_index()
    frame["unit"] = ["家" if s == "count" else "%" for s in frame["statistic"]]
    return Table(frame, lang, row_unit="unit", hide=("unit",))


def rd_share_reading(view: CoverageView, lang: str = "zh") -> str:
    if "enterprises" in view.missing:
        return ""
    if view.reserve_fund_count is None:
        return _reading(t("ent.too_few", lang, n=ent.MIN_ENTERPRISES_FOR_STATISTICS), lang)
    median = (
        t("ent.median", lang, median=view.median_rd_share_pct)
        if view.median_rd_share_pct is not None
        else t("ent.median_none", lang, n=ent.MIN_ENTERPRISES_FOR_STATISTICS)
    )
    return _reading(t("ent.rd_share", lang, n=view.reserve_fund_count, median=median), lang)


def what_if_reading(view: CoverageView, share_pct: float, lang: str = "zh") -> str:
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
