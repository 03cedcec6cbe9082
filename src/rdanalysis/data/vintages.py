"""One vintage per series: the stated rule of resources/vintages.yml, applied once at build time.

The processed ``rd_expenditure``, ``gdp`` and ``rd_intensity`` tables hold only the chosen vintage
of each series, so no forecast or decomposition can mix a first release with a revision; every
vintage stays in ``observations`` (see ``analysis.vintages.revision_table``).
"""

from __future__ import annotations

import pandas as pd

from rdanalysis import reference

#: table -> measure
TABLE_MEASURE = {"rd_expenditure": "rd_expenditure", "gdp": "gdp", "rd_intensity": "rd_intensity"}
SERIES = ["region", "sector", "basis"]


def _chosen(frame: pd.DataFrame, preference: list) -> pd.Series:
    """Boolean mask: the rows of ``frame`` (one series) in its chosen vintage."""
    present = set(frame["vintage"])
    for entry in preference:
        chain = entry if isinstance(entry, list) else [entry]
        if not present & set(chain):
            continue
        rank = frame["vintage"].map({v: i for i, v in enumerate(chain)})
        keep = rank.notna()
        best = rank[keep].groupby(frame.loc[keep, "year"]).transform("min")
        return keep & rank.eq(best.reindex(frame.index))
    # A vintage the rule does not list: keep the most common one (still a single vintage).
    return frame["vintage"].eq(frame["vintage"].value_counts().index[0])


def select(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The rows of ``frame`` in each series' chosen vintage (see resources/vintages.yml): for
    each series the first entry of the preference that it has, and in each year the best-ranked
    vintage of that entry's chain; a series with none of them keeps its most common vintage."""
    if frame.empty:
        return frame
    preference = reference.vintage_rules()["preference"].get(measure, [])
    keys = [k for k in SERIES if k in frame.columns]
    series = frame.groupby(keys, sort=False, dropna=False).ngroup()
    mask = pd.Series(False, index=frame.index)
    decided = pd.Series(False, index=frame.index)  # rows of series whose entry is found
    for entry in preference:
        chain = entry if isinstance(entry, list) else [entry]
        rank = frame["vintage"].map({v: i for i, v in enumerate(chain)})
        has = rank.notna().groupby(series).transform("any") & ~decided
        if not has.any():
            continue
        best = rank.where(has).groupby([series, frame["year"]]).transform("min")
        mask |= has & rank.eq(best)
        decided |= has
    for _, group in frame[~decided].groupby(series[~decided], sort=False):
        mask.loc[group.index] = _chosen(group, [])  # no listed vintage: the most common one
    return frame[mask].reset_index(drop=True)


def select_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``tables`` with rd_expenditure, gdp and rd_intensity reduced to one vintage per series."""
    return {
        name: select(frame, TABLE_MEASURE[name]) if name in TABLE_MEASURE else frame
        for name, frame in tables.items()
    }


def add_region_codes(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """A ``region_code`` column (GB/T 2260; '' where a region has none) beside each ``region``."""
    codes = {name: r.code for name, r in reference.regions().items()}
    out = {}
    for name, frame in tables.items():
        if "region" in frame.columns and "region_code" not in frame.columns:
            frame = frame.copy()
            frame.insert(
                frame.columns.get_loc("region") + 1,
                "region_code",
                frame["region"].map(codes).fillna("").astype(str),
            )
        out[name] = frame
    return out


def split_table(obs: pd.DataFrame) -> pd.DataFrame:
    """R&D by source of funds and by activity type (亿元): one row per region, year, split, part."""
    sub = obs[obs["measure"].isin(["rd_by_funding", "rd_by_activity"])]
    out = pd.DataFrame(
        {
            "region": sub["region"],
            "region_level": sub["region_level"],
            "year": sub["year"].astype(int),
            "split": sub["measure"].map({"rd_by_funding": "funding", "rd_by_activity": "activity"}),
            "part": sub["sector"],
            "vintage": sub["vintage"],
            "rd_expenditure_100m_yuan": sub["value"].astype(float),
            "status": sub["status"],
            "source": sub["source"],
            "source_url": sub["source_url"],
            "origin": sub["origin"],
            "tier": sub["tier"].astype(int),
        }
    )
    return out.reset_index(drop=True)
