"""Amounts in the wrong unit: the errors that parse cleanly and would be silently wrong.

A figure in 万元 under a 亿元 header is 10,000 times too large; persons under a 万人 header the
same. Each value of a user's region table is compared with

* the region's published GDP or resident population of the same or the nearest year (within
  ``MAX_YEAR_GAP`` years): GDP or population more than ``MAX_RATIO`` times off, or R&D above
  ``MAX_PLAUSIBLE_INTENSITY_PCT`` % of GDP or ``MAX_RD_YUAN_PER_PERSON`` yuan per resident;
* the other years of its own series: a value ``MAX_RATIO`` times above or below the median of
  the others (at least two others);
* an upper bound by level where nothing is published (population of a county above 500 万人).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.data import intensity
from rdanalysis.errors import Problem

MAX_YEAR_GAP = 8
#: A unit slip is a factor of 100 (万 vs 百万) to 100,000,000 (元 vs 亿元); real series do not
#: move by 30 times within eight years.
MAX_RATIO = 30.0
#: R&D against a published GDP up to ``MAX_YEAR_GAP`` years away: above this share it is a unit
#: slip even allowing for the growth in between (same-year GDP: ``data.intensity``, 7 %).
MAX_PLAUSIBLE_INTENSITY_PCT = 10.0
#: Beijing spends about 12,000 yuan of R&D per resident; five times that is not a real figure.
MAX_RD_YUAN_PER_PERSON = 60_000.0
#: 万人: no county has 5 million residents, no prefecture 30 million, no province 150 million.
MAX_POPULATION_10K = {"county": 500.0, "league": 3000.0, "province": 15000.0, "country": 200000.0}
_UNIT_HINT = {
    "gdp": ("万元 labelled as 亿元", "亿元 labelled as 万元"),
    "population": ("persons (人) labelled as 万人", "万人 labelled as 人"),
}


def _times(ratio: float) -> str:
    return f"{ratio:,.0f} times" if ratio >= 1 else f"1/{1 / ratio:,.0f} of"


def _nearest(ref: dict[tuple[str, int], float], region: str, year: int) -> tuple[int, float] | None:
    """(year, value) of ``region``'s figure nearest ``year`` (within ``MAX_YEAR_GAP``)."""
    near = [
        (abs(y - year), y, v)
        for y in range(year - MAX_YEAR_GAP, year + MAX_YEAR_GAP + 1)
        if (v := ref.get((region, y)))
    ]
    return min(near)[1:] if near else None


def _problem(rec: pd.Series, problem: str, expected: str) -> Problem:
    return Problem(rec["file"], int(rec["row"]), rec["column"], problem, expected)


def _against_published(
    rec: pd.Series, measure: str, ref: dict[tuple[str, int], float]
) -> Problem | None:
    found = _nearest(ref, rec["region"], int(rec["year"]))
    if found is None:
        return None
    year, base = found
    ratio = rec["value"] / base
    if 1 / MAX_RATIO <= ratio <= MAX_RATIO or rec["value"] == 0:
        return None
    unit = "亿元" if measure == "gdp" else "万人"
    hint = _UNIT_HINT[measure][0 if ratio > 1 else 1]
    return _problem(
        rec,
        f"{rec['value']:g} {unit} is {_times(ratio)} the published {base:g} {unit} of "
        f"{rec['region']} ({year}): {hint}?",
        f"a value in {unit}, within {MAX_RATIO:g} times the published figure; "
        "state the unit in the header, e.g. 地区生产总值(万元) or 常住人口(人)",
    )


def _rd_against_published(
    rec: pd.Series,
    gdp: dict[tuple[str, int], float],
    population: dict[tuple[str, int], float],
) -> Problem | None:
    region, year = rec["region"], int(rec["year"])
    found = _nearest(gdp, region, year)
    if found is not None:
        pct = rec["value"] / found[1] * 100
        if 0 < pct * intensity.UNIT_SLIP < 10 * intensity.MAX_INTENSITY_PCT:
            return _rd_in_yi_as_wan(rec, pct, found)
        if pct > MAX_PLAUSIBLE_INTENSITY_PCT:
            return _problem(
                rec,
                f"R&D {rec['value']:g} 亿元 would be {pct:.1f}% of {region}'s published GDP "
                f"({found[1]:g} 亿元, {found[0]}): the amount looks like 万元 labelled as 亿元",
                f"R&D below {MAX_PLAUSIBLE_INTENSITY_PCT:g}% of GDP; "
                "state the unit, e.g. R&D经费(万元)",
            )
        return None
    found = _nearest(population, region, year)
    if found is not None:
        per_person = rec["value"] * 1e8 / (found[1] * 1e4)
        if per_person > MAX_RD_YUAN_PER_PERSON:
            return _problem(
                rec,
                f"R&D {rec['value']:g} 亿元 would be {per_person:,.0f} yuan per resident of "
                f"{region} ({found[1]:g} 万人, {found[0]}): the amount looks like 万元 "
                "labelled as 亿元",
                f"at most {MAX_RD_YUAN_PER_PERSON:,.0f} yuan per resident; "
                "state the unit, e.g. R&D经费(万元)",
            )
    return None


def _rd_in_yi_as_wan(rec: pd.Series, pct: float, found: tuple[int, float]) -> Problem | None:
    """R&D 10,000 times too small for a city's or province's published GDP of a nearby year."""
    if reference.region_level(rec["region"]) not in intensity.FLOOR_LEVELS:
        return None
    return _problem(
        rec,
        f"R&D {rec['value']:g} 亿元 would be {intensity.pct_text(pct)}% of {rec['region']}'s "
        "published GDP "
        f"({found[1]:g} 亿元, {found[0]}): the amount looks like 亿元 labelled as 万元",
        "the amount in the unit of its header, e.g. R&D经费(亿元) for 亿元",
    )


def _population_bound(rec: pd.Series) -> Problem | None:
    level = reference.region_level(rec["region"])
    bound = MAX_POPULATION_10K.get(level)
    if bound is None or rec["value"] <= bound:
        return None
    return _problem(
        rec,
        f"population {rec['value']:g} 万人 is more than any {level} has: persons (人) "
        "labelled as 万人?",
        f"万人 (at most {bound:g} for a {level}); for persons write 常住人口(人)",
    )


def _median_without(values: np.ndarray, pos: int) -> float:
    """The median of ``values`` other than the one at ``pos`` (missing values skipped; NaN when
    none is left), as pandas' ``Series.median`` gives it."""
    others = np.delete(values, pos)
    others = others[~np.isnan(others)]
    return float(np.median(others)) if others.size else float("nan")


def _against_series(df: pd.DataFrame, flagged: set[tuple]) -> list[Problem]:
    """A value far off the median of the other years of its own series (cells not ``flagged``
    already: one problem is reported once)."""
    problems = []
    money = df[df["measure"].isin(["rd_expenditure", "gdp", "population_resident"])]
    for _, series in money.groupby(["region", "sector", "measure"]):
        if len(series) < 3:
            continue
        values = series["value"].to_numpy(dtype=float)
        cells = list(zip(series["file"], series["row"], series["column"], strict=True))
        for pos, value in enumerate(values):
            if cells[pos] in flagged:
                continue
            median = _median_without(values, pos)
            if median <= 0 or value <= 0:
                continue
            ratio = value / median
            if 1 / MAX_RATIO <= ratio <= MAX_RATIO:
                continue
            rec = series.iloc[pos]
            problems.append(
                _problem(
                    rec,
                    f"{rec['value']:g} {rec['unit']} is {_times(ratio)} the median "
                    f"({median:g}) of the other years of {rec['region']} {rec['measure']}: "
                    "a different unit in this row?",
                    "every year of a series in the unit of its column",
                )
            )
    return problems


def check(
    df: pd.DataFrame,
    reference_gdp: dict[tuple[str, int], float],
    reference_population: dict[tuple[str, int], float],
    already: list[Problem] = (),
) -> list[Problem]:
    """Every value of a region table whose magnitude betrays a unit slip (see module doc); cells
    with a problem in ``already`` are not reported again."""
    problems: list[Problem] = []
    totals = df[df["sector"] == "total"]
    gdp = df[df["measure"] == "gdp"]
    own = set(zip(gdp["region"], gdp["year"], strict=True))  # the file's own GDP region-years
    said = {(p.file, p.row, p.column) for p in already}
    for _, rec in totals.iterrows():
        if (rec["file"], rec["row"], rec["column"]) in said:
            continue
        found = None
        if rec["measure"] == "gdp":
            found = _against_published(rec, "gdp", reference_gdp)
        elif rec["measure"] == "population_resident":
            found = _against_published(rec, "population", reference_population)
            found = found or _population_bound(rec)
        elif rec["measure"] == "population_registered":
            found = _population_bound(rec)
        elif rec["measure"] == "rd_expenditure" and not _same_year_gdp(rec, reference_gdp, own):
            found = _rd_against_published(rec, reference_gdp, reference_population)
        if found is not None:
            problems.append(found)
    flagged = {(p.file, p.row, p.column) for p in [*already, *problems]}
    return problems + _against_series(df, flagged)


def gdp_against_published(
    df: pd.DataFrame, reference_gdp: dict[tuple[str, int], float]
) -> list[Problem]:
    """The GDP totals of a region table more than ``MAX_RATIO`` times off the region's published
    GDP (checked before R&D ÷ GDP, so that a wrong GDP is not blamed on the R&D)."""
    rows = df[(df["sector"] == "total") & (df["measure"] == "gdp")]
    found = (_against_published(rec, "gdp", reference_gdp) for _, rec in rows.iterrows())
    return [p for p in found if p is not None]


def _same_year_gdp(
    rec: pd.Series, reference_gdp: dict[tuple[str, int], float], own: set[tuple]
) -> bool:
    """Whether the same-year GDP check (``data.intensity.implied``) already covers ``rec``: a
    published GDP or one of the file's own (``own``: its GDP region-years) for that year."""
    key = (rec["region"], rec["year"])
    return key in reference_gdp or key in own
