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
from rdanalysis.errors import Problem

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


def _column_map(columns: list[str]) -> dict[str, str]:
    found = {}
    for col in columns:
        key = str(col).strip().casefold()
        for field, names in HEADERS.items():
            if key in names:
                found[field] = col
    return found


def _level(text: str) -> str | None:
    key = text.strip().casefold()
    return next((lvl for lvl, words in LEVEL_WORDS.items() if key in words), None)


def read(path: Path) -> tuple[list[reference.Region], list[Problem]]:
    """The regions declared in ``path``, and every problem found (file, row, column)."""
    label = str(path)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    cols = _column_map(list(df.columns))
    missing = [f for f in ("name", "parent", "level") if f not in cols]
    if missing:
        return [], [Problem(label, 1, None, f"no column for {', '.join(missing)}", EXPECTED)]
    out, problems = [], []
    for line, row in zip(range(2, len(df) + 2), df.to_dict("records"), strict=True):
        name = row[cols["name"]].strip()
        level = _level(row[cols["level"]])
        if not name or level is None:
            what, value = ("name", name) if not name else ("level", row[cols["level"]])
            problems.append(
                Problem(
                    label,
                    line,
                    cols[what],
                    f"'{value}' is not a {what}",
                    "a region name" if what == "name" else "country/province/league/county",
                )
            )
            continue
        parent_text = row[cols["parent"]].strip()
        parent = (reference.resolve_region(parent_text) or parent_text) if parent_text else None
        code = row[cols["code"]].strip() if "code" in cols else ""
        en = row[cols["en"]].strip() if "en" in cols else ""
        out.append(reference.Region(name, en or name, level, parent, (), code))
    return out, problems


def declare(folder: Path | None) -> tuple[pd.DataFrame, list[Problem]]:
    """Read ``folder``/regions.csv (if any) and declare its regions; the table and problems.

    With no file, earlier declarations are cleared (a build describes one user folder).
    """
    path = folder / FILE_NAME if folder is not None else None
    if path is None or not path.is_file():
        reference.declare_regions([])
        return table([]), []
    regions, problems = read(path)
    if not problems:
        problems = [Problem(str(path), None, "name", e) for e in reference.declare_regions(regions)]
    return table(regions if not problems else []), problems


def table(regions: list[reference.Region]) -> pd.DataFrame:
    """Declared regions as a processed table (re-declared whenever the tables are loaded)."""
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


def redeclare(frame: pd.DataFrame) -> None:
    """Declare the regions of a processed ``regions`` table (what ``table`` wrote)."""
    reference.declare_regions(
        [
            reference.Region(r.name, r.en, r.level, r.parent or None, (), r.code)
            for r in frame.itertuples()
        ]
    )
