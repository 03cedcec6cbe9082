"""Industrial enterprises above designated size (规上工业企业): R&D coverage, the one-to-one list
and a what-if. Pure functions. Enterprise data can be confidential: aggregate first, and list
individual enterprises only when the caller asks (the reports do not by default).

Confidentiality as statistical offices practise it: an aggregate cell is published only if it
holds at least ``MIN_ENTERPRISES`` enterprises (threshold rule) and its largest enterprise holds
no more than ``DOMINANCE_PCT`` % of the cell's amount (the (n, k) = (1, 85 %) dominance rule).
Cells that fail are merged into one ``MERGED`` row (with the smallest other cells until the
merged row passes), so every published row passes and the rows still add up to the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import indicators
from rdanalysis.errors import RDAnalysisError

ALL = "全市"
#: Threshold rule: fewer enterprises than this in a cell reveal them.
MIN_ENTERPRISES = 3
#: Dominance rule (n = 1): one enterprise holding more than this share (%) of a cell's amount.
DOMINANCE_PCT = 85.0
MERGED = "其他(合并)"
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
    if 0 < len(rows) < MIN_ENTERPRISES:
        return True
    total = rows[value].sum()
    return bool(total > 0 and rows[value].max() / total * 100 > DOMINANCE_PCT)


def merge_sensitive(rows: pd.DataFrame, by: str, value: str) -> tuple[pd.DataFrame, list[str]]:
    """``rows`` with the ``by`` label of every sensitive group replaced by ``MERGED``; the smallest
    other groups join the merged one until it passes. Returns (rows, the groups merged)."""
    groups = rows.groupby(by)
    merged = sorted(k for k, g in groups if sensitive(g, value))
    if not merged:
        return rows, []
    others = groups.size().drop(merged).sort_values(kind="stable")
    while sensitive(rows[rows[by].isin(merged)], value) and len(others):
        merged.append(others.index[0])
        others = others.iloc[1:]
    return rows.assign(**{by: rows[by].where(~rows[by].isin(merged), MERGED)}), merged


def protected_coverage(ent: pd.DataFrame, by: str) -> tuple[pd.DataFrame, list[str]]:
    """``coverage`` with sensitive cells merged (rule above); (table, the groups merged)."""
    safe, merged = merge_sensitive(ent, by, "rd_expenditure_10k_yuan")
    return coverage(safe, by), merged


def protected_one_to_one_counts(
    ent: pd.DataFrame, threshold_10k_yuan: float = ONE_TO_ONE_REVENUE_10K_YUAN
) -> tuple[pd.DataFrame, list[str]]:
    """``one_to_one_counts`` with counties merged where the zero-R&D list would reveal an
    enterprise's revenue (rule above)."""
    listed = one_to_one(ent, threshold_10k_yuan)
    _, merged = merge_sensitive(listed, "county", "revenue_10k_yuan")
    safe = ent.assign(county=ent["county"].where(~ent["county"].isin(merged), MERGED))
    return one_to_one_counts(safe, threshold_10k_yuan), merged


@dataclass
class CoverageView:
    """Everything the enterprise coverage report shows, safe to publish (aggregates that pass
    the confidentiality rule). ``missing`` names what is absent: 'enterprises' (no enterprise
    table), 'city_intensity' (no city R&D and GDP for the year: no what-if)."""

    county: str
    year: int | None
    years: list[int]
    rows: pd.DataFrame
    by_county: pd.DataFrame
    by_industry: pd.DataFrame
    one_to_one: pd.DataFrame
    rd_share: pd.DataFrame
    reserve_fund_count: int
    median_rd_share_pct: float | None
    what_if: dict | None
    merged: dict[str, list[str]] = field(default_factory=dict)
    withheld: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _rd_share_summary(rows: pd.DataFrame) -> tuple[pd.DataFrame, int, float | None]:
    shares = rd_to_revenue(rows)
    spending = shares.loc[shares["rd_share_pct"] > 0, "rd_share_pct"]
    if len(shares) < MIN_ENTERPRISES:
        return pd.DataFrame(columns=["rd_share_pct"]), 0, None
    # No minimum or maximum: each is one enterprise's figure.
    summary = shares["rd_share_pct"].describe(percentiles=[0.25, 0.5, 0.75, 0.9])
    summary = summary.drop(["min", "max"]).to_frame("rd_share_pct")
    median = float(spending.median()) if len(spending) >= MIN_ENTERPRISES else None
    return summary, int(shares["at_least_5pct"].sum()), median


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
    Raises RDAnalysisError for a year or county that has no enterprise data; an empty enterprise
    table gives an empty view with ``missing = ['enterprises']``.
    """
    empty = pd.DataFrame()
    if ent.empty:
        return CoverageView(
            county,
            None,
            [],
            ent,
            empty,
            empty,
            empty,
            empty,
            0,
            None,
            None,
            missing=["enterprises"],
        )
    rows, year = select(ent, year, county)
    by_county, m_county = protected_coverage(rows, "county")
    by_industry, m_industry = protected_coverage(rows, "industry")
    counts, m_list = protected_one_to_one_counts(rows, threshold_10k_yuan)
    rd_share, reserve, median = _rd_share_summary(rows)
    withheld, missing = [], []
    if sensitive(rows, "rd_expenditure_10k_yuan"):
        withheld.append("all")
        by_county, by_industry, counts = empty, empty, empty
    city_year = ent[ent["year"] == year]
    w = None
    if year in city_rd_gdp:
        listed = one_to_one(city_year, threshold_10k_yuan)
        if sensitive(listed, "revenue_10k_yuan"):
            withheld.append("what_if")
        else:
            w = what_if(city_year, *city_rd_gdp[year], what_if_share_pct, threshold_10k_yuan)
    else:
        missing.append("city_intensity")
    merged = {"county": m_county, "industry": m_industry, "one_to_one": m_list}
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
        {k: v for k, v in merged.items() if v},
        withheld,
        missing,
    )


def view(
    tables: dict[str, pd.DataFrame],
    county: str = ALL,
    year: int = 0,
    what_if_share_pct: float = 1.0,
    threshold_10k_yuan: float = ONE_TO_ONE_REVENUE_10K_YUAN,
) -> CoverageView:
    """``coverage_view`` from the processed tables (the city's R&D and GDP for the what-if)."""
    series = indicators.intensity_series(
        tables["rd_expenditure"], tables["gdp"], tables["rd_intensity"], reference.CITY
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
