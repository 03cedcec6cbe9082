"""Regions a user declares beside their data: ``regions.csv`` (Chinese or English headers).

One row per region: name (地区/名称), parent (上级地区; blank for a top region), level (层级:
country/国家, province/省, league/市/盟, county/县/区/旗), code (区划代码, optional) and English
name (英文名, optional). A user outside Tongliao, or outside China, can so bring a parent and its
sub-regions and get every analysis. A declared region that is already known (by name, English
name, alias or code) is an error, never a silent override.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rdanalysis import reference
from rdanalysis.data import cells, sheets
from rdanalysis.errors import Problem, RDAnalysisError

FILE_NAME = "regions.csv"
HEADERS = {
    "name": ("name", "region", "地区", "名称", "地区名称"),
    "parent": ("parent", "上级", "上级地区"),
    "level": ("level", "层级", "级别"),
    "code": ("code", "代码", "区划代码", "行政区划代码"),
    "en": ("en", "english", "english name", "english_name", "英文名", "英文名称"),
}
LEVEL_WORDS = {
    "country": ("country", "国家", "全国"),
    "province": ("province", "省", "省级", "自治区"),
    "league": ("league", "city", "prefecture", "市", "地市", "盟市", "盟"),
    "county": ("county", "district", "县", "区", "旗", "县区", "旗县", "区县"),
}
EXPECTED = "a header with name/地区, parent/上级地区, level/层级 (code/代码 and en/英文名 optional)"


def _column_map(columns: list[str]) -> dict[str, int]:
    """field -> index of its column in a header row."""
    found = {}
    for i, col in enumerate(columns):
        key = str(col).strip().casefold()
        for field, names in HEADERS.items():
            if key in names:
                found.setdefault(field, i)
    return found


def _level(text: str) -> str | None:
    key = text.strip().casefold()
    return next((lvl for lvl, words in LEVEL_WORDS.items() if key in words), None)


def _is_header(texts: list[str]) -> bool:
    return {"name", "parent", "level"} <= set(_column_map(texts))


def _no_header(grid: sheets.Grid, label: str) -> Problem:
    first = next((row for row in grid.rows if any(cells.normalise_text(c) for c in row)), [])
    found = _column_map([cells.normalise_text(c) for c in first])
    missing = [f for f in ("name", "parent", "level") if f not in found]
    return Problem(label, 1, None, f"no column for {', '.join(missing)}", EXPECTED)


def read(path: Path) -> tuple[list[reference.Region], list[Problem], dict[str, str]]:
    """The regions declared in ``path``, every problem found (file, row, column), and the
    SHA-256 of the bytes read. Read like a data file (``data.sheets``): CSV in UTF-8 or GBK, or
    an .xlsx sheet, title rows above the header allowed."""
    label = str(path)
    try:
        grids, digest = sheets.read_grids(path)
    except RDAnalysisError as err:
        return [], err.problems or [Problem(label, None, None, str(err).split(": ", 1)[-1])], {}
    grid = next((g for g in grids if not g.hidden), grids[0])  # what Excel shows first
    table = sheets.find_header(grid, _is_header)
    if table is None:
        return [], [_no_header(grid, label)], {label: digest}
    cols = _column_map(table.columns)
    out, problems = [], []
    for row, line in zip(*table.take(), strict=True):
        region, problem = _region(row, line, cols, table)
        if problem is not None:
            problems.append(problem)
        elif region is not None:
            out.append(region)
    return out, problems, {label: digest}


def _region(
    row: list[object], line: int, cols: dict[str, int], table: sheets.Table
) -> tuple[reference.Region | None, Problem | None]:
    def cell(field: str) -> str:
        i = cols.get(field)
        return cells.normalise_text(row[i]) if i is not None and i < len(row) else ""

    name, level = cell("name"), _level(cell("level"))
    if not name or level is None:
        what, value = ("name", name) if not name else ("level", cell("level"))
        return None, Problem(
            table.label,
            line,
            table.columns[cols[what]],
            f"'{cells.clip(value)}' is not a {what}",
            "a region name" if what == "name" else "country/province/league/county",
        )
    parent_text = cell("parent")
    parent = (cells.region_name(parent_text) or parent_text) if parent_text else None
    code = cells.code_text(cell("code")) or cell("code")
    return reference.Region(name, cell("en") or name, level, parent, (), code), None


def declare(
    folder: Path | None,
) -> tuple[pd.DataFrame, list[Problem], dict[str, str], reference.Hierarchy]:
    """Read ``folder``/regions.csv (if any): the table of its regions, the problems, the file's
    SHA-256 (as ``read``) and the hierarchy they make with the known regions (the known ones
    alone when there is no file or anything is wrong). Nothing outside is changed: the caller
    reads names against the hierarchy (``reference.using``) and keeps the table with the
    processed tables, which carry it from then on (``reference.of``)."""
    path = folder / FILE_NAME if folder is not None else None
    _REFUSED.clear()
    if path is None or not path.is_file():
        return table([]), [], {}, reference.known()
    regions, problems, inputs = read(path)
    hierarchy = reference.known()
    if not problems:
        hierarchy, errors = reference.declare(regions)
        problems = [Problem(str(path), None, "name", e) for e in errors]
    if problems:
        _REFUSED.update({r.name: str(path) for r in regions})
    return table(regions if not problems else []), problems, inputs, hierarchy


#: Regions of a regions.csv that was refused (name -> the file), so that data naming them is
#: told why they are unknown.
_REFUSED: dict[str, str] = {}


def refused(name: str) -> str | None:
    """The regions.csv that declares ``name`` but was refused for its errors, or None."""
    return _REFUSED.get(name)


def table(regions: list[reference.Region]) -> pd.DataFrame:
    """Declared regions as a processed table (``reference.of`` makes the hierarchy from it)."""
    return pd.DataFrame(
        [
            {
                "name": r.name,
                "parent": r.parent or "",
                "level": r.level,
                "code": r.code,
                "en": r.en,
                "status": "user",
                "source": f"{FILE_NAME} (declared by the user)",
            }
            for r in regions
        ],
        columns=["name", "parent", "level", "code", "en", "status", "source"],
    )
