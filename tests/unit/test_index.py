"""The report index as a front door (reports/index.html): the suite grouped by section with the
dashboards of each plan first, matrices as compact grids, each report's status, data status (from
the facts its notebook recorded, never from text), date and links; failures and the last good
version; escaping. No report runs here: the reports folder and its state are made up."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from rdanalysis.report import config as report_config
from rdanalysis.report.publishing import html as report_html
from rdanalysis.report.publishing import index
from rdanalysis.report.run import Outcome

RUN = "20261127-190000"
ILLUSTRATIVE = {"statuses": ["illustrative"], "illustrative": True, "sources": []}
MIXED = {"statuses": ["illustrative", "verbatim"], "illustrative": True, "sources": []}
REAL = {"statuses": ["derived", "verbatim"], "illustrative": False, "sources": []}


def facts_of(name: str) -> dict:
    if name.startswith(("province-", "china-")):
        return REAL
    return MIXED if name.startswith("dashboard") else ILLUSTRATIVE


def published(out: Path, names: list[str], pdf: set[str] = frozenset()) -> None:
    """Files of a run and of latest/ as the runner leaves them."""
    (out / RUN).mkdir(parents=True)
    (out / RUN / "run.json").write_text("{}", encoding="utf-8")
    (out / "latest").mkdir()
    for name in names:
        for suffix in (".html", ".xlsx", *((".pdf",) if name in pdf else ())):
            (out / "latest" / f"{name}{suffix}").write_text("x", encoding="utf-8")


def state_of(outcomes: list[Outcome], state: dict | None = None, run: str = RUN) -> dict:
    return index.update(state or {}, run, outcomes)


def ok(name: str, status: str = "ok", **kw) -> Outcome:
    return Outcome(name, name, status, facts=facts_of(name), finished="2026-11-27T19:00:00", **kw)


@pytest.fixture
def suite():
    config = report_config.load()
    return config, report_config.jobs(config)


def soup_of(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser")


def test_data_status_is_read_from_the_recorded_facts():
    assert index.data_status(REAL) == "real"
    assert index.data_status({"statuses": ["user"]}) == "real"  # the user's own statistics
    assert index.data_status(MIXED) == "partly"
    assert index.data_status(ILLUSTRATIVE) == "illustrative"
    assert index.data_status(None) == "unknown"  # nothing recorded: a failed report
    # a report that ran and showed no data row (it says what is missing) is not "unknown"
    assert index.data_status({"statuses": []}) == "none"


def test_the_suite_is_grouped_by_section_with_plans_first_and_matrices_as_grids(tmp_path, suite):
    config, jobs = suite
    names = [j.name for j in jobs]
    published(tmp_path, names, pdf={"dashboard", "province-guangdong"})
    page = index.page(tmp_path, RUN, state_of([ok(n) for n in names]), config)
    soup = soup_of(page)
    assert [s["id"] for s in soup.select("main > section")] == [
        "plans",
        "trajectory",
        "counties",
        "enterprises",
        "provinces",
        "appendix",
    ]
    plans = soup.find("section", id="plans")
    assert [li["id"] for li in plans.select("li.row")] == ["r-dashboard", "r-dashboard-draft-2030"]
    assert "通政办发〔2023〕62号" in plans.get_text() and "正式文件" in plans.get_text()
    assert "示例,非正式文件" in plans.select_one("#r-dashboard-draft-2030").get_text()
    # 8 banners/counties + the development zone, and 31 provinces: compact grids, not rows
    counties = soup.find("section", id="counties")
    assert len(counties.select("details[open] ul.grid > li.tile")) == 9
    assert [li["id"] for li in counties.select("li.row")] == ["r-counties"]
    provinces = soup.select("#provinces details ul.grid > li.tile")
    assert len(provinces) == 31 and provinces[0].a.get_text() == "北京市"
    assert len(soup.select("li.row")) == len(names) - 40
    assert "31 份:成功 31;数据:真实数据 31" in soup.find("section", id="provinces").get_text()
    # links: HTML and workbook of every report, a PDF where one was printed
    for name in names:
        assert soup.select_one(f'#r-{name} a[href="latest/{name}.html"]'), name
        assert soup.select_one(f'#r-{name} a[href="latest/{name}.xlsx"]'), name
    pdfs = {a["href"] for a in soup.select('a[href$=".pdf"]')}
    assert pdfs == {"latest/dashboard.pdf", "latest/province-guangdong.pdf"}
    header = soup.find("header").get_text(" ", strip=True)
    assert f"共 {len(names)} 份" in header and "失败或未生成 0" in header
    assert "真实数据 32 份 · 部分为示例数据 2 份 · 示例数据 17 份" in header
    assert "示例数据(非真实统计)" in header
    assert soup.select_one(f'header a[href="{RUN}/run.json"]')
    assert report_html.external_references(page) == [] and not soup.find("script")


def test_failures_are_listed_and_keep_the_last_good_version(tmp_path, suite):
    config, jobs = suite
    names = [j.name for j in jobs]
    published(tmp_path, [n for n in names if n != "province-tibet"])
    first = state_of([ok(n) for n in names])
    broken = Outcome(
        "county-kailu-county",
        "开鲁县 画像",
        "failed",
        error="cell 3: ValueError: <script>alert(1)</script>\nTraceback ...",
        finished="2026-11-28T08:00:00",
    )
    never = Outcome("province-tibet", "西藏自治区", "failed", error="timeout after 900 s")
    state = state_of([broken, never], first, run="20261128-080000")
    assert state["reports"]["county-kailu-county"]["last_good"]["facts"] == ILLUSTRATIVE
    run_dir = tmp_path / "20261128-080000"
    run_dir.mkdir()
    (run_dir / "county-kailu-county.error.txt").write_text("...", encoding="utf-8")
    page = index.page(tmp_path, "20261128-080000", state, config)
    soup = soup_of(page)
    problems = soup.find(attrs={"aria-labelledby": "problems-h"})
    assert "失败或未生成的报告(2 份)" in problems.get_text()
    assert problems.select_one('a[href="20261128-080000/county-kailu-county.error.txt"]')
    assert "仍可查看上一次成功的版本" in problems.get_text()
    kailu = soup.select_one("#r-county-kailu-county")
    assert "st-failed" in kailu["class"] and "失败" in kailu.get_text()
    # the reader gets the last good page: its data status and date, not the failed run's
    assert kailu.select_one('a[href="latest/county-kailu-county.html"]')
    assert "示例" in kailu.get_text() and kailu.time["datetime"] == "2026-11-27 19:00"
    tibet = soup.select_one("#r-province-tibet")
    assert not tibet.select("a[href^='latest/']") and "未记录" in tibet.get_text()
    assert "失败或未生成 2" in soup.find("header").get_text()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_an_index_without_sections_and_a_one_off_run_still_show_every_report(tmp_path):
    from tests.conftest import write_suite

    config = report_config.load(
        write_suite(
            tmp_path,
            [
                {"name": "a", "notebook": "06_data_overview.ipynb"},
                {"name": "b", "notebook": "06_data_overview.ipynb", "title": "乙 <b>"},
            ],
        )
    )
    out = tmp_path / "reports"
    published(out, ["a", "b", "overview-tongliao"])
    state = state_of([ok("a"), ok("b")])
    one_off = ok("overview-tongliao", adhoc=True)
    state = state_of([one_off], state)
    soup = soup_of(index.page(out, RUN, state, config))
    other = soup.find("section", id="other")
    assert [li["id"] for li in other.select("li.row")] == ["r-a", "r-b"]
    assert "乙 <b>" in other.get_text()  # escaped text, not markup
    one_offs = soup.find("section", id="one-off")
    assert [li["id"] for li in one_offs.select("li.row")] == ["r-overview-tongliao"]


def test_a_section_that_is_not_declared_is_refused(tmp_path):
    from tests.conftest import write_suite

    path = write_suite(
        tmp_path, [{"name": "a", "notebook": "06_data_overview.ipynb", "section": "appendx"}]
    )
    with pytest.raises(report_config.RDAnalysisError, match="section 'appendx' is not declared"):
        report_config.jobs(report_config.load(path))


def test_an_english_index_has_english_words_only(tmp_path):
    """An index in English (``index: {lang: en}``) with no title of its own: its title, status
    and data words come from the catalogue in English; only the report titles, quoted as the
    suite gives them, may be Chinese."""
    import re

    import yaml

    from tests.conftest import write_suite

    path = write_suite(tmp_path, [{"name": "a", "notebook": "06_data_overview.ipynb"}])
    text = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**text, "index": {"lang": "en"}}), encoding="utf-8")
    config = report_config.load(path)
    out = tmp_path / "reports"
    published(out, ["a"])
    soup = soup_of(index.page(out, RUN, state_of([ok("a")]), config))
    assert soup.title.get_text() == "rdanalysis reports"
    for title in soup.select(".title"):
        title.decompose()  # the report's own title, as the suite gives it
    assert re.findall(r"[\u4e00-\u9fff]+", soup.get_text()) == []
