"""The sections of the data overview (notebook 06) in the report's language: each takes the
overview view (``views.overview.Overview``) and returns what it shows, in order, for
``display(*section)`` (Markdown paragraphs and declared tables); then the readings of its
revisions and bounds."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.text import formats, i18n, labels, provenance
from rdanalysis.text.i18n import Text, join, region, t

#: Columns of the intensity series a reader of the overview does not need.
SERIES_HIDDEN = ("origin", "region", "rd_status", "rd_tier", "gdp_tier")


def opening(ov, info: dict, observations: pd.DataFrame, lang: str = "zh") -> list:
    """The build's summary for the region (``info``: ``rd.build_info()``)."""
    return [i18n.markdown(provenance.build_summary(info, observations, ov.region, lang))]


def loaded(ov, lang: str = "zh") -> list:
    return [i18n.md("nb06.loaded_intro", lang), labels.table(ov.coverage, lang)]


def series(ov, lang: str = "zh") -> list:
    """The note on GDP, the years without GDP (no intensity there) and the series table."""
    out = [i18n.md("nb06.gdp_note", lang)]
    if ov.gdp_gaps:  # years with R&D but no GDP: no intensity, and no illustrative value fills them
        years = i18n.join(ov.gdp_gaps, lang)
        name = i18n.region(ov.region, lang)
        out.append(i18n.md("missing.gdp_gap", lang, region=name, years=years))
    return [*out, labels.table(ov.series, lang, hide=SERIES_HIDDEN)]


def vintages(ov, lang: str = "zh", shown: int = 15) -> list:
    """The vintage rule as written, and the ``shown`` largest revisions."""
    return [
        i18n.md("nb06.vintages_intro", lang),
        i18n.markdown(i18n.quote(reference.vintage_rules()["rule"][lang])),
        i18n.markdown(revisions(ov.revisions, ov.region, lang)),
        labels.table(ov.revisions.head(shown), lang),
    ]


def bounds(ov, lang: str = "zh") -> list:
    """The published bounds of the region's family next to the values they constrain."""
    intro = [i18n.md("nb06.bounds_intro", lang)] if len(ov.bounds) else []
    return [*intro, i18n.markdown(describe_bounds(ov.bounds, lang)), labels.table(ov.bounds, lang)]


def sources(ov, lang: str = "zh") -> list:
    return [labels.table(ov.sources, lang)]


def tiers(ov, lang: str = "zh") -> list:
    """The sources' tiers, and the copies of one figure that give different values."""
    out = [i18n.md("nb06.tiers_intro", lang), labels.table(ov.tiers, lang)]
    if len(ov.disagreements):
        out.append(labels.table(ov.disagreements, lang))
    return out


def overrides(ov, lang: str = "zh") -> list:
    return [i18n.md("nb06.overrides_intro", lang), labels.table(ov.overrides, lang)]


def raw_files(ov, lang: str = "zh") -> list:
    """This project's raw files about the region's family."""
    return [provenance.raw_files(ov.files, lang)]


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


def describe_bounds(table: pd.DataFrame, lang: str = "zh") -> str:
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
