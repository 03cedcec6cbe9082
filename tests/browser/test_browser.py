"""Open the report index and a report in headless Chromium (Debian's package) with the network
blocked: no failed or outside request, no console error, images drawn, Chinese text present; the
index at phone (375 px) and desktop (1280 px) widths without horizontal scrolling, its matrices
as grids. Screenshots are written next to the reports (reports/screenshots/ in the test's
folder)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from rdanalysis.report import config as report_config
from rdanalysis.report import run as report_run
from rdanalysis.report.publishing import index
from tests.kernel.test_report import PROBE, write_config
from tests.unit.test_index import RUN, ok, published, state_of

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE, DESKTOP = 375, 1280
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

needs_browser = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (.ci/run installs it; CI never skips)",
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, processed) -> Path:
    tmp = tmp_path_factory.mktemp("browser")
    config = write_config(
        tmp,
        [
            {
                "name": "county-{county}",
                "title": "{county} 画像",
                "notebook": "04_county_profile.ipynb",
                "matrix": {"county": ["奈曼旗"]},
                "section": "counties",
            },
            {"name": "probe", "notebook": str(PROBE), "parameters": {"fail": True}},
            {
                "name": "china-by-province",
                "notebook": "07_china_by_province.ipynb",
                "section": "provinces",
            },
            {
                "name": "province-{region}",
                "notebook": "08_province_profile.ipynb",
                "matrix": {"region": ["广东省"]},
                "section": "provinces",
            },
            {
                "name": "dashboard",
                "notebook": "00_dashboard.ipynb",
                "parameters": {"n_paths": 200},
                "section": "plans",
            },
        ],
    )
    real = report_config.load()  # the suite's own index layout
    layout = yaml.safe_load(config.read_text(encoding="utf-8"))
    layout.update(index=real["index"], sections=real["sections"])
    config.write_text(yaml.safe_dump(layout, allow_unicode=True), encoding="utf-8")
    out = tmp / "reports"
    report_run.run(config, out_dir=out, n_jobs=2, progress=False)
    return out


@pytest.fixture(scope="module")
def whole_suite(tmp_path_factory) -> Path:
    """The index of the whole suite (51 reports, made-up state: nothing runs), one failed."""
    out = tmp_path_factory.mktemp("suite-index")
    config = report_config.load()
    names = [j.name for j in report_config.jobs(config)]
    published(out, names, pdf={"dashboard"})
    state = state_of([ok(n) for n in names if n != "county-kailu-county"])
    failed = ok("county-kailu-county", status="failed", error="ValueError: 故意失败")
    state = state_of([failed], state)
    (out / "index.html").write_text(index.page(out, RUN, state, config), encoding="utf-8")
    return out


def visit(url: str, screenshot: Path, width: int = DESKTOP, full_page: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    outside, failed, console_errors = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})

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
        title = page.title()
        # how far the page is wider than the window (horizontal scrolling), and where each
        # grid tile of the index sits (its columns)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        tiles = page.eval_on_selector_all(
            "ul.grid > li", "els => els.map(e => Math.round(e.getBoundingClientRect().left))"
        )
        # each table's scrolling box: how much wider its table is than the box, and whether
        # its first column stays in place when the table scrolls
        boxes = page.eval_on_selector_all(
            ".rd-scroll",
            "els => els.map(e => [e.scrollWidth - e.clientWidth, "
            "getComputedStyle(e.querySelector('th')).position])",
        )
        # each wide table: its box's left and right edges, how much its table overflows the
        # box, and per column the width of its header and the longest text in its cells
        wide = page.eval_on_selector_all(
            ".rd-wide",
            """els => els.map(e => {
              const r = e.getBoundingClientRect(), s = e.querySelector('.rd-scroll');
              const heads = [...e.querySelectorAll('thead th')];
              const rows = [...e.querySelectorAll('tbody tr')];
              const text = (row, i) => (row.children[i] || {innerText: ''}).innerText.length;
              const cols = heads.map((h, i) => [h.getBoundingClientRect().width,
                Math.max(...rows.map(row => text(row, i)))]);
              return [r.left, r.right, s.scrollWidth - s.clientWidth, cols];
            })""",
        )
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=full_page)
        browser.close()
    return {
        "outside": outside,
        "failed": failed,
        "errors": console_errors,
        "images": images,
        "text": text,
        "title": title,
        "overflow": overflow,
        "columns": len(set(tiles)),
        "boxes": boxes,
        "wide": wide,
    }


@needs_browser
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_index_opens_offline_at_phone_and_desktop_widths(rendered, width):
    shot = rendered / "screenshots" / f"index-{width}.png"
    seen = visit((rendered / "index.html").as_uri(), shot, width, full_page=True)
    assert seen["outside"] == [] and seen["failed"] == [] and seen["errors"] == []
    assert seen["overflow"] == 0  # no horizontal scrolling
    assert "分析报告" in seen["text"] and "失败" in seen["text"]
    assert "旗县市区" in seen["text"] and "全国分省对照" in seen["text"]  # its sections
    assert shot.stat().st_size > 10_000


@needs_browser
@pytest.mark.parametrize(("width", "columns"), [(PHONE, 2), (DESKTOP, 5)])
def test_the_whole_suite_index_fits_a_phone_and_shows_matrices_as_grids(
    whole_suite, width, columns
):
    shot = whole_suite / "screenshots" / f"suite-index-{width}.png"
    seen = visit((whole_suite / "index.html").as_uri(), shot, width, full_page=True)
    assert seen["outside"] == [] and seen["failed"] == [] and seen["errors"] == []
    assert seen["overflow"] == 0
    assert seen["columns"] >= columns  # 9 counties and 31 provinces side by side, not 40 rows
    assert "各省份画像" in seen["text"] and "开鲁县" in seen["text"]


@needs_browser
def test_report_opens_offline_with_images_and_chinese(rendered):
    report = rendered / "latest" / "county-naiman-banner.html"
    seen = visit(report.as_uri(), rendered / "screenshots" / "report.png")
    assert seen["outside"] == [], seen["outside"]
    assert seen["failed"] == [] and seen["errors"] == []
    assert seen["images"] and all(done and width > 0 for done, width in seen["images"])
    assert "奈曼旗" in seen["text"] and "示例数据" in seen["text"]
    assert (rendered / "screenshots" / "report.png").stat().st_size > 10_000


@needs_browser
@pytest.mark.parametrize(
    ("name", "text"),
    [("china-by-province", "各省份"), ("province-guangdong", "广东省")],
)
def test_province_reports_open_offline_with_the_map_and_real_data(rendered, name, text):
    report = rendered / "latest" / f"{name}.html"
    seen = visit(report.as_uri(), rendered / "screenshots" / f"{name}.png")
    assert seen["outside"] == [] and seen["failed"] == [] and seen["errors"] == []
    assert len(seen["images"]) >= 3 and all(done and w > 0 for done, w in seen["images"])
    assert text in seen["text"] and "参照" in seen["text"]
    assert "示例数据(非真实统计)" not in seen["text"]  # real statistics only


@needs_browser
@pytest.mark.parametrize(
    "name", ["dashboard", "county-naiman-banner", "china-by-province", "province-guangdong"]
)
def test_a_report_fits_a_phone_and_its_wide_tables_scroll_in_their_own_box(rendered, name):
    report = rendered / "latest" / f"{name}.html"
    shot = rendered / "screenshots" / f"{name}-{PHONE}.png"
    seen = visit(report.as_uri(), shot, PHONE, full_page=True)
    assert seen["outside"] == [] and seen["errors"] == []
    assert seen["overflow"] == 0  # no page wider than the screen
    assert seen["boxes"], "tables are drawn in scrolling boxes"
    assert all(position == "sticky" for _, position in seen["boxes"])  # the first column stays
    if name == "dashboard":  # its 15-column table scrolls inside its box, not the page
        assert max(extra for extra, _ in seen["boxes"]) > 300


@needs_browser
def test_a_wide_table_uses_the_desktop_width_centred_and_unclipped(rendered):
    """At 1280 px the dashboard's 15-column target table shows every column without scrolling,
    inside the window and centred on it, and its long text columns (判定依据, 责任单位) wrap at a
    readable width (at least 10 characters a line, not 4-5)."""
    report = rendered / "latest" / "dashboard.html"
    seen = visit(report.as_uri(), rendered / "screenshots" / "dashboard-wide.png", DESKTOP, True)
    assert seen["overflow"] == 0 and seen["wide"], "the dashboard has wide tables"
    for left, right, hidden, columns in seen["wide"]:
        assert hidden == 0, "a column is hidden behind horizontal scrolling at 1280 px"
        assert left >= 0 and right <= DESKTOP
        assert abs(left - (DESKTOP - right)) <= 2, (left, right)  # centred on the window
        for width, longest in columns:
            if longest >= 20:  # a sentence, e.g. 判定依据: at least 10 characters of 13.5 px
                assert width >= 10 * 13.5, (width, longest)


PDFINFO, PDFTOTEXT = shutil.which("pdfinfo"), shutil.which("pdftotext")


@needs_browser
@pytest.mark.skipif(
    not (PDFINFO and PDFTOTEXT) and not os.environ.get("CI"), reason="poppler-utils (CI has it)"
)
def test_the_dashboard_prints_on_a4_portrait_its_wide_table_reflowed_with_its_rows(
    rendered, tmp_path
):
    """The 15-column target table reflows on portrait A4 (a landscape page always starts a new
    sheet: it left page 1 half empty), no two numbers run into each other, and the table starts
    on a page with at least its first three rows under its header, never a header alone."""
    import re
    import subprocess

    from rdanalysis.report.publishing import pdf

    printed = pdf.render(rendered / "latest" / "dashboard.html", tmp_path / "dashboard.pdf")
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(printed)], capture_output=True, text=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert sizes and {(round(float(w)), round(float(h))) for w, h in sizes} == {(595, 842)}
    pages = [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(printed), "-"],
            capture_output=True,
            text=True,
        ).stdout
        for n in range(1, len(sizes) + 1)
    ]
    assert not re.search(r"\d\.\d{2,}\.\d{2,}", "".join(pages)), "two numbers ran together"
    # the target names' first characters (a name may wrap after them): the first three rows
    first = next(i for i, text in enumerate(pages) if "全社会R" in text)
    assert "企业R" in pages[first] and "科研机构" in pages[first], pages[first][-800:]


@needs_browser
def test_print_keeps_headings_and_readings_with_their_tables_and_short_tables_whole(rendered):
    """In print, the paragraph or heading just before a table or figure does not break from it
    (nor inside), a table of up to 8 rows is not split, a longer one keeps its first three rows
    with its header and carries at least two rows over, and no section of up to 16 columns is
    turned sideways."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 703, "height": 1000})
        page.emulate_media(media="print")
        page.goto((rendered / "latest" / "dashboard.html").as_uri(), wait_until="load")
        seen = page.eval_on_selector_all(
            ".rd-table, .rd-figure",
            """els => els.map(e => {
              const before = e.previousElementSibling, style = getComputedStyle;
              const rows = [...e.querySelectorAll('tbody tr')].map(r => style(r).breakBefore);
              return {before: before ? [before.tagName, style(before).breakAfter,
                                        style(before).breakInside] : null,
                      inside: style(e).breakInside, rows: rows,
                      page: style(e.closest('section') || e).page};
            })""",
        )
        browser.close()
    assert len(seen) >= 6
    for block in seen:
        if block["before"] and block["before"][0] in ("P", "BLOCKQUOTE", "H2", "H3"):
            assert block["before"][1] == "avoid", block
        rows = block["rows"]
        if rows and len(rows) <= 8:
            assert block["inside"] == "avoid", block
        elif rows:
            assert rows[:3] == ["avoid"] * 3 and rows[-2:] == ["avoid"] * 2, block
        assert block["page"] == "auto", block
