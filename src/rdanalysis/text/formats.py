"""How each column a reader sees is shown: its label and unit in the report's language, its kind
(text, name, coded value, year, count, number, signed change, share, probability, yes/no), its
decimals, its alignment and its Excel number format, from the column registry
(``resources/columns.yml``: ``show``, or defaults by unit and dtype), and every value formatted
by that spec.

One spec feeds the HTML table, the PDF (the same HTML printed) and the workbook (the raw value
with the spec's number format). A value that rounds to zero reads 0 (never ``-0.00``); a missing
value reads "—"; booleans read 是/否; codes read as words.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from rdanalysis import reference
from rdanalysis.text.i18n import literal, part, region, t, unit

MISSING = "—"
KINDS = ("text", "name", "code", "year", "count", "number", "signed", "share", "prob", "bool")
_NUMERIC = {"year", "count", "number", "signed", "share", "prob"}
#: Decimals of a number by its unit, where the registry does not say.
UNIT_DECIMALS = {
    "%": 2,
    "百分点": 2,
    "亿元": 2,
    "万元": 0,
    "万人": 2,
    "家": 0,
    "件": 0,
    "件/万人": 2,
}
#: Words for coded values, by vocabulary: vocabulary -> the prefix of their catalogue messages
#: (a code is in words where the catalogue has ``<prefix><code>``; else it is shown as written).
_VOCABULARIES = {
    "status": "status.",
    "factor": "factor.",
    "method": "method.",
    "tstatus": "tstatus.",
    "relation": "relation.",
    "level": "level.",
    "basis": "basis.",
    "population_type": "population_type.",
    "outcome": "outcome.",
    "tier": "tier.",
    "access": "access.",
    "statistic": "statistic.",
}


@dataclass(frozen=True)
class Spec:
    """How one column is shown."""

    key: str
    label: str
    unit: str = ""
    kind: str = "text"
    decimals: int = 0
    values: str = ""  # the vocabulary of a 'code' column

    @property
    def numeric(self) -> bool:
        return self.kind in _NUMERIC

    @property
    def align(self) -> str:
        return "right" if self.numeric else "left"

    @property
    def header(self) -> str:
        """The label with its unit, as a table header shows it."""
        return f"{self.label}({self.unit})" if self.unit else self.label

    def excel_format(self) -> str:
        """The Excel number format of the column (the workbook keeps the raw value)."""
        d = "." + "0" * self.decimals if self.decimals else ""
        return {
            "year": "0",
            "count": "#,##0",
            "number": f"#,##0{d}",
            "signed": f"+#,##0{d};-#,##0{d};0{d}",
            "share": f"0{d}%",
            "prob": PROBABILITY_FORMAT,
        }.get(self.kind, "@")


#: A simulated probability in Excel, as the page words it: "<1%" and ">99%" at the ends, whole
#: percent between (the cell keeps the probability itself).
PROBABILITY_FORMAT = '[<0.01]"<1%";[>0.99]">99%";0%'


def _default_kind(entry: dict) -> tuple[str, int]:
    """Kind and decimals of a registry column without ``show``: by its unit, then its dtype."""
    u = entry.get("unit") or ""
    if u in UNIT_DECIMALS:
        kind = "signed" if u == "百分点" else "count" if u in ("家", "件") else "number"
        return kind, UNIT_DECIMALS[u]
    dtype = entry.get("dtype")
    return {"int": ("count", 0), "bool": ("bool", 0), "float": ("number", 2)}.get(
        dtype, ("text", 0)
    )


@cache
def spec(key: str, lang: str = "zh") -> Spec:
    """The spec of registry column ``key`` in ``lang``; KeyError names a column with none."""
    entry = reference.columns().get(key)
    if entry is None:
        raise KeyError(
            f"column '{key}' has no entry in resources/columns.yml (label, unit and format)"
        )
    show = entry.get("show") or {}
    kind, decimals = _default_kind(entry)
    kind = show.get("kind", kind)
    if kind not in KINDS:
        raise ValueError(f"columns.yml: {key}: show.kind {kind!r} (expected one of {KINDS})")
    shown_unit = entry.get("unit") or ""
    if kind == "share":
        shown_unit = "%"
    return Spec(
        key=key,
        label=str(entry[lang]),
        unit=unit(shown_unit, lang) if shown_unit else "",
        kind=kind,
        decimals=int(show.get("decimals", decimals)),
        values=str(show.get("values", "")),
    )


def is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isinf(value))
    except (TypeError, ValueError):
        return False


def number(value: float, decimals: int, signed: bool = False) -> str:
    """``value`` with ``decimals`` decimals, rounded half up (四舍五入, as statistical tables do),
    with thousands separators from 10,000; a value that rounds to zero reads 0 (no sign)."""
    step = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    shown = f"{rounded:,.{decimals}f}" if abs(rounded) >= 10_000 else f"{rounded:.{decimals}f}"
    return "+" + shown if signed and rounded > 0 else shown


def probability(p: float) -> str:
    """A simulated probability at its resolution: whole percent, never 0 % or 100 % from a
    finite number of paths ('<1%' / '>99%')."""
    if p < 0.01:
        return "<1%"
    if p > 0.99:
        return ">99%"
    return f"{round(p * 100):d}%"


def _measure(text: str, lang: str) -> str:
    m = reference.measures().get(text)
    return text if m is None else str(m["label"] if lang == "zh" else m.get("en", m["label"]))


def _labelled(table: dict, text: str, lang: str, en: str = "en") -> str:
    """A name from a registry whose entries have ``label`` (Chinese) and an English key."""
    found = table.get(text)
    return text if found is None else str(found["label"] if lang == "zh" else found[en])


def origin(text: str) -> str:
    """Where a figure was read, as a reader may see it: a project file from ``data/raw/`` on
    ('illustrative/x.csv:12'), a user's file by its name only ('统计表.xlsx:3'): no folder of
    the machine that made the report is published."""
    parts = []
    for piece in str(text).split(" / "):
        path, sep, line = piece.rpartition(":") if ":" in piece else (piece, "", "")
        if not line.isdigit():
            path, sep, line = piece, "", ""
        marker = "data/raw/"
        shown = (
            path.split(marker, 1)[1]
            if marker in path
            else path.replace("\\", "/").rsplit("/", 1)[-1]
        )
        parts.append(f"{shown}{sep}{line}")
    return " / ".join(parts)


#: Vocabularies whose words come from a registry or a rule, not from catalogue codes.
_NAMED = {
    "part": lambda text, lang: part(text, lang),
    "part_or_region": lambda text, lang: (
        part(text, lang) if text in _part_codes() else region(text, lang)
    ),
    "parts": lambda text, lang: _parts(text, lang),
    "unit": lambda text, lang: unit(text, lang),
    "split": lambda text, lang: _labelled(reference.splits(), text, lang),
    "plan_category": lambda text, lang: _labelled(reference.plan_categories(), text, lang),
    "measure": _measure,
    "vintage": lambda text, lang: vintage(text, lang),
    "origin": lambda text, lang: origin(text),
}


def code(value: object, vocabulary: str, lang: str = "zh") -> str:
    """A coded value in words (the code itself is never shown when the vocabulary knows it)."""
    text = str(value)
    if vocabulary in _NAMED:
        return str(_NAMED[vocabulary](text, lang))
    prefix = _VOCABULARIES.get(vocabulary)
    if prefix and f"{prefix}{text}" in reference.messages():
        return str(t(f"{prefix}{text}", lang))
    if vocabulary == "method" and text.startswith("published:"):
        return str(t("method.published", lang)) + vintage(text.split(":", 1)[1], lang)
    return text


@cache
def _part_codes() -> frozenset[str]:
    codes = {k for spec in reference.splits().values() for k in spec["parts"]}
    return frozenset({*codes, *reference.sectors()})


def _parts(text: str, lang: str) -> str:
    """Parts joined with '+' ('enterprise+other×0.3') in words ('企业+其他×0.3')."""
    words = []
    for piece in text.split("+"):
        code_, _, share = piece.partition("×")
        words.append(part(code_, lang) + (f"×{share}" if share else ""))
    return "+".join(words)


_EDITION = re.compile(r"^yearbook_(\d{4})$")


def vintage(value: str, lang: str = "zh") -> str:
    """A vintage code in words: 'yearbook_2024' -> '2024年版年鉴' / 'Yearbook 2024'."""
    found = _EDITION.match(value)
    if found:
        return str(t("vintage.yearbook_edition", lang, year=int(found.group(1))))
    key = f"vintage.{value}"
    return str(t(key, lang)) if key in reference.messages() else value


def _number_cell(value: float, s: Spec, lang: str, row_unit: str | None) -> str:
    decimals = s.decimals
    if row_unit is not None and s.values == "by_unit":
        decimals = UNIT_DECIMALS.get(row_unit, s.decimals)
    return number(value, decimals, signed=s.kind == "signed")


#: How a number is shown, by kind (value, spec, lang, row unit) -> text.
_NUMBER_CELLS = {
    "year": lambda v, s, lang, u: str(int(v)),
    "count": lambda v, s, lang, u: number(v, 0),
    "share": lambda v, s, lang, u: number(float(v) * 100, s.decimals) + "%",
    "prob": lambda v, s, lang, u: probability(float(v)),
    "number": _number_cell,
    "signed": _number_cell,
}


def cell(value: object, s: Spec, lang: str = "zh", row_unit: str | None = None) -> str:
    """``value`` as the reader sees it under spec ``s``."""
    if is_missing(value) or (isinstance(value, str) and value == "" and s.numeric):
        return MISSING
    if s.kind == "bool" or isinstance(value, bool):
        return str(t("word.yes" if value else "word.no", lang))
    if s.kind == "name":
        return literal(region(unit(str(value), lang), lang))
    if s.kind == "code":
        return literal(code(value, s.values, lang))
    if s.kind == "text" or not isinstance(value, int | float):
        return literal(value)
    return _NUMBER_CELLS[s.kind](value, s, lang, row_unit)
