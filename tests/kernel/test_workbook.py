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

from rdanalysis.report import config as report_config
from rdanalysis.report import pdf as report_pdf
from rdanalysis.report import run as report_run
from rdanalysis.report import workbook as report_workbook

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
    assert goals.cell(first, column["达标概率"]).number_format == "0%"
    assert goals.cell(first, column["近期速度/年"]).number_format.startswith("+#,##0.00")
    fills = {goals.cell(r, 1).fill.start_color.rgb[-6:] for r in range(first, goals.max_row + 1)}
    assert fills <= {f.upper() for f in STATUS_FILLS.values()} and len(fills) >= 2
    widths = [goals.column_dimensions[c.column_letter].width for c in goals[header_row]]
    assert min(widths) >= 4 and max(widths) <= 62
    name_width = goals.column_dimensions["A"].width
    names = [str(goals.cell(r, 1).value) for r in range(first, goals.max_row + 1)]
    # a Chinese character counts double: the longest name fits (nothing is cut)
    assert name_width >= max(report_workbook.width(n) for n in names) >= 20
