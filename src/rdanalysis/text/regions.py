"""The sections of a region report (notebook 03; the national view 07) in the report's
language: each takes the region view (``views.regions.RegionView``; None when its data are
missing) and returns what it shows, in order, for ``display(*section)`` (Markdown paragraphs and
declared tables; nothing without a view); then the sentences they and the region charts
(``plots.regions``) read."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis.views import regions as region_views
from rdanalysis.text import formats, i18n, labels, missing, provenance
from rdanalysis.text.i18n import Text, join, region, t
from rdanalysis.text.tables import Table


def opening(v, gap, lang: str = "zh") -> list:
    """What is missing (``gap``), else the banner of the children's data, what the parent's
    intensity and reference line are, and which children reported nothing."""
    if gap:
        return [i18n.markdown(missing.sentence(gap, lang))]
    children = children_of(v.region, lang)
    unreported = missing.unreported(region_views.unreported(v), v.region, v.start, v.end, lang)
    return [
        i18n.markdown(provenance.status_banner(v.rows, children, lang)),
        i18n.markdown(region_notes(v, lang)),
        i18n.markdown(unreported),
    ]


def league(v, lang: str = "zh") -> list:
    """The league table of the children in the end year, with its reading."""
    if v is None:
        return []
    reading = describe_league(v.league, v.end, v.reference_pct, lang)
    return [i18n.reading(reading, lang), league_table(v, lang)]


def effects(v, lang: str = "zh") -> list:
    """Under the decomposition chart: the children's effects table."""
    if v is None:
        return []
    return [labels.table(v.decomposition.effects, lang, rename={"unit": "effect_unit"})]


def shift_share(v, lang: str = "zh") -> list:
    """The shift-share of the children's R&D growth, or why there is none."""
    if v is None:
        return []
    if v.shift_share is None:
        return [i18n.md("nb03.no_shift_share", lang)]
    ss = v.shift_share
    return [i18n.reading(describe_shift_share(ss, lang), lang), labels.table(ss, lang)]


def describe_league(table: pd.DataFrame, end: int, target_pct: float, lang: str = "zh") -> str:
    first, last = table.iloc[0], table.iloc[-1]
    reached = int((table["intensity_pct"] >= target_pct).sum())
    return t(
        "read.league",
        lang,
        end=end,
        first=region(first.name, lang),
        first_pct=first["intensity_pct"],
        last=region(last.name, lang),
        last_pct=last["intensity_pct"],
        n=len(table),
        reached=reached,
        target=target_pct,
    )


def county_decomposition(dec, units: str | None = None, lang: str = "zh") -> str:
    """``units``: who the children are, in ``lang`` (default: Tongliao's banners/counties)."""
    f = dec.by_factor()
    # each unit's whole contribution (intensity + structure effect), as its table shows it
    eff = dec.effects.groupby("unit")["effect_pp"].sum()
    top = eff.idxmax()
    return t(
        "read.county_decomposition",
        lang,
        units=units or t("read.county_units_default", lang),
        start=dec.start,
        end=dec.end,
        change=dec.change,
        intensity=f["intensity"],
        structure=f["structure"],
        top=region(top, lang),
        top_pp=eff[top],
    )


#: The column a league table's units are named in, by the level of the units.
_UNIT_COLUMN = {"county": "county", "province": "province"}


def league_table(view, lang: str = "zh") -> Table:
    """A region view's league table, its units named as what they are (旗县市区, 省份, 地区)."""
    regions = reference.regions()
    levels = {regions[c].level for c in view.league.index if c in regions}
    key = _UNIT_COLUMN.get(levels.pop(), "region") if len(levels) == 1 else "region"
    if key == "county" and reference.PROVINCE not in regions.ancestors(view.region):
        key = "region"  # 旗县市区 are Inner Mongolia's; any other city's are its sub-regions
    league = view.league.copy()
    needed = [c for c in ("required_intensity_growth_pct", "required_rd_growth_pct") if c in league]
    if needed and "intensity_pct" in league:  # a unit at the reference line needs no growth
        league.loc[league["intensity_pct"] >= view.reference_pct, needed] = float("nan")
    note = t("read.league_note", lang, target=view.reference_pct)
    return Table(league.rename_axis(key), lang, notes=[note] if needed else [])


def children_of(parent: str, lang: str = "zh", kind: str = "county") -> str:
    """'通辽市各下级' / "Tongliao's sub-regions" ('…各省份' / "…'s provinces": kind='province')."""
    return t(f"read.{kind}_units", lang, region=region(parent, lang))


def describe_shift_share(table: pd.DataFrame, lang: str = "zh") -> str:
    top = table["local_shift"].idxmax()
    low = table["local_shift"].idxmin()
    return t(
        "read.shift_share",
        lang,
        top=region(top, lang),
        top_value=table.loc[top, "local_shift"],
        low=region(low, lang),
        low_value=table.loc[low, "local_shift"],
    )


def region_notes(view, lang: str = "zh") -> str:
    """What a region view's parent intensity and reference line are (Markdown quote)."""
    name = region(view.region, lang)
    denominator = (
        coverage_note(view.coverage, len(view.children), lang)
        if getattr(view, "partial", False)
        else t("read.denominator", lang, region=name)
    )
    ref = view.reference_pct
    if view.reference_kind == "target":
        line = t("read.reference_target", lang, ref=ref)
    elif view.reference_kind == "parent":
        line = t(
            "read.reference_parent",
            lang,
            region=name,
            end=view.end,
            ref=ref,
            method=formats.code(view.reference_method, "method", lang),
        )
    else:
        line = t("read.reference_children", lang, ref=ref)
    return i18n.quote(denominator) + Text.markup("\n>\n") + i18n.quote(line)


def coverage_note(coverage, n: int, lang: str = "zh") -> str:
    """Sub-regions that cover only part of their parent, said out loud: how much of its GDP and
    R&D they make up, that their combined intensity is not the parent's, and the parent's own."""
    name = region(coverage.parent, lang)
    shares = [
        t(f"read.coverage_{what}", lang, pct=share * 100)
        for what, share in (("gdp", coverage.gdp_share), ("rd", coverage.rd_share))
        if share is not None
    ]
    text = t(
        "read.denominator_partial",
        lang,
        n=n,
        region=name,
        year=coverage.year,
        shares=join(shares, lang),
    )
    if coverage.parent_intensity_pct is not None:
        own = t(
            "read.coverage_own",
            lang,
            region=name,
            year=coverage.year,
            pct=coverage.parent_intensity_pct,
        )
        text = text + Text.markup("" if lang == "zh" else " ") + own
    return text
