"""Reading one cell of a statistical table: numbers as Chinese statistical tables write them.

Accepted as numbers, with a note: full-width digits (１２３．４), thousands separators
(1,234.5) and a unit written inside the cell (12.3亿元, converted to the column's unit).
Read as "no data", with a note: the statistical placeholders —, ——, …, -, /, 无, NA.
Everything else that is not a number is an error.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from rdanalysis import reference

#: Placeholders that Chinese statistical tables use for "no data / not applicable".
MISSING_MARKERS = frozenset(
    {"—", "——", "-", "--", "–", "…", "……", "...", "/", "无", "na", "n/a", "nan"}
)

#: Units a cell or header may carry, with the factor to the canonical unit of its kind.
UNITS: dict[str, tuple[str, float]] = {
    "亿元": ("money", 1.0),
    "万元": ("money", 1e-4),
    "千元": ("money", 1e-5),
    "元": ("money", 1e-8),
    "100m_yuan": ("money", 1.0),
    "10k_yuan": ("money", 1e-4),
    "万人": ("people", 1.0),
    "人": ("people", 1e-4),
    "10k": ("people", 1.0),
    "%": ("percent", 1.0),
    "pct": ("percent", 1.0),
    "件": ("count", 1.0),
    "项": ("count", 1.0),
    "家": ("count", 1.0),
    "个": ("count", 1.0),
    "count": ("count", 1.0),
}
CANONICAL = {"money": "亿元", "people": "万人", "percent": "%", "count": "件"}

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_WITH_UNIT = re.compile(
    r"^(?P<num>[+-]?[\d.,]+)\s*(?P<unit>亿元|万元|千元|元|万人|人|%|件|项|家|个)$"
)


class CellError(ValueError):
    """A cell that cannot be read; ``expected`` says what would have been accepted."""

    def __init__(self, problem: str, expected: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.expected = expected


@dataclass(frozen=True)
class Cell:
    """A parsed cell: the value in the column's unit (None = no data) and any note about it."""

    value: float | None
    note: str = ""


#: Zero-width and invisible formatting characters pasted in from web pages and Word; removed
#: before any lookup (a region name with one inside is still the region).
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u202a-\u202e]")


class Unsaved(str):
    """An Excel formula cell whose value was never saved (the text is the formula)."""


def normalise_text(raw: object) -> str:
    """NFKC-normalised, stripped text of a cell (full-width digits and punctuation become ASCII;
    zero-width characters removed)."""
    if type(raw) is str and raw.isascii() and (not raw or (raw[0] > " " and raw[-1] > " ")):
        return raw  # NFKC keeps ASCII as it is; nothing invisible, nothing to strip (fast path)
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return ""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", str(raw))).strip()


def clip(text: str, width: int = 60) -> str:
    """``text`` cut to ``width`` characters for a message (a cell may hold a whole document)."""
    return text if len(text) <= width else f"{text[:width]}… ({len(text):,} characters)"


def is_blank(raw: object) -> bool:
    return normalise_text(raw) == ""


def parse_number(raw: object, column_unit: str | None = None) -> Cell:
    """Read a numeric cell; return its value in ``column_unit`` (a UNITS key) or raise CellError."""
    quick = _quick_number(raw)
    if quick is not None:
        return quick
    original = "" if raw is None else str(raw).strip()
    text = normalise_text(raw)
    if text == "":
        return Cell(None)
    if text.casefold() in MISSING_MARKERS:
        return Cell(None, f"'{original}' read as no data")
    notes = []
    if text != original:
        notes.append(f"full-width characters in '{original}' read as '{text}'")
    factor = 1.0
    match = _WITH_UNIT.match(text)
    if match:
        text, cell_unit = match["num"], match["unit"]
        factor = _convert(cell_unit, column_unit, original)
        notes.append(f"unit '{cell_unit}' inside the cell '{original}'")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
        notes.append(f"thousands separators in '{original}'")
    if not _NUMBER.match(text):
        raise CellError(
            f"'{clip(original)}' is not a number",
            "a number such as 1234.5 (blank or — for no data)",
        )
    return Cell(_finite(float(text) * factor, original), "; ".join(notes))


def _quick_number(raw: object) -> Cell | None:
    """The cells that need no text handling: Excel numbers, plain ASCII numbers (the usual
    cell, read fast), and the typed cells that are never numbers."""
    if isinstance(raw, bool):
        raise CellError(f"'{raw}' is a true/false value, not a number", "a number such as 12.3")
    if isinstance(raw, Unsaved):
        raise CellError(
            f"formula '{raw}' has no saved value",
            "a value: open and save the file in Excel/WPS (it computes and stores formulas)",
        )
    if isinstance(raw, int | float) and not (isinstance(raw, float) and math.isnan(raw)):
        return Cell(_finite(float(raw), raw))
    if isinstance(raw, str) and raw.isascii() and _NUMBER.match(raw):
        return Cell(_finite(float(raw), raw))
    return None


def _finite(value: float, original: object) -> float:
    if not math.isfinite(value):
        raise CellError(f"'{original}' is not a finite number", "a number such as 1234.5")
    return value


def _convert(cell_unit: str, column_unit: str | None, original: str) -> float:
    kind, factor = UNITS[cell_unit]
    if column_unit is None:
        if kind == "money":
            raise CellError(
                f"'{original}' carries a unit but the column's unit is not stated",
                "the unit in the header, e.g. R&D经费(亿元), or in a 单位 column",
            )
        return 1.0
    col_kind, col_factor = UNITS[column_unit]
    if kind != col_kind:
        raise CellError(
            f"unit '{cell_unit}' in '{original}' does not fit the column's unit '{column_unit}'",
            f"a value in {column_unit}",
        )
    return factor / col_factor


#: A GB/T 2260 code (6 digits), or the 12-digit statistical code of the same region (its 6 digits
#: then six zeros); Excel may store either as a number (150500.0).
_CODE = re.compile(r"^(?P<code>\d{6})(?P<below>\d{6})?(\.0+)?$")


def code_text(raw: object) -> str:
    """The 6-digit GB/T 2260 code a cell holds ('' if it holds none): 150500, '150500',
    150500.0 and '150500000000' are all '150500'."""
    match = _CODE.match(normalise_text(raw))
    if match is None or (match["below"] or "000000") != "000000":
        return ""
    return match["code"]


def region_name(raw: object) -> str | None:
    """The official name of the region a cell names: its name, an alias, its English name or
    its GB/T 2260 code (``code_text``); None if unknown."""
    text = normalise_text(raw)
    found = reference.resolve_region(text)
    if found is None and (code := code_text(text)):
        found = reference.region_by_code(code)
    return found


def parse_year(raw: object, latest: int | None = None) -> tuple[int, str]:
    """Read a year cell (2023, '2023', '2023年', 2023.0); return (year, note) or raise CellError."""
    latest = latest or date.today().year
    expected = f"a whole year between 1978 and {latest}"
    text = normalise_text(raw)
    note = ""
    if text.endswith("年"):
        text, note = text[:-1], f"'{raw}' read as {text[:-1]}"
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if not re.fullmatch(r"\d{4}", text):
        if re.fullmatch(r"\d{4}\.0+", text):
            text = text.split(".")[0]
        else:
            raise CellError(f"year '{raw}' is not a whole year", expected)
    year = int(text)
    if not 1978 <= year <= latest:
        raise CellError(f"year {year} is out of range", expected)
    return year, note


_TRUE = {"是", "有", "yes", "y", "true", "1", "√", "✓"}
_FALSE = {"否", "无", "没有", "no", "n", "false", "0", "×", "✗"}


def parse_bool(raw: object) -> bool:
    """Read a yes/no cell (是/否, 有/无, yes/no, 1/0) or raise CellError."""
    text = normalise_text(raw).casefold()
    if isinstance(raw, bool):
        return raw
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"'{raw}' is not yes/no", "是 or 否 (yes/no, 1/0)")


def unit_in_header(header: str) -> tuple[str, str | None]:
    """Split 'R&D经费(万元)' / 'rd_expenditure_10k_yuan' into ('R&D经费', '万元')."""
    text = normalise_text(header)
    match = re.match(r"^(?P<name>.+?)\s*[\(（\[]\s*(?P<unit>[^\)）\]]+)\s*[\)）\]]\s*$", text)
    if match and match["unit"] in UNITS:
        return match["name"].strip(), match["unit"]
    for suffix in ("_100m_yuan", "_10k_yuan", "_pct", "_10k", "_count"):
        if text.endswith(suffix):
            return text[: -len(suffix)], suffix[1:]
    return text, None
