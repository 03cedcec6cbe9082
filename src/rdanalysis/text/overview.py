"""The sections of the data overview (notebook 06) in the report's language: each takes the
overview view (``views.overview.Overview``) and returns what it shows, in order, for
``display(*section)`` (Markdown paragraphs and declared tables)."""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference
from rdanalysis.text import i18n, labels, provenance, readings

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
        i18n.markdown(readings.revisions(ov.revisions, ov.region, lang)),
        labels.table(ov.revisions.head(shown), lang),
    ]


def bounds(ov, lang: str = "zh") -> list:
    """The published bounds of the region's family next to the values they constrain."""
    intro = [i18n.md("nb06.bounds_intro", lang)] if len(ov.bounds) else []
    return [*intro, i18n.markdown(readings.bounds(ov.bounds, lang)), labels.table(ov.bounds, lang)]


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
