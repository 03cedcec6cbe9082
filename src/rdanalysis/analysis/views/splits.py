"""One region's R&D split by performing sector, source of funds or type of activity (02, and the
splits of 07 and 08): composition, shares, the LMDI decomposition of the change in intensity,
chained effects, contributions and, for the sector split, the plan's structure indicators.
Pure: processed tables in, a ``SplitView`` out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import decompose, indicators
from rdanalysis.analysis.missing import Missing, MissingDataError
from rdanalysis.analysis.views import _common
from rdanalysis.errors import RDAnalysisError

SPLITS = ("sector", "funding", "activity")


@dataclass
class SplitView:
    """One region's R&D split (sector, funding or activity) between two years."""

    region: str
    split: str
    start: int
    end: int
    years: list[int]  # years with a usable split and GDP
    matrix: pd.DataFrame  # R&D (亿元): years x parts (+ 'total')
    gdp: pd.Series  # GDP (亿元) by year
    decomposition: decompose.Decomposition
    effects: pd.DataFrame  # LMDI effects with the simple change of each part's X_i / Y
    contributions: pd.DataFrame  # 贡献率 and 拉动
    shares: pd.DataFrame  # each part's share of the total (%), years x parts
    gaps: pd.DataFrame  # year, parts, gap_pct, used: how missing parts were handled
    rows: pd.DataFrame
    status: str
    denominator: str  # 'own': the region's GDP; 'children': the sum of its children's GDP
    own_gdp_years: int  # years of the region's own GDP loaded (why 'children' was needed)
    frames: dict = field(default_factory=dict, repr=False)  # year -> (parts, GDP), y0..y1
    #: per year y0..y1, the plan's structure indicators (decompose.plan_shares); sector only
    plan_shares: pd.DataFrame | None = None
    #: the region the plan is about (None: not said); its structure targets apply to it only
    plan_region: str | None = None

    @cached_property
    def chain(self) -> pd.DataFrame:
        """Consecutive-year decompositions, computed when first asked for (the sectors report
        shows them; the province profile, which builds two split views, does not)."""
        return decompose.chained(self.frames, decompose.decompose_sectors)

    @property
    def label(self) -> str:
        return reference.splits()[self.split]["label"]

    def meta(self) -> dict:
        return _common.meta(self, self.split, self.decomposition)


def _split_matrix(tables, region: str, split: str) -> tuple[pd.DataFrame, list[int], pd.DataFrame]:
    if split == "sector":
        m = decompose.sector_matrix(tables["rd_expenditure"], region)
        gaps = pd.DataFrame(
            {"year": m.attrs["residual_years"], "parts": "other", "gap_pct": 0.0, "used": True}
        )
        return m, decompose.sector_years(m), gaps
    parts = list(reference.splits()[split]["parts"])
    m = decompose.split_matrix(tables["rd_split"], region, split, parts)
    m = m.loc[:, m.notna().any()]
    return m, m.attrs["complete_years"], m.attrs["notes"]


def build(
    tables: dict[str, pd.DataFrame],
    region: str,
    split: str = "sector",
    start: int = 0,
    end: int = 0,
    denominator: str = "auto",
    other_hospital_share: float | None = None,
    plan_targets: dict[str, float] | None = None,
    plan_region: str | None = None,
) -> SplitView:
    """Decompose ``region``'s intensity change over the parts of ``split`` (LMDI-I).

    ``denominator``: whose GDP divides R&D ('auto', 'own', 'children'; see ``_split_gdp``).
    ``other_hospital_share``: the share of 'other' counted as hospitals in the plan's structure
    indicators where hospitals are not reported apart (None: each indicator's own default).
    ``plan_targets``: the plan's structure targets (indicator -> %; ``{}``: none, the plan is
    about ``plan_region``, another region); None: the 2023 plan's categories'.
    """
    if split not in SPLITS:
        raise RDAnalysisError(f"split '{split}': expected one of {', '.join(SPLITS)}")
    region = reference.check_region(region, reference.of(tables))
    matrix, split_years, gaps = _split_matrix(tables, region, split)
    gdp, denominator, own_years = _split_gdp(tables, region, split_years, denominator)
    years = [y for y in split_years if y in gdp.index]
    if len(years) < 2:
        needs = (f"rd_by_{split}",) if len(split_years) < 2 else ("gdp",)
        raise MissingDataError(
            f"{region}: R&D by {reference.splits()[split]['en']} and GDP overlap in "
            f"{years or 'no'} year(s) (split: {split_years or 'none'}; "
            f"GDP: {sorted(gdp.index.astype(int)) or 'none'})",
            Missing("split", region, needs, tuple(split_years), split=split),
        )
    _check_gaps(region, split, gaps, (start, end))
    y0, y1 = decompose.pick_years(years, start, end)
    parts = matrix.drop(columns="total", errors="ignore")
    x0, x1 = parts.loc[y0].dropna(), parts.loc[y1].dropna()
    dec = decompose.decompose_sectors(x0, x1, gdp[y0], gdp[y1], y0, y1)
    frames = {y: (parts.loc[y].dropna(), gdp[y]) for y in years if y0 <= y <= y1}
    rows = _split_rows(tables, region, split, (y0, y1), denominator)
    return SplitView(
        region,
        split,
        y0,
        y1,
        years,
        matrix,
        gdp,
        dec,
        decompose.sector_effects_table(dec, x0, x1, gdp[y0], gdp[y1]),
        decompose.growth_contributions(matrix.loc[y0].dropna(), matrix.loc[y1].dropna()),
        decompose.shares(matrix.loc[years]),
        gaps,
        rows,
        _common.status(rows),
        denominator,
        own_years,
        frames,
        decompose.plan_shares(matrix.loc[y0:y1], other_hospital_share, plan_targets)
        if split == "sector"
        else None,
        plan_region,
    )


def _split_rows(tables, region: str, split: str, span: tuple[int, int], denominator: str):
    """The R&D rows of the split and the GDP rows of its denominator (for sources, status)."""
    if split == "sector":
        rd = tables["rd_expenditure"][tables["rd_expenditure"]["region"] == region]
    else:
        rd = tables["rd_split"][
            (tables["rd_split"]["region"] == region) & (tables["rd_split"]["split"] == split)
        ]
    whose = reference.of(tables).children(region) if denominator == "children" else [region]
    gdp = tables["gdp"][tables["gdp"]["region"].isin(whose)]
    rows = pd.concat([rd, gdp], ignore_index=True)
    return rows[rows["year"].between(*span)]


def _check_gaps(region: str, split: str, gaps: pd.DataFrame, asked: tuple[int, int]) -> None:
    """A clear error when an asked year's split is incomplete (e.g. Beijing 2012's funding)."""
    bad = gaps[~gaps["used"].astype(bool) & gaps["year"].isin(asked)]
    if bad.empty:
        return
    r = bad.iloc[0]
    raise RDAnalysisError(
        f"{region} {int(r['year'])}: R&D by {reference.splits()[split]['en']} is incomplete "
        f"(missing: {r['parts'] or 'none'}; the parts fall {r['gap_pct']:.1f}% short of the "
        "total), so the year is not used (expected a year whose parts add up to the total)"
    )


def _split_gdp(tables, region: str, years: list[int], denominator: str) -> tuple:
    """(GDP by year, 'own' or 'children', years of own GDP) for the split's denominator.

    'own': the region's GDP. 'children': the sum of its children's GDP (years where every child
    has one; China: the 31 provinces, 2004-2023, while national GDP is loaded for few years).
    'auto': own where it covers at least two of ``years``, else the children's sum.
    """
    own = indicators.comparable_gdp(tables["gdp"], region).set_index("year")["gdp_100m_yuan"]
    kids = reference.of(tables).children(region)
    if denominator not in ("auto", "own", "children"):
        raise RDAnalysisError(f"denominator '{denominator}': expected auto, own or children")
    use_own = denominator == "own" or (
        denominator == "auto" and (len(own.index.intersection(years)) >= 2 or not kids)
    )
    if use_own or not kids:
        return own, "own", len(own)
    g = indicators.one_gdp_per_year(
        tables["gdp"][tables["gdp"]["region"].isin(kids)], ("region", "year")
    )
    g = g.groupby("year")["gdp_100m_yuan"].agg(["sum", "size"])
    summed = g.loc[g["size"] == len(kids), "sum"]
    summed.index = summed.index.astype(int)
    return summed, "children", len(own)


def reported(
    tables: dict[str, pd.DataFrame],
    region: str,
    kinds: tuple[str, ...] = ("funding", "activity"),
    start: int = 0,
    end: int = 0,
    denominator: str = "auto",
) -> dict[str, SplitView]:
    """``region``'s split view of each of ``kinds`` it reports; a split it does not report (a
    user region) is left out, and shown as absent."""
    found = {}
    for split in kinds:
        try:
            found[split] = build(tables, region, split, start, end, denominator)
        except RDAnalysisError:
            continue
    return found
