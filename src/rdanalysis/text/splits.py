"""The sections of a split report (notebook 02; the splits of 07 and 08) in the report's
language: each takes the split view (``views.splits.SplitView``; None when its data are
missing) and returns what it shows, in order, for ``display(*section)`` (Markdown paragraphs and
declared tables; nothing without a view); then the sentences they and the split charts
(``plots.splits``) read."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.text import i18n, labels, missing, provenance
from rdanalysis.text.i18n import join, part, region, t
from rdanalysis.text.shares import shares_sentence
from rdanalysis.text.tables import Table


def opening(v, gap, lang: str = "zh") -> list:
    """What is missing (``gap``), else the banner, how missing parts were handled and whose GDP
    divides R&D."""
    if gap:
        return [i18n.markdown(missing.sentence(gap, lang))]
    return [
        i18n.markdown(provenance.status_banner(v.rows, v.region, lang)),
        i18n.markdown(split_gaps(v.gaps, v.region, lang)),
        i18n.markdown(split_denominator(v, lang)),
    ]


def decomposition(v, lang: str = "zh") -> list:
    """Under the waterfall: the residual, and the effects table."""
    if v is None:
        return []
    return [
        i18n.markdown(residual(v.decomposition.residual, lang)),
        labels.table(v.effects, lang, rename={"unit": "effect_unit"}),
    ]


def contributions(v, lang: str = "zh") -> list:
    """Each part's contribution to R&D growth (贡献率, 拉动)."""
    if v is None:
        return []
    reading = describe_contributions(v.contributions, v.start, v.end, lang)
    return [i18n.reading(reading, lang), labels.table(v.contributions, lang)]


def plan_share_table(shares: pd.DataFrame, lang: str = "zh") -> Table:
    """The plan's structure shares by year: the target in words, how hospitals were counted."""
    shown = shares.assign(
        plan_indicator=shares["indicator"],
        note=[labels.hospital_note(c, lang) for c in shares["categories"]],
    )
    columns = ["year", "plan_indicator", "value_pct", "target_pct", "categories", "note"]
    return Table(shown[columns], lang)


def plan_shares(
    shares: pd.DataFrame, region_name: str, lang: str = "zh", plan_region: str | None = None
) -> str:
    """The latest year's structure shares against the plan's targets; a share without a
    target (``plan_region`` given: the plan is about another region) is read without one."""
    last = shares[shares["year"] == shares["year"].max()]
    categories = reference.plan_categories()
    parts = []
    for r in last.itertuples():
        label = r.label if lang == "zh" else categories[r.indicator].get("en", r.label)
        if pd.isna(r.target_pct):
            parts.append(t("read.plan_share_value", lang, label=label, value=r.value_pct))
            continue
        verdict = (
            t("read.plan_share_reached", lang)
            if r.value_pct >= r.target_pct
            else t("read.plan_share_short", lang, gap=r.target_pct - r.value_pct)
        )
        parts.append(
            t(
                "read.plan_share_part",
                lang,
                label=label,
                value=r.value_pct,
                target=r.target_pct,
                verdict=verdict,
            )
        )
    notes = sorted({labels.hospital_note(c, lang) for c in last["categories"]} - {""})
    tail = "".join(t("read.plan_share_note", lang, note=n) for n in notes)
    if plan_region and plan_region != region_name:
        tail += t("read.plan_share_other", lang, plan_region=region(plan_region, lang))
    return t(
        "read.plan_shares",
        lang,
        region=region(region_name, lang),
        year=int(last["year"].iloc[0]),
        parts=join(parts, lang, "comma"),
        tail=tail,
    )


def sector_decomposition(dec, region_name: str, lang: str = "zh") -> str:
    eff = dec.effects
    spend = eff[eff["factor"] == "spending"].set_index("unit")["effect_pp"]
    gdp = float(eff.loc[eff["factor"] == "gdp", "effect_pp"].sum())
    top = spend.idxmax()
    return t(
        "read.sector_decomposition",
        lang,
        region=region(region_name, lang),
        start=dec.start,
        end=dec.end,
        i0=dec.intensity_start,
        i1=dec.intensity_end,
        change=dec.change,
        top=part(top, lang),
        top_pp=spend[top],
        gdp=gdp,
    )


def chained(chain: pd.DataFrame, lang: str = "zh") -> str:
    g = chain.groupby("end")["effect_pp"].sum()
    gdp = chain[chain["factor"].isin(["gdp", "structure"])].groupby("end")["effect_pp"].sum()
    worst = g.idxmin()
    return t("read.chained", lang, worst=worst, worst_pp=g[worst], gdp=gdp.sum())


def describe_contributions(table: pd.DataFrame, start: int, end: int, lang: str = "zh") -> str:
    top = table.sort_values("contribution_pct", ascending=False).iloc[0]
    return t(
        "read.contributions",
        lang,
        start=start,
        end=end,
        growth=top["total_growth_pct"],
        top=part(top["sector"], lang),
        share=top["contribution_pct"],
        pull=top["pull_pp"],
    )


def split_gaps(gaps: pd.DataFrame, region_name: str, lang: str = "zh") -> str:
    """How missing parts of a split were handled, one clause per year ('' if none)."""
    out = []
    for r in gaps.itertuples():
        names = join((part(p, lang) for p in str(r.parts).split(",") if p), lang)
        if r.used:
            out.append(t("read.gap_used", lang, year=r.year, names=names))
        else:
            names = names or t("read.gap_some", lang)
            out.append(t("read.gap_dropped", lang, year=r.year, names=names, gap=r.gap_pct))
    if not out:
        return ""
    return t("read.gaps", lang, region=region(region_name, lang), clauses=join(out, lang, "clause"))


def split_label(view, lang: str = "zh") -> str:
    """What a split view splits by: 执行主体 / performing sector, ..."""
    return reference.splits()[view.split]["label" if lang == "zh" else "en"]


def split_shares(view, lang: str = "zh") -> str:
    """The latest shares of a split (a ``views.SplitView``) and their change since the start."""
    return shares_sentence(
        view.shares.dropna(how="all"), view.region, split_label(view, lang), lang
    )


def split_denominator(view, lang: str = "zh") -> str:
    """Whose GDP divides a split view's R&D (Markdown quote)."""
    name = region(view.region, lang)
    if view.denominator == "own":
        return t("read.split_own", lang, region=name)
    n = len(reference.children(view.region))
    return t("read.split_children", lang, region=name, n=n, years=view.own_gdp_years)


#: A decomposition residual below this (percentage points) is rounding: the split is exact.
EXACT_PP = 5e-4


def residual(value: float, lang: str = "zh") -> str:
    """Whether a decomposition adds up: 'exact' (LMDI is, up to rounding), or by how much not."""
    if abs(value) < EXACT_PP:
        return t("nb02.residual", lang)
    return t("nb02.residual_left", lang, residual=value)
