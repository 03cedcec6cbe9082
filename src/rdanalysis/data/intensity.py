"""R&D intensity (R&D ÷ GDP, %) in a user's region table: the values a statistics bureau would
not let through, because one slip would turn a dashboard to 达到目标 or hide a region's R&D.

* Range. No province publishes an intensity above ``MAX_INTENSITY_PCT`` (Beijing's 6.84 % for
  2022 is the highest on record) and none below ``MIN_INTENSITY_PCT`` (Tibet's 0.19 % for
  2016 is the lowest); a supplied intensity, or R&D ÷ GDP of the same region and year, outside
  that range is an error (a county's below the floor only a note: some have almost no R&D)
  unless the row's 备注/note explains it (then it is a note). A note explains only what can be
  real: above ``CEILING_PCT`` of the region's level (10 % for a city, province or the country,
  20 % for a banner/county or zone) the value is an error whatever the note says; and a note
  that says nothing (a placeholder, a bare "确认无误") explains nothing (``explains``).
* Fractions. 0.0057 where 0.57 (%) is meant: below the floor, and 100 times it in range.
* Units. R&D ÷ GDP 10,000 times above or below the range: 万元 labelled 亿元, or the reverse
  (R&D of 10.5 under a 万元 header for a whole city).
* Agreement. A supplied intensity that differs from the same region-year's R&D ÷ GDP of the
  user's own files by more than the rounding of the three numbers is an error naming both;
  a difference under ``NOTE_DIFFERENCE`` (a revised GDP) may be explained by a note.

Each check reads a region-year once: a figure given twice is a duplicate error already.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.data import cells
from rdanalysis.errors import Problem

#: Highest intensity a province publishes (Beijing 6.84 % in 2022, 6.73 % in 2023), rounded up.
MAX_INTENSITY_PCT = 7.0
#: Lowest a province or prefecture publishes (Tibet 0.19 % in 2016, Xilingol 0.23 % in 2021).
MIN_INTENSITY_PCT = 0.1
#: The ceiling no 备注/note lifts, by level: about 1.5 times the highest intensity on record at
#: that level. Cities, provinces, the country: Beijing's 6.84 % (2022) is the highest province
#: and no prefecture-level city publishes more. Banners/counties, districts, zones: the highest
#: published are around 10-15 % (district-level figures such as Beijing's Haidian; the range the
#: issue 21 review gives, not checked against a source offline), so 20 %.
CEILING_PCT = {"county": 20.0}
DEFAULT_CEILING_PCT = 10.0
#: Levels held to the floor: a county may have almost no R&D (only a note below it).
FLOOR_LEVELS = frozenset({"league", "province", "country"})
#: A supplied intensity this close to R&D ÷ GDP (relative) may be explained by a note (GDP
#: revised after the intensity was published); further apart it is always an error.
NOTE_DIFFERENCE = 0.10
#: 亿元 per 万元: the slip between the two units of money tables use.
UNIT_SLIP = 1e4
_KEY = ["region", "year"]


def _problem(rec, problem: str, expected: str, severity: str = "error") -> Problem:
    return Problem(rec.file, int(rec.row), rec.column, problem, expected, severity)


#: Notes that say nothing about why a value is what it is: a bare confirmation or a placeholder.
#: Compared without spaces and punctuation, case-folded.
EMPTY_NOTES = frozenset(
    {
        *cells.MISSING_MARKERS,
        *("确认", "确认无误", "已确认", "无误", "正确", "准确", "属实", "真实", "核实", "已核实"),
        *("核实无误", "经核实", "没问题", "无问题", "对", "是", "有", "备注", "说明", "见备注"),
        *("ok", "okay", "yes", "y", "true", "correct", "checked", "confirmed", "verified"),
        *("note", "notes", "x", "?", "??"),
    }
)
#: A note shorter than this (characters other than spaces and punctuation) says nothing.
MIN_NOTE_CHARS = 2


def explains(note: object) -> bool:
    """Whether a 备注/note says something about a value: at least ``MIN_NOTE_CHARS`` letters
    or digits, and not a placeholder or a bare confirmation (``EMPTY_NOTES``)."""
    text = "".join(c for c in cells.normalise_text(note) if c.isalnum()).casefold()
    return len(text) >= MIN_NOTE_CHARS and text not in EMPTY_NOTES


def ceiling(region: str) -> float:
    """The intensity (%) no note makes plausible for ``region``'s level (``CEILING_PCT``)."""
    return CEILING_PCT.get(reference.region_level(region), DEFAULT_CEILING_PCT)


def explained(rec, problem: str, expected: str, strict: bool = True) -> Problem:
    """An error, or a note when the row's 备注/note explains it (and ``strict`` allows that):
    a note that says nothing (``explains``) leaves the error, saying so."""
    note = cells.normalise_text(getattr(rec, "note", "") or "")
    if strict and explains(note):
        return _problem(rec, f"{problem}; accepted: the row's note says '{note[:60]}'", "", "note")
    if strict and note:
        expected = f"{expected} (the note '{cells.clip(note, 20)}' does not say why)"
    return _problem(rec, problem, expected)


def pct_text(x: float) -> str:
    """A percentage to two significant digits, without an exponent (0.000067, 0.57, 6700)."""
    return np.format_float_positional(x, precision=2, unique=False, fractional=False, trim="-")


def _in_range(pct: float) -> bool:
    return MIN_INTENSITY_PCT <= pct <= MAX_INTENSITY_PCT


def _floor_applies(region: str) -> bool:
    return reference.region_level(region) in FLOOR_LEVELS


def _range_text(region: str) -> str:
    low = f"{MIN_INTENSITY_PCT:g}% to " if _floor_applies(region) else "at most "
    return f"{low}{MAX_INTENSITY_PCT:g}% (Beijing, the highest province, publishes 6.84%)"


def _firsts(df: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The total rows of ``measure``, one per region-year (the first: others are duplicates)."""
    rows = df[(df["measure"] == measure) & (df["sector"] == "total")]
    return rows.drop_duplicates(_KEY)


def supplied(df: pd.DataFrame, skip: frozenset = frozenset()) -> list[Problem]:
    """A supplied intensity above 100 %, above the range, below it, or written as a fraction
    (region-years in ``skip`` have a problem of their intensity already)."""
    problems = []
    for rec in _firsts(df, "rd_intensity").itertuples():
        value, region = float(rec.value), rec.region
        if (region, rec.year) in skip:
            continue
        if value > 100:
            problems.append(
                _problem(
                    rec, f"R&D intensity {value:g}% is above 100%", "a percentage of GDP, e.g. 0.85"
                )
            )
        elif value > MAX_INTENSITY_PCT:
            problems.append(_high_intensity(rec, value, region))
        elif value < MIN_INTENSITY_PCT:
            problems.extend(_low_intensity(rec, value, region))
    return problems


def _high_intensity(rec, value: float, region: str) -> Problem:
    """An intensity above the range: an error unless noted, above the ceiling an error."""
    hint = f" ({value / 100:g}% with its decimal point?)" if _in_range(value / 100) else ""
    top = ceiling(region)
    if value > top:
        return _problem(
            rec,
            f"R&D intensity {value:g}% of {region} {rec.year} is above {top:g}%, which no "
            f"{_level_name(region)} reaches (a note cannot explain it){hint}",
            f"{_range_text(region)}; at most {top:g}% even with a 备注/note",
        )
    return explained(
        rec,
        f"R&D intensity {value:g}% of {region} {rec.year} is above "
        f"{MAX_INTENSITY_PCT:g}%, more than any province publishes{hint}",
        f"{_range_text(region)}; a 备注/note saying why if it is right",
    )


def _level_name(region: str) -> str:
    level = reference.region_level(region)
    return "banner/county" if level == "county" else "city, province or country"


def _low_intensity(rec, value: float, region: str) -> list[Problem]:
    strict = _floor_applies(region)
    if _in_range(value * 100):
        problem = (
            f"R&D intensity {value:g}% of {region} {rec.year} looks like a fraction: "
            f"{value:g} = {value * 100:.4g}%"
        )
        expected = f"the percentage, {value * 100:.4g} (not {value:g})"
    elif value > 0 and strict:
        problem = f"R&D intensity {value:g}% of {region} {rec.year} is below {MIN_INTENSITY_PCT:g}%"
        expected = f"{_range_text(region)}; a 备注/note saying why if it is right"
    else:
        return []
    if not strict:
        return [_problem(rec, problem + " (kept: a county may have almost no R&D)", "", "note")]
    return [explained(rec, problem, expected)]


def implied(
    df: pd.DataFrame,
    reference_gdp: dict[tuple[str, int], float],
    bad_gdp: frozenset = frozenset(),
) -> dict[tuple[str, int], Problem]:
    """R&D ÷ GDP of the same region and year (the file's own GDP, else the published one)
    outside the range: a unit slip when 10,000 times off, else implausible; by region-year.
    The file's GDP of a region-year in ``bad_gdp`` (itself implausible, reported) is not used:
    the R&D is not blamed for it."""
    gdp = dict(reference_gdp)
    own = _firsts(df, "gdp")
    keys = list(zip(own["region"], own["year"], strict=True))
    gdp.update((k, v) for k, v in zip(keys, own["value"], strict=True) if k not in bad_gdp)
    problems = {}
    for rec in _firsts(df, "rd_expenditure").itertuples():
        base = gdp.get((rec.region, rec.year))
        if not base or rec.value <= 0:
            continue
        pct = rec.value / base * 100
        found = None
        if pct > MAX_INTENSITY_PCT:
            found = _rd_too_high(rec, pct, base)
        elif pct < MIN_INTENSITY_PCT:
            found = _rd_too_low(rec, pct, base)
        if found is not None:
            problems[(rec.region, rec.year)] = found
    return problems


def _rd_too_high(rec, pct: float, base: float) -> Problem:
    what = f"R&D {rec.value:g} 亿元 would be {pct:.1f}% of GDP ({base:g} 亿元)"
    if pct > 100:  # more R&D than GDP: 万元 read as 亿元 (10,000 times too much)
        return _problem(
            rec,
            f"{what}: the amount looks like 万元 labelled as 亿元",
            f"R&D {_range_text(rec.region)} of GDP; state the unit, e.g. R&D经费(万元)",
        )
    top = ceiling(rec.region)
    if pct > top:
        return _problem(
            rec,
            f"{what} of {rec.region} {rec.year}, above {top:g}%, which no "
            f"{_level_name(rec.region)} reaches (a note cannot explain it)",
            f"R&D {_range_text(rec.region)} of GDP; at most {top:g}% even with a 备注/note",
        )
    return explained(
        rec,
        f"{what} of {rec.region} {rec.year}, more than any province spends",
        f"R&D {_range_text(rec.region)} of GDP; a 备注/note saying why if it is right",
    )


def _rd_too_low(rec, pct: float, base: float) -> Problem | None:
    what = (
        f"R&D {rec.value:g} 亿元 is {pct_text(pct)}% of GDP ({base:g} 亿元) of {rec.region} "
        f"{rec.year}"
    )
    strict = _floor_applies(rec.region)
    if _in_range(pct * UNIT_SLIP):
        problem = (
            f"{what}: the amount looks like 亿元 labelled as 万元 "
            f"({rec.value * UNIT_SLIP:g} 亿元 would be {pct * UNIT_SLIP:.2f}%)"
        )
        expected = "the amount in the unit of its header, e.g. R&D经费(亿元) for 亿元"
    elif strict:
        problem = f"{what}, less than any province or city publishes"
        expected = f"R&D {_range_text(rec.region)} of GDP; a 备注/note saying why if it is right"
    else:
        return None
    if not strict:
        return _problem(rec, problem + " (kept: a county may have almost no R&D)", "", "note")
    return explained(rec, problem, expected)


def _half_unit(x: float) -> float:
    """Half a unit in the last decimal ``x`` is written with (0.57 -> 0.005; at most 10 places)."""
    decimals = f"{abs(x):.10f}".rstrip("0").partition(".")[2]
    return 0.5 * 10.0 ** -len(decimals)


def agreement(df: pd.DataFrame, skip: frozenset = frozenset()) -> dict[tuple, Problem]:
    """A supplied intensity against R&D ÷ GDP of the same region and year in the user's files,
    beyond the rounding of the three numbers (region-years in ``skip``, whose R&D ÷ GDP is
    itself implausible, are left out); by region-year."""
    rd = _firsts(df, "rd_expenditure")[[*_KEY, "value"]].rename(columns={"value": "rd"})
    gdp = _firsts(df, "gdp")[[*_KEY, "value"]].rename(columns={"value": "gdp"})
    given = _firsts(df, "rd_intensity").merge(rd, on=_KEY).merge(gdp, on=_KEY)
    problems = {}
    for rec in given[(given["gdp"] > 0) & (given["value"] <= 100)].itertuples():
        if (rec.region, rec.year) in skip:
            continue
        computed = rec.rd / rec.gdp * 100
        rounding = _half_unit(rec.value) + computed * (
            (_half_unit(rec.rd) / rec.rd if rec.rd else 0) + _half_unit(rec.gdp) / rec.gdp
        )
        if abs(rec.value - computed) <= rounding + 1e-9:
            continue
        problem = (
            f"R&D intensity {rec.value:g}% of {rec.region} {rec.year} disagrees with its R&D "
            f"÷ GDP: {rec.rd:g} 亿元 ÷ {rec.gdp:g} 亿元 = {computed:.4g}%"
            + _slip(rec.value, computed)
        )
        expected = f"{computed:.2f}, within rounding (±{rounding:.2g})"
        near = computed > 0 and abs(rec.value / computed - 1) <= NOTE_DIFFERENCE
        problems[(rec.region, rec.year)] = explained(rec, problem, expected, strict=near)
    return problems


def _slip(value: float, computed: float) -> str:
    """' (10 times: a misplaced decimal point?)' when ``value`` is a power of ten off."""
    if value <= 0 or computed <= 0:
        return ""
    power = math.log10(value / computed)
    if abs(power) >= 0.9 and abs(power - round(power)) < 0.05:
        return f" ({_times(10.0 ** round(power))}: a misplaced decimal point or a fraction?)"
    return ""


def _times(ratio: float) -> str:
    return f"{ratio:,.0f} times" if ratio >= 1 else f"1/{1 / ratio:,.0f}"


def check(
    df: pd.DataFrame,
    reference_gdp: dict[tuple[str, int], float],
    bad_gdp: frozenset = frozenset(),
) -> list[Problem]:
    """Every intensity problem of a region table (see the module doc), at file:row:column;
    region-years in ``bad_gdp`` have a GDP reported as implausible already (``implied``)."""
    if df.empty:
        return []
    rd = implied(df, reference_gdp, bad_gdp)
    disagree = agreement(df, skip=frozenset(rd) | frozenset(bad_gdp))  # not the intensity's fault
    given = supplied(df, skip=frozenset(disagree))  # said once, with both numbers
    return [*rd.values(), *disagree.values(), *given]
