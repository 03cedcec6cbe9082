"""One-sentence readings of the structure analyses, from the numbers, in the report's language
(``lang``: zh or en; the words are in resources/text.yml)."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.text import formats, i18n, labels
from rdanalysis.text.i18n import Text, join, part, region, t
from rdanalysis.text.tables import Table


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


def contributions(table: pd.DataFrame, start: int, end: int, lang: str = "zh") -> str:
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


def league(table: pd.DataFrame, end: int, target_pct: float, lang: str = "zh") -> str:
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


def shift_share(table: pd.DataFrame, lang: str = "zh") -> str:
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


def profile(
    county: str,
    row: pd.Series,
    n: int,
    end: int,
    target_pct: float,
    target_year: int,
    parent: str = "全市",
    lang: str = "zh",
) -> str:
    need = row.get("required_rd_growth_pct")
    if row["intensity_pct"] >= target_pct:
        need_text = t("read.profile_reached", lang)
    elif target_year <= end:  # no year left to grow in: the target was missed, not "zero R&D"
        need_text = t("read.profile_missed", lang, year=target_year, target=target_pct)
    elif pd.notna(need) and need != float("inf"):
        need_text = t("read.profile_need", lang, year=target_year, target=target_pct, need=need)
    else:
        need_text = t("read.profile_zero", lang)
    return t(
        "read.profile",
        lang,
        name=region(county, lang),
        end=end,
        pct=row["intensity_pct"],
        n=n,
        rank=int(row["rank"]),
        parent=region(parent, lang),
        contribution=row["contribution_pp"],
        need=need_text,
    )


def describe_intensity(
    series: pd.DataFrame, region_name: str, target_pct: float = 1.0, lang: str = "zh"
) -> str:
    """One sentence reading of an intensity series, saying which values are illustrative."""
    name = region(region_name, lang)
    if series.empty:
        return t("read.intensity_none", lang, region=name)
    s = series.sort_values("year")
    first, last = s.iloc[0], s.iloc[-1]
    change = last["rd_intensity_pct"] - first["rd_intensity_pct"]
    gap = target_pct - last["rd_intensity_pct"]
    n_ill = int(s["status"].eq("illustrative").sum())
    trend = "word.rises" if change > 0 else "word.falls" if change < 0 else "word.flat"
    return t(
        "read.intensity",
        lang,
        region=name,
        y0=int(first["year"]),
        v0=first["rd_intensity_pct"],
        trend=t(trend, lang),
        y1=int(last["year"]),
        v1=last["rd_intensity_pct"],
        change=change,
        flag=(
            ""
            if not n_ill
            else t("read.intensity_flag_all", lang)
            if n_ill == len(series)
            else t("read.intensity_flag", lang, n=n_ill)
        ),
        gap=(
            t("read.intensity_gap", lang, target=target_pct, gap=gap)
            if gap > 0
            else t("read.intensity_reached", lang, target=target_pct)
        ),
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


def sector_composition(matrix: pd.DataFrame, name: str, lang: str = "zh") -> str:
    """The latest shares of a region's R&D by performing sector (``matrix``: years x sectors,
    with or without 'total'; shares of the sectors' sum) and their change since its first year."""
    parts = matrix.drop(columns="total", errors="ignore").dropna(how="all")
    label = reference.splits()["sector"]["label" if lang == "zh" else "en"]
    return _shares(parts.div(parts.sum(axis=1), axis=0) * 100, name, label, lang)


def split_shares(view, lang: str = "zh") -> str:
    """The latest shares of a split (a ``views.SplitView``) and their change since the start."""
    return _shares(view.shares.dropna(how="all"), view.region, split_label(view, lang), lang)


def _shares(shares: pd.DataFrame, name: str, label: str, lang: str) -> str:
    """'{region}{year}年R&D经费按{label}:…' from ``shares`` (%, years x parts): the last year's
    parts, largest first, each with its change since the first year."""
    last, first = shares.iloc[-1].dropna(), shares.iloc[0]
    parts = [
        t(
            "read.split_part",
            lang,
            name=part(k, lang),
            value=v,
            change=v - first.get(k, float("nan")),
        )
        for k, v in last.sort_values(ascending=False).items()
    ]
    return t(
        "read.split_shares",
        lang,
        region=region(name, lang),
        year=int(shares.index[-1]),
        label=label,
        parts=join(parts, lang),
        y0=int(shares.index[0]),
    )


def province(view, lang: str = "zh") -> str:
    """A province's last value, forecasts and rank against the national reference line."""
    o, row = view.outlook, view.profile.row
    fc = join(
        (
            t(
                "read.forecast_year",
                lang,
                year=int(r.year),
                point=r.point_pct,
                lo=r.lo80_pct,
                hi=r.hi80_pct,
            )
            for r in view.forecast_years.itertuples()
        ),
        lang,
        "clause",
    )
    above = o.last["rd_intensity_pct"] >= view.reference_pct
    return t(
        "read.province",
        lang,
        name=region(view.name, lang),
        year=int(o.last["year"]),
        pct=o.last["rd_intensity_pct"],
        side=t("word.above" if above else "word.below", lang),
        ref=view.reference_pct,
        n=len(view.profile.region.league),
        rank=int(row["rank"]),
        forecasts=fc,
    )


def province_rank(view, lang: str = "zh") -> str:
    """A province view's rank among its siblings in its parent's league table (notebook 08),
    with the note that the line it is measured against is the national intensity."""
    siblings = view.profile.region
    text = profile(
        view.name,
        view.profile.row,
        len(siblings.league),
        siblings.end,
        view.reference_pct,
        view.outlook.target_year,
        siblings.region,
        lang,
    )
    return text + t("read.profile_reference_note", lang)


def revisions(table: pd.DataFrame, region_name: str, lang: str = "zh") -> str:
    """The largest intensity revision and how many region-years moved, for the overview."""
    if table.empty:
        return t("read.revisions_none", lang)
    top = table.iloc[0]
    mine = table[table["region"] == region_name]
    own = (
        t(
            "read.revisions_own",
            lang,
            region=region(region_name, lang),
            year=int(mine.iloc[0]["year"]),
            first=mine.iloc[0]["first_release_pct"],
            revised=mine.iloc[0]["revised_pct"],
        )
        if not mine.empty
        else ""
    )
    return t(
        "read.revisions",
        lang,
        n=len(table),
        vintage=formats.vintage(str(top["vintage"]), lang),
        mean=table["revision_pp"].abs().mean(),
        top=region(top["region"], lang),
        year=int(top["year"]),
        first=top["first_release_pct"],
        revised=top["revised_pct"],
        own=own,
    )


def bounds(table: pd.DataFrame, lang: str = "zh") -> str:
    """Whether every published bound holds for the loaded (illustrative) figures; a bound
    without a loaded value (``holds`` missing) is said to be unchecked, never to hold."""
    if table.empty:
        return t("read.bounds_none", lang)
    broken = table[table["holds"].eq(False)]
    unchecked = table[table["holds"].isna()]
    if broken.empty and unchecked.empty:
        return t("read.bounds_hold", lang, n=len(table))
    held = len(table) - len(broken) - len(unchecked)
    parts = [t("read.bounds_held", lang, n=held)] if held else []
    if not broken.empty:
        parts.append(t("read.bounds_broken", lang, n=len(broken), what=_bound_cells(broken, lang)))
    if not unchecked.empty:
        what = _bound_cells(unchecked, lang)
        parts.append(t("read.bounds_unchecked", lang, n=len(unchecked), what=what))
    return Text.markup("" if lang == "zh" else " ").join(parts)


def _bound_cells(rows: pd.DataFrame, lang: str) -> str:
    """'通辽市 2022年 R&D经费' for each bound in ``rows``."""
    return join(
        (
            t("read.bound_cell", lang, region=region(r.region, lang), year=r.year, what=what)
            for r in rows.itertuples()
            for what in [labels.measure_name(r.measure, lang)]
        ),
        lang,
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


def split_denominator(view, lang: str = "zh") -> str:
    """Whose GDP divides a split view's R&D (Markdown quote)."""
    name = region(view.region, lang)
    if view.denominator == "own":
        return t("read.split_own", lang, region=name)
    n = len(reference.children(view.region))
    return t("read.split_children", lang, region=name, n=n, years=view.own_gdp_years)


def province_reference(view, lang: str = "zh") -> str:
    """The province profile's reference line: the national intensity, not a target."""
    return t(
        "read.province_reference",
        lang,
        year=view.reference_year,
        ref=view.reference_pct,
        method=formats.code(view.reference_method, "method", lang),
        name=region(view.name, lang),
    )


#: A decomposition residual below this (percentage points) is rounding: the split is exact.
EXACT_PP = 5e-4


def residual(value: float, lang: str = "zh") -> str:
    """Whether a decomposition adds up: 'exact' (LMDI is, up to rounding), or by how much not."""
    if abs(value) < EXACT_PP:
        return t("nb02.residual", lang)
    return t("nb02.residual_left", lang, residual=value)
