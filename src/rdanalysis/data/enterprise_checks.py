"""Checks across the rows of an enterprise table (规上工业企业, one row per enterprise and year).

Errors, because each would change a published count or share:

* the same enterprise twice in a year;
* R&D spending above revenue;
* R&D spending above 0 with 有研发活动 = 否 (the statistical definition: an enterprise that
  spent on R&D in the year had R&D activity; the coverage shares count 有研发活动);
* an enterprise outside the file's region: not a banner/county (北京市, 通辽市 itself), or a
  banner/county of another city than the other enterprises (the city most of them are in; the
  enterprise table covers one city). Such a row is left out of the table, so it is never
  counted as a banner/county or in the city's total.

Every problem is located at file:row:column, the column as the file's header writes it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.data import repeats
from rdanalysis.errors import Problem

COUNTY = "county"


def check(
    df: pd.DataFrame, headers: dict[str, dict[str, str]]
) -> tuple[pd.DataFrame, list[Problem]]:
    """The enterprise rows that stay in the table, and every problem (see the module doc).

    ``headers``: file label -> field -> the header text of its column.
    """
    if df.empty:
        return df, []
    keys = ["enterprise_id", "year"]
    dup = df[df.duplicated(keys, keep=False)]  # no copy of the whole table (it can be large)
    dup = dup.assign(column=_header(dup, headers, "enterprise_id"))
    problems = repeats.duplicates(dup, keys, "enterprise-year")
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
    return (df[~outside] if outside.any() else df), problems + found


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
