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

from rdanalysis.text.i18n import has, t

if TYPE_CHECKING:
    import nbformat

HEADER_ROW = 4  # 1-based row of each data sheet's column headers (title, note, blank above)
STATUSES = ("verbatim", "derived", "illustrative", "user")
_BAD = re.compile(r"[\[\]:*?/\\]")


def _status(code: str, lang: str) -> str:
    return t(f"status.{code}", lang) if code in STATUSES else code


def sheet_name(index: int, exhibit: dict, used: set[str], lang: str = "zh") -> str:
    """'表3 目标一览' / '图2 各目标走势' ('Table 3 ...' in English): at most 31 characters,
    unique, no characters Excel refuses."""
    prefix = (
        f"{t('workbook.chart' if exhibit['kind'] == 'chart' else 'workbook.table', lang)}{index}"
    )
    label = _BAD.sub(" ", exhibit.get("heading") or exhibit.get("title") or "").strip()
    name = f"{prefix} {label}"[:31].strip()
    while name in used:
        name = f"{prefix}-{len(used)}"[:31]
    used.add(name)
    return name


def _about(
    ws, title: str, info: dict, illustrative: bool, index: list[tuple], lang: str = "zh"
) -> None:
    from openpyxl.styles import Font

    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    if illustrative:
        ws.append([t("workbook.illustrative_note", lang)])
        ws["A2"].font = Font(bold=True, color="C00000")
    counts = info.get("observations_by_status", {})
    status = "workbook.has_illustrative" if illustrative else "workbook.no_illustrative"
    rows = [
        (t("workbook.report", lang), info.get("name", "")),
        (t("workbook.generated", lang), info.get("finished", "")),
        (t("workbook.run", lang), info.get("run_id", "")),
        (
            t("workbook.parameters", lang),
            json.dumps(info.get("parameters", {}), ensure_ascii=False),
        ),
        (t("workbook.data_status", lang), t(status, lang)),
        (
            t("workbook.counts", lang),
            ", ".join(f"{_status(k, lang)}: {v}" for k, v in counts.items()),
        ),
    ]
    ws.append([])
    for row in rows:
        ws.append(list(row))
    ws.append([])
    ws.append([t(f"workbook.{k}", lang) for k in ("sheet", "content", "kind", "remark")])
    from_figure = t("workbook.from_figure")
    for name, ex in index:
        kind = t("workbook.kind_chart" if ex["kind"] == "chart" else "workbook.kind_table", lang)
        note = t("workbook.from_figure", lang) if ex.get("note") == from_figure else ex.get("note")
        ws.append([name, ex.get("heading") or ex.get("title", ""), kind, note or ""])
    ws.append([])
    ws.append([t(f"workbook.{k}", lang) for k in ("raw_file", "content", "status")])
    for s in info.get("sources", []):
        ws.append([s.get("path", ""), s.get("title", ""), _status(s["status"], lang)])
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 60


def _sheet(ws, exhibit: dict, illustrative: bool, lang: str = "zh") -> None:
    from openpyxl.styles import Font

    title = " — ".join(x for x in (exhibit.get("heading"), exhibit.get("title")) if x)
    ws.cell(1, 1, title or ws.title).font = Font(bold=True)
    note = t("workbook.illustrative_note", lang) if illustrative else ""
    if exhibit.get("note"):
        extra = exhibit["note"]
        if extra == t("workbook.from_figure"):
            extra = t("workbook.from_figure", lang)
        note = f"{note} {extra}".strip()
    ws.cell(2, 1, note).font = Font(color="C00000" if illustrative else "000000")
    for j, col in enumerate(exhibit["columns"], start=1):
        if lang != "zh" and has(f"exhibit.{col}"):  # columns of data read off a chart
            col = t(f"exhibit.{col}", lang)
        ws.cell(HEADER_ROW, j, col).font = Font(bold=True)
        ws.column_dimensions[ws.cell(HEADER_ROW, j).column_letter].width = max(
            10, min(40, 2 * len(col) + 2)
        )
    for i, row in enumerate(exhibit["rows"], start=HEADER_ROW + 1):
        for j, value in enumerate(row, start=1):
            ws.cell(i, j, value)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)


def build(nb: nbformat.NotebookNode, title: str, info: dict, illustrative: bool, lang: str = "zh"):
    """The workbook (openpyxl) of an executed notebook, its 说明/About sheet in ``lang``."""
    from openpyxl import Workbook

    from rdanalysis import (
        exhibits,
    )  # pandas: imported where a workbook is written, not by the runner

    found = exhibits.collect(nb)
    wb = Workbook()
    about = wb.active
    about.title = t("workbook.about", lang)
    used, index = {about.title}, []
    counts = {"table": 0, "chart": 0}
    for ex in found:
        counts[ex["kind"]] += 1
        name = sheet_name(counts[ex["kind"]], ex, used, lang)
        index.append((name, ex))
        _sheet(wb.create_sheet(name), ex, illustrative, lang)
    _about(about, title, info, illustrative, index, lang)
    return wb


def write(
    nb: nbformat.NotebookNode,
    path: Path,
    title: str,
    info: dict,
    illustrative: bool,
    lang: str = "zh",
) -> Path:
    """Write the report's workbook beside its HTML (atomically)."""
    wb = build(nb, title, info, illustrative, lang)
    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


def link_in(soup, filename: str, lang: str = "zh") -> bool:
    """Put a link to the report's workbook in the parsed page, after the banner/contents (or at
    the top); False if the page has no body to put it in."""
    from bs4 import BeautifulSoup

    main = soup.find("main") or soup.body
    if main is None:
        return False
    name = html.escape(filename)
    block = BeautifulSoup(
        f'<p class="rd-downloads">{t("report.download", lang)} <a href="{name}">'
        f"{t('report.download_link', lang, name=name)}</a></p>",
        "html.parser",
    )
    anchor = main.find("nav", class_="rd-toc") or main.find("div", class_="rd-banner")
    if anchor is not None:
        anchor.insert_after(block)
    else:
        main.insert(0, block)
    return True
