"""The sections of a sub-region's profile (notebook 04) in the report's language: each takes
the profile view (``views.profiles.ProfileView``) and returns what it shows, in order, for
``display(*section)``; then the sentences they and the profile charts (``plots.profiles``)
read."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis.views import regions as region_views
from rdanalysis.text import i18n, labels, missing, provenance, regions
from rdanalysis.text.i18n import region, t
from rdanalysis.text.shares import shares_sentence


def profile_opening(p, lang: str = "zh") -> list:
    """A sub-region's profile (``views.ProfileView``): the banner of its parent's children, then
    what is missing, or which children reported nothing."""
    banner = provenance.status_banner(p.rows, regions.children_of(p.parent, lang), lang)
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
    reading = profile(p.name, p.row, n, end, target_pct, target_year, p.parent, lang)
    return [i18n.reading(reading, lang), labels.profile_row(p.row, p.name, lang)]


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


def sector_composition(matrix: pd.DataFrame, name: str, lang: str = "zh") -> str:
    """The latest shares of a region's R&D by performing sector (``matrix``: years x sectors,
    with or without 'total'; shares of the sectors' sum) and their change since its first year."""
    parts = matrix.drop(columns="total", errors="ignore").dropna(how="all")
    label = reference.splits()["sector"]["label" if lang == "zh" else "en"]
    return shares_sentence(parts.div(parts.sum(axis=1), axis=0) * 100, name, label, lang)
