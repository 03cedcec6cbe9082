"""The views the notebooks and the CLI share: one computation, so their numbers cannot drift.

``region_view``: a parent region and its children (Tongliao and its nine units, China and its
31 provinces, any hierarchy a user declares): structure vs intensity decomposition (LMDI-I), the
league table with required growth, the reference line. ``split_view``: one region's R&D split by
performing sector, source of funds or type of activity: composition, shares, LMDI decomposition,
chained effects and contributions. Pure: processed tables in, dataclasses out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import decompose, indicators, missing, outlook
from rdanalysis.analysis.missing import Missing, MissingDataError
from rdanalysis.errors import RDAnalysisError

SPLITS = ("sector", "funding", "activity")


#: A result for another region than the one asked for is refused (RegionMismatchError).
same_region = outlook.same_region
#: Children whose GDP or R&D adds up to less than this share of their parent's own figure cover
#: only part of it: their combined intensity is theirs, not the parent's (said out loud).
PARTIAL_BELOW = 0.95
#: A view, or what data it lacks: ``v, gap = views.optional(views.split_view, tables, ...)``.
optional = missing.optional


def _status(rows: pd.DataFrame) -> str:
    return "illustrative" if rows["status"].eq("illustrative").any() else "real"


def _meta(view, by: str, dec: decompose.Decomposition) -> dict:
    return {
        "region": view.region,
        "by": by,
        "from": view.start,
        "to": view.end,
        "intensity_from_pct": dec.intensity_start,
        "intensity_to_pct": dec.intensity_end,
        "change_pp": dec.change,
        "residual_pp": float(f"{dec.residual:.1e}"),
        "status": view.status,
    }


@dataclass(frozen=True)
class Coverage:
    """How much of a parent its children add up to in one year: the children's GDP and R&D sums
    over the parent's own published figures (None where the parent has none)."""

    parent: str
    year: int
    children: int
    gdp_share: float | None  # children's GDP sum / the parent's GDP
    rd_share: float | None  # children's R&D sum / the parent's R&D
    parent_intensity_pct: float | None  # the parent's own intensity that year (its series)

    @property
    def partial(self) -> bool:
        shares = [v for v in (self.gdp_share, self.rd_share) if v is not None]
        return any(v < PARTIAL_BELOW for v in shares)

    def meta(self) -> dict:
        out = {"coverage_year": self.year}
        for key, value in (("gdp", self.gdp_share), ("rd", self.rd_share)):
            if value is not None:
                out[f"children_{key}_share_pct"] = round(value * 100, 1)
        if self.parent_intensity_pct is not None:
            out["parent_intensity_pct"] = round(self.parent_intensity_pct, 4)
        out["children_cover_parent"] = not self.partial
        return out


def coverage(tables: dict[str, pd.DataFrame], parent: str, year: int) -> Coverage | None:
    """How much of ``parent``'s own GDP and R&D in ``year`` its children's sums make up; None
    when the parent has neither figure that year (or no children)."""
    kids = reference.of(tables).children(parent)
    if not kids:
        return None
    rd_w, gdp_w, _ = decompose.county_panel(tables["rd_expenditure"], tables["gdp"], kids)
    rd = rd_w[year] if year in rd_w.columns else pd.Series(dtype=float)
    gdp = gdp_w[year] if year in gdp_w.columns else pd.Series(dtype=float)
    own_gdp = indicators.comparable_gdp(tables["gdp"], parent).set_index("year")["gdp_100m_yuan"]
    series = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], parent
    ).set_index("year")
    own_rd = series["rd_expenditure_100m_yuan"] if not series.empty else pd.Series(dtype=float)

    def share(kids: pd.Series, own: pd.Series) -> float | None:
        value = own.get(year)
        if value is None or pd.isna(value) or value <= 0:
            return None
        return float(kids.fillna(0.0).sum()) / float(value)

    gdp_share, rd_share = share(gdp, own_gdp), share(rd, own_rd)
    if gdp_share is None and rd_share is None:
        return None
    pct = series["rd_intensity_pct"].get(year) if not series.empty else None
    pct = float(pct) if pct is not None and pd.notna(pct) else None
    return Coverage(parent, int(year), len(kids), gdp_share, rd_share, pct)


def latest_year(tables: dict[str, pd.DataFrame], region: str) -> int | None:
    """The latest year with an R&D intensity of ``region`` (its own series; when it has none,
    its children's): the year a forecast or a required growth starts from. None: no data."""
    regions = reference.of(tables)

    def last(r: str) -> int | None:
        years = indicators.intensity_series(
            tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], r
        )["year"]
        return int(years.max()) if len(years) else None

    for whose in ([region], regions.children(region) if region in regions else []):
        years = [y for y in map(last, whose) if y is not None]
        if years:
            return max(years)
    return None


@dataclass
class RegionView:
    """A parent region and its children between two years."""

    region: str  # the parent
    children: list[str]
    start: int
    end: int
    years: list[int]  # years with every child's GDP and some R&D
    rd: pd.DataFrame  # R&D (亿元), child x year
    gdp: pd.DataFrame  # GDP (亿元), child x year
    decomposition: decompose.Decomposition
    league: pd.DataFrame
    reference_pct: float
    #: what the reference line is: 'target' (given), 'parent' (the parent's own published
    #: intensity in ``end``, ``reference_method`` says which vintage) or 'children' (their
    #: combined intensity); the parent's intensity here is always the children's R&D sum over
    #: the children's GDP sum
    reference_kind: str
    reference_method: str
    rows: pd.DataFrame  # the R&D and GDP rows used (status, source)
    status: str
    #: how much of the parent the children cover in ``end`` (None: the parent has no figure)
    coverage: Coverage | None = None
    #: R&D growth by child x performing sector, start to end: city-wide, sector mix and local
    #: shift (decompose.shift_share); None when a year lacks the children's sector split
    shift_share: pd.DataFrame | None = None

    @property
    def partial(self) -> bool:
        """Whether the children cover only part of the parent (GDP or R&D)."""
        return self.coverage is not None and self.coverage.partial

    def meta(self, by: str = "region") -> dict:
        meta = {**_meta(self, by, self.decomposition), "children": len(self.children)}
        # the intensity here is the children's R&D sum over their GDP sum: named so
        meta["children_intensity_from_pct"] = meta.pop("intensity_from_pct")
        meta["children_intensity_to_pct"] = meta.pop("intensity_to_pct")
        if self.coverage is not None:
            meta.update(self.coverage.meta())
        return meta

    def intensity(self, year: int) -> pd.Series:
        """Each child's intensity (%) in ``year``."""
        return self.rd[year].fillna(0.0) / self.gdp[year] * 100


def _reference(tables, parent: str, end: int, target_pct, children_pct: float) -> tuple:
    """(value, kind, method) of the league table's reference line."""
    if target_pct:
        return float(target_pct), "target", ""
    own = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], parent
    )
    own = own[own["year"] == end]
    if not own.empty:
        return float(own["rd_intensity_pct"].iloc[0]), "parent", str(own["method"].iloc[0])
    return children_pct, "children", ""


def region_view(
    tables: dict[str, pd.DataFrame],
    parent: str,
    start: int = 0,
    end: int = 0,
    target_pct: float | None = None,
    target_year: int = 2025,
    gdp_growth: float = 0.05,
) -> RegionView:
    """Decompose ``parent``'s intensity change over its children, with their league table.

    ``target_pct`` None or 0: the reference line is the parent's own published intensity in
    ``end`` (no target is invented), else the children's combined intensity.
    """
    regions = reference.of(tables)
    parent = reference.check_region(parent, regions)
    kids = regions.children(parent)
    if not kids:
        raise MissingDataError(
            f"region '{parent}' has no sub-regions (declare them in regions.csv beside your "
            "data: name, parent, level)",
            Missing("subregions", parent, ("children",)),
        )
    rd_w, gdp_w, _ = decompose.county_panel(tables["rd_expenditure"], tables["gdp"], kids)
    years = [
        int(y)
        for y in rd_w.columns
        if rd_w[y].notna().any() and y in gdp_w.columns and gdp_w[y].notna().all()
    ]
    if len(years) < 2:
        raise _no_subregion_years(parent, kids, rd_w, gdp_w, years)
    y0, y1 = decompose.pick_years(years, start, end)
    dec = decompose.decompose_counties(
        rd_w[y0], rd_w[y1], gdp_w[y0], gdp_w[y1], y0, y1, missing="zero"
    )
    ref, kind, method = _reference(tables, parent, y1, target_pct, dec.intensity_end)
    league = decompose.league_table(rd_w, gdp_w, y0, y1, ref, target_year, gdp_growth)
    rows = pd.concat(
        [
            tables[t][tables[t]["region"].isin(kids) & tables[t]["year"].isin([y0, y1])]
            for t in ("rd_expenditure", "gdp")
        ],
        ignore_index=True,
    )
    _only_children(parent, kids, rows)
    return RegionView(
        parent,
        kids,
        y0,
        y1,
        years,
        rd_w,
        gdp_w,
        dec,
        league,
        ref,
        kind,
        method,
        rows,
        _status(rows),
        coverage(tables, parent, y1),
        _shift_share(tables["rd_expenditure"], kids, y0, y1),
    )


def _shift_share(rd: pd.DataFrame, kids: list[str], y0: int, y1: int) -> pd.DataFrame | None:
    """The shift-share of the children's R&D from ``y0`` to ``y1``, if both years split it."""
    m0 = decompose.county_sector_matrix(rd, y0, kids)
    m1 = decompose.county_sector_matrix(rd, y1, kids)
    return None if m0.empty or m1.empty else decompose.shift_share(m0, m1)


def _only_children(parent: str, kids: list[str], rows: pd.DataFrame) -> None:
    """Refuse a decomposition of ``parent`` built on rows of regions that are not its children."""
    other = sorted(set(rows["region"]) - set(kids))
    if other:
        same_region(parent, f"the parent of {', '.join(other[:3])}", "decomposition")


def _no_subregion_years(parent, kids, rd_w, gdp_w, years) -> MissingDataError:
    gap = missing.subregions(parent, kids, rd_w, gdp_w, years)
    what = "R&D" if "rd_by_child" in gap.needs else "GDP"
    return MissingDataError(
        f"{parent}: fewer than two years with R&D and every sub-region's GDP "
        f"(years: {years or 'none'}; no {what} for {', '.join(gap.lacking) or 'some of them'})",
        gap,
    )


def unreported(view: RegionView) -> tuple[str, ...]:
    """Children without an R&D value in the view's start or end year (counted as 0 there)."""
    gaps = view.rd[[view.start, view.end]].isna().any(axis=1)
    return tuple(view.rd.index[gaps])


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
        return _meta(self, self.split, self.decomposition)


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


def split_view(
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
        _status(rows),
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


@dataclass
class ProfileView:
    """One sub-region against its parent and siblings."""

    name: str
    region: RegionView | None  # the parent's view (league table, decomposition); None: see gap
    row: pd.Series | None  # the sub-region's league-table row
    series: pd.DataFrame  # its intensity series (one vintage)
    parent_series: pd.DataFrame  # the parent's intensity series
    sectors: pd.DataFrame | None  # its R&D by performing sector, if reported
    gap: Missing | None = None  # why there is no league table / decomposition
    parent: str = ""

    @property
    def rows(self) -> pd.DataFrame:
        """The rows shown (status, source): the parent view's, else the own series'."""
        return self.region.rows if self.region is not None else self.series

    @property
    def status(self) -> str:
        return _status(self.rows)


def profile_view(
    tables: dict[str, pd.DataFrame],
    name: str,
    start: int = 0,
    end: int = 0,
    target_pct: float | None = None,
    target_year: int = 2025,
    gdp_growth: float = 0.05,
) -> ProfileView:
    """``name``'s row in its parent's region view, its intensity series and its sector mix."""
    regions = reference.of(tables)
    name = reference.check_region(name, regions)
    parent = regions[name].parent
    if parent is None:
        raise RDAnalysisError(f"region '{name}' has no parent region to be compared within")
    region, gap = optional(
        region_view, tables, parent, start, end, target_pct, target_year, gdp_growth
    )
    if region is not None and name not in region.league.index:
        raise RDAnalysisError(
            f"unknown sub-region {name!r} of {parent}: expected one of "
            f"{', '.join(region.league.index)}"
        )

    def series(r: str) -> pd.DataFrame:
        return indicators.intensity_series(
            tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], r
        )

    matrix = decompose.sector_matrix(tables["rd_expenditure"], name)
    sectors = matrix if decompose.sector_years(matrix) else None
    row = region.league.loc[name] if region is not None else None
    return ProfileView(name, region, row, series(name), series(parent), sectors, gap, parent)


@dataclass
class ProvinceView:
    """A province's profile on real data: trajectory with forecast, parts, rank among its
    siblings, and the national intensity as the reference line (no target is invented)."""

    name: str
    outlook: outlook.Outlook  # forecast to ``horizon``, "target" = the reference value
    forecast_years: pd.DataFrame  # the forecast rows of the years asked for (e.g. 2025, 2030)
    profile: ProfileView
    splits: dict[str, SplitView]  # funding / activity, where reported
    reference_pct: float
    reference_year: int
    reference_method: str  # the national series' vintage, e.g. published:yearbook_2024


def national_reference(tables: dict[str, pd.DataFrame]) -> tuple[float, int, str]:
    """The latest national R&D intensity in its chosen vintage: value (%), year, vintage."""
    s = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], reference.COUNTRY
    )
    if s.empty:
        raise RDAnalysisError("no national R&D intensity loaded for the reference line")
    last = s.iloc[-1]
    return float(last["rd_intensity_pct"]), int(last["year"]), str(last["method"])


def province_view(
    tables: dict[str, pd.DataFrame],
    name: str,
    horizon: int = 2030,
    years: tuple[int, ...] = (2025, 2030),
    start: int = 0,
    end: int = 0,
) -> ProvinceView:
    """Everything a province profile shows, from the shared views."""
    name = reference.check_region(name, reference.of(tables))
    ref, ref_year, method = national_reference(tables)
    # No backtest: the profile does not show it, and it is 90 % of a forecast's cost (the
    # trajectory reports show it for Tongliao, Inner Mongolia and China).
    o = outlook.build(tables, name, ref, horizon, diagnostics=False)
    table = o.result.forecast.table()
    years = tuple(sorted({y for y in years if y <= horizon} | {horizon}))  # none past it
    parts = splits(tables, name, start=start, end=end)
    return ProvinceView(
        name,
        o,
        table[table["year"].isin(years)].reset_index(drop=True),
        profile_view(tables, name, start, end, ref, horizon),
        parts,
        ref,
        ref_year,
        method,
    )


def splits(
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
            found[split] = split_view(tables, region, split, start, end, denominator)
        except RDAnalysisError:
            continue
    return found


@dataclass
class ProvincesView:
    """A parent and its sub-regions (China and its provinces): the region view, and the parent's
    R&D by source of funds and by type of activity over its children's GDP."""

    region: RegionView
    splits: dict[str, SplitView]  # funding / activity, where reported


def provinces_view(
    tables: dict[str, pd.DataFrame],
    parent: str,
    start: int = 0,
    end: int = 0,
    target_year: int = 2025,
) -> ProvincesView:
    """Everything the national view (notebook 07) shows, from the shared views."""
    region = region_view(tables, parent, start, end, None, target_year)
    return ProvincesView(region, splits(tables, region.region, denominator="children"))
