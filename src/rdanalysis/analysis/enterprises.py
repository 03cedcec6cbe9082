"""Industrial enterprises above designated size (规上工业企业): R&D coverage, the one-to-one list
and a what-if. Pure functions. Enterprise data can be confidential: aggregate first, and list
individual enterprises only when the caller asks (the reports do not by default)."""

from __future__ import annotations

import pandas as pd

from rdanalysis.errors import RDAnalysisError

ALL = "全市"
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
