"""Readings of a province's profile (notebook 08: ``views.province.ProvinceView``) in the
report's language: its trajectory against the national reference line, its rank among its
siblings, and what that line is."""

from __future__ import annotations

from rdanalysis.text import formats
from rdanalysis.text.i18n import join, region, t
from rdanalysis.text.profiles import profile


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
