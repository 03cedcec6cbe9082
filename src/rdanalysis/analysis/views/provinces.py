"""A parent and its sub-regions with its splits (07, the national view: China and its
provinces): the region view, and the parent's R&D by source of funds and by type of activity
over its children's GDP. Pure: processed tables in, a ``ProvincesView`` out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rdanalysis.analysis.views import regions, splits


@dataclass
class ProvincesView:
    """A parent and its sub-regions (China and its provinces): the region view, and the parent's
    R&D by source of funds and by type of activity over its children's GDP."""

    region: regions.RegionView
    splits: dict[str, splits.SplitView]  # funding / activity, where reported


def build(
    tables: dict[str, pd.DataFrame],
    parent: str,
    start: int = 0,
    end: int = 0,
    target_year: int = 2025,
) -> ProvincesView:
    """Everything the national view (notebook 07) shows, from the shared views."""
    region = regions.build(tables, parent, start, end, None, target_year)
    return ProvincesView(region, splits.reported(tables, region.region, denominator="children"))
