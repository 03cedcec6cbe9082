"""The data overview of one region (notebook 06): what was loaded for it, its GDP and intensity
series, where GDP is missing, the revisions, the published bounds, the sources and their tiers,
the user's overrides and the raw files behind it. Pure: processed tables in, an ``Overview`` out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import indicators, published


@dataclass
class Overview:
    region: str  # the official name of the region asked
    coverage: pd.DataFrame  # indicators.coverage: each measure's years and status
    series: pd.DataFrame  # indicators.intensity_series from ``start_year``
    gdp_gaps: list[int]  # years with R&D but no GDP (no intensity)
    revisions: pd.DataFrame  # published.revision_table, largest revisions first
    bounds: pd.DataFrame  # published.bounds_check of the region's family
    sources: pd.DataFrame  # indicators.sources_for
    tiers: pd.DataFrame  # indicators.tier_summary of every observation
    disagreements: pd.DataFrame  # copies of one figure that give different values
    overrides: pd.DataFrame  # the user's values that replaced a published one
    files: pd.DataFrame  # published.files_for: the raw files about the region's family


def build(tables: dict[str, pd.DataFrame], region: str, start_year: int = 0) -> Overview:
    """The overview of ``region`` (any name the build knows), its series from ``start_year``."""
    region = reference.check_region(region, reference.of(tables))
    obs = tables["observations"]
    rd, gdp, intensity = tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"]
    series = indicators.intensity_series(rd, gdp, intensity, region)
    return Overview(
        region,
        indicators.coverage(obs, region),
        series[series["year"] >= start_year],
        indicators.gdp_gaps(rd, gdp, intensity, region),
        published.revision_table(obs),
        published.bounds_check(tables, region),
        indicators.sources_for(obs, region),
        indicators.tier_summary(obs),
        tables["disagreements"],
        tables["overrides"],
        published.files_for(tables, region),
    )
