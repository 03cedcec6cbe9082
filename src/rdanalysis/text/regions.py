"""The sections of a region report (notebook 03; the national view 07) in the report's
language: each takes the region view (``views.regions.RegionView``; None when its data are
missing) and returns what it shows, in order, for ``display(*section)`` (Markdown paragraphs and
declared tables; nothing without a view). The sentences are made in ``text.readings``."""

from __future__ import annotations

from rdanalysis.analysis.views import regions as region_views
from rdanalysis.text import i18n, labels, missing, provenance, readings


def opening(v, gap, lang: str = "zh") -> list:
    """What is missing (``gap``), else the banner of the children's data, what the parent's
    intensity and reference line are, and which children reported nothing."""
    if gap:
        return [i18n.markdown(missing.sentence(gap, lang))]
    children = readings.children_of(v.region, lang)
    unreported = missing.unreported(region_views.unreported(v), v.region, v.start, v.end, lang)
    return [
        i18n.markdown(provenance.status_banner(v.rows, children, lang)),
        i18n.markdown(readings.region_notes(v, lang)),
        i18n.markdown(unreported),
    ]


def league(v, lang: str = "zh") -> list:
    """The league table of the children in the end year, with its reading."""
    if v is None:
        return []
    reading = readings.league(v.league, v.end, v.reference_pct, lang)
    return [i18n.reading(reading, lang), readings.league_table(v, lang)]


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
    return [i18n.reading(readings.shift_share(ss, lang), lang), labels.table(ss, lang)]


def profile_opening(p, lang: str = "zh") -> list:
    """A sub-region's profile (``views.ProfileView``): the banner of its parent's children, then
    what is missing, or which children reported nothing."""
    banner = provenance.status_banner(p.rows, readings.children_of(p.parent, lang), lang)
    if p.gap:
        return [i18n.markdown(banner), i18n.markdown(missing.sentence(p.gap, lang))]
    r = p.region
    unreported = missing.unreported(region_views.unreported(r), r.region, r.start, r.end, lang)
    return [i18n.markdown(banner), i18n.markdown(unreported)]


def profile_summary(p, target_pct: float, target_year: int, lang: str = "zh") -> list:
    """The sub-region's row of its parent's league table, with its reading."""
    if p.row is None:
        return []
    n, end = len(p.region.league), p.region.end
    reading = readings.profile(p.name, p.row, n, end, target_pct, target_year, p.parent, lang)
    return [i18n.reading(reading, lang), labels.profile_row(p.row, p.name, lang)]
