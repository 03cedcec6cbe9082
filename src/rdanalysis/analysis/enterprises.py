"""Industrial enterprises above designated size (规上工业企业): R&D coverage, the one-to-one list
and a what-if. Pure functions. Enterprise data can be confidential: aggregate first, and list
individual enterprises only when the caller asks (the reports do not by default).

Confidentiality as statistical offices practise it (``analysis.disclosure``): every published
cell (county and industry tables, the one-to-one table, the what-if and every summary
statistic) holds at least ``MIN_ENTERPRISES`` enterprises (threshold rule) and its largest
enterprise holds no more than ``DOMINANCE_PCT`` % of the cell's amount (the (n, k) = (1, 85 %)
dominance rule). Further cells are withheld (secondary suppression) so that no withheld cell
can be found by subtracting published cells from a published total, within one report or
across the city's and the counties' reports of the same year; the withheld rows of a table
together (``MERGED``) pass the rule as well. Summary statistics need
``MIN_ENTERPRISES_FOR_STATISTICS`` enterprises, and each quantile is the mean of the
``WINDOW`` enterprises around it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import disclosure, indicators
from rdanalysis.errors import RDAnalysisError

ALL = "全市"
#: Threshold rule: fewer enterprises than this in a cell reveal them.
MIN_ENTERPRISES = 3
#: Dominance rule (n = 1): one enterprise holding more than this share (%) of a cell's amount.
DOMINANCE_PCT = 85.0
RULE = disclosure.Rule(MIN_ENTERPRISES, DOMINANCE_PCT)
MERGED = "其他(合并)"
TOTAL_LABEL = "合计"
#: The coverage flags counted in each cell (the shares are these counts over the enterprises).
COVERAGE_COUNTS = ("has_rd_institution", "has_spending", "has_rd_activity")
#: The plan's one-to-one follow-up covers enterprises with revenue over 1 亿元 (= 10,000 万元).
ONE_TO_ONE_REVENUE_10K_YUAN = 10_000.0
#: Enterprises spending at least 5 % of revenue on R&D are asked to keep R&D reserve funds.
RESERVE_FUND_SHARE_PCT = 5.0


def select(ent: pd.DataFrame, year: int = 0, county: str = ALL) -> tuple[pd.DataFrame, int]:
    """Rows of ``year`` (0 = latest) and ``county`` (全市 = all); raise on what is not there."""
    if ent.empty:
        raise RDAnalysisError("no enterprise data (expected an enterprise table, see the template)")
    years = sorted(ent["year"].unique())
    year = year or int(years[-1])
    if year not in years:
        raise RDAnalysisError(
            f"year {year} has no enterprise data (years: {', '.join(map(str, years))})"
        )
    sub = ent[ent["year"] == year]
    if county != ALL:
        if county not in set(ent["county"]):
            raise RDAnalysisError(
                f"county '{county}' has no enterprise data (expected {ALL} or "
                f"one of {', '.join(sorted(set(ent['county'])))})"
            )
        sub = sub[sub["county"] == county]
    return sub, year


def coverage(ent: pd.DataFrame, by: str) -> pd.DataFrame:
    """Share (%) of enterprises with an R&D institution, R&D spending and R&D activity, by ``by``
    ('county' or 'industry'), with counts; the last row is the total."""
    flags = ent.assign(has_spending=ent["rd_expenditure_10k_yuan"] > 0)
    g = flags.groupby(by)
    out = pd.DataFrame(
        {
            "enterprises": g.size(),
            "institution_pct": g["has_rd_institution"].mean() * 100,
            "spending_pct": g["has_spending"].mean() * 100,
            "activity_pct": g["has_rd_activity"].mean() * 100,
            "rd_10k_yuan": g["rd_expenditure_10k_yuan"].sum(),
        }
    )
    total = pd.DataFrame(
        {
            "enterprises": [len(flags)],
            "institution_pct": [flags["has_rd_institution"].mean() * 100],
            "spending_pct": [flags["has_spending"].mean() * 100],
            "activity_pct": [flags["has_rd_activity"].mean() * 100],
            "rd_10k_yuan": [flags["rd_expenditure_10k_yuan"].sum()],
        },
        index=["合计"],
    )
    return pd.concat([out.sort_values("enterprises", ascending=False), total])


def one_to_one(
    ent: pd.DataFrame, threshold_10k_yuan: float = ONE_TO_ONE_REVENUE_10K_YUAN
) -> pd.DataFrame:
    """Enterprises with revenue above the threshold and no R&D spending (the 'clear zero' list)."""
    sel = ent[
        (ent["revenue_10k_yuan"] > threshold_10k_yuan) & (ent["rd_expenditure_10k_yuan"] <= 0)
    ]
    cols = ["enterprise_id", "enterprise_name", "county", "industry", "revenue_10k_yuan"]
    return sel[cols].sort_values("revenue_10k_yuan", ascending=False, ignore_index=True)


def one_to_one_counts(
    ent: pd.DataFrame, threshold_10k_yuan: float = ONE_TO_ONE_REVENUE_10K_YUAN
) -> pd.DataFrame:
    """Aggregate of the one-to-one list by county: how many, and their revenue (万元)."""
    lst = one_to_one(ent, threshold_10k_yuan)
    big = ent[ent["revenue_10k_yuan"] > threshold_10k_yuan].groupby("county").size()
    g = lst.groupby("county")
    out = pd.DataFrame(
        {
            "above_threshold": big,
            "zero_rd": g.size(),
            "zero_rd_revenue_10k_yuan": g["revenue_10k_yuan"].sum(),
        }
    ).fillna(0)
    return out.astype({"above_threshold": int, "zero_rd": int}).sort_values(
        "zero_rd", ascending=False
    )


def rd_to_revenue(ent: pd.DataFrame) -> pd.DataFrame:
    """R&D as % of revenue per enterprise (rows with revenue), and whether it reaches 5 %."""
    ok = ent[ent["revenue_10k_yuan"] > 0]
    share = ok["rd_expenditure_10k_yuan"] / ok["revenue_10k_yuan"] * 100
    return ok.assign(rd_share_pct=share, at_least_5pct=share >= RESERVE_FUND_SHARE_PCT)


def what_if(
    ent: pd.DataFrame,
    city_rd_100m_yuan: float,
    city_gdp_100m_yuan: float,
    share_pct: float,
    threshold_10k_yuan: float = ONE_TO_ONE_REVENUE_10K_YUAN,
) -> dict:
    """City intensity if every zero-R&D enterprise above the threshold spent ``share_pct`` % of its
    revenue on R&D (all else equal)."""
    if not 0 <= share_pct <= 100:
        raise RDAnalysisError(f"share {share_pct} must be a percentage between 0 and 100")
    if city_gdp_100m_yuan <= 0:
        raise RDAnalysisError("city GDP must be positive")
    lst = one_to_one(ent, threshold_10k_yuan)
    added = float(lst["revenue_10k_yuan"].sum()) * share_pct / 100 / 1e4  # 亿元
    before = city_rd_100m_yuan / city_gdp_100m_yuan * 100
    after = (city_rd_100m_yuan + added) / city_gdp_100m_yuan * 100
    return {
        "enterprises": len(lst),
        "added_rd_100m_yuan": added,
        "intensity_before_pct": before,
        "intensity_after_pct": after,
        "change_pp": after - before,
    }


def sensitive(rows: pd.DataFrame, value: str) -> bool:
    """Whether an aggregate of ``rows`` would reveal an enterprise: fewer than
    ``MIN_ENTERPRISES``, or the largest holding more than ``DOMINANCE_PCT`` % of ``value``."""
    return RULE.fails(rows[value].fillna(0).to_numpy(dtype=float))


# -- Summary statistics of R&D / revenue ------------------------------------------------------


def _window(n: int, q: float) -> range:
    """Positions (in ascending order of n values) of the ``WINDOW`` enterprises averaged for
    quantile ``q``: centred on the quantile's rank."""
    start = int(np.floor(q * (n - 1) + 0.5)) - WINDOW // 2
    return range(start, start + WINDOW)


def _windows_safe(n: int) -> bool:
    """Every quantile's window holds neither the smallest nor the largest enterprise, and no
    two windows share an enterprise."""
    windows = [_window(n, q) for q in QUANTILES]
    inside = all(w.start >= 1 and w.stop <= n - 1 for w in windows)
    apart = all(a.stop <= b.start for a, b in pairwise(windows))
    return inside and apart


def _smallest_safe_count() -> int:
    """The fewest enterprises from which the windows are safe (and stay safe for more)."""
    unsafe = [n for n in range(1, 1000) if not _windows_safe(n)]
    return max(unsafe) + 1


#: Quantiles of R&D / revenue a report publishes, each the mean of the ``WINDOW`` enterprises
#: around it (never one enterprise's ratio).
QUANTILES = (0.25, 0.5, 0.75, 0.9)
WINDOW = MIN_ENTERPRISES
#: Summary statistics are published over at least this many enterprises: the fewest for which
#: every quantile's window leaves out the smallest and the largest enterprise and no two windows
#: share an enterprise (20 for the quartiles and the 90th percentile).
MIN_ENTERPRISES_FOR_STATISTICS = _smallest_safe_count()
STATISTICS_RULE = disclosure.Rule(MIN_ENTERPRISES_FOR_STATISTICS, DOMINANCE_PCT)
STATISTICS = ("count", "mean", "std", *(f"{q:.0%}" for q in QUANTILES))


def _window_means(values: np.ndarray) -> list[float]:
    """Each quantile as the mean of its window (NaN where the window fails the dominance
    rule: one ratio over ``DOMINANCE_PCT`` % of the window's sum)."""
    x = np.sort(values)
    out = []
    for q in QUANTILES:
        w = x[_window(len(x), q).start : _window(len(x), q).stop]
        out.append(float(w.mean()) if not RULE.fails(w) else np.nan)
    return out


def _remainder_fails(rows: pd.DataFrame) -> bool:
    """Whether the enterprises outside every quantile's window (whose sum of ratios the mean
    and the windows give away together) fail the dominance rule."""
    x = np.sort(rows["rd_share_pct"].to_numpy(dtype=float))
    if len(x) < MIN_ENTERPRISES_FOR_STATISTICS:
        return False  # the threshold rule withholds it already
    inside = {i for q in QUANTILES for i in _window(len(x), q)}
    rest = np.array([v for i, v in enumerate(x) if i not in inside])
    return RULE.fails(rest)


def rd_share_statistics(rows: pd.DataFrame) -> tuple[pd.DataFrame, int, float | None]:
    """Summary of R&D / revenue (%) over ``rows`` (enterprises with revenue): the table of
    ``STATISTICS`` (column ``rd_share_pct``), how many reach ``RESERVE_FUND_SHARE_PCT`` and the
    median among those with R&D (None when fewer than ``MIN_ENTERPRISES_FOR_STATISTICS``).
    No minimum or maximum (each is one enterprise's figure); quantiles are window means."""
    shares = rd_to_revenue(rows)
    x = shares["rd_share_pct"].to_numpy(dtype=float)
    if len(x) < MIN_ENTERPRISES_FOR_STATISTICS:  # withheld whatever they are: not computed
        values = [float(len(x))] + [np.nan] * (len(STATISTICS) - 1)
    else:
        values = [float(len(x)), float(x.mean()), float(x.std(ddof=1)), *_window_means(x)]
    # published at the precision a reader sees (2 decimals), in the workbook too: a window mean
    # at full precision can equal its middle enterprise's ratio exactly (evenly spaced ratios)
    table = pd.DataFrame({"rd_share_pct": np.round(values, 2)}, index=list(STATISTICS))
    spending = x[x > 0]
    median = None
    if len(spending) >= MIN_ENTERPRISES_FOR_STATISTICS:
        w = np.sort(spending)[_window(len(spending), 0.5).start : _window(len(spending), 0.5).stop]
        median = None if RULE.fails(w) else float(w.mean())
    return table, int(shares["at_least_5pct"].sum()), median


# -- Protected tables ------------------------------------------------------------------------


def _coverage_cells(year_rows: pd.DataFrame) -> pd.DataFrame:
    """Every county x industry cell of coverage (and margins), with the cells to withhold."""
    flags = year_rows.assign(has_spending=year_rows["rd_expenditure_10k_yuan"] > 0)
    return disclosure.protect(
        flags,
        ["county", "industry"],
        ["rd_expenditure_10k_yuan"],
        RULE,
        counts=list(COVERAGE_COUNTS),
    )


def _one_to_one_cells(year_rows: pd.DataFrame, threshold_10k_yuan: float) -> pd.DataFrame:
    """By county, the enterprises above the revenue threshold and how many (and how much
    revenue) have no R&D, with the cells to withhold. A row fails when it has fewer than
    ``MIN_ENTERPRISES`` enterprises above the threshold, or its zero-R&D ones fail the rule."""
    big = year_rows[year_rows["revenue_10k_yuan"] > threshold_10k_yuan]
    zero = big["rd_expenditure_10k_yuan"] <= 0
    big = big.assign(is_zero_rd=zero, zero_rd_revenue=big["revenue_10k_yuan"].where(zero, 0.0))
    return disclosure.protect(
        big,
        ["county"],
        ["zero_rd_revenue"],
        RULE,
        counts=["is_zero_rd"],
        also_fails=lambda r: 0 < int(r["is_zero_rd"].sum()) < MIN_ENTERPRISES,
    )


def _statistics_cells(year_rows: pd.DataFrame) -> pd.DataFrame:
    """By county, the enterprises whose R&D / revenue is summarised, with the statistics to
    withhold (their sums and sums of squares are what the means and deviations give away)."""
    shares = rd_to_revenue(year_rows)
    shares = shares.assign(rd_share_sq=shares["rd_share_pct"] ** 2)
    return disclosure.protect(
        shares,
        ["county"],
        ["rd_share_pct", "rd_share_sq"],
        STATISTICS_RULE,
        also_fails=_remainder_fails,
    )


def _pct(part: float, n: float) -> float:
    return part / n * 100 if n else np.nan


def _coverage_row(cell: pd.Series | dict) -> dict:
    n = cell["n"]
    return {
        "enterprises": int(n),
        "institution_pct": _pct(cell["has_rd_institution"], n),
        "spending_pct": _pct(cell["has_spending"], n),
        "activity_pct": _pct(cell["has_rd_activity"], n),
        "rd_10k_yuan": cell["rd_expenditure_10k_yuan"],
        "is_withheld": bool(cell.get("is_withheld", False)),
    }


def _one_to_one_row(cell: pd.Series | dict) -> dict:
    return {
        "above_threshold": int(cell["n"]),
        "zero_rd": cell["is_zero_rd"],
        "zero_rd_revenue_10k_yuan": cell["zero_rd_revenue"],
        "is_withheld": bool(cell.get("is_withheld", False)),
    }


def _table(
    parts: pd.DataFrame, total: pd.DataFrame, label: str, make_row, public: str
) -> pd.DataFrame:
    """Rows of ``parts`` (index ``label``), largest first, then ``MERGED`` (the withheld rows
    together, shown when the total is) and ``TOTAL_LABEL`` (``total``, one cell or none).
    A withheld row keeps only its ``public`` column (how many enterprises); the rest is NaN."""
    ordered = parts.sort_values(["n", label], ascending=[False, True])
    rows = {str(c[label]): make_row(c) for _, c in ordered.iterrows()}
    hidden = parts[parts["is_withheld"]]
    if 0 < len(hidden) < len(parts) and len(total) and not total["is_withheld"].iloc[0]:
        # the withheld rows together: the total less the published rows, which the secondary
        # suppression made pass the rule
        rows[MERGED] = make_row(hidden.sum(numeric_only=True)) | {"is_withheld": False}
    for _, c in total.iterrows():
        rows[TOTAL_LABEL] = make_row(c)
    out = pd.DataFrame.from_dict(rows, orient="index")
    if out.empty:
        return out
    values = [c for c in out.columns if c not in (public, "is_withheld")]
    out[values] = out[values].astype(float).where(~out["is_withheld"])
    out.index.name = label
    return out


@dataclass
class CoverageView:
    """Everything the enterprise coverage report shows, safe to publish.

    Tables keep every row; a withheld row (``is_withheld``) keeps its number of enterprises and
    has NaN elsewhere. The same cells are withheld in every report of the year (the city's and
    each county's), so no report's total less another's published rows gives one away.
    ``withheld`` names the rows withheld per table (``by_county``, ``by_industry``,
    ``one_to_one``) and the parts withheld whole: ``statistics``, ``median``, ``what_if``.
    ``missing`` names what is absent: 'enterprises' (no enterprise table), 'city_intensity' (no
    city R&D and GDP for the year: no what-if)."""

    county: str
    year: int | None
    years: list[int]
    rows: pd.DataFrame
    by_county: pd.DataFrame
    by_industry: pd.DataFrame
    one_to_one: pd.DataFrame
    rd_share: pd.DataFrame
    reserve_fund_count: int | None
    median_rd_share_pct: float | None
    what_if: dict | None
    withheld: dict[str, list[str]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def published(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a view's table a chart may draw: published, and not the total."""
    if table.empty:
        return table
    return table[~table["is_withheld"]].drop(index=TOTAL_LABEL, errors="ignore")


def _of(cells: pd.DataFrame, **coords: str) -> pd.DataFrame:
    mask = np.ones(len(cells), dtype=bool)
    for dim, value in coords.items():
        mask &= (cells[dim] == value).to_numpy()
    return cells[mask]


def _not_total(cells: pd.DataFrame, dim: str) -> pd.DataFrame:
    return cells[cells[dim] != disclosure.TOTAL]


def _coverage_tables(cells: pd.DataFrame, county: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(by county, by industry) for the city (county = ALL) or one county."""
    area = disclosure.TOTAL if county == ALL else county
    total = _of(cells, county=area, industry=disclosure.TOTAL)
    counties = _of(_not_total(cells, "county"), industry=disclosure.TOTAL)
    if county != ALL:
        counties = counties[counties["county"] == county]
    industries = _of(_not_total(cells, "industry"), county=area)
    return (
        _table(counties, total, "county", _coverage_row, "enterprises"),
        _table(industries, total, "industry", _coverage_row, "enterprises"),
    )


def _one_to_one_table(cells: pd.DataFrame, county: str) -> pd.DataFrame:
    counties = _not_total(cells, "county")
    if county == ALL:
        total = _of(cells, county=disclosure.TOTAL)
        return _table(counties, total, "county", _one_to_one_row, "above_threshold")
    own = counties[counties["county"] == county]
    return _table(own, own.iloc[0:0], "county", _one_to_one_row, "above_threshold")


def _statistics(
    rows: pd.DataFrame, cells: pd.DataFrame, county: str
) -> tuple[pd.DataFrame, int | None, float | None, list[str]]:
    """The summary of R&D / revenue for the selection, with what is withheld."""
    shares = rows[rows["revenue_10k_yuan"] > 0]
    cell = _of(cells, county=disclosure.TOTAL if county == ALL else county)
    table, reserve, median = rd_share_statistics(shares)
    hidden = table.index != "count"
    if cell.empty or cell["is_withheld"].iloc[0]:
        table.loc[hidden, "rd_share_pct"] = np.nan
        table["is_withheld"] = hidden
        return table, None, None, ["statistics"]
    table["is_withheld"] = table["rd_share_pct"].isna()
    return table, reserve, median, [] if median is not None else ["median"]


def _what_if(
    city_year: pd.DataFrame,
    cells: pd.DataFrame,
    city: tuple[float, float],
    share_pct: float,
    threshold_10k_yuan: float,
) -> dict | None:
    total = _of(cells, county=disclosure.TOTAL)
    if len(total) and total["is_withheld"].iloc[0]:
        return None
    return what_if(city_year, *city, share_pct, threshold_10k_yuan)


def _withheld_rows(table: pd.DataFrame) -> list[str]:
    if table.empty:
        return []
    rows = table[table["is_withheld"]].index
    return [str(r) for r in rows if r != TOTAL_LABEL]


def coverage_view(
    ent: pd.DataFrame,
    city_rd_gdp: dict[int, tuple[float, float]],
    county: str = ALL,
    year: int = 0,
    what_if_share_pct: float = 1.0,
    threshold_10k_yuan: float = ONE_TO_ONE_REVENUE_10K_YUAN,
) -> CoverageView:
    """The enterprise coverage view of ``county`` (全市 = all) in ``year`` (0 = latest).

    ``city_rd_gdp`` maps year -> (city R&D, city GDP), both 亿元, for the what-if.
    The cells to withhold are found over the whole city's table of the year, so that every
    report (the city's and each county's) withholds the same ones.
    Raises RDAnalysisError for a year or county that has no enterprise data; an empty enterprise
    table gives an empty view with ``missing = ['enterprises']``.
    """
    empty = pd.DataFrame()
    if ent.empty:
        return CoverageView(
            county, None, [], ent, empty, empty, empty, empty, None, None, None,
            missing=["enterprises"],
        )  # fmt: skip
    rows, year = select(ent, year, county)
    city_year = ent[ent["year"] == year]
    by_county, by_industry = _coverage_tables(_coverage_cells(city_year), county)
    list_cells = _one_to_one_cells(city_year, threshold_10k_yuan)
    counts = _one_to_one_table(list_cells, county)
    rd_share, reserve, median, stats_withheld = _statistics(
        rows, _statistics_cells(city_year), county
    )
    missing, w = [], None
    if year in city_rd_gdp:
        w = _what_if(
            city_year, list_cells, city_rd_gdp[year], what_if_share_pct, threshold_10k_yuan
        )
    else:
        missing.append("city_intensity")
    withheld = {
        "by_county": _withheld_rows(by_county),
        "by_industry": _withheld_rows(by_industry),
        "one_to_one": _withheld_rows(counts),
        "statistics": stats_withheld,
        "what_if": ["what_if"] if w is None and year in city_rd_gdp else [],
    }
    return CoverageView(
        county,
        year,
        sorted(int(y) for y in ent["year"].unique()),
        rows,
        by_county,
        by_industry,
        counts,
        rd_share,
        reserve,
        median,
        w,
        {k: v for k, v in withheld.items() if v},
        missing,
    )


def within(ent: pd.DataFrame, region: str, regions: reference.Hierarchy) -> pd.Series:
    """Whether each enterprise's county is ``region`` or lies below it in ``regions`` (the
    hierarchy of the tables: ``reference.of(tables)``)."""

    def inside(name: str) -> bool:
        seen: set[str] = set()
        while name and name not in seen:
            if name == region:
                return True
            seen.add(name)
            name = regions[name].parent if name in regions else None
        return False

    flags = {name: inside(name) for name in ent["county"].drop_duplicates()}
    return ent["county"].map(flags).astype(bool)


def outside(ent: pd.DataFrame, region: str, regions: reference.Hierarchy) -> pd.DataFrame:
    """The enterprises of ``ent`` outside ``region``: per file (its ``origin`` without the line)
    and county, how many (distinct ``enterprise_id``); empty when every one is in the region."""
    rows = ent[~within(ent, region, regions)]
    origin = rows["origin"] if "origin" in rows else pd.Series("", index=rows.index)
    files = origin.astype(str).str.rsplit(":", n=1).str[0]
    rows = rows.assign(file=files)
    by = rows.groupby(["file", "county"])
    counts = by["enterprise_id"].nunique() if "enterprise_id" in rows else by.size()
    return counts.rename("enterprises").reset_index()


def city_of(tables: dict[str, pd.DataFrame]) -> str:
    """The city of the enterprise data: the parent most of its counties have (通辽市, the
    illustrative data's city, when no county is a known or declared sub-region)."""
    regions = reference.of(tables)
    parents = [
        regions[c].parent
        for c in tables["enterprises"]["county"].drop_duplicates()
        if c in regions and regions[c].parent
    ]
    return max(set(parents), key=parents.count) if parents else reference.CITY


def view(
    tables: dict[str, pd.DataFrame],
    county: str = ALL,
    year: int = 0,
    what_if_share_pct: float = 1.0,
    threshold_10k_yuan: float = ONE_TO_ONE_REVENUE_10K_YUAN,
) -> CoverageView:
    """``coverage_view`` from the processed tables (the city's R&D and GDP for the what-if: the
    city is the region whose sub-regions the enterprises are in)."""
    series = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], city_of(tables)
    ).dropna(subset=["rd_expenditure_100m_yuan", "gdp_100m_yuan"])
    city = {
        int(y): (float(r), float(g))
        for y, r, g in zip(
            series["year"],
            series["rd_expenditure_100m_yuan"],
            series["gdp_100m_yuan"],
            strict=True,
        )
        if g > 0
    }
    return coverage_view(
        tables["enterprises"], city, county, year, what_if_share_pct, threshold_10k_yuan
    )
