"""The enterprise coverage view (05): coverage by county and by industry, the one-to-one counts,
the summary of R&D / revenue and the what-if, safe to publish: the cells the confidentiality
rule withholds (``analysis.enterprises``, ``analysis.disclosure``) are withheld in every report
of the year. Pure: processed tables in, a ``CoverageView`` out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.analysis import disclosure, indicators
from rdanalysis.analysis.enterprises import (
    ALL,
    MERGED,
    ONE_TO_ONE_REVENUE_10K_YUAN,
    TOTAL_LABEL,
    coverage_cells,
    one_to_one,
    one_to_one_cells,
    rd_share_statistics,
    select,
    statistics_cells,
    what_if,
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
    city R&D and GDP for the year: no what-if). ``listed``: the one-to-one list itself (each
    enterprise by name, confidential), only when asked for; None otherwise."""

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
    listed: pd.DataFrame | None = None

    @property
    def charted(self) -> pd.DataFrame:
        """The rows of ``by_county`` a chart may draw (published, not the total); empty: no
        chart."""
        return published(self.by_county)


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


def build_from(
    ent: pd.DataFrame,
    city_rd_gdp: dict[int, tuple[float, float]],
    county: str = ALL,
    year: int = 0,
    what_if_share_pct: float = 1.0,
    threshold_10k_yuan: float = ONE_TO_ONE_REVENUE_10K_YUAN,
    list_enterprises: bool = False,
) -> CoverageView:
    """The enterprise coverage view of ``county`` (全市 = all) in ``year`` (0 = latest).

    ``city_rd_gdp`` maps year -> (city R&D, city GDP), both 亿元, for the what-if.
    The cells to withhold are found over the whole city's table of the year, so that every
    report (the city's and each county's) withholds the same ones.
    Raises RDAnalysisError for a year or county that has no enterprise data; an empty enterprise
    table gives an empty view with ``missing = ['enterprises']``. ``list_enterprises``: the
    view also holds the one-to-one list of the selection (``listed``), which names enterprises.
    """
    empty = pd.DataFrame()
    if ent.empty:
        return CoverageView(
            county, None, [], ent, empty, empty, empty, empty, None, None, None,
            missing=["enterprises"], listed=_listed(ent, threshold_10k_yuan, list_enterprises),
        )  # fmt: skip
    rows, year = select(ent, year, county)
    city_year = ent[ent["year"] == year]
    by_county, by_industry = _coverage_tables(coverage_cells(city_year), county)
    list_cells = one_to_one_cells(city_year, threshold_10k_yuan)
    counts = _one_to_one_table(list_cells, county)
    rd_share, reserve, median, stats_withheld = _statistics(
        rows, statistics_cells(city_year), county
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
        _listed(rows, threshold_10k_yuan, list_enterprises),
    )


def _listed(rows: pd.DataFrame, threshold_10k_yuan: float, asked: bool) -> pd.DataFrame | None:
    """The one-to-one list of ``rows`` when ``asked`` (it names enterprises), else None."""
    return one_to_one(rows, threshold_10k_yuan) if asked else None


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


def build(
    tables: dict[str, pd.DataFrame],
    county: str = ALL,
    year: int = 0,
    what_if_share_pct: float = 1.0,
    threshold_10k_yuan: float = ONE_TO_ONE_REVENUE_10K_YUAN,
    list_enterprises: bool = False,
) -> CoverageView:
    """``build_from`` the processed tables (the city's R&D and GDP for the what-if: the
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
    return build_from(
        tables["enterprises"],
        city,
        county,
        year,
        what_if_share_pct,
        threshold_10k_yuan,
        list_enterprises,
    )
