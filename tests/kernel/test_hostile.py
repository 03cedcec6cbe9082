"""Hostile text in every field a user's file can fill reaches the published page as text, never as
markup: a plan (title, number, note, target names in both languages, responsible units, the data
a target needs, task titles, the status rule), regions.csv (names and English names), the
enterprise file (industries), a data file's source and note columns. The pages carry no script,
handler, frame, style, outside or local address; the workbook holds no formula; the terminal gets
no escape sequence.

Every string below is made up for the test; none of the numbers are statistics.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from rdanalysis import paths
from rdanalysis.report import run as report_run
from rdanalysis.report.publishing import lint

#: The hostile corpus: scripts, event handlers, a local file, javascript: links, a frame, a
#: style with url(), SVG, template syntax, TeX, Markdown, a right-to-left override, a formula,
#: a terminal escape. Each is followed by a word that must still be on the page after it.
CORPUS = {
    "script": "<script>document.title='pwned'</script>甲",
    "handler": "<img src=x onerror=\"document.title='pwned'\">乙",
    "local": "<img src=data/processed/enterprises.parquet>丙",
    "link": "[点我](javascript:alert(1))丁",
    "frame": "<iframe src=https://evil.example/x></iframe>戊",
    "style": '<b style="background:url(https://evil.example/x.png)">己</b>',
    "svg": "<svg onload=alert(1)><circle r=9/></svg>庚",
    "template": "{{ 7*7 }}{% if 1 %}辛{% endif %}",
    "tex": "$x^2$ **粗** # 壬",
    "rtl": "\u202e癸RTL",
    "formula": '=HYPERLINK("https://evil.example","子")',
    "escape": "\x1b]0;pwned\x07丑",
}
#: Strings that a Chromium page must never run, fetch or become.
ACTIVE = "script, iframe, svg, object, embed, [onerror], [onload], [style], a[href^=javascript]"


def _hostile_plan(folder: Path) -> Path:
    plan = yaml.safe_load((paths.plans() / "tongliao-2023.yml").read_text(encoding="utf-8"))
    plan["document"].update(title=CORPUS["script"], number=CORPUS["rtl"], note=CORPUS["tex"])
    plan["status_rule"]["text"] = CORPUS["link"]
    for k, target in enumerate(plan["targets"]):
        target["name"] = f"{CORPUS['handler']}{k}" if k % 2 else f"{CORPUS['local']}{k}"
        target["name_en"] = f"{CORPUS['svg']}{k}"  # the English dashboard's target names
        target["responsible"] = [CORPUS["frame"], CORPUS["escape"]]
        target["data"] = CORPUS["template"]
    for task in plan["tasks"]:
        task["title"] = CORPUS["svg"]
        task["responsible"] = [CORPUS["style"]]
    plan["tasks"][0]["responsible"] = [CORPUS["formula"]]  # a cell of its own in the workbook
    path = folder / "hostile.yml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return path


def _hostile_data(folder: Path) -> Path:
    """A user folder: the illustrative enterprises with hostile industry names, Tongliao's R&D
    with a hostile source, and a made-up city with hostile district names."""
    user = folder / "user"
    user.mkdir()
    source = paths.RAW / "illustrative" / "tongliao_enterprises.csv"
    rows = list(csv.reader(source.read_text(encoding="utf-8-sig").splitlines()))
    industries = sorted({r[3] for r in rows[1:]})
    rename = {name: list(CORPUS.values())[k % len(CORPUS)] for k, name in enumerate(industries)}
    for r in rows[1:]:
        r[3] = rename[r[3]]
    with (user / "enterprises.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    data = [["地区", "年份", "执行主体", "R&D经费(亿元)", "地区生产总值(亿元)", "来源", "备注"]]
    for year, (rd, gdp) in enumerate([(8.0, 1600.0), (9.0, 1700.0), (9.5, 1800.0)], 2020):
        data.append(["通辽市", year, "合计", rd, gdp, CORPUS["frame"], CORPUS["style"]])
    districts = [CORPUS["handler"], CORPUS["script"], CORPUS["svg"]]
    regions = [
        ["地区", "上级地区", "层级", "英文名"],
        ["示范市", "", "league", "Demo City (made up)"],
    ]
    regions += [[d, "示范市", "county", CORPUS["link"]] for d in districts]
    for k, d in enumerate(districts):
        for year in (2021, 2022, 2023):
            data.append([d, year, "合计", 1 + k + year % 3, 100 + 10 * k, CORPUS["tex"], ""])
    for name, rows_ in (("regions.csv", regions), ("hostile.csv", data)):
        with (user / name).open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows_)
    return user


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A build of the hostile user folder and the reports that show each field, in both
    languages where a field has an English form."""
    from rdanalysis.data import build
    from tests.kernel.test_report import write_config

    tmp = tmp_path_factory.mktemp("hostile")
    user, plan = _hostile_data(tmp), _hostile_plan(tmp)
    processed = tmp / "processed"
    build.build(user, out_dir=processed)
    fast = {"n_paths": 200}
    suite = [
        {
            "name": "dashboard",
            "notebook": "00_dashboard.ipynb",
            "parameters": {"plan": str(plan), **fast},
        },
        {
            "name": "dashboard-en",
            "notebook": "00_dashboard.ipynb",
            "parameters": {"plan": str(plan), "lang": "en", **fast},
        },
        {"name": "trajectory", "notebook": "01_trajectory.ipynb", "parameters": fast},
        {"name": "counties", "notebook": "03_counties.ipynb", "parameters": {"parent": "示范市"}},
        {
            "name": "counties-en",
            "notebook": "03_counties.ipynb",
            "parameters": {"parent": "示范市", "lang": "en"},
        },
        {"name": "coverage", "notebook": "05_enterprise_coverage.ipynb"},
        {"name": "overview", "notebook": "06_data_overview.ipynb"},
    ]
    old = os.environ.get("RDANALYSIS_PROCESSED")
    os.environ["RDANALYSIS_PROCESSED"] = str(processed)
    try:
        outcomes = report_run.run(write_config(tmp, suite), out_dir=tmp / "out", progress=False)
    finally:
        if old is None:
            os.environ.pop("RDANALYSIS_PROCESSED", None)
        else:
            os.environ["RDANALYSIS_PROCESSED"] = old
    return tmp / "out" / "latest", {o.name: o for o in outcomes}, plan


def _pages(hostile) -> dict[str, str]:
    latest, outcomes, _ = hostile
    failed = {n: o.error for n, o in outcomes.items() if o.status != "ok"}
    assert not failed, failed
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(latest.glob("*.html"))}


def test_every_hostile_string_is_shown_as_text_and_nothing_is_active(hostile):
    shown: set[str] = set()
    for name, page in _pages(hostile).items():
        soup = BeautifulSoup(page, "html.parser")
        body = soup.body
        active = [str(t)[:80] for t in body.select(ACTIVE)]
        assert active == [], (name, active)
        assert all(img["src"].startswith("data:image/png;base64,") for img in body.find_all("img"))
        links = [a["href"] for a in body.find_all("a") if a.get("href")]
        assert all(":" not in h.split("/")[0] for h in links), (name, links)  # no scheme
        problems = [p for p in lint.problems(page) if p.startswith("<")]
        assert problems == [], (name, problems)
        text = body.get_text(" ")
        shown |= {k for k, v in CORPUS.items() if _literal(v) in text}
    # each hostile string appears somewhere, as written (control characters made visible)
    assert shown == set(CORPUS), set(CORPUS) - shown


def _literal(value: str) -> str:
    """The part of a hostile string a page shows as written: its first tag, or its first ten
    characters with control and direction characters shown as their code points."""
    from rdanalysis.text.i18n import literal

    return value.split(">")[0] + ">" if value.startswith("<") else literal(value)[:10]


def test_no_local_file_is_embedded(hostile):
    processed = (hostile[0].parent.parent / "processed").resolve()
    secret = (processed / "current" / "enterprises.parquet").read_bytes()[:64]
    import base64

    for name, page in _pages(hostile).items():
        assert base64.b64encode(secret[:48]).decode() not in page, name


def test_the_workbooks_hold_no_formula(hostile):
    from openpyxl import load_workbook

    latest = hostile[0]
    found = 0
    for book in latest.glob("*.xlsx"):
        for ws in load_workbook(book).worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        assert cell.data_type == "s", (book.name, ws.title, cell.coordinate)
                        found += 1
    assert found > 0  # the formula-looking names are there, as text


def test_the_terminal_gets_no_escape_sequence(hostile, run_cli):
    code, out, err = run_cli("targets", "--plan", str(hostile[2]))
    assert code == 0, err
    assert "丑" in out  # the responsible unit is printed, without its escape sequence
    assert "\x1b" not in out + err and "\x07" not in out + err and "\u202e" not in out + err


@pytest.mark.skipif(
    not shutil.which("chromium") and not os.environ.get("CI"), reason="no chromium (CI has it)"
)
def test_in_chromium_nothing_runs_or_fetches(hostile):
    from tests.browser.test_browser import visit

    latest = hostile[0]
    for name in ("dashboard", "counties", "coverage"):
        seen = visit((latest / f"{name}.html").as_uri(), latest.parent / "shots" / f"{name}.png")
        assert seen["outside"] == [] and seen["errors"] == [], (name, seen["outside"])
        assert "pwned" not in seen["title"]  # no script set it
        assert seen["overflow"] == 0
