"""One Excel workbook per report: each table the report showed and the data behind each chart on
its own sheet, and a 说明/About sheet with the report, its parameters, data status and the
sources of what it shows.

The tables come from the executed notebook (``rdanalysis.exhibits``: recorded as they were
displayed), so a notebook needs no code for its workbook. A declared table keeps its raw values
with the number format of its column spec (``text.formats``: the same spec as the page), its
headers with units, and its rows' status fills; widths fit the content; the header row is
frozen. Text is always written as text: a cell that starts with ``= + - @`` is never a formula.
Illustrative data stay labelled on every sheet.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from rdanalysis import exhibits
from rdanalysis.text import formats
from rdanalysis.text.i18n import has, literal, t
from rdanalysis.text.tables import STATUS_FILLS

if TYPE_CHECKING:
    import nbformat

HEADER_ROW = 4  # 1-based row of each data sheet's column headers (title, note, blank above)
STATUSES = ("verbatim", "derived", "illustrative", "user")
_BAD = re.compile(r"[\[\]:*?/\\]")
#: Text Excel (and LibreOffice) would read as a formula or a command.
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")
_MAX_WIDTH = 60
#: Excel keeps at most this many characters (UTF-16 units) in a cell: openpyxl writes more,
#: and Excel then cuts it silently or calls the file damaged. Longer text is cut here, visibly.
MAX_CELL_CHARS = 32_767
ELLIPSIS = "…"
#: A number as a page cell shows it; its decimals are the cell's (a by-unit column shows 件 as
#: whole numbers and % with 2 decimals).
_SHOWN_NUMBER = re.compile(r"^[+\-−]?\d[\d,]*(?:\.(\d+))?$")


def _status(code: str, lang: str) -> str:
    return t(f"status.{code}", lang) if code in STATUSES else code


def width(text: object) -> int:
    """Display width of ``text`` in Excel's character units (a CJK character counts 2)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


def put(ws, row: int, column: int, value: object, number_format: str | None = None):
    """Write one cell: numbers as numbers (with ``number_format``), everything else as literal
    text (never a formula)."""
    cell = ws.cell(row, column)
    if value is None or isinstance(value, bool | int | float):
        cell.value = value
        if number_format and not isinstance(value, bool) and value is not None:
            cell.number_format = number_format
        return cell
    text = literal(value)
    if len(text) * 2 > MAX_CELL_CHARS:  # a UTF-16 unit per character, two at most
        fitted = _fit(text)
        if fitted != text:
            cut(ws).append(cell.coordinate)
            text = fitted
    cell.value = text
    if text.startswith(_FORMULA):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _fit(text: str) -> str:
    """``text`` when Excel can hold it, else its start and an ellipsis, MAX_CELL_CHARS in all."""
    units = text.encode("utf-16-le")
    if len(units) // 2 <= MAX_CELL_CHARS:
        return text
    head = units[: (MAX_CELL_CHARS - 1) * 2].decode("utf-16-le", errors="ignore")
    return head + ELLIPSIS


def cut(ws) -> list[str]:
    """The cells of ``ws`` whose text was cut to fit (their coordinates, A1 style)."""
    if not hasattr(ws, "rdanalysis_cut"):
        ws.rdanalysis_cut = []
    return ws.rdanalysis_cut


def _cut_note(ws, row: int, lang: str) -> None:
    """Say on the sheet which cells were cut (none: nothing is written)."""
    # lazy: openpyxl, 0.26 s (see build)
    from openpyxl.styles import Font

    cells = cut(ws)
    if cells:
        shown = ", ".join(cells[:20]) + (" …" if len(cells) > 20 else "")
        note = t("workbook.cut_note", lang, n=len(cells), limit=MAX_CELL_CHARS, cells=shown)
        put(ws, row, 1, note).font = Font(bold=True, color="C00000")


def number_format(spec: dict, shown: str, value: object) -> str | None:
    """The Excel format of one cell: its column spec's, at the decimals the page shows (a
    by-unit column); a probability as the page words it; a chart's number without a spec at
    2 decimals (a whole number as a whole number), never Excel's full-precision General."""
    kind = spec.get("kind")
    if kind == "prob":
        return formats.PROBABILITY_FORMAT  # a payload's own 'excel' may predate it
    if kind in ("number", "signed"):
        found = _SHOWN_NUMBER.match(shown)
        decimals = len(found.group(1) or "") if found else spec.get("decimals", 0)
        return formats.Spec("", "", kind=kind, decimals=decimals).excel_format()
    if not spec and isinstance(value, float):
        return "0" if value.is_integer() else "#,##0.00"
    return spec.get("excel")


def sheet_name(index: int, exhibit: dict, used: set[str], lang: str = "zh") -> str:
    """'表3 目标一览' / '图2 各目标走势' ('Table 3 ...' in English): at most 31 characters,
    unique, no characters Excel refuses."""
    prefix = (
        f"{t('workbook.chart' if exhibit['kind'] == 'chart' else 'workbook.table', lang)}{index}"
    )
    label = exhibit.get("title") or exhibit.get("heading") or ""
    label = _BAD.sub(" ", literal(label)).strip().lstrip("'")
    name = f"{prefix} {label}"[:31].strip()
    n = 2
    while name in used:
        name = f"{prefix} {label}"[: 31 - len(f"({n})")].strip() + f"({n})"
        n += 1
    used.add(name)
    return name


def _about(ws, title: str, info: dict, illustrative: bool, index: list, lang: str) -> None:
    # lazy: openpyxl is 0.26 s, only where a workbook is written
    from openpyxl.styles import Font

    put(ws, 1, 1, title).font = Font(bold=True, size=14)
    if illustrative:
        put(ws, 2, 1, t("workbook.illustrative_note", lang)).font = Font(bold=True, color="C00000")
    shown = info.get("facts") or {}
    status = "workbook.has_illustrative" if illustrative else "workbook.no_illustrative"
    rows: list[tuple] = [
        (t("workbook.report", lang), title),
        (t("workbook.generated", lang), str(info.get("finished", "")).replace("T", " ")),
        (t("workbook.run", lang), info.get("run_id", "")),
        *((p["label"], p["value"]) for p in info.get("parameter_labels", [])),
        (t("workbook.data_status", lang), t(status, lang)),
    ]
    r = 4
    for label, value in rows:
        put(ws, r, 1, label).font = Font(bold=True)
        put(ws, r, 2, value)
        r += 1
    r += 1
    for j, key in enumerate(("sheet", "content", "kind", "remark"), start=1):
        put(ws, r, j, t(f"workbook.{key}", lang)).font = Font(bold=True)
    from_figure = t("workbook.from_figure")
    for name, ex in index:
        r += 1
        kind = t("workbook.kind_chart" if ex["kind"] == "chart" else "workbook.kind_table", lang)
        note = t("workbook.from_figure", lang) if ex.get("note") == from_figure else ex.get("note")
        for j, value in enumerate((name, ex.get("title") or ex.get("heading", ""), kind), 1):
            put(ws, r, j, value)
        put(ws, r, 4, note or "")
    r += 2
    put(ws, r, 1, t("workbook.sources", lang)).font = Font(bold=True)
    put(ws, r, 2, t("workbook.status", lang)).font = Font(bold=True)
    for s in shown.get("sources") or []:
        r += 1
        put(ws, r, 1, s["source"])
        put(ws, r, 2, _status(s["status"], lang))
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 70
    _cut_note(ws, 3, lang)


def _headers(exhibit: dict, lang: str) -> list[str]:
    specs = exhibit.get("specs")
    if specs:
        return [s["header"] for s in specs]
    out = []
    for col in exhibit["columns"]:  # a chart's data: columns named by the reader of the chart
        out.append(t(f"exhibit.{col}", lang) if lang != "zh" and has(f"exhibit.{col}") else col)
    return out


def _value(exhibit: dict, i: int, j: int, spec: dict) -> tuple[object, str | None, str]:
    """What cell (row ``i``, column ``j``) holds: its value, number format and text as shown."""
    value = exhibit["rows"][i][j]
    cells = exhibit.get("cells") or []
    shown = cells[i][j] if i < len(cells) else value
    fmt = number_format(spec, "" if shown is None else str(shown), value)
    row_formats = exhibit.get("row_formats") or []
    if row_formats and j == len(exhibit["rows"][i]) - 1:  # a record: each value its own format
        fmt = row_formats[i]
        if fmt == "@":
            value = shown
    elif spec.get("kind") in ("text", "name", "code", "bool") and i < len(cells):
        value = shown  # words, not codes
    return value, fmt, "" if shown is None else str(shown)


def _body(ws, exhibit: dict, widths: list[int]) -> None:
    # lazy: openpyxl, 0.26 s (see build)
    from openpyxl.styles import Alignment, PatternFill

    specs = exhibit.get("specs") or [{} for _ in exhibit["columns"]]
    status = exhibit.get("status") or []
    for i, row in enumerate(exhibit["rows"]):
        fill = STATUS_FILLS.get(status[i]) if i < len(status) else None
        for j, spec in enumerate(specs[: len(row)]):
            value, number_format, shown = _value(exhibit, i, j, spec)
            c = put(ws, HEADER_ROW + 1 + i, j + 1, value, number_format)
            if spec.get("align") == "right":
                c.alignment = Alignment(horizontal="right")
            if fill:
                c.fill = PatternFill("solid", start_color=fill, end_color=fill)
            widths[j] = max(widths[j], width(shown))


def _sheet(ws, exhibit: dict, illustrative: bool, lang: str = "zh") -> None:
    # lazy: openpyxl, 0.26 s (see build)
    from openpyxl.styles import Alignment, Font

    parts = [x for x in (exhibit.get("heading"), exhibit.get("title")) if x]
    title = " — ".join(dict.fromkeys(parts))  # a chart titled as its heading: once
    put(ws, 1, 1, title or ws.title).font = Font(bold=True)
    note = t("workbook.illustrative_note", lang) if illustrative else ""
    if exhibit.get("note"):
        extra = exhibit["note"]
        if extra == t("workbook.from_figure"):
            extra = t("workbook.from_figure", lang)
        note = f"{note} {extra}".strip()
    put(ws, 2, 1, note).font = Font(color="C00000" if illustrative else "000000")
    headers = _headers(exhibit, lang)
    widths = [width(h) for h in headers]
    for j, header in enumerate(headers, start=1):
        c = put(ws, HEADER_ROW, j, header)
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="bottom")
    _body(ws, exhibit, widths)
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(HEADER_ROW, j).column_letter].width = min(_MAX_WIDTH, w + 2)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 2 if exhibit.get("stub") else 1)
    _cut_note(ws, 3, lang)  # row 3: blank between the note and the headers


def build(nb: nbformat.NotebookNode, title: str, info: dict, illustrative: bool, lang: str = "zh"):
    """The workbook (openpyxl) of an executed notebook, its 说明/About sheet in ``lang``."""
    # lazy: openpyxl is 0.26 s, not needed when every report is reused
    from openpyxl import Workbook

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
