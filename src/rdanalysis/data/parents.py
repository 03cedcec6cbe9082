"""A sub-region's GDP and R&D against its parent's: a banner/county is a part of its city.

A county's GDP typed in 万元 under a 亿元 header (712400 for 71.24) is 10,000 times too large;
without a published GDP of the county nothing else notices, and the R&D beside it then looks
10,000 times too small. Each of the user's totals of GDP and R&D of a region that has a parent
is compared with the parent's figure of the same year (the user's own, else the published one;
else the nearest published year within ``MAX_GAP`` years, allowing the panel's largest yearly
growth per year between):

* one child above its parent is an error (a part above its whole), with the likely slip;
* a child's GDP below ``MIN_GDP_SHARE`` of its parent's is an error (亿元 labelled as 万元);
* the children the user gives for a year adding up to more than the parent: for R&D beyond
  the parts tolerance (``reference.parts_tolerance``), for GDP beyond ``GDP_SUM_TOLERANCE``
  (county accounts may add up to a little more than the city's), an error unless noted.

The GDP region-years found wrong here are returned too, so that R&D ÷ GDP is not blamed on
the R&D (``data.intensity``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.data import intensity, jumps
from rdanalysis.errors import Problem

MEASURES = ("gdp", "rd_expenditure")
#: Published parent figures used up to this many years away (growth allowed in between).
MAX_GAP = 2
#: A banner/county's GDP is a few per cent of its city's (Tongliao's smallest, 库伦旗, about
#: 4 %); below 1/1000 of it the amount is 10,000 times too small.
MIN_GDP_SHARE = 1e-3
#: County GDP accounts may add up to more than the city's (they were compiled separately
#: before the unified accounting reform); beyond 10 % the parts are in the wrong unit or
#: counted twice.
GDP_SUM_TOLERANCE = 0.10
_WHAT = {"gdp": "GDP", "rd_expenditure": "R&D"}


@dataclass(frozen=True)
class _Parent:
    value: float
    year: int
    rec: object  # the user's row, or None for a published figure

    def where(self) -> str:
        return f"{self.rec.file}:{self.rec.row}" if self.rec is not None else "published"


def _totals(df: pd.DataFrame, flagged: set[tuple]) -> pd.DataFrame:
    rows = df[(df["sector"] == "total") & df["measure"].isin(MEASURES)]
    rows = rows.drop_duplicates(["region", "year", "measure"])
    cells = list(zip(rows["file"], rows["row"], rows["column"], strict=True))
    return rows[np.array([c not in flagged for c in cells], dtype=bool)]


def _parent_of(region: str) -> str | None:
    known = reference.regions().get(region)
    return known.parent if known is not None else None


class _Parents:
    """The parent figure of a region-year: the user's, else the published one (nearest year)."""

    def __init__(self, rows: pd.DataFrame, published: jumps.Published) -> None:
        self.user = {(r.region, r.measure, int(r.year)): r for r in rows.itertuples()}
        self.published = published

    def get(self, parent: str, measure: str, year: int) -> _Parent | None:
        rec = self.user.get((parent, measure, year))
        if rec is not None:
            return _Parent(float(rec.value), year, rec)
        series = self.published.get((parent, measure), {})
        near = sorted(
            (abs(y - year), y) for y in series if abs(y - year) <= MAX_GAP and series[y] > 0
        )
        return _Parent(series[near[0][1]], near[0][1], None) if near else None


def _hint(ratio: float) -> str:
    """The likely slip of a child ``ratio`` times its parent: 万元 as 亿元 when the amount in
    万元 would fit under the parent (a 10,000-times slip), else a decimal point or two."""
    if ratio > 100:
        return "; 万元 labelled as 亿元?"
    return "; a misplaced decimal point?" if ratio > 1.5 else ""


def _above(rec, parent: str, found: _Parent, measure: str) -> Problem | None:
    """One child above its parent (the parent grown by the panel's fastest yearly growth for
    each year between, when the parent's figure is of another year)."""
    growth = jumps.PANEL_MAX_RATIO[measure] ** abs(found.year - int(rec.year))
    bound = found.value * growth
    if rec.value <= bound + reference.parts_tolerance(bound):
        return None
    ratio = rec.value / found.value
    what = _WHAT[measure]
    return Problem(
        rec.file,
        int(rec.row),
        rec.column,
        f"{what} {rec.value:g} 亿元 of {rec.region} {rec.year} is {ratio:,.1f} times its parent "
        f"{parent}'s {found.value:g} 亿元 ({found.where()}, {found.year}): a part above its "
        f"whole{_hint(ratio)}",
        f"at most {parent}'s {what}; the amount in the unit of its header, e.g. "
        f"{'地区生产总值' if measure == 'gdp' else 'R&D经费'}(万元) for 万元",
    )


def _too_small(rec, parent: str, found: _Parent) -> Problem | None:
    if rec.value <= 0 or rec.value >= found.value * MIN_GDP_SHARE:
        return None
    return Problem(
        rec.file,
        int(rec.row),
        rec.column,
        f"GDP {rec.value:g} 亿元 of {rec.region} {rec.year} is 1/{found.value / rec.value:,.0f} "
        f"of its parent {parent}'s {found.value:g} 亿元 ({found.where()}, {found.year}): "
        "亿元 labelled as 万元?",
        f"at least {MIN_GDP_SHARE:g} of {parent}'s GDP; the amount in the unit of its header, "
        "e.g. 地区生产总值(亿元) for 亿元",
    )


def _sums(rows: pd.DataFrame, parents: _Parents, skip: set[tuple]) -> list[Problem]:
    """Children of one parent and year adding up to more than the parent."""
    kids = rows.assign(parent=rows["region"].map(_parent_of)).dropna(subset=["parent"])
    cells = zip(kids["file"], kids["row"], kids["column"], strict=True)
    kids = kids[np.array([c not in skip for c in cells], dtype=bool)]
    problems = []
    for (parent, measure, year), group in kids.groupby(["parent", "measure", "year"]):
        found = parents.get(parent, measure, int(year))
        if len(group) < 2 or found is None or found.year != int(year):
            continue
        total = float(group["value"].sum())
        tol = (
            found.value * GDP_SUM_TOLERANCE
            if measure == "gdp"
            else reference.parts_tolerance(found.value)
        )
        if total <= found.value + tol:
            continue
        largest = group.loc[group["value"].idxmax()]
        rec = found.rec if found.rec is not None else next(group.loc[[largest.name]].itertuples())
        what = _WHAT[measure]
        problem = (
            f"{what} of {len(group)} sub-regions of {parent} {year} adds up to {total:g} 亿元, "
            f"more than {parent}'s {found.value:g} 亿元 ({found.where()})"
        )
        expected = (
            f"the parts at most the whole (within {GDP_SUM_TOLERANCE:.0%} for GDP); a "
            "备注/note saying why if it is right"
            if measure == "gdp"
            else "the parts at most the whole, within rounding"
        )
        if measure == "gdp":
            problems.append(intensity.explained(rec, problem, expected))
        else:
            problems.append(Problem(rec.file, int(rec.row), rec.column, problem, expected))
    return problems


def check(
    df: pd.DataFrame, published: jumps.Published, flagged: set[tuple] = frozenset()
) -> tuple[list[Problem], set[tuple[str, int]]]:
    """Every problem of a sub-region's GDP or R&D against its parent's (module doc), and the
    (region, year) of each GDP found wrong. Cells in ``flagged`` are left out."""
    if df.empty:
        return [], set()
    rows = _totals(df, flagged)
    parents = _Parents(rows, published)
    problems, bad_gdp, wrong = [], set(), set()
    for rec in rows.itertuples():
        parent = _parent_of(rec.region)
        found = parents.get(parent, rec.measure, int(rec.year)) if parent else None
        if found is None or found.value <= 0:
            continue
        problem = _above(rec, parent, found, rec.measure)
        if problem is None and rec.measure == "gdp":
            problem = _too_small(rec, parent, found)
        if problem is not None:
            problems.append(problem)
            wrong.add((rec.file, rec.row, rec.column))
            if rec.measure == "gdp":
                bad_gdp.add((rec.region, int(rec.year)))
    return problems + _sums(rows, parents, wrong), bad_gdp
