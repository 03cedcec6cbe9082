"""The users' data template: read a CSV/XLSX file of official statistics, report every problem.

Two kinds of table are recognised from their headers (Chinese or English; docs/data-template.md):

* region table — 地区/region, 年份/year, optional 执行主体/sector, and any of the measures below;
* enterprise table — one row per industrial enterprise above designated size (规上工业企业)
  and year.

Amounts may be in 万元 or 亿元 (or 元/千元), stated in the header, e.g. ``R&D经费(万元)``, or in a
``单位/unit`` column; they are converted to 亿元. Every row needs a 来源/source.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from rdanalysis import reference
from rdanalysis.data import (
    cells,
    enterprise_checks,
    intensity,
    jumps,
    magnitudes,
    parents,
    repeats,
    user_regions,
)
from rdanalysis.data.cells import CANONICAL, UNITS, CellError
from rdanalysis.data.sheets import Table, find_header, read_grids
from rdanalysis.errors import Problem, RDAnalysisError, errors_only

#: measure -> (unit kind, header aliases)
MEASURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "rd_expenditure": (
        "money",
        (
            "R&D经费",
            "研发经费",
            "R&D经费支出",
            "R&D经费内部支出",
            "研究与试验发展经费",
            "研发投入",
            "rd_expenditure",
            "rd",
        ),
    ),
    "gdp": ("money", ("地区生产总值", "GDP", "生产总值", "国内生产总值", "gdp")),
    "rd_intensity": (
        "percent",
        ("R&D经费投入强度", "研发投入强度", "投入强度", "R&D投入强度", "rd_intensity"),
    ),
    "population_resident": ("people", ("常住人口", "年末常住人口", "population_resident")),
    "population_registered": ("people", ("户籍人口", "年末户籍人口", "population_registered")),
    "valid_invention_patents": (
        "count",
        ("有效发明专利", "有效发明专利拥有量", "valid_invention_patents"),
    ),
    "high_value_invention_patents": (
        "count",
        ("高价值发明专利", "高价值发明专利拥有量", "high_value_invention_patents"),
    ),
    "ip_pledge_financing": (
        "money",
        ("知识产权质押融资", "知识产权质押融资额", "ip_pledge_financing"),
    ),
}
#: Columns that are not measures: field -> header aliases.
KEYS: dict[str, tuple[str, ...]] = {
    "region": ("地区", "区域", "地区名称", "旗县市区", "所在地区", "region", "area", "county"),
    "year": ("年份", "年度", "年", "year"),
    "sector": ("执行主体", "执行部门", "部门", "主体", "sector", "performer"),
    "unit": ("单位", "计量单位", "金额单位", "unit"),
    "source": ("来源", "数据来源", "资料来源", "source"),
    "note": ("备注", "说明", "note", "notes"),
    "enterprise_id": ("企业代码", "统一社会信用代码", "企业编号", "enterprise_id"),
    "enterprise_name": ("企业名称", "单位名称", "enterprise_name"),
    "industry": ("行业", "所属行业", "行业类别", "industry"),
    "revenue": ("营业收入", "主营业务收入", "revenue"),
    "has_rd_institution": ("是否有研发机构", "有研发机构", "研发机构", "has_rd_institution"),
    "has_rd_activity": ("是否有研发活动", "有研发活动", "研发活动", "has_rd_activity"),
    "is_high_tech": ("是否高新技术企业", "高新技术企业", "is_high_tech"),
}
ENTERPRISE_FIELDS = (
    "enterprise_id",
    "enterprise_name",
    "region",
    "industry",
    "year",
    "revenue",
    "rd_expenditure",
    "has_rd_institution",
    "has_rd_activity",
    "is_high_tech",
    "source",
)
ENTERPRISE_BOOLS = ("has_rd_institution", "has_rd_activity", "is_high_tech")
ENTERPRISE_MONEY = ("revenue", "rd_expenditure")

#: Sector parts may exceed the total by rounding only: 0.1% of the total plus 0.005 亿元.
PARTS_REL_TOL = reference.PARTS_REL_TOL
PARTS_ABS_TOL = reference.PARTS_ABS_TOL


def _fold(text: str) -> str:
    return "".join(cells.normalise_text(text).split()).casefold()


_ALIASES: dict[str, str] = {}
for _name, (_kind, _aliases) in MEASURES.items():
    _ALIASES.update({_fold(a): _name for a in (_name, *_aliases)})
for _name, _aliases in KEYS.items():
    _ALIASES.update({_fold(a): _name for a in (_name, *_aliases)})


@dataclass
class Column:
    """A recognised column: its field, the unit stated in its header, and a sector sub-header."""

    index: int
    header: str
    field: str
    unit: str | None = None
    sector: str | None = None


@dataclass
class ReadResult:
    """What one file held: region measures (long) and/or enterprise rows, and every problem."""

    measures: pd.DataFrame
    enterprises: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    #: file -> SHA-256 of the bytes read (each file is read once: ``sheets.read_grids``)
    inputs: dict[str, str] = field(default_factory=dict)
    #: enterprise tables: file (sheet) label -> field -> the header of its column
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return errors_only(self.problems)


MEASURE_COLUMNS = [
    "region",
    "year",
    "sector",
    "measure",
    "value",
    "unit",
    "source",
    "note",
    "file",
    "row",
    "column",
]
ENTERPRISE_COLUMNS = [
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
    "note",
    "file",
    "row",
]


#: '其中:企业' (of which: enterprises), as official tables head the parts of a total.
_OF_WHICH = re.compile(r"^(其中|内)\s*[:,、]?\s*")


def part_sector(text: str) -> str | None:
    """The sector a sub-header names: 合计, 企业, 其中:企业 … (None if it names none)."""
    return reference.resolve_sector(_OF_WHICH.sub("", cells.normalise_text(text)))


def _names_part(text: str) -> bool:
    return bool(text) and part_sector(text) is not None


def classify(header: str) -> Column | None:
    """Map one header text to a field (None if not recognised)."""
    text = cells.normalise_text(header)
    top, _, sub = text.partition("|")
    name, unit = cells.unit_in_header(top)
    if unit is None and sub:
        _, unit = cells.unit_in_header(sub)
        sub = "" if unit else sub
    found = _ALIASES.get(_fold(name))
    if found is None:
        return None
    sector = part_sector(sub) if sub else None
    return Column(-1, header, found, unit, sector)


def _is_header(texts: list[str]) -> bool:
    """Two or more recognised columns, one of them a key: a header even if a column is missing."""
    fields = {c.field for t in texts if t and (c := classify(t))}
    return len(fields) >= 2 and bool(fields & {"region", "year", "enterprise_name"})


def read_file(
    path: Path | str,
    reference_gdp: dict[tuple[str, int], float] | None = None,
    reference_population: dict[tuple[str, int], float] | None = None,
    reference_series: jumps.Published | None = None,
) -> ReadResult:
    """Read and check one template file; never raises for data problems, it reports them.

    ``reference_gdp`` / ``reference_population`` map (region, year) to published GDP (亿元) and
    resident population (万人), used to catch amounts in the wrong unit (万元 labelled 亿元,
    persons labelled 万人), also against the nearest published year; ``reference_series``
    maps (region, measure) to the published totals of R&D intensity, R&D and GDP by year (a
    sub-region against its parent: ``data.parents``).
    Raises RDAnalysisError only when the file cannot be read as a table at all.
    """
    path = Path(path)
    grids, digest = read_grids(path)
    measures, enterprises, problems = [], [], []
    headers: dict[str, dict[str, str]] = {}
    n_rows = 0
    expected = "a header with 地区/region and 年份/year (or 企业名称) in the first 20 rows"
    for grid in grids:
        if grid.hidden:  # a hidden sheet is not read; its note says so
            problems.extend(grid.notes)
            continue
        table = find_header(grid, _is_header, _names_part)
        grid.rows = []  # the table holds the rows now; a large file is not kept twice
        if table is None:
            if len(grids) > 1:
                problems.append(
                    Problem(
                        grid.label, None, None, "sheet holds no table; skipped", severity="note"
                    )
                )
            continue
        problems.extend(table.notes)
        n_notes = len(table.notes)
        if not table.rows and table.rest is None and len(grids) > 1:
            problems.append(
                Problem(table.label, None, None, "no data rows under the header", severity="note")
            )
        m, e, p = _read_table(table)
        table.take()  # rows a table with missing columns left unread: counted, total rows noted
        n_rows += table.taken
        problems.extend(table.notes[n_notes:])  # total rows met while the rows were read
        measures.append(m)
        enterprises.append(e)
        headers.update(e.attrs.get("headers", {}))
        problems.extend(p)
    if not measures:
        problems.append(Problem(str(path), None, None, "no table found", expected))
    m_df = pd.concat(measures, ignore_index=True) if measures else _empty(MEASURE_COLUMNS)
    e_df = pd.concat(enterprises, ignore_index=True) if enterprises else _empty(ENTERPRISE_COLUMNS)
    if measures and n_rows == 0:
        problems.append(
            Problem(
                str(path),
                None,
                None,
                "no data rows: the file holds a header only",
                "one row per region and year under the header",
            )
        )
    problems.extend(
        check_measures(m_df, reference_gdp or {}, reference_population or {}, reference_series)
    )
    e_df, found = enterprise_checks.check(e_df, headers, _gdp(m_df, reference_gdp))
    problems.extend(found)
    return ReadResult(m_df, e_df, problems, {str(path): digest}, headers)


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _title_unit(table: Table, col: Column, problems: list[Problem]) -> None:
    """An amount column whose header states no unit takes the one the title rows state
    ('单位:万元'), with a note (once per table)."""
    if table.unit is None or col.unit is not None or col.field not in MEASURES:
        return
    unit, row = table.unit
    if MEASURES[col.field][0] != UNITS[unit][0]:
        return
    col.unit = unit
    if not any(p.row == row and p.problem.startswith("unit ") for p in problems):
        problems.append(
            Problem(
                table.label,
                row,
                None,
                f"unit {unit} of the title row applied to the amounts whose header states none",
                severity="note",
            )
        )


def _map_columns(table: Table) -> tuple[list[Column], list[Problem]]:
    columns, problems = [], []
    for i, header in enumerate(table.columns):
        if not header:
            continue
        col = classify(header)
        if col is None:
            problems.append(
                Problem(
                    table.label, None, header, "column not recognised; ignored", severity="note"
                )
            )
            continue
        col.index = i
        _title_unit(table, col, problems)
        same = next((c for c in columns if (c.field, c.sector) == (col.field, col.sector)), None)
        if same is not None and _one_merged_header(table, same, col):
            if not _has_values(table, col):
                continue  # an empty column under the merged header: nothing to read
            if not _has_values(table, same):
                columns[columns.index(same)] = col  # the values are in this column
                continue
        if same is not None:
            merged = _one_merged_header(table, same, col)
            problems.append(
                Problem(
                    table.label,
                    None,
                    header,
                    f"column repeats '{same.header}' (the same {col.field}"
                    f"{', under one merged header cell, both with values' if merged else ''})"
                    "; ignored",
                    "each measure in one column",
                )
            )
            continue
        columns.append(col)
    return columns, problems


def _one_merged_header(table: Table, a: Column, b: Column) -> bool:
    """Whether columns ``a`` and ``b`` are under one merged header cell (an .xlsx layout)."""
    first = table.spans.get(a.index)
    return first is not None and first == table.spans.get(b.index)


def _has_values(table: Table, col: Column) -> bool:
    """Whether any row read so far has a value in ``col`` (an .xlsx sheet is read whole)."""
    i = col.index
    return any(i < len(row) and not cells.is_blank(row[i]) for row in table.rows)


def _read_table(table: Table) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    columns, problems = _map_columns(table)
    fields = {c.field for c in columns}
    if "enterprise_name" in fields or "enterprise_id" in fields:
        missing = [f for f in ENTERPRISE_FIELDS if f not in fields]
        if missing:
            problems.append(_missing_columns(table, missing))
            return _empty(MEASURE_COLUMNS), _empty(ENTERPRISE_COLUMNS), problems
        e, p = _read_enterprises(table, columns)
        return _empty(MEASURE_COLUMNS), e, problems + p
    missing = [f for f in ("region", "year", "source") if f not in fields]
    if not fields & set(MEASURES):
        missing.append("a measure column (e.g. R&D经费(亿元) or 地区生产总值(亿元))")
    if missing:
        problems.append(_missing_columns(table, missing))
        return _empty(MEASURE_COLUMNS), _empty(ENTERPRISE_COLUMNS), problems
    m, p = _read_measures(table, columns)
    return m, _empty(ENTERPRISE_COLUMNS), problems + p


def _missing_columns(table: Table, missing: list[str]) -> Problem:
    names = ", ".join(f"{m} ({'/'.join(KEYS[m][:2])})" if m in KEYS else m for m in missing)
    return Problem(
        table.label,
        None,
        None,
        f"missing required column(s): {names}",
        "the columns listed in docs/data-template.md",
    )


def _unit_for(
    col: Column, row_unit: str | None, label: str, number: int
) -> tuple[str | None, Problem | None]:
    kind = MEASURES[col.field][0] if col.field in MEASURES else "money"
    if col.unit:
        if row_unit and kind == "money" and row_unit != col.unit:
            return None, Problem(
                label,
                number,
                col.header,
                f"header says {col.unit} but the unit column says {row_unit}",
                "one unit per amount",
            )
        return col.unit, None
    if kind == "money":
        if row_unit:
            return row_unit, None
        return None, Problem(
            label,
            number,
            col.header,
            "amount without a unit",
            f"the unit in the header, e.g. {col.header}(亿元), or a 单位 column",
        )
    return CANONICAL[kind], None


def _row_unit(
    row: list[object], unit_col: Column | None, label: str, number: int
) -> tuple[str | None, Problem | None]:
    if unit_col is None:
        return None, None
    text = cells.normalise_text(row[unit_col.index] if unit_col.index < len(row) else "")
    if not text:
        return None, None
    if text in UNITS and UNITS[text][0] == "money":
        return text, None
    return None, Problem(
        label, number, unit_col.header, f"unit '{text}' not recognised", "亿元, 万元, 千元 or 元"
    )


def _read_measures(table: Table, columns: list[Column]) -> tuple[pd.DataFrame, list[Problem]]:
    """The region table in long form (one row per value), read column by column, each distinct
    cell parsed once, ``CHUNK_ROWS`` rows at a time (a large file is never held whole); a value
    given again is a problem and kept once (``repeats.FirstSeen``)."""
    by_field = {c.field: c for c in columns if c.field in KEYS}
    parsers = {
        c.index: _number_parser(c) if "unit" in by_field else _with_unit(_number_parser(c), None)
        for c in columns
        if c.field in MEASURES
    }
    problems: list[Problem] = []
    frames = []
    keys = ["region", "year", "sector", "measure"]
    seen = repeats.FirstSeen(table.label, keys, "region-year-sector")
    again = repeats.RepeatedRows(seen)
    while True:
        rows, numbers = table.take(CHUNK_ROWS)
        if not rows:
            break
        rows, numbers, copies = again.split(rows, numbers)  # a row given again is not reread
        if rows:
            n = len(problems)
            part = Table(table.label, table.columns, rows, numbers, [])
            frame = _measure_rows(part, by_field, columns, parsers, problems)
            again.remember(frame, problems[n:])
            frames.append(seen.keep(frame, problems))
        again.echo(copies, problems)
        del rows, copies
    frames = [f for f in frames if not f.empty]
    frame = pd.concat(frames, ignore_index=True) if frames else _empty(MEASURE_COLUMNS)
    return frame, problems


def _measure_keys(part: Table, by_field: dict[str, Column], problems: list[Problem]) -> dict:
    """Region, year, sector, source and note of each row of ``part`` (None where unreadable)."""
    keys = {}
    for name, parse in KEY_PARSERS.items():
        col = by_field.get(name)
        if col is None:  # sector and note are optional
            keys[name] = ["total" if name == "sector" else ""] * len(part.rows)
            continue
        values = _column_values(part, col)
        keys[name] = _memo_column(values, part.numbers, parse, part.label, col.header, problems)
    return keys


def _measure_rows(
    part: Table,
    by_field: dict[str, Column],
    columns: list[Column],
    parsers: dict,
    problems: list[Problem],
) -> pd.DataFrame:
    """The values of one slice of a region table, one row per value (text columns kept as
    Python objects: each distinct text is one object, shared by every row that has it)."""
    keys = {
        k: np.asarray(v, dtype=object) for k, v in _measure_keys(part, by_field, problems).items()
    }
    units = _row_units(part, by_field.get("unit"), problems)
    known = (keys["region"] != None) & (keys["year"] != None) & (keys["sector"] != None)  # noqa: E711
    numbers = np.asarray(part.numbers)
    frames = []
    for col in (c for c in columns if c.field in MEASURES):
        values = _column_values(part, col)
        if "unit" in by_field:
            values = list(zip(values, units, strict=True))
        parsed = _memo_column(
            values, part.numbers, parsers[col.index], part.label, col.header, problems
        )
        value = np.asarray(parsed, dtype=object)
        sector = keys["sector"] if not col.sector else np.full(len(value), col.sector, object)
        take = (value != None) & known  # noqa: E711
        if col.field != "rd_expenditure":
            wrong = take & (sector != "total")
            problems.extend(
                Problem(
                    part.label,
                    part.numbers[i],
                    col.header,
                    f"{col.field} given for sector {sector[i]}",
                    "sector rows carry R&D经费 only",
                )
                for i in np.flatnonzero(wrong)
            )
            take &= ~wrong
        n = int(take.sum())
        if not n:
            continue
        text = {
            "region": keys["region"][take],
            "year": keys["year"][take],
            "sector": sector[take],
            "measure": np.full(n, col.field, object),
            "unit": np.full(n, CANONICAL[MEASURES[col.field][0]], object),
            "source": keys["source"][take],
            "note": keys["note"][take],
            "file": np.full(n, part.label, object),
            "column": np.full(n, col.header, object),
        }
        frame = {k: pd.Series(v, dtype=object) for k, v in text.items()}
        frame["value"] = pd.Series(value[take].astype(float))
        frame["row"] = pd.Series(numbers[take])
        frames.append(pd.DataFrame(frame, columns=MEASURE_COLUMNS))
    return pd.concat(frames, ignore_index=True) if frames else _empty(MEASURE_COLUMNS)


#: (value, issues): issues are (problem, expected, severity) of one cell, located by the caller.
Parsed = tuple[object, tuple[tuple[str, str, str], ...]]


def _memo_column(
    values: list, numbers: list[int], parse, label: str, header: str, problems: list[Problem]
) -> list:
    """Parse a column, each distinct cell once (large enterprise tables repeat most cells)."""
    if values and set(map(type, values)) == {str}:  # CSV: hash the column in C
        return _factorized_column(values, numbers, parse, label, header, problems)
    cache: dict = {}
    out = []
    for raw, number in zip(values, numbers, strict=True):
        key = (raw.__class__, raw)
        hit = cache.get(key)
        if hit is None:
            hit = cache[key] = parse(raw)
        value, issues = hit
        for problem, expected, severity in issues:
            problems.append(Problem(label, number, header, problem, expected, severity))
        out.append(value)
    return out


def _factorized_column(
    values: list[str], numbers: list[int], parse, label: str, header: str, problems: list[Problem]
) -> list:
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    fast = getattr(parse, "vectorised", None)
    parsed = fast(uniques) if fast else [parse(u) for u in uniques]
    for k, (_, issues) in enumerate(parsed):
        if issues:
            for i in np.flatnonzero(codes == k):
                problems.extend(
                    Problem(label, numbers[i], header, problem, expected, severity)
                    for problem, expected, severity in issues
                )
    results = np.empty(len(parsed), dtype=object)
    results[:] = [value for value, _ in parsed]
    return results[codes].tolist()


def _text_parser(name: str, required: bool):
    def parse(raw: object) -> Parsed:
        text = cells.normalise_text(raw)
        if required and not text:
            return None, ((f"{name} is blank", f"a {name}", "error"),)
        return text, ()

    return parse


def _parse_region(raw: object) -> Parsed:
    text = cells.normalise_text(raw)
    region = cells.region_name(text) if text else None
    if region is not None:
        return region, ()
    if not text:
        return None, (("region is blank", "a known region name", "error"),)
    if text.isdigit():  # a code: a name 'like' it is no hint
        expected = "a known region name or GB/T 2260 code, e.g. 150500 (通辽市)"
        return None, ((f"unknown region code '{cells.clip(text)}'", expected, "error"),)
    declared = user_regions.refused(text)
    if declared:
        problem = (
            f"region '{cells.clip(text)}' is declared in {declared}, but that file has errors "
            "and was not read (see its own lines)"
        )
        return None, ((problem, f"{declared} corrected first", "error"),)
    hint = reference.suggest_region(text)
    expected = f"a known region name{f', did you mean {hint}?' if hint else ''}"
    return None, ((f"unknown region '{cells.clip(text)}'", expected, "error"),)


def _parse_year(raw: object) -> Parsed:
    try:
        year, note = cells.parse_year(raw)
    except CellError as err:
        return None, ((err.problem, err.expected, "error"),)
    return year, (((note, "", "note"),) if note else ())


def _parse_bool(raw: object) -> Parsed:
    try:
        return cells.parse_bool(raw), ()
    except CellError as err:
        return None, ((err.problem, err.expected, "error"),)


def _issue(p: Problem) -> tuple[str, str, str]:
    return p.problem, p.expected, p.severity


def _parse_sector(raw: object) -> Parsed:
    text = cells.normalise_text(raw)
    sector = reference.resolve_sector(text)
    if sector is not None:
        return sector, ()
    known = "、".join(reference.sectors().values())
    return None, ((f"unknown sector '{cells.clip(text)}'", f"one of {known}", "error"),)


def _parse_source(raw: object) -> Parsed:
    text = cells.normalise_text(raw)
    if text:
        return text, ()
    expected = "where the number was published, e.g. 通辽市统计年鉴2024 表5-3"
    return "", (("source is blank", expected, "error"),)


#: The key columns of a region table and how each cell is read.
KEY_PARSERS = {
    "region": _parse_region,
    "year": _parse_year,
    "sector": _parse_sector,
    "source": _parse_source,
    "note": _text_parser("note", False),
}


def _number_parser(col: Column, scale: float = 1.0):
    """Parse (cell, unit of the row) of a measure or amount column into its canonical unit
    (亿元, 万人, %, 件) times ``scale`` (1e4: 万元), with every check of a number cell: the
    unit, the text, a note for what was read leniently, negative values."""

    def parse(pair: tuple[object, str | None]) -> Parsed:
        raw, row_unit = pair
        unit, problem = _unit_for(col, row_unit, "", 0)
        if problem:
            return None, (_issue(problem),)
        try:
            cell = cells.parse_number(raw, unit)
        except CellError as err:
            return None, ((err.problem, err.expected, "error"),)
        issues = ((cell.note, "", "note"),) if cell.note else ()
        if cell.value is None:
            return None, issues
        if cell.value < 0:
            return None, (
                *issues,
                (f"negative value {cell.value:g}", "a value of 0 or more", "error"),
            )
        return cell.value * UNITS[unit][1] * scale, issues

    parse.unit = _unit_for(col, None, "", 0)[0]  # the header's unit, for the vectorised path
    parse.scale = scale
    return parse


def _with_unit(parse, unit: str | None):
    def one(raw: object) -> Parsed:
        return parse((raw, unit))

    def vectorised(uniques: np.ndarray) -> list[Parsed]:
        """Plain non-negative numbers converted in C; every other cell through ``one``."""
        column_unit = getattr(parse, "unit", None)
        if column_unit is None:
            return [one(u) for u in uniques]
        numbers = pd.to_numeric(pd.Series(uniques), errors="coerce").to_numpy(dtype=float)
        factor = UNITS[column_unit][1] * parse.scale
        plain = np.isfinite(numbers) & (numbers >= 0)
        return [
            (v * factor, ()) if ok else one(u)
            for u, v, ok in zip(uniques, numbers, plain, strict=True)
        ]

    one.vectorised = vectorised
    return one


def _column_values(table: Table, col: Column) -> list:
    return list(table.column(col.index))


def _row_units(table: Table, unit_col: Column | None, problems: list[Problem]) -> list:
    if unit_col is None:
        return [None] * len(table.rows)

    def parse(raw: object) -> Parsed:
        unit, problem = _row_unit([raw], Column(0, unit_col.header, "unit"), "", 0)
        return unit, ((_issue(problem),) if problem else ())

    values = _column_values(table, unit_col)
    return _memo_column(values, table.numbers, parse, table.label, unit_col.header, problems)


#: Rows parsed at a time: a large enterprise table's row lists are turned into typed columns a
#: slice at a time, so the raw rows and the parsing's temporary tables never all coexist.
CHUNK_ROWS = 20_000


def _enterprise_parsers(by_field: dict[str, Column]) -> dict:
    parsers = {
        "enterprise_id": _text_parser("enterprise_id", True),
        "enterprise_name": _text_parser("enterprise_name", True),
        "industry": _text_parser("industry", True),
        "region": _parse_region,
        "year": _parse_year,
        "source": _text_parser("source", True),
        "note": _text_parser("note", False),
        **dict.fromkeys(ENTERPRISE_BOOLS, _parse_bool),
    }
    for name in ENTERPRISE_MONEY:
        parse = _number_parser(by_field[name], 1e4)  # amounts of enterprises in 万元
        # the unit varies by row when there is a unit column: (cell, unit) pairs are parsed
        parsers[name] = parse if "unit" in by_field else _with_unit(parse, None)
    return parsers


def _read_enterprise_rows(
    table: Table, by_field: dict[str, Column], parsers: dict, problems: list[Problem]
) -> dict[str, list]:
    """The parsed columns of ``table`` (one slice of the enterprise table)."""
    n = len(table.rows)
    units = _row_units(table, by_field.get("unit"), problems)
    out: dict[str, list] = {}
    for name, parse in parsers.items():
        col = by_field.get(name)
        if col is None:
            out[name] = [""] * n
            continue
        values = _column_values(table, col)
        if name in ENTERPRISE_MONEY:
            name = f"{name}_10k_yuan"
            if "unit" in by_field:
                values = list(zip(values, units, strict=True))
        out[name] = _memo_column(values, table.numbers, parse, table.label, col.header, problems)
    return out


def _read_enterprises(table: Table, columns: list[Column]) -> tuple[pd.DataFrame, list[Problem]]:
    """The enterprise table, read column by column (each distinct cell parsed once), a slice of
    ``CHUNK_ROWS`` rows at a time as the file is read (a large table is never held whole)."""
    by_field = {c.field: c for c in columns}
    problems: list[Problem] = []
    parsers = _enterprise_parsers(by_field)
    out: dict[str, list] = {"row": []}
    while True:
        rows, numbers = table.take(CHUNK_ROWS)
        if not rows:
            break
        part = Table(table.label, table.columns, rows, numbers, [])
        for name, values in _read_enterprise_rows(part, by_field, parsers, problems).items():
            out.setdefault(name, []).extend(values)
        out["row"].extend(numbers)
        del rows, part  # the slice's raw cells go before the next slice is read
    out["file"] = [table.label] * len(out["row"])
    frame = pd.DataFrame(out, columns=ENTERPRISE_COLUMNS)
    frame.attrs["headers"] = {table.label: {c.field: c.header for c in columns}}
    return frame, problems


def check_measures(
    df: pd.DataFrame,
    reference_gdp: dict[tuple[str, int], float],
    reference_population: dict[tuple[str, int], float] | None = None,
    reference_series: jumps.Published | None = None,
) -> list[Problem]:
    """Checks across rows: duplicates, parts above totals, GDP against the published one and
    the parent's (``data.parents``), implausible or inconsistent intensities
    (``data.intensity``: a wrong GDP is not blamed on the R&D), amounts in the wrong unit
    (against published figures and against the series itself)."""
    if df.empty:
        return []
    keys = ["region", "year", "sector", "measure"]
    given_twice = repeats.duplicates(df, keys, "region-year-sector")
    once = df.drop_duplicates(keys)  # the other checks see each figure once (the first)
    problems = _check_sector_sums(once) + magnitudes.gdp_against_published(once, reference_gdp)
    found, bad_gdp = parents.check(
        once, _with_gdp(reference_series, reference_gdp), _cells(problems)
    )
    problems += found
    bad_gdp |= _region_years(once, "gdp", _cells(problems))
    problems += intensity.check(once, reference_gdp, frozenset(bad_gdp))
    problems += magnitudes.check(once, reference_gdp, reference_population or {}, problems)
    return given_twice + problems


def _cells(problems: list[Problem]) -> set[tuple]:
    return {(p.file, p.row, p.column) for p in problems}


def _region_years(df: pd.DataFrame, measure: str, cells_: set[tuple]) -> set[tuple[str, int]]:
    """(region, year) of the ``measure`` rows of ``df`` whose cell is in ``cells_``."""
    rows = df[df["measure"] == measure]
    return {
        (region, int(year))
        for region, year, cell in zip(
            rows["region"],
            rows["year"],
            zip(rows["file"], rows["row"], rows["column"], strict=True),
            strict=True,
        )
        if cell in cells_
    }


def _with_gdp(
    series: jumps.Published | None, reference_gdp: dict[tuple[str, int], float] | None
) -> jumps.Published:
    """``series`` with the published GDP of ``reference_gdp`` where it has none."""
    out = dict(series or {})
    for (region, year), value in (reference_gdp or {}).items():
        out.setdefault((region, "gdp"), {})
        out[(region, "gdp")].setdefault(int(year), value)
    return out


def _gdp(
    measures: pd.DataFrame, reference_gdp: dict[tuple[str, int], float] | None
) -> dict[tuple[str, int], float]:
    """(region, year) -> GDP (亿元): the published, then the user's own totals."""
    gdp = dict(reference_gdp or {})
    if not measures.empty:
        own = measures[(measures["measure"] == "gdp") & (measures["sector"] == "total")]
        gdp.update(zip(zip(own["region"], own["year"], strict=True), own["value"], strict=True))
    return gdp


def _check_sector_sums(df: pd.DataFrame) -> list[Problem]:
    rd = df[df["measure"] == "rd_expenditure"].drop_duplicates(["region", "year", "sector"])
    totals = rd[rd["sector"] == "total"].set_index(["region", "year"])
    parts = rd[rd["sector"] != "total"].groupby(["region", "year"])["value"].sum()
    problems = []
    for key, part_sum in parts.items():
        if key not in totals.index:
            continue
        total = totals.loc[key]
        if part_sum > total["value"] * (1 + PARTS_REL_TOL) + PARTS_ABS_TOL:
            problems.append(
                Problem(
                    total["file"],
                    int(total["row"]),
                    total["column"],
                    f"sector parts of {key[0]} {key[1]} sum to {part_sum:.4f} 亿元, "
                    "above the total "
                    f"{total['value']:.4f} 亿元",
                    f"parts summing to at most the total (tolerance {PARTS_REL_TOL:.1%} + "
                    f"{PARTS_ABS_TOL} 亿元)",
                )
            )
    return problems


MEASURE_KEYS = ["region", "year", "sector", "measure"]


def _across_files(
    m: pd.DataFrame,
    problems: list[Problem],
    reference_gdp: dict[tuple[str, int], float] | None,
    reference_series: jumps.Published | None,
) -> list[Problem]:
    """Checks of values in different files: the same figure twice; R&D in one file, GDP or the
    intensity in another; a county in one file, its city in another. A cell flagged already
    is not flagged again."""
    seen = set(problems)
    found = [p for p in repeats.duplicates(m, MEASURE_KEYS, "region-year-sector") if p not in seen]
    once = m.drop_duplicates(MEASURE_KEYS)
    flagged = _cells([*problems, *found])
    gdp_wrong, bad_gdp = parents.check(once, _with_gdp(reference_series, reference_gdp), flagged)
    found += [p for p in gdp_wrong if (p.file, p.row, p.column) not in flagged]
    flagged = _cells([*problems, *found])
    bad_gdp |= _region_years(once, "gdp", flagged)
    across = intensity.check(once, reference_gdp or {}, frozenset(bad_gdp))
    return found + [p for p in across if (p.file, p.row, p.column) not in flagged]


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while one file is read.

    Reading a large table allocates millions of small row lists and cell strings, none of which
    form reference cycles; the collector, triggered by the allocations, walks all the live rows
    again and again (on 1,000,000 enterprise rows it was about 40 % of ``data check``). Memory
    is still freed by reference counting as usual; the collector is re-enabled afterwards. An
    .xlsx workbook's objects do form cycles, but they live until the file is read anyway (a
    150,000-row workbook peaked at the same 1,029 MiB either way, read in 35 s instead of 55 s).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_files(
    paths: list[Path],
    reference_gdp: dict[tuple[str, int], float] | None = None,
    reference_population: dict[tuple[str, int], float] | None = None,
    reference_series: jumps.Published | None = None,
) -> ReadResult:
    """Read several files and collect all their problems (an unreadable file is one problem).
    Each region series is then checked across all files and against the published figures
    for jumps from year to year (``data.jumps``)."""
    results, problems = [], []
    for path in paths:
        try:
            with _cycle_collection_paused():
                results.append(
                    read_file(path, reference_gdp, reference_population, reference_series)
                )
        except RDAnalysisError as err:
            problems.extend(
                err.problems or [Problem(str(path), None, None, str(err).split(": ", 1)[-1])]
            )
    measures = [r.measures for r in results if not r.measures.empty]
    enterprises = [r.enterprises for r in results if not r.enterprises.empty]
    for r in results:
        problems.extend(r.problems)
    m = pd.concat(measures, ignore_index=True) if measures else _empty(MEASURE_COLUMNS)
    e = pd.concat(enterprises, ignore_index=True) if enterprises else _empty(ENTERPRISE_COLUMNS)
    if len(measures) > 1:  # checks across files (those within a file are already listed)
        problems += _across_files(m, problems, reference_gdp, reference_series)
    if not m.empty:  # a series against its other years, in every file and published
        flagged = _cells(errors_only(problems))
        problems += jumps.check(m.drop_duplicates(MEASURE_KEYS), reference_series or {}, flagged)
    headers = {k: v for r in results for k, v in r.headers.items()}
    if len(enterprises) > 1:  # an enterprise in two files, files of two cities
        seen = set(problems)
        e, across = enterprise_checks.check(e, headers, _gdp(m, reference_gdp))
        problems += [p for p in across if p not in seen]
    inputs = {k: v for r in results for k, v in r.inputs.items()}
    return ReadResult(m, e, problems, inputs, headers)
