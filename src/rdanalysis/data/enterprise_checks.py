"""Checks across the rows of an enterprise table (规上工业企业, one row per enterprise and year).

Errors, because each would change a published count or share:

* the same enterprise twice in a year;
* R&D spending above revenue;
* R&D spending above 0 with 有研发活动 = 否 (the statistical definition: an enterprise that
  spent on R&D in the year had R&D activity; the coverage shares count 有研发活动);
* an enterprise outside the file's region: not a banner/county (北京市, 通辽市 itself), or a
  banner/county of another city than the other enterprises (the city most of them are in; the
  enterprise table covers one city). Such a row is left out of the table, so it is never
  counted as a banner/county or in the city's total;
* revenue above the GDP of the file's city (the nearest year known; the whole economy's value
  added in a year) unless the row's 备注/note says why, and above ``MAX_REVENUE_10K_YUAN`` (more
  than China's largest enterprise) whatever the note: 亿元 or 元 typed under a 万元 header.

A blank revenue or R&D cell is an error (0 where there is none: a blank is not a zero). A row
with a cell that could not be read (blank or unknown region, year, code, yes/no …: an error
where it was read) is left out of the build (``unread``), so no later check meets it.

Every problem is located at file:row:column, the column as the file's header writes it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.data import intensity, repeats
from rdanalysis.errors import Problem

COUNTY = "county"
#: 万元: China's largest enterprise by revenue (State Grid) takes in about 3.9 万亿元 a year
#: (3.9e8 万元); a 规上工业企业 above it is 亿元 or 元 typed under a 万元 header.
MAX_REVENUE_10K_YUAN = 4e8
#: Published GDP used for the revenue bound up to this many years away.
MAX_GDP_GAP = 3
#: Columns without which a row cannot be counted (an error where the cell was read).
REQUIRED = (
    "enterprise_id",
    "enterprise_name",
    "region",
    "industry",
    "year",
    "revenue_10k_yuan",
    "rd_expenditure_10k_yuan",
    "has_rd_institution",
    "has_rd_activity",
    "is_high_tech",
    "source",
)
#: Amount columns: a blank cell is an error here (the reader takes a blank as no data).
AMOUNTS = {
    "revenue_10k_yuan": ("revenue", "revenue"),
    "rd_expenditure_10k_yuan": ("rd_expenditure", "R&D spending"),
}


def check(
    df: pd.DataFrame,
    headers: dict[str, dict[str, str]],
    gdp: dict[tuple[str, int], float] | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """The enterprise rows that stay in the table, and every problem (see the module doc).

    ``headers``: file label -> field -> the header text of its column; ``gdp``: (region,
    year) -> GDP (亿元), published or the user's, for the revenue bound.
    """
    if df.empty:
        return df, []
    blank = _blank_amounts(df, headers)
    keys = ["enterprise_id", "year"]
    dup = df[df.duplicated(keys, keep=False)]  # no copy of the whole table (it can be large)
    dup = dup.assign(column=_header(dup, headers, "enterprise_id"))
    problems = blank + repeats.duplicates(dup, keys, "enterprise-year")
    problems += _rows(
        df,
        df["rd_expenditure_10k_yuan"] > df["revenue_10k_yuan"],
        headers,
        "rd_expenditure",
        lambda r: (
            f"R&D spending {r.rd_expenditure_10k_yuan:g} 万元 above revenue "
            f"{r.revenue_10k_yuan:g} 万元"
        ),
        "R&D at most the revenue",
    )
    problems += _rows(
        df,
        (df["rd_expenditure_10k_yuan"] > 0) & df["has_rd_activity"].eq(False),
        headers,
        "has_rd_activity",
        lambda r: f"R&D spending {r.rd_expenditure_10k_yuan:g} 万元 but R&D activity 否 (no)",
        "是 (yes) for an enterprise that spent on R&D in the year, or R&D 0 if it spent none",
    )
    outside, found = _outside(df, headers)
    problems += _revenue(df, headers, gdp or {})
    return (df[~outside] if outside.any() else df), problems + found


def _city_gdp(city: str | None, year: int, gdp: dict[tuple[str, int], float]) -> tuple[int, float]:
    """(year, GDP in 亿元) of ``city`` nearest ``year`` (within ``MAX_GDP_GAP``), or (0, 0)."""
    near = [
        (abs(y - year), y, v)
        for y in range(year - MAX_GDP_GAP, year + MAX_GDP_GAP + 1)
        if city and (v := gdp.get((city, y)))
    ]
    return min(near)[1:] if near else (0, 0.0)


def _revenue(df: pd.DataFrame, headers, gdp: dict[tuple[str, int], float]) -> list[Problem]:
    """Revenue above the city's GDP (unless noted) or above any enterprise's (see module doc)."""
    revenue = df["revenue_10k_yuan"].to_numpy(dtype=float, na_value=np.nan)
    city = _city(df["region"])
    years = {int(y): _city_gdp(city, int(y), gdp) for y in pd.unique(df["year"])}
    bound = np.array([years[int(y)][1] * 1e4 for y in df["year"]], dtype=float)
    suspect = (revenue > MAX_REVENUE_10K_YUAN) | ((bound > 0) & (revenue > bound))
    problems = []
    for r in df[suspect].itertuples():
        gdp_year, city_gdp = years[int(r.year)]
        column = headers.get(r.file, {}).get("revenue")
        rec = _Row(r.file, r.row, column, r.note)
        if r.revenue_10k_yuan > MAX_REVENUE_10K_YUAN:
            problems.append(
                Problem(
                    r.file,
                    int(r.row),
                    column,
                    f"revenue {r.revenue_10k_yuan:,.0f} 万元 is more than China's largest "
                    "enterprise takes in (about 3.9e8 万元): 亿元 or 元 under a 万元 header?",
                    f"revenue in 万元, at most {MAX_REVENUE_10K_YUAN:g}",
                )
            )
            continue
        problems.append(
            intensity.explained(
                rec,
                f"revenue {r.revenue_10k_yuan:,.0f} 万元 of one enterprise is more than the GDP of "
                f"{city} ({city_gdp:g} 亿元 = {city_gdp * 1e4:,.0f} 万元, {gdp_year}): 亿元 or 元 "
                "under a 万元 header?",
                "revenue in 万元, below the city's GDP; a 备注/note saying why if it is right",
            )
        )
    return problems


class _Row(NamedTuple):
    """Where a problem is, and the row's note (``intensity.explained``)."""

    file: str
    row: int
    column: str | None
    note: object


def unread(df: pd.DataFrame) -> np.ndarray:
    """Rows with a required cell that could not be read (reported where it was read)."""
    return df[list(REQUIRED)].isna().any(axis=1).to_numpy()


def _blank_amounts(df: pd.DataFrame, headers) -> list[Problem]:
    """An error for each blank revenue or R&D cell (a placeholder such as — has its note)."""
    problems = []
    for column, (field, what) in AMOUNTS.items():
        blank = df[column].isna().to_numpy()
        problems += [
            Problem(
                f,
                int(r),
                headers.get(f, {}).get(field),
                f"{what} is blank",
                "an amount in 万元 (0 if the enterprise had none)",
            )
            for f, r in zip(df["file"][blank], df["row"][blank], strict=True)
        ]
    return problems


def _header(df: pd.DataFrame, headers: dict[str, dict[str, str]], field: str) -> list:
    return [headers.get(f, {}).get(field) for f in df["file"]]


def _rows(df, mask: pd.Series, headers, field: str, problem, expected: str) -> list[Problem]:
    """A problem for each row of ``df`` where ``mask`` holds (``problem``: row -> text)."""
    flagged = df[mask.fillna(False).to_numpy(dtype=bool)]
    return [
        Problem(r.file, int(r.row), headers.get(r.file, {}).get(field), problem(r), expected)
        for r in flagged.itertuples()
    ]


def _city(regions: pd.Series) -> str | None:
    """The city (parent) most of the file's banners/counties belong to."""
    counts = regions.value_counts()
    parents: dict[str, int] = {}
    for name, n in counts.items():
        if name in reference.regions() and reference.region_level(name) == COUNTY:
            parent = reference.regions()[name].parent or ""
            parents[parent] = parents.get(parent, 0) + int(n)
    return max(parents, key=parents.get) if parents else None


def _outside(df: pd.DataFrame, headers) -> tuple[np.ndarray, list[Problem]]:
    """Rows whose region is not a banner/county of the file's city, and a problem for each."""
    outside = np.zeros(len(df), dtype=bool)
    problems = []
    city = _city(df["region"])
    regions = df["region"].to_numpy()
    for name in pd.unique(regions):
        if name is None:  # an unknown region: an error where it was read
            continue
        known = reference.regions().get(name)
        if known is not None and known.level == COUNTY and known.parent == city:
            continue
        mask = regions == name
        outside |= mask
        if known is not None and known.level == COUNTY and city:
            n_city = int((regions != name).sum())
            what = f"{name} is outside {city}, where the other {n_city:,} enterprise rows are"
        else:
            what = f"{name} is not a banner/county"
        expected = (
            f"a banner/county of {city} (an enterprise table covers one city); correct the "
            "region or remove the row"
            if city
            else "a banner/county (旗县市区), e.g. 科尔沁区"
        )
        rows = df[mask]
        problems.extend(
            Problem(f, int(r), headers.get(f, {}).get("region"), f"{what}; not counted", expected)
            for f, r in zip(rows["file"], rows["row"], strict=True)
        )
    return outside, problems
