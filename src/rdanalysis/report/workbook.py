"""One Excel workbook per report: each table the report showed and the data behind each chart on
its own sheet, and a 说明 sheet with the report, its parameters, data status and sources.

The tables come from the executed notebook (``rdanalysis.exhibits``: recorded as they were
displayed), so a notebook needs no code for its workbook. Illustrative data stay labelled on
every sheet.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat

HEADER_ROW = 4  # 1-based row of each data sheet's column headers (title, note, blank above)
ILLUSTRATIVE_NOTE = "注意:含示例数据(非真实统计),仅用于演示方法,不得作为统计数据引用。"
STATUS_ZH = {
    "verbatim": "公开数据(原文)",
    "derived": "由公开数据推算",
    "illustrative": "示例数据(非真实)",
    "user": "用户提供",
}
_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(index: int, exhibit: dict, used: set[str]) -> str:
    """'表3 目标一览' / '图2 各目标走势': at most 31 characters, unique, no characters Excel
    refuses."""
    prefix = f"{'图' if exhibit['kind'] == 'chart' else '表'}{index}"
    label = _BAD.sub(" ", exhibit.get("heading") or exhibit.get("title") or "").strip()
    name = f"{prefix} {label}"[:31].strip()
    while name in used:
        name = f"{prefix}-{len(used)}"[:31]
    used.add(name)
    return name


def _about(ws, title: str, info: dict, illustrative: bool, index: list[tuple]) -> None:
    from openpyxl.styles import Font

    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    if illustrative:
        ws.append([ILLUSTRATIVE_NOTE])
        ws["A2"].font = Font(bold=True, color="C00000")
    rows = [
        ("报告", info.get("name", "")),
        ("生成时间", info.get("finished", "")),
        ("运行", info.get("run_id", "")),
        ("参数", json.dumps(info.get("parameters", {}), ensure_ascii=False)),
        ("数据状态", "含示例数据(非真实统计)" if illustrative else "公开数据或用户数据"),
        (
            "数值状态(个数)",
            ", ".join(
                f"{STATUS_ZH.get(k, k)}: {v}"
                for k, v in info.get("observations_by_status", {}).items()
            ),
        ),
    ]
    ws.append([])
    for row in rows:
        ws.append(list(row))
    ws.append([])
    ws.append(["工作表", "内容", "类型", "说明"])
    for name, ex in index:
        kind = "图的数据" if ex["kind"] == "chart" else "表"
        ws.append([name, ex.get("heading") or ex.get("title", ""), kind, ex.get("note", "")])
    ws.append([])
    ws.append(["原始文件", "内容", "状态"])
    for s in info.get("sources", []):
        ws.append([s.get("path", ""), s.get("title", ""), STATUS_ZH.get(s["status"], s["status"])])
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 60


def _sheet(ws, exhibit: dict, illustrative: bool) -> None:
    from openpyxl.styles import Font

    title = " — ".join(t for t in (exhibit.get("heading"), exhibit.get("title")) if t)
    ws.cell(1, 1, title or ws.title).font = Font(bold=True)
    note = ILLUSTRATIVE_NOTE if illustrative else ""
    if exhibit.get("note"):
        note = f"{note} {exhibit['note']}".strip()
    ws.cell(2, 1, note).font = Font(color="C00000" if illustrative else "000000")
    for j, col in enumerate(exhibit["columns"], start=1):
        ws.cell(HEADER_ROW, j, col).font = Font(bold=True)
        ws.column_dimensions[ws.cell(HEADER_ROW, j).column_letter].width = max(
            10, min(40, 2 * len(col) + 2)
        )
    for i, row in enumerate(exhibit["rows"], start=HEADER_ROW + 1):
        for j, value in enumerate(row, start=1):
            ws.cell(i, j, value)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)


def build(nb: nbformat.NotebookNode, title: str, info: dict, illustrative: bool):
    """The workbook (openpyxl) of an executed notebook."""
    from openpyxl import Workbook

    from rdanalysis import (
        exhibits,
    )  # pandas: imported where a workbook is written, not by the runner

    found = exhibits.collect(nb)
    wb = Workbook()
    about = wb.active
    about.title = "说明"
    used, index = {"说明"}, []
    counts = {"table": 0, "chart": 0}
    for ex in found:
        counts[ex["kind"]] += 1
        name = sheet_name(counts[ex["kind"]], ex, used)
        index.append((name, ex))
        _sheet(wb.create_sheet(name), ex, illustrative)
    _about(about, title, info, illustrative, index)
    return wb


def write(
    nb: nbformat.NotebookNode, path: Path, title: str, info: dict, illustrative: bool
) -> Path:
    """Write the report's workbook beside its HTML (atomically)."""
    wb = build(nb, title, info, illustrative)
    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


def link(page: str, filename: str) -> str:
    """The page with a link to its workbook after the banner/contents (or at the top)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    main = soup.find("main") or soup.body
    if main is None:
        return page
    name = html.escape(filename)
    block = BeautifulSoup(
        f'<p class="rd-downloads">下载 Download: <a href="{name}">本报告的表格和图表数据'
        f"(Excel,{name})</a></p>",
        "html.parser",
    )
    anchor = main.find("nav", class_="rd-toc") or main.find("div", class_="rd-banner")
    if anchor is not None:
        anchor.insert_after(block)
    else:
        main.insert(0, block)
    return str(soup)
