"""Industrial enterprises above designated size (规上工业企业): R&D coverage, the one-to-one list
and a what-if, and the cells the confidentiality rule withholds. Pure functions; the view a report
shows is ``views.enterprises``. Enterprise data can be confidential: aggregate first, and list
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

from itertools import pairwise

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import disclosure
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


def coverage_cells(year_rows: pd.DataFrame) -> pd.DataFrame:
    """Every county x industry cell of coverage (and margins), with the cells to withhold."""
    flags = year_rows.assign(has_spending=year_rows["rd_expenditure_10k_yuan"] > 0)
    return disclosure.protect(
        flags,
        ["county", "industry"],
        ["rd_expenditure_10k_yuan"],
        RULE,
        counts=list(COVERAGE_COUNTS),
    )


def one_to_one_cells(year_rows: pd.DataFrame, threshold_10k_yuan: float) -> pd.DataFrame:
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


def statistics_cells(year_rows: pd.DataFrame) -> pd.DataFrame:
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
