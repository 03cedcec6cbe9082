"""Year-on-year jumps in a region's series: a value many times its neighbouring years.

An intensity of 6.9 for a city whose 2023 figure is 0.61 parses, lies inside the range a
province may publish, and turns a dashboard to 达到目标; so does R&D with a slipped decimal
point. Each of the user's totals of R&D intensity, R&D and GDP is compared with the nearest
year on each side (within ``MAX_GAP`` years) of the same region's series: the user's values of
every file, and the published figures of the years the user does not give. A change by more
than ``MAX_FACTOR`` times is an error unless the row's 备注/note says why
(``intensity.explained``).

The bound comes from the real panel (data/raw/public: 31 provinces 2011-2023, the country,
Inner Mongolia's leagues). The largest year-on-year ratios there are ``PANEL_MAX_RATIO``
(intensity: Xilingol 0.23 % to 0.44 %, 2021-22; the largest of a province is Jilin's 1.67,
2018-19, a revised survey; R&D: Tibet 2011-12; GDP: Ningxia 2007-08), and within three years
1.83 (intensity), 2.45 (R&D, Hainan 2020-23) and 1.96 (GDP). Three times is above all of them,
and a slipped decimal point (10 times) or a unit slip (10,000 times) is far above it.

Which value of a jump is blamed: the user's, where the other is published; of two user values,
the one further from the median of the rest of the series (the later one when there is no
rest). Cells already reported by another check are left out of the series, so a value refused
for its range does not make its neighbour look wrong.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from rdanalysis.data import intensity
from rdanalysis.errors import Problem

#: A change from one year to the next (or to the nearest year within ``MAX_GAP``) by more than
#: this factor is an error unless noted.
MAX_FACTOR = 3.0
#: Neighbouring years compared: the nearest year on each side within this many years.
MAX_GAP = 3
#: The largest year-on-year ratio in the published panel, by measure (see the module doc).
PANEL_MAX_RATIO = {"rd_intensity": 1.91, "rd_expenditure": 1.55, "gdp": 1.30}
MEASURES = tuple(PANEL_MAX_RATIO)
_WHAT = {
    "rd_intensity": ("R&D intensity", "%"),
    "rd_expenditure": ("R&D", " 亿元"),
    "gdp": ("GDP", " 亿元"),
}

#: (region, measure) -> {year: value}: the published figures of a series (``build``).
Published = dict[tuple[str, str], dict[int, float]]


def _user_totals(df: pd.DataFrame, flagged: set[tuple]) -> pd.DataFrame:
    rows = df[(df["sector"] == "total") & df["measure"].isin(MEASURES)]
    rows = rows.drop_duplicates(["region", "year", "measure"])
    cells = list(zip(rows["file"], rows["row"], rows["column"], strict=True))
    return rows[np.array([c not in flagged for c in cells], dtype=bool)]


def _series(rows: pd.DataFrame, published: dict[int, float]) -> list[tuple[int, float, object]]:
    """(year, value, the user's row or None for a published figure), by year."""
    points = {int(y): (float(v), None) for y, v in published.items() if v and v > 0}
    for rec in rows.itertuples():
        points[int(rec.year)] = (float(rec.value), rec)
    return [(y, v, r) for y, (v, r) in sorted(points.items()) if v > 0]


def _factor(a: float, b: float) -> float:
    return max(a / b, b / a)


def _blame(points: list, i: int) -> int | None:
    """Which of ``points[i]`` and ``points[i + 1]`` (a jump) is the user's mistake."""
    (_, a, ra), (_, b, rb) = points[i], points[i + 1]
    if ra is None and rb is None:
        return None  # both published: not the user's
    if ra is None or rb is None:
        return i if rb is None else i + 1
    rest = [v for k, (_, v, _) in enumerate(points) if k not in (i, i + 1)]
    if not rest:
        return i + 1
    median = float(np.median(rest))
    return i if abs(math.log(a / median)) > abs(math.log(b / median)) else i + 1


def _hint(factor: float) -> str:
    power = math.log10(factor)
    if power >= 0.9 and abs(power - round(power)) < 0.1:
        return " (a misplaced decimal point?)" if round(power) < 4 else " (万元 and 亿元 mixed up?)"
    return ""


def _problem(points: list, blamed: int, other: int, measure: str) -> Problem:
    year, value, rec = points[blamed]
    o_year, o_value, o_rec = points[other]
    label, unit = _WHAT[measure]
    factor = _factor(value, o_value)
    where = "published" if o_rec is None else f"{o_rec.file}:{o_rec.row}"
    direction = "times" if value > o_value else "times less than"
    problem = (
        f"{label} {value:g}{unit} of {rec.region} {year} is {factor:.1f} {direction} its "
        f"{o_year} value {o_value:g}{unit} ({where}){_hint(factor)}"
    )
    expected = (
        f"a change of at most {MAX_FACTOR:g} times from one year to the next (the largest in "
        f"the published provinces and leagues is {PANEL_MAX_RATIO[measure]:g} times); a "
        "备注/note saying why if it is right"
    )
    return intensity.explained(rec, problem, expected)


def _jumps(points: list, measure: str) -> dict[int, Problem]:
    """Problems of one series by the position of the value blamed (one each)."""
    found: dict[int, Problem] = {}
    for i in range(len(points) - 1):
        (y0, a, _), (y1, b, _) = points[i], points[i + 1]
        if y1 - y0 > MAX_GAP or _factor(a, b) <= MAX_FACTOR:
            continue
        if measure == "rd_intensity" and max(a, b) < intensity.MIN_INTENSITY_PCT:
            continue  # below the floor a ratio says little (0.02 % to 0.07 %)
        blamed = _blame(points, i)
        if blamed is not None and blamed not in found:
            found[blamed] = _problem(points, blamed, i + (blamed == i), measure)
    return found


def check(
    df: pd.DataFrame, published: Published, flagged: set[tuple] = frozenset()
) -> list[Problem]:
    """Every user total of R&D intensity, R&D or GDP that jumps by more than ``MAX_FACTOR``
    times from its neighbouring years (see the module doc); cells in ``flagged`` (file, row,
    column), already reported, are left out."""
    if df.empty:
        return []
    rows = _user_totals(df, flagged)
    problems = []
    for (region, measure), group in rows.groupby(["region", "measure"], sort=True):
        points = _series(group, published.get((region, measure), {}))
        problems.extend(_jumps(points, measure).values())
    return problems
