"""Open the report index and a report in headless Chromium (Debian's package) with the network
blocked: no failed or outside request, no console error, images drawn, Chinese text present.
Screenshots are written next to the reports (reports/screenshots/ in the test's folder)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rdanalysis.report import run as report_run
from tests.test_report import PROBE, write_config

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.kernel
needs_browser = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (.ci/run installs it; CI never skips)",
)


@pytest.fixture(scope="module")
def published(tmp_path_factory, processed) -> Path:
    tmp = tmp_path_factory.mktemp("browser")
    config = write_config(
        tmp,
        [
            {
                "name": "county-{county}",
                "title": "{county} 画像",
                "notebook": "04_county_profile.ipynb",
                "matrix": {"county": ["奈曼旗"]},
            },
            {"name": "probe", "notebook": str(PROBE), "parameters": {"fail": True}},
            {"name": "china-by-province", "notebook": "07_china_by_province.ipynb"},
            {
                "name": "province-{region}",
                "notebook": "08_province_profile.ipynb",
                "matrix": {"region": ["广东省"]},
            },
        ],
    )
    out = tmp / "reports"
    report_run.run(config, out_dir=out, n_jobs=2, progress=False)
    return out


def visit(url: str, screenshot: Path) -> dict:
    from playwright.sync_api import sync_playwright

    outside, failed, console_errors = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        def block(route):
            if route.request.url.startswith(("file:", "data:", "about:")):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", block)
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: console_errors.append(str(e)))
        page.goto(url, wait_until="load")
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => [e.complete, e.naturalWidth])"
        )
        text = page.inner_text("body")
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=False)
        browser.close()
    return {
        "outside": outside,
        "failed": failed,
        "errors": console_errors,
        "images": images,
        "text": text,
    }


@needs_browser
def test_index_opens_offline(published):
    seen = visit((published / "index.html").as_uri(), published / "screenshots" / "index.png")
    assert seen["outside"] == [] and seen["failed"] == [] and seen["errors"] == []
    assert "分析报告" in seen["text"] and "失败" in seen["text"]


@needs_browser
def test_report_opens_offline_with_images_and_chinese(published):
    report = published / "latest" / "county-naiman-banner.html"
    seen = visit(report.as_uri(), published / "screenshots" / "report.png")
    assert seen["outside"] == [], seen["outside"]
    assert seen["failed"] == [] and seen["errors"] == []
    assert seen["images"] and all(done and width > 0 for done, width in seen["images"])
    assert "奈曼旗" in seen["text"] and "示例数据" in seen["text"]
    assert (published / "screenshots" / "report.png").stat().st_size > 10_000


@needs_browser
@pytest.mark.parametrize(
    ("name", "text"),
    [("china-by-province", "各省份"), ("province-guangdong", "广东省")],
)
def test_province_reports_open_offline_with_the_map_and_real_data(published, name, text):
    report = published / "latest" / f"{name}.html"
    seen = visit(report.as_uri(), published / "screenshots" / f"{name}.png")
    assert seen["outside"] == [] and seen["failed"] == [] and seen["errors"] == []
    assert len(seen["images"]) >= 3 and all(done and w > 0 for done, w in seen["images"])
    assert text in seen["text"] and "参照" in seen["text"]
    assert "示例数据(非真实统计)" not in seen["text"]  # real statistics only
