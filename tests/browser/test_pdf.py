"""Printing to PDF in Chromium: a report the browser cannot print is recorded while the others
print, and Chinese prints on a machine without a CJK font."""

from __future__ import annotations

import os
import subprocess

import pytest
from bs4 import BeautifulSoup

from rdanalysis.report.publishing import html as report_html
from tests.kernel.test_report import PROBE, REPORT_CMD, write_config
from tests.kernel.test_report_faults import (
    BROWSER,
    CHROMIUM,
    PDFTOTEXT,
    fake_browser,
    last_run,
    state,
)


@pytest.fixture(scope="module")
def printed(tmp_path_factory, processed):
    """`rdanalysis report --pdf` of reports b and a (printed in that order), with a browser that
    fails on b, on a machine whose fontconfig knows no font at all (so no CJK font)."""
    tmp = tmp_path_factory.mktemp("pdf")
    browser = fake_browser(tmp / "bin", BROWSER)
    no_fonts = tmp / "no-fonts.conf"
    no_fonts.write_text(
        f"<?xml version='1.0'?>\n<fontconfig><cachedir>{tmp / 'fc'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    config = write_config(
        tmp, [{"name": n, "notebook": str(PROBE), "parameters": {"label": n}} for n in "ba"]
    )
    out = tmp / "reports"
    (out / "latest").mkdir(parents=True)
    (out / "latest" / "b.pdf").write_bytes(b"%PDF an older version of b")
    env = {
        **os.environ,
        "PATH": f"{browser.parent}{os.pathsep}{os.environ['PATH']}",
        "REAL_CHROMIUM": CHROMIUM or "",
        "FONTCONFIG_FILE": str(no_fonts),
    }
    proc = subprocess.run(
        [*REPORT_CMD, "--config", str(config), "--out", str(out), "--pdf", "--no-progress"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return out, proc


def test_a_pdf_that_cannot_be_printed_is_recorded_and_the_others_are_printed(printed):
    out, proc = printed
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    summary = "2 report(s): 2 rendered, 0 unchanged (reused), 0 failed, 1 PDF(s), 1 not printed"
    assert summary in proc.stdout
    assert [ln for ln in proc.stderr.splitlines() if ln.startswith("failed: ")] == [
        f"failed: b: PDF not printed: {out.parent / 'bin' / 'chromium'} could not print b.html "
        "(exit code 127): chromium: error while loading shared libraries: libnss3.so"
    ]
    latest = out / "latest"
    assert (latest / "a.pdf").read_bytes().startswith(b"%PDF")  # printed after b's failure
    assert not (latest / "b.pdf").exists()  # the older PDF of b is not left to be read as new
    assert not list(latest.glob(".*"))
    # each report is published and keeps its status; its PDF's failure is recorded
    record, kept = last_run(out), state(out)
    assert {n: r["status"] for n, r in record.items()} == {"a": "ok", "b": "ok"}
    assert "libnss3.so" in record["b"]["pdf_error"] and "libnss3.so" in kept["b"]["pdf_error"]
    assert record["a"]["pdf_error"] == "" and "pdf_error" not in kept["a"]
    links = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert {a["href"] for a in links.select('a[href$=".pdf"]')} == {"latest/a.pdf"}


@pytest.mark.skipif(
    (CHROMIUM is None or PDFTOTEXT is None) and not os.environ.get("CI"),
    reason="needs Debian's chromium and poppler-utils (.ci/run installs them; CI never skips)",
)
def test_chinese_prints_on_a_machine_without_a_cjk_font(printed):
    out, _ = printed
    pdf = out / "latest" / "a.pdf"
    text = subprocess.run(
        [PDFTOTEXT or "pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # without a CJK font every Chinese character is an empty box, and these lines come out
    # with characters missing
    for line in ("测试报告 Probe report", "用于测试报告流水线的笔记本。", "解读: a 运行正常。"):
        assert line in text, text
    # the published page names no local file: the font was given to the browser, not the page
    page = (out / "latest" / "a.html").read_text(encoding="utf-8")
    assert "mplfonts" not in page and report_html.external_references(page) == []
