"""Notebooks: committed clean, parameterised, and executed through the production report runner
(``report.run``) on one sample suite shared by the tests below."""

from __future__ import annotations

import ast
import json
import re

import pytest
from bs4 import BeautifulSoup

import rdanalysis as rd
from rdanalysis import paths, reference
from rdanalysis.analysis import views
from rdanalysis.errors import RDAnalysisError
from rdanalysis.report import config as report_config
from rdanalysis.report import notebooks as notebooks
from rdanalysis.report import run as report_run
from rdanalysis.report.publishing import html as report_html
from rdanalysis.text import labels
from rdanalysis.text import regions as region_text
from rdanalysis.text.tables import to_html

NOTEBOOKS = notebooks.notebook_paths()


#: Units of the city in the sample suite: the largest district and the development zone (the
#: one unit that is not a banner or county). The shipped suite (reports.yml) renders all nine, in
#: `make run`; here two are enough to run every code path of a unit's report, and each report
#: left out saves a kernel run in every test session.
SAMPLE_UNITS = ["科尔沁区", "通辽经济技术开发区"]
TRAJECTORY_REGIONS = [reference.CITY, *SAMPLE_UNITS, "内蒙古自治区"]
OVERVIEW_REGIONS = [reference.CITY, "全国", "科尔沁区"]
COVERAGE_COUNTIES = ["全市", *SAMPLE_UNITS]


def _name(prefix: str, value: str) -> str:
    return f"{prefix}-{report_config.slug(value)}"


SAMPLE = [
    {
        "name": "overview-{region}",
        "notebook": "06_data_overview.ipynb",
        "parameters": {"start_year": 2016},
        "matrix": {"region": OVERVIEW_REGIONS},
    },
    {
        "name": "trajectory-{region}",
        "notebook": "01_trajectory.ipynb",
        "parameters": {"n_paths": 300},
        "matrix": {"region": TRAJECTORY_REGIONS},
    },
    {
        "name": "trajectory-china",
        "notebook": "01_trajectory.ipynb",
        "parameters": {"region": "全国", "n_paths": 300, "target_pct": 3.0, "target_year": 2030},
    },
    {
        "name": "trajectory-replay",
        "notebook": "01_trajectory.ipynb",
        "parameters": {"last_actual_year": 2021, "n_paths": 300},
    },
    {"name": "sectors-tongliao", "notebook": "02_sectors.ipynb"},
    {"name": "sectors-china", "notebook": "02_sectors.ipynb", "parameters": {"region": "全国"}},
    {"name": "counties", "notebook": "03_counties.ipynb"},
    {
        "name": "profile-zone",
        "notebook": "04_county_profile.ipynb",
        "parameters": {"county": "通辽经济技术开发区"},
    },
    {"name": "dashboard", "notebook": "00_dashboard.ipynb", "parameters": {"n_paths": 300}},
    {
        "name": "coverage-{county}",
        "notebook": "05_enterprise_coverage.ipynb",
        "matrix": {"county": COVERAGE_COUNTIES},
    },
    {
        "name": "coverage-list",
        "notebook": "05_enterprise_coverage.ipynb",
        "parameters": {"list_enterprises": True},
    },
    # The same reports in English (lang=en): compared with their Chinese twins below.
    {
        "name": "dashboard-en",
        "notebook": "00_dashboard.ipynb",
        "parameters": {"n_paths": 300, "lang": "en"},
    },
    {
        "name": "trajectory-en",
        "notebook": "01_trajectory.ipynb",
        "parameters": {"n_paths": 300, "region": reference.CITY, "lang": "en"},
    },
    {"name": "counties-en", "notebook": "03_counties.ipynb", "parameters": {"lang": "en"}},
    {"name": "sectors-tongliao-en", "notebook": "02_sectors.ipynb", "parameters": {"lang": "en"}},
    {
        "name": "coverage-en",
        "notebook": "05_enterprise_coverage.ipynb",
        "parameters": {"lang": "en"},
    },
    {
        "name": "profile-zone-en",
        "notebook": "04_county_profile.ipynb",
        "parameters": {"county": "通辽经济技术开发区", "lang": "en"},
    },
    # the province reports and the appendix, for the publication lint in both languages
    {"name": "china", "notebook": "07_china_by_province.ipynb"},
    {
        "name": "province-en",
        "notebook": "08_province_profile.ipynb",
        "parameters": {"region": "广东省", "lang": "en"},
    },
    {
        "name": "overview-en",
        "notebook": "06_data_overview.ipynb",
        "parameters": {"region": "全国", "lang": "en"},
    },
]
#: Each English report of the sample suite and its Chinese twin (same parameters otherwise).
TWINS = {
    "dashboard-en": "dashboard",
    "trajectory-en": f"trajectory-{report_config.slug(reference.CITY)}",
    "counties-en": "counties",
    "profile-zone-en": "profile-zone",
    "sectors-tongliao-en": "sectors-tongliao",
    "coverage-en": _name("coverage", "全市"),
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory, suite_config, processed):
    """One run of the production runner over the sample suite (two reports at a time)."""
    tmp = tmp_path_factory.mktemp("sample")
    config = suite_config(tmp, SAMPLE)
    outcomes = report_run.run(config, out_dir=tmp / "reports", n_jobs=2, progress=False)
    return tmp / "reports", {o.name: o for o in outcomes}


def _report(sample, executed_notebook, name):
    out, outcomes = sample
    assert outcomes[name].status == "ok", outcomes[name].error
    return executed_notebook(out, name)


def _outputs(book) -> list:
    return [o for c in book.cells for o in c.get("outputs", [])]


def _shown(book) -> str:
    """Everything the executed notebook shows (outputs only, never the cells' source)."""
    return json.dumps(_outputs(book), ensure_ascii=False)


def _images(book) -> int:
    return len([o for o in _outputs(book) if "image/png" in o.get("data", {})])


@pytest.mark.parametrize("region", OVERVIEW_REGIONS)
def test_data_overview_executes_through_the_runner(sample, executed_notebook, region):
    book = _report(sample, executed_notebook, _name("overview", region))
    assert _images(book) == 1
    shown = _shown(book)
    assert region in shown  # shown in an output, not only in the injected parameters cell
    assert book.metadata["rdanalysis"]["parameters"]["region"] == region
    facts = report_html.facts(book)
    assert facts["recorded"]
    if region == reference.CITY:
        assert facts["illustrative"] and "illustrative" in facts["statuses"]
    out, _ = sample
    html = (out / "latest" / f"{_name('overview', region)}.html").read_text(encoding="utf-8")
    assert report_html.external_references(html) == []
    assert "data:image/png;base64" in html
    assert "import rdanalysis" not in html  # code hidden
    assert "rdanalysis.facts" not in html  # the runner's facts cell is not in the page


def test_unknown_parameter_is_refused_before_running(tmp_path, suite_config):
    config = suite_config(
        tmp_path,
        [{"name": "x", "notebook": "06_data_overview.ipynb", "parameters": {"regoin": "通辽市"}}],
    )
    with pytest.raises(RDAnalysisError, match=r"unknown parameter 'regoin'"):
        report_run.run(config, out_dir=tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("region", [*TRAJECTORY_REGIONS, "全国"])
def test_trajectory_executes_for_each_kind_of_region(sample, executed_notebook, region):
    name = "trajectory-china" if region == "全国" else _name("trajectory", region)
    book = _report(sample, executed_notebook, name)
    assert _images(book) == 2
    shown = _shown(book)
    assert "解读" in shown and "MASE" in shown
    published = region in ("全国", "内蒙古自治区")
    assert report_html.facts(book)["illustrative"] is not published


def _ran_with(book, notebook: str) -> dict:
    """The parameters ``book`` ran with: the notebook's defaults, then those the runner injected."""
    declared = report_config.declared(paths.NOTEBOOKS / notebook)
    values = {name: ast.literal_eval(spec["default"]) for name, spec in declared.items()}
    return {**values, **book.metadata["papermill"]["parameters"]}


def _page_tables(html: str) -> list[tuple[list[str], list[list[str]]]]:
    """Each table of a page as its header row and body rows, as the reader sees the cells."""
    found = []
    for table in BeautifulSoup(html, "html.parser").select("table"):
        head = [th.get_text() for th in table.select("thead th")]
        rows = [[c.get_text() for c in tr.select("th, td")] for tr in table.select("tbody tr")]
        found.append((head, rows))
    return found


def _assert_on_page(page: list, exhibit, what: str) -> list[list[str]]:
    """``exhibit`` (a declared table computed here from the view) is on the page: a table with
    its header and, row by row, its cells formatted as the page formats them."""
    (expected,) = _page_tables(to_html(exhibit.payload()))
    assert expected[1], f"{what}: the view gives an empty table"
    assert expected in page, (what, expected, [head for head, _ in page])
    return expected[1]


def _published(sample, name: str) -> list:
    out, _ = sample
    return _page_tables((out / "latest" / f"{name}.html").read_text(encoding="utf-8"))


def test_trajectory_replays_from_an_earlier_year(sample, executed_notebook):
    """Replayed from 2021, the page's forecast table is the view's, from 2022 to the target year,
    and its backtest table scores only forecasts made from data up to 2021."""
    book = _report(sample, executed_notebook, "trajectory-replay")
    p = _ran_with(book, "01_trajectory.ipynb")
    assert p["last_actual_year"] == 2021
    o = views.outlook.build(
        rd.load_all(),
        p["region"],
        p["target_pct"],
        p["target_year"],
        p["last_actual_year"],
        p["method"],
        tuple(p["gdp_growth_scenarios"]),
        p["n_paths"],
    )
    assert o.result.backtest["year"].max() <= 2021  # the replay keeps later values aside
    page = _published(sample, "trajectory-replay")
    table = o.result.forecast.table(tuple(p["interval_levels"]))
    rows = _assert_on_page(page, labels.table(table, "zh"), "forecast")
    assert [r[0] for r in rows] == [str(y) for y in range(2022, p["target_year"] + 1)]
    _assert_on_page(page, labels.table(o.result.summary, "zh"), "backtest")
    _assert_on_page(page, labels.table(o.required, "zh"), "required growth")


def _structure_exhibits(name: str, p: dict) -> dict:
    """The tables the report ``name`` shows, computed here from its view."""
    tables = rd.load_all()
    if name.startswith("sectors"):
        v = views.splits.build(
            tables, p["region"], p["split"], p["start_year"], p["end_year"], p["denominator"]
        )
        return {
            "shares": labels.table(v.shares, "zh", values="value_pct", headers="part"),
            "effects": labels.table(v.effects, "zh", rename={"unit": "effect_unit"}),
            "contributions": labels.table(v.contributions, "zh"),
        }
    growth = (p["target_pct"], p["target_year"], p["gdp_growth"])
    if name == "counties":
        v = views.regions.build(tables, p["parent"], p["start_year"], p["end_year"], *growth)
        return {
            "league": region_text.league_table(v, "zh"),
            "effects": labels.table(v.decomposition.effects, "zh", rename={"unit": "effect_unit"}),
        }
    v = views.profiles.build(tables, p["county"], p["start_year"], p["end_year"], *growth)
    return {"profile": labels.profile_row(v.row, v.name, "zh")}


@pytest.mark.parametrize(
    ("name", "notebook"),
    [
        ("sectors-tongliao", "02_sectors.ipynb"),
        ("sectors-china", "02_sectors.ipynb"),
        ("counties", "03_counties.ipynb"),
        ("profile-zone", "04_county_profile.ipynb"),
    ],
)
def test_structure_notebooks_show_their_view_s_numbers(sample, executed_notebook, name, notebook):
    """Each table of the structure reports is on the page with the numbers of its view, in the
    page's formats (shares, effects, contributions; the league; a unit's profile)."""
    book = _report(sample, executed_notebook, name)
    page = _published(sample, name)
    for what, exhibit in _structure_exhibits(name, _ran_with(book, notebook)).items():
        _assert_on_page(page, exhibit, f"{name}: {what}")
    assert _images(book) >= 1 and "解读" in _shown(book)


def test_dashboard_is_the_front_page_and_shows_every_target(sample, executed_notebook):
    assert NOTEBOOKS[0].name == "00_dashboard.ipynb"
    shown = _shown(_report(sample, executed_notebook, "dashboard"))
    for name in (
        "全社会R&D经费投入强度",
        "企业R&D经费占比",
        "科研机构和三甲医院R&D经费占比",
        "规上工业企业研发机构覆盖率",
        "规上工业企业研发投入覆盖率",
        "规上工业企业研发活动覆盖率",
        "有效发明专利拥有量",
        "每万人高价值发明专利拥有量",
        "知识产权质押融资额(累计)",
    ):
        assert name in shown
    assert "判定规则" in shown and "责任单位" in shown


@pytest.mark.parametrize("county", COVERAGE_COUNTIES)
def test_coverage_notebook_for_the_city_and_its_units_lists_no_enterprise(
    sample, executed_notebook, county
):
    shown = _shown(_report(sample, executed_notebook, _name("coverage", county)))
    assert "示例企业" not in shown and "ILL0" not in shown  # no individual enterprise by default
    assert "企业名单涉及单个企业的信息" in shown


def test_coverage_notebook_lists_enterprises_only_when_asked(sample, executed_notebook):
    shown = _shown(_report(sample, executed_notebook, "coverage-list"))
    assert "示例企业" in shown


def _numbers(book, decimals: int) -> set[float]:
    """Every number in the tables the executed report shows (its exhibits), rounded."""
    from rdanalysis import exhibits

    found = set()
    for ex in exhibits.collect(book):
        if ex["kind"] != "table":
            continue
        for row in ex["rows"]:
            for value in row:
                if isinstance(value, int | float) and not isinstance(value, bool):
                    found.add(round(float(value), decimals))
    return found


def test_cli_decompose_prints_the_numbers_the_county_report_shows(
    sample, executed_notebook, run_cli
):
    book = _report(sample, executed_notebook, "counties")
    code, out, err = run_cli("decompose", "--by", "county", "--format", "json")
    assert code == 0, err
    effects = [round(r["effect_pp"], 4) for r in json.loads(out)["rows"]]
    assert len(effects) >= 9
    assert set(effects) <= _numbers(book, 4), set(effects) - _numbers(book, 4)


def test_cli_targets_prints_the_numbers_the_dashboard_shows(sample, executed_notebook, run_cli):
    book = _report(sample, executed_notebook, "dashboard")
    code, out, err = run_cli("targets", "--format", "json")
    assert code == 0, err
    latest = {round(r["latest"], 2) for r in json.loads(out)["rows"] if r["latest"] is not None}
    assert len(latest) >= 5
    assert latest <= _numbers(book, 2), latest - _numbers(book, 2)


#: The partial datasets of issue 9 (regions, measures, with sectors), cut from a realistic user
#: file; the build keeps the illustrative data for everything the user does not supply.
PARTIAL = {
    "one-county": ({"科尔沁区"}, ["R&D经费(亿元)"], False),
    "city-only": ({reference.CITY}, ["R&D经费(亿元)", "地区生产总值(亿元)"], True),
    "city-without-sectors": ({reference.CITY}, ["R&D经费(亿元)"], False),
}
#: Where a split is missing, the sentence the report must show (report name -> words).
SAYS_MISSING = {
    "one-county": {
        "01-trajectory": "未提供通辽市的R&D经费合计",
        "02-sectors": "未提供通辽市分执行主体数据",
        "03-counties": "开鲁县",  # one of the eight units without R&D, counted as 0
        "04-county-profile": "开鲁县",
    },
    "city-only": {
        "03-counties": "未提供分旗县市区数据",
        "04-county-profile": "未提供分旗县市区数据",
    },
    "city-without-sectors": {
        "02-sectors": "未提供通辽市分执行主体数据",
        "03-counties": "未提供分旗县市区数据",
        "04-county-profile": "未提供分旗县市区数据",
    },
}
#: The same in an English report (notebooks 01-04 with lang=en, in the one-county case): the
#: English sentence, and none of the Chinese one.
SAYS_MISSING_EN = {
    "01-trajectory-en": ("No total R&D spending supplied for Tongliao", "未提供"),
    "02-sectors-en": ("No split by performing sector supplied for Tongliao", "未提供"),
    "03-counties-en": ("Kailu County", "开鲁县"),
    "04-county-profile-en": ("Kailu County", "开鲁县"),
}


def lint_pages(latest) -> dict[str, list[str]]:
    """The publication lint (``report.publishing.lint``) over every page in ``latest``:
    page -> problems."""
    from rdanalysis.report.publishing import lint

    found = {}
    for page in sorted(latest.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        lang = "en" if '<html lang="en"' in text else "zh"
        problems = lint.problems(text, lang)
        if problems:
            found[page.name] = problems
    return found


def test_every_page_of_the_sample_suite_passes_the_publication_lint(sample):
    """No NaN/None/True, float year, e-notation, raw Markdown, 5+ decimals, internal code, empty
    section, active content, Chinese in an English heading or chart without alt text, on any
    page of the sample suite in either language."""
    out, outcomes = sample
    assert all(o.status == "ok" for o in outcomes.values())
    assert lint_pages(out / "latest") == {}


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


#: Punctuation that joins or frames the allowed quotations (、 between responsible units, 《》 and
#: 〔〕 in a document's title and number).
_QUOTING = "、《》()〔〕"


def _page(sample, name: str) -> str:
    out, outcomes = sample
    assert outcomes[name].status == "ok", outcomes[name].error
    return (out / "latest" / f"{name}.html").read_text(encoding="utf-8")


def _allowed_chinese() -> list[str]:
    """What an English report may quote in Chinese: the sources as published (titles of official
    documents and tables), region names with no English form, and the plan file's own words
    (its title and number, task titles and responsible units: quoted as the plan writes them)."""
    import rdanalysis as rd
    from rdanalysis.data import plans

    tables = rd.load_all()
    allowed = set(tables["sources"]["title"]) | set(tables["sources"]["producer"])
    for text in tables["observations"]["source"].dropna().unique():
        allowed |= set(str(text).split(" / "))
    allowed |= {r.name for r in reference.regions().values() if not r.en}
    plan = plans.load("tongliao-2023")
    allowed |= {plan.title, plan.number}
    for item in (*plan.targets, *plan.tasks):
        allowed |= set(item.responsible)
    allowed |= {task.title for task in plan.tasks}
    allowed |= set(tables["enterprises"]["industry"].dropna())  # industry names, as classified
    return sorted((a for a in allowed if a and _CJK.search(a)), key=len, reverse=True)


@pytest.mark.parametrize("name", sorted(TWINS))
def test_an_english_report_has_no_chinese_outside_names_and_sources(sample, name):
    from bs4 import BeautifulSoup

    page = _page(sample, name)
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "en" and not _CJK.search(soup.title.string)
    footer = soup.find("footer")  # raw files (data/raw/manifest.yml) and parameters, verbatim
    for quoted in footer.find_all("table") + footer.find_all("code"):
        quoted.decompose()
    text = soup.get_text(" ")
    for allowed in _allowed_chinese():
        text = text.replace(allowed, " ")
    left = sorted({m.group() for m in _CJK.finditer(text) if m.group().strip(_QUOTING)})
    assert not left, left
    assert "Reading:" in text and "Contents" in text


@pytest.mark.parametrize("name", sorted(TWINS.values()))
def test_a_chinese_report_repeats_no_heading_in_english(sample, name):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_page(sample, name), "html.parser")
    assert soup.html["lang"] == "zh-CN"
    headings = [h.get_text().strip() for h in soup.find_all(["h1", "h2"])]
    assert len(headings) >= 3, headings
    for heading in headings:  # 'R&D' and 'GDP' are written so in Chinese too; a phrase is not
        assert not re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", heading), heading
    assert "Reading:" not in soup.get_text() and "解读" in soup.get_text()


@pytest.mark.parametrize("english", sorted(TWINS))
def test_a_report_shows_the_same_numbers_in_either_language(sample, executed_notebook, english):
    zh = _report(sample, executed_notebook, TWINS[english])
    en = _report(sample, executed_notebook, english)
    assert _numbers(en, 6) == _numbers(zh, 6)
    assert len(_numbers(en, 6)) >= 5
    assert _images(en) == _images(zh) >= 1


def test_an_english_workbook_has_english_sheets_and_headers(sample):
    from openpyxl import load_workbook

    out, _ = sample
    wb = load_workbook(out / "latest" / "counties-en.xlsx", read_only=True)
    assert wb.sheetnames[0] == "About"
    for ws in wb.worksheets[1:]:
        headers = next(ws.iter_rows(min_row=4, max_row=4, values_only=True))
        found = [h for h in headers if h and _CJK.search(str(h))]
        assert not found, (ws.title, found)
        assert not _CJK.search(ws.title), ws.title
