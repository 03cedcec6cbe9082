"""The workbook's parts without a report run: payloads keep numbers and blanks, chart data read off
lines and bars, legal sheet names, --pdf refused without Chromium."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from rdanalysis import exhibits
from rdanalysis.errors import RDAnalysisError
from rdanalysis.report.publishing import pdf as report_pdf
from rdanalysis.report.publishing import workbook as report_workbook


def test_payload_keeps_numbers_and_blanks_and_the_index():
    frame = pd.DataFrame(
        {"数值(亿元)": [1.5, float("nan")]}, index=pd.Index([2023, 2024], name="年份")
    )
    p = exhibits.payload(frame, "table")
    assert p["columns"] == ["年份", "数值(亿元)"]
    assert p["rows"] == [[2023, 1.5], [2024, None]]


def test_chart_data_are_read_off_lines_and_bars():
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2)
    a.plot([2023, 2024], [0.5, 0.6], label="强度")
    a.set_ylabel("%")
    b.barh(["开鲁县", "库伦旗"], [30.0, 45.0])
    b.set_xlabel("覆盖率(%)")
    rows = pd.DataFrame(
        exhibits.from_figure(fig)["rows"], columns=exhibits.from_figure(fig)["columns"]
    )
    line = rows[rows["系列"] == "强度"]
    assert line["%"].tolist() == [0.5, 0.6]
    bars = rows.dropna(subset=["类别"]).set_index("类别")["覆盖率(%)"]
    assert bars.to_dict() == {"开鲁县": 30.0, "库伦旗": 45.0}
    exhibits.attach(fig, pd.DataFrame({"年份": [2024], "数值": [1.0]}), "附加")
    assert exhibits.from_figure(fig)["rows"] == [[2024, 1.0]]
    plt.close(fig)


def test_sheet_names_are_short_unique_and_legal():
    used: set[str] = set()
    ex = {"kind": "table", "heading": "下一期目标测算 What a target requires: [x]/y"}
    a, b = report_workbook.sheet_name(1, ex, used), report_workbook.sheet_name(1, ex, used)
    assert a != b and all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in (a, b))


def test_without_chromium_pdf_stops_before_running_with_exit_2(monkeypatch, run_cli, tmp_path):
    monkeypatch.setattr(report_pdf.shutil, "which", lambda name: None)
    with pytest.raises(RDAnalysisError, match="--pdf needs Chromium"):
        report_pdf.browser()
    code, _, err = run_cli("report", "--pdf", "--out", str(tmp_path / "r"), "--only", "dashboard")
    assert code == 2 and "--pdf needs Chromium, which is not installed" in err
    assert not (tmp_path / "r").exists()
