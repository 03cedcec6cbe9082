"""Numbers out: each report's workbook holds the tables and chart data the report showed, with
the same numbers; reports print to PDF with Chromium (and say so clearly when it is missing)."""

from __future__ import annotations

import math
import re
import shutil

import matplotlib
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from rdanalysis import exhibits
from rdanalysis.report import config as report_config
from rdanalysis.report import run as report_run
from rdanalysis.report.publishing import pdf as report_pdf
from rdanalysis.report.publishing import workbook as report_workbook
from rdanalysis.text import formats

matplotlib.use("Agg")
NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?%?$")


@pytest.fixture(scope="module")
def dashboard_run(tmp_path_factory):
    """The dashboard of the example draft plan, rendered through the production runner."""
    out = tmp_path_factory.mktemp("wb") / "reports"
    job = report_config.adhoc("00_dashboard", {"plan": "draft-2030-example", "n_paths": 200})
    (outcome,) = report_run.run(adhoc=job, out_dir=out, n_jobs=1, progress=False)
    assert outcome.status == "ok", outcome.error
    return out, outcome.name


def _html_tables(page: str) -> list[list[list[str]]]:
    soup = BeautifulSoup(page, "html.parser")
    for footer in soup.find_all("footer"):
        footer.decompose()
    tables = []
    for table in soup.find_all("table"):
        body = table.find("tbody") or table
        rows = [
            [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
            for tr in body.find_all("tr")
        ]
        tables.append([r for r in rows if r])
    return tables


def _agrees(shown: str, value) -> bool:
    """A number as the page shows it (rounded, maybe as %) against the workbook's full value."""
    if isinstance(value, str):  # a value shown as text on the page is text in the workbook
        return value == shown
    x = float(shown.rstrip("%").replace(",", "").replace("−", "-"))
    if not isinstance(value, int | float):
        return False
    candidates = [value, value * 100] if shown.endswith("%") else [value]
    digits = len(shown.rstrip("%").split(".")[1]) if "." in shown else 0
    return any(math.isclose(x, v, rel_tol=6e-3, abs_tol=0.51 * 10**-digits) for v in candidates)


def test_workbook_numbers_equal_the_report(dashboard_run):
    out, name = dashboard_run
    latest = out / "latest"
    page = (latest / f"{name}.html").read_text(encoding="utf-8")
    assert f'href="{name}.xlsx"' in page  # linked from the report
    assert f'href="latest/{name}.xlsx"' in (out / "index.html").read_text(encoding="utf-8")
    wb = load_workbook(latest / f"{name}.xlsx")
    assert wb.sheetnames[0] == "说明"
    about = [c for row in wb["说明"].iter_rows(values_only=True) for c in row if c]
    assert any("示例数据" in str(c) for c in about)  # illustrative data labelled
    assert any("draft-2030-example" in str(c) for c in about)  # the parameters
    table_sheets = [n for n in wb.sheetnames if n.startswith("表")]
    chart_sheets = [n for n in wb.sheetnames if n.startswith("图")]
    assert chart_sheets, "the trajectories chart has its data sheet"
    html_tables = _html_tables(page)
    assert len(html_tables) == len(table_sheets)
    compared = 0
    for sheet, shown in zip(table_sheets, html_tables, strict=True):
        ws = wb[sheet]
        assert "示例数据" in str(ws.cell(2, 1).value)
        rows = [r for r in ws.iter_rows(min_row=report_workbook.HEADER_ROW + 1, values_only=True)]
        assert len(rows) == len(shown), sheet
        for html_row, book_row in zip(shown, rows, strict=True):
            assert len(html_row) == len(book_row), sheet
            for text, value in zip(html_row, book_row, strict=True):
                if NUMBER.match(text):
                    assert _agrees(text, value), (sheet, text, value)
                    compared += 1
    assert compared > 50
    goals = pd.read_excel(latest / f"{name}.xlsx", sheet_name="表2 目标一览", header=3)
    assert goals.set_index("目标").loc["全社会R&D经费投入强度", "目标值"] == 1.5


def test_reused_reports_keep_their_workbook(dashboard_run, tmp_path):
    out, name = dashboard_run
    job = report_config.adhoc("00_dashboard", {"plan": "draft-2030-example", "n_paths": 200})
    (again,) = report_run.run(adhoc=job, out_dir=out, n_jobs=1, progress=False)
    assert again.status == "reused"
    runs = sorted(p for p in out.iterdir() if (p / "run.json").exists())
    assert (runs[-1] / f"{name}.xlsx").exists() and (out / "latest" / f"{name}.xlsx").exists()


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_reports_print_to_pdf(dashboard_run):
    out, name = dashboard_run
    (pdf,) = report_pdf.render_published(out, [name])
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", data)) >= 2


def test_the_workbook_is_finished_formats_widths_frozen_headers_fills_and_unique_names(
    dashboard_run,
):
    """Numbers carry their column's format (2 decimals for a %, whole years, a probability as
    a percentage), widths fit the content, the header row is frozen, sheet names are unique and
    say what they hold, and the dashboard's rows keep their status fills."""
    from rdanalysis.text.tables import STATUS_FILLS

    out, name = dashboard_run
    wb = load_workbook(out / "latest" / f"{name}.xlsx")
    assert len(set(wb.sheetnames)) == len(wb.sheetnames)
    assert all(n == "说明" or (n[0] in "表图" and len(n) > 3) for n in wb.sheetnames)
    goals = wb["表2 目标一览"]
    header_row = report_workbook.HEADER_ROW
    headers = [c.value for c in goals[header_row]]
    assert goals.freeze_panes == f"B{header_row + 1}"  # header row and the target names stay
    column = {h: i + 1 for i, h in enumerate(headers)}
    first = header_row + 1
    assert goals.cell(first, column["基期年"]).number_format == "0"
    assert goals.cell(first, column["达标概率"]).number_format == formats.PROBABILITY_FORMAT
    assert goals.cell(first, column["近期速度/年"]).number_format.startswith("+#,##0.00")
    fills = {goals.cell(r, 1).fill.start_color.rgb[-6:] for r in range(first, goals.max_row + 1)}
    assert fills <= {f.upper() for f in STATUS_FILLS.values()} and len(fills) >= 2
    widths = [goals.column_dimensions[c.column_letter].width for c in goals[header_row]]
    assert min(widths) >= 4 and max(widths) <= 62
    name_width = goals.column_dimensions["A"].width
    names = [str(goals.cell(r, 1).value) for r in range(first, goals.max_row + 1)]
    # a Chinese character counts double: the longest name fits (nothing is cut)
    assert name_width >= max(report_workbook.width(n) for n in names) >= 20


def test_a_cell_longer_than_excel_holds_is_cut_visibly_never_silently(tmp_path):
    """Excel keeps 32,767 characters of a cell: longer text (a plan's long note, a source list)
    ends in an ellipsis at that length and the sheet says which cells were cut."""
    import nbformat

    long_text = "通辽" * 20_000 + "尾"  # 40,001 characters
    frame = pd.DataFrame({"说明": [long_text, "短"], "数值": [1.0, 2.0]})
    cell = nbformat.v4.new_code_cell("x")
    payload = exhibits.payload(frame, "table", title="长文本")
    cell.outputs = [nbformat.v4.new_output("display_data", data={exhibits.MIME: payload})]
    nb = nbformat.v4.new_notebook(cells=[cell])
    info = {"name": "x", "parameter_labels": [{"label": "计划", "value": "x" * 33_000}]}
    path = report_workbook.write(nb, tmp_path / "x.xlsx", "长", info, False)
    wb = load_workbook(path)
    about, sheet = wb.worksheets
    rows = {c.coordinate: c.value for row in sheet.iter_rows() for c in row if c.value}
    (cut,) = [k for k, v in rows.items() if str(v).startswith("通辽通辽")]
    assert len(rows[cut]) == 32_767 and rows[cut].endswith("…")
    assert rows[cut][:-1] == long_text[: 32_767 - 1]
    assert "1个单元格超过Excel单元格上限(32767个字符)" in sheet["A3"].value
    assert cut in sheet["A3"].value
    assert "短" in rows.values()  # the other cells as they were
    assert about["A3"].value and "1个单元格" in about["A3"].value  # the long parameter
    emoji = report_workbook._fit("😀" * 20_000)  # two UTF-16 units each, as Excel counts
    assert len(emoji.encode("utf-16-le")) // 2 <= 32_767
    assert emoji.endswith("…") and "\ud83d" not in emoji


def test_a_cell_reads_as_the_page_probability_ends_and_by_unit_decimals():
    """A probability keeps its value and reads '<1%' / '>99%' as on the page (0 would read 0%,
    a certain-looking 1.0 100%); a by-unit number carries the decimals its page cell shows
    (a count of patents 312, not 312.00); a chart's number without a spec is never General."""
    prob = {"kind": "prob", "excel": "0%"}
    assert report_workbook.number_format(prob, "<1%", 0.0) == '[<0.01]"<1%";[>0.99]">99%";0%'
    by_unit = {"kind": "number", "decimals": 2, "excel": "#,##0.00"}
    assert report_workbook.number_format(by_unit, "312", 312) == "#,##0"
    assert report_workbook.number_format(by_unit, "0.57", 0.5722) == "#,##0.00"
    assert report_workbook.number_format(by_unit, "—", None) == "#,##0.00"
    signed = {"kind": "signed", "decimals": 2, "excel": "+#,##0.00;-#,##0.00;0.00"}
    assert report_workbook.number_format(signed, "+54", 53.67) == "+#,##0;-#,##0;0"
    assert report_workbook.number_format({}, "", 0.3798781421788042) == "#,##0.00"
    assert report_workbook.number_format({}, "", 2024.0) == "0"
    assert report_workbook.number_format({}, "", 2024) is None


def test_chart_sheets_have_number_formats_and_the_about_sheet_names_the_report(dashboard_run):
    """The data behind the dashboard's small multiples carry their columns' formats (no float
    in General), the sheet's title says its heading once, and 说明 names the report by its
    title, not its internal id."""
    out, name = dashboard_run
    wb = load_workbook(out / "latest" / f"{name}.xlsx")
    (chart,) = [n for n in wb.sheetnames if n.startswith("图1")]
    ws = wb[chart]
    title = str(ws.cell(1, 1).value)
    assert len(set(title.split(" — "))) == len(title.split(" — ")), title  # not doubled
    floats = [
        c
        for row in ws.iter_rows(min_row=report_workbook.HEADER_ROW + 1)
        for c in row
        if isinstance(c.value, float)
    ]
    assert len(floats) > 20
    assert not [c.coordinate for c in floats if c.number_format == "General"]
    assert {c.number_format for c in floats} <= {"#,##0", "#,##0.00", "#,##0.000"}
    about = {r[0]: r[1] for r in wb["说明"].iter_rows(min_row=4, max_col=2, values_only=True)}
    assert about["报告"] == wb["说明"].cell(1, 1).value != name
