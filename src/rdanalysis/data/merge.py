"""How the user's own statistics combine with published and illustrative figures (docs/data.md).

The rules, in the order they apply:

1. **Illustrative data stands in for a whole unpublished dataset.** As soon as the user supplies
   a measure (one template column: R&D经费 with all its sectors, GDP, resident population, …) for
   any region of a hierarchy (a city and its banners/counties), every illustrative value of that
   measure in that hierarchy is dropped: all regions, years and sectors. A series therefore never
   mixes illustrative and official values, and no check compares the two.
2. **Published figures are never dropped** because the user supplied something nearby. Where the
   user supplies the very same figure (region, year, measure, sector, population type, on the
   comparable basis), the user's value is used and the published one is recorded, both values
   side by side, in the ``overrides`` table. Published figures on another basis (pre-2018
   correction GDP, municipal-basis R&D) are different facts and stay.
3. **An illustrative value never fills a gap in a real series** once real figures are analysed
   in the hierarchy: where the user supplied any figure for it, or it has published R&D, every
   illustrative value of a series (one region's measure and population type) that has real
   values (published on the comparable basis, or the user's) is dropped. The gap stays; the
   analysis computes nothing for that year and says which template column would fill it (or the
   user asks for a named interpolation, ``indicators.intensity_series(gdp_gaps=...)``). Only in a
   hierarchy whose figures are all illustrative (the shipped demo: no Tongliao R&D is published)
   do illustrative values complete a published series, each labelled illustrative, and every
   figure computed from them is illustrative too.
4. **Published figures replace illustrative ones** for the same key.
5. Enterprise rows: the user's enterprise table, if any, replaces the illustrative one whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from rdanalysis import reference

KEY = ["region", "year", "period", "measure", "sector", "vintage", "basis", "population_type"]
#: What identifies "the same figure" between a user row and a published row (any vintage).
SAME_FIGURE = ["region", "year", "period", "measure", "sector", "population_type", "basis"]
#: One measure as the user supplies it (one template column).
SERIES = ["measure", "population_type"]
OVERRIDE_COLUMNS = [
    "region",
    "year",
    "measure",
    "sector",
    "unit",
    "published_value",
    "published_vintage",
    "published_status",
    "published_source",
    "published_origin",
    "user_value",
    "user_source",
    "user_origin",
]


@dataclass(frozen=True)
class Replacement:
    """Illustrative values of one measure dropped for one hierarchy, because the user gave some."""

    measure: str
    population_type: str
    root: str
    regions: tuple[str, ...]
    dropped_rows: int
    dropped_years: tuple[int, int] | None
    user_rows: int


@dataclass(frozen=True)
class GapFill:
    """Illustrative values of one region's series dropped because the series is real there."""

    region: str
    measure: str
    population_type: str
    years: tuple[int, ...]


@dataclass
class MergeResult:
    """The merged observations, the published figures the user overrode, and what replaced what."""

    observations: pd.DataFrame
    overrides: pd.DataFrame
    replacements: list[Replacement] = field(default_factory=list)
    #: Illustrative values that would have filled gaps in real series (rule 3), dropped.
    gap_fills: list[GapFill] = field(default_factory=list)


def hierarchy(region: str) -> tuple[str, tuple[str, ...]]:
    """(root, members) of the hierarchy ``region`` belongs to: a city-level region (盟市) and all
    its banners/counties; a province or the country is a hierarchy of its own."""
    regions = reference.regions()
    root = region
    while root in regions and regions[root].level == "county" and regions[root].parent:
        root = regions[root].parent
    if root not in regions or regions[root].level != "league":
        return region, (region,)
    kids = [r.name for r in regions.values() if r.parent == root]
    return root, (root, *kids)


def _replacements(illustrative: pd.DataFrame, user: pd.DataFrame) -> list[Replacement]:
    if user.empty or illustrative.empty:
        return []
    out = []
    for (measure, pop_type), rows in user.groupby(SERIES, sort=True):
        roots = {hierarchy(r) for r in rows["region"].unique()}
        for root, members in sorted(roots):
            ill = illustrative[
                (illustrative["measure"] == measure)
                & (illustrative["population_type"] == pop_type)
                & illustrative["region"].isin(members)
            ]
            if ill.empty:
                continue
            years = (int(ill["year"].min()), int(ill["year"].max()))
            n_user = int(rows["region"].isin(members).sum())
            out.append(Replacement(measure, pop_type, root, members, len(ill), years, n_user))
    return out


def _drop_replaced(illustrative: pd.DataFrame, replacements: list[Replacement]) -> pd.DataFrame:
    drop = pd.Series(False, index=illustrative.index)
    for rep in replacements:
        drop |= (
            (illustrative["measure"] == rep.measure)
            & (illustrative["population_type"] == rep.population_type)
            & illustrative["region"].isin(rep.regions)
        )
    return illustrative[~drop]


#: Measures whose published values make a hierarchy "analysed on real figures" (rule 3).
REAL_ANALYSIS_MEASURES = ("rd_expenditure", "rd_intensity")


def _real_roots(published: pd.DataFrame, user: pd.DataFrame) -> set[str]:
    """Roots of the hierarchies analysed on real figures: any of the user's figures, or
    published R&D (rule 3)."""
    rd = published[published["measure"].isin(REAL_ANALYSIS_MEASURES)]
    regions = set(user["region"]) | set(rd["region"])
    return {hierarchy(r)[0] for r in regions}


def _gap_fills(
    illustrative: pd.DataFrame, published: pd.DataFrame, user: pd.DataFrame
) -> tuple[pd.DataFrame, list[GapFill]]:
    """``illustrative`` without the values of real series in hierarchies analysed on real figures
    (rule 3), and which of them would have filled a gap (a year with no real value)."""
    if illustrative.empty:
        return illustrative, []
    roots = _real_roots(published, user)
    real = pd.concat([published[published["basis"] == "comparable"], user], ignore_index=True)
    series = ["region", *SERIES]
    real_years = real.groupby(series)["year"].agg(lambda y: {int(v) for v in y}).to_dict()
    keys = list(zip(*(illustrative[c] for c in series), strict=True))
    in_scope = illustrative["region"].map(lambda r: hierarchy(r)[0] in roots)
    has_real = pd.Series([k in real_years for k in keys], index=illustrative.index)
    drop = in_scope & has_real
    fills = []
    for key, rows in illustrative[drop].groupby(series, sort=True):
        years = tuple(sorted({int(y) for y in rows["year"]} - real_years[key]))
        if years:
            fills.append(GapFill(*key, years))
    return illustrative[~drop], fills


def _typed(records: pd.DataFrame) -> pd.DataFrame:
    """The override table with the dtypes of the column registry (also when empty)."""
    numeric = {"year": "int64", "published_value": "float64", "user_value": "float64"}
    return records.astype({c: numeric.get(c, str) for c in OVERRIDE_COLUMNS})


def _overrides(published: pd.DataFrame, user: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Published rows the user supplies again: the override records, and a mask of those rows."""
    if user.empty or published.empty:
        empty = _typed(pd.DataFrame(columns=OVERRIDE_COLUMNS))
        return empty, pd.Series(False, index=published.index)
    pub = published.reset_index().rename(columns={"index": "_row"})
    users = user.drop_duplicates(SAME_FIGURE)
    both = pub.merge(users, on=SAME_FIGURE, suffixes=("", "_user"))
    mask = published.index.isin(both["_row"])
    records = pd.DataFrame(
        {
            "region": both["region"],
            "year": both["year"].astype(int),
            # population_resident / population_registered, as the template's columns say
            "measure": both["measure"].where(
                both["population_type"] == "", both["measure"] + "_" + both["population_type"]
            ),
            "sector": both["sector"],
            "unit": both["unit"],
            "published_value": both["value"].astype(float),
            "published_vintage": both["vintage"],
            "published_status": both["status"],
            "published_source": both["source"],
            "published_origin": both["origin"],
            "user_value": both["value_user"].astype(float),
            "user_source": both["source_user"],
            "user_origin": both["origin_user"],
        },
        columns=OVERRIDE_COLUMNS,
    )
    records = _typed(records).sort_values(["region", "measure", "year"], ignore_index=True)
    return records, pd.Series(mask, index=published.index)


def merge(published: pd.DataFrame, illustrative: pd.DataFrame, user: pd.DataFrame) -> MergeResult:
    """Apply the rules of this module to the three sources of observations."""
    replacements = _replacements(illustrative, user)
    illustrative = _drop_replaced(illustrative, replacements)
    illustrative, gap_fills = _gap_fills(illustrative, published, user)
    overrides, overridden = _overrides(published, user)
    published = published[~overridden]
    if not illustrative.empty and not published.empty:
        real_keys = pd.MultiIndex.from_frame(published[KEY])
        illustrative = illustrative[~pd.MultiIndex.from_frame(illustrative[KEY]).isin(real_keys)]
    parts = [f for f in (published, illustrative, user) if not f.empty]
    obs = pd.concat(parts, ignore_index=True) if parts else published.iloc[0:0]
    obs = obs.sort_values(KEY, kind="stable", ignore_index=True)
    return MergeResult(obs, overrides, replacements, gap_fills)


def summary(result: MergeResult, user: pd.DataFrame, limit: int = 10) -> list[str]:
    """Short lines saying what replaced what (for the build's output and build_info.json)."""
    gaps = [
        f"{g.measure}{f' ({g.population_type})' if g.population_type else ''} of {g.region}: "
        f"{len(g.years)} illustrative value(s) ({', '.join(map(str, g.years))}) not used, "
        "they would fill gaps in a real series; those years stay empty"
        for g in result.gap_fills
    ]
    if user.empty:
        return gaps
    files = sorted({o.rsplit(":", 1)[0] for o in user["origin"]})
    lines = [f"your figures: {len(user)} value(s) from {len(files)} file(s)"]
    for rep in result.replacements:
        what = rep.measure + (f" ({rep.population_type})" if rep.population_type else "")
        span = f"{rep.dropped_years[0]}-{rep.dropped_years[1]}" if rep.dropped_years else ""
        lines.append(
            f"{what}: your {rep.user_rows} value(s) replace all {rep.dropped_rows} illustrative "
            f"value(s) of {rep.root} and its {len(rep.regions) - 1} banners/counties ({span})"
        )
    lines += gaps
    ov = result.overrides
    if not ov.empty:
        lines.append(
            f"{len(ov)} published figure(s) overridden by yours (both kept in table 'overrides'):"
        )
        for _, r in ov.head(limit).iterrows():
            lines.append(
                f"  {r['region']} {r['year']} {r['measure']}"
                f"{'' if r['sector'] == 'total' else ' ' + r['sector']}: "
                f"{r['user_value']:g} ({r['user_origin']}) replaces published "
                f"{r['published_value']:g} ({r['published_status']}, {r['published_origin']})"
            )
        if len(ov) > limit:
            lines.append(f"  … and {len(ov) - limit} more")
    return lines
