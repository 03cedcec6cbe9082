"""Every notebook on the user's own data: a small dataset in the template, and partial datasets
where each report says what is missing."""

from __future__ import annotations

import pandas as pd
import pytest

from rdanalysis import paths, reference
from rdanalysis.report import notebooks as notebooks
from rdanalysis.report import run as report_run
from rdanalysis.report.publishing import html as report_html
from tests.kernel.test_notebooks import (
    NOTEBOOKS,
    PARTIAL,
    SAYS_MISSING,
    SAYS_MISSING_EN,
    _images,
    _shown,
    lint_pages,
)


def _published_county_gdp() -> dict[str, float]:
    """Each unit's latest published GDP (亿元), so that a test dataset stays within the build's
    year-on-year bound (3x) of the published figures."""
    public = pd.read_csv(paths.RAW_PUBLIC / "county_data.csv", dtype={"year": str})
    gdp = public[public["indicator"] == "地区生产总值"].sort_values("year")
    return dict(zip(gdp["region"], gdp["value"].astype(float), strict=True))


def _user_dataset(folder):
    """A small dataset in the template: Tongliao by sector and its nine units, 2022-2024 (GDP
    near each unit's published level, 150 亿元 where none is published)."""
    folder.mkdir()
    published = _published_county_gdp()
    lines = ["地区,年份,执行主体,R&D经费(万元),地区生产总值(亿元),来源"]
    shares = {
        "企业": 0.78,
        "政府属研究机构": 0.08,
        "高等学校": 0.06,
        "医疗卫生机构": 0.04,
        "其他": 0.04,
    }
    for k, year in enumerate((2022, 2023, 2024)):
        total = 0
        for i, county in enumerate(reference.counties()):
            rd = 2000 + 500 * i + 300 * k  # 万元
            gdp = round(published.get(county, 150) * (1 + 0.05 * k), 1)
            lines.append(f"{county},{year},合计,{rd},{gdp},测试用数据")
            total += rd
        lines.append(f"通辽市,{year},合计,{total},,测试用数据")
        for sector, share in shares.items():
            lines.append(f"通辽市,{year},{sector},{total * share:.0f},,测试用数据")
    (folder / "official.csv").write_text("\n".join(lines) + "\n", encoding="gbk")
    firms = [
        "企业代码,企业名称,地区,行业,年份,营业收入(万元),R&D经费(万元),是否有研发机构,"
        "是否有研发活动,是否高新技术企业,来源"
    ]
    for i, county in enumerate(reference.counties()):
        for year in (2023, 2024):
            firms.append(
                f"T{i:03d},测试企业{i},{county},食品制造业,{year},{15000 + 1000 * i},"
                f"{0 if i % 3 == 0 else 100 + i},{'是' if i % 2 else '否'},"
                f"{'否' if i % 3 == 0 else '是'},否,测试用数据"
            )
    (folder / "firms.csv").write_text("\n".join(firms) + "\n", encoding="utf-8")


def test_every_notebook_runs_on_a_user_dataset(
    tmp_path, monkeypatch, suite_config, executed_notebook
):
    from rdanalysis.data import build

    _user_dataset(tmp_path / "user")
    processed = tmp_path / "processed"
    build.build(tmp_path / "user", include_illustrative=False, out_dir=processed)
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(processed))
    # Every notebook that reads the city's data (07 and 08 read only the published province
    # panel, which a user file does not replace; they run on user data in the partial-data test).
    notebooks = [nb for nb in NOTEBOOKS if nb.stem < "07"]
    suite = [{"name": nb.stem.replace("_", "-"), "notebook": nb.name} for nb in notebooks]
    config = suite_config(tmp_path, suite)
    out = tmp_path / "reports"
    outcomes = report_run.run(config, out_dir=out, n_jobs=2, progress=False)
    assert [o.status for o in outcomes] == ["ok"] * len(notebooks), [o.error for o in outcomes]
    for o in outcomes:
        book = executed_notebook(out, o.name)
        facts = report_html.facts(book)
        assert not facts["illustrative"] and "illustrative" not in facts["statuses"], o.name
        assert not o.illustrative
        shown = _shown(book)
        assert "示例数据(非真实统计)" not in shown, o.name
        if o.name.startswith("06"):  # its tables list every source as text
            assert "测试用数据" in shown, o.name


@pytest.mark.parametrize("case", list(PARTIAL))
def test_every_report_renders_on_partial_data_and_says_what_is_missing(
    case, tmp_path, monkeypatch, suite_config, executed_notebook
):
    from test_partial_data import YEARS, _write_subset

    from rdanalysis.data import build

    regions, measures, sectors = PARTIAL[case]
    user = tmp_path / "user"
    user.mkdir()
    assert _write_subset(user, regions, set(YEARS), measures, sectors) > 0
    processed = tmp_path / "processed"
    build.build(user, out_dir=processed)
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(processed))
    fast = {"n_paths": 300}
    # The province reports (07, 08) read only the published province panel, which no user file
    # replaces: they run in the first case only (a kernel run less per report and case).
    notebooks = [nb for nb in NOTEBOOKS if case == "one-county" or nb.stem < "07"]
    suite = [
        {
            "name": nb.stem.replace("_", "-"),
            "notebook": nb.name,
            **({"parameters": fast} if nb.stem.startswith(("00", "01")) else {}),
        }
        for nb in notebooks
    ]
    if case == "one-county":  # what is missing, said in English in an English report
        twins = [r for r in suite if r["name"].startswith(("01", "02", "03", "04"))]
        for r in twins:
            english = {**r.get("parameters", {}), "lang": "en"}
            suite.append({**r, "name": f"{r['name']}-en", "parameters": english})
    out = tmp_path / "reports"
    outcomes = report_run.run(suite_config(tmp_path, suite), out_dir=out, n_jobs=2, progress=False)
    failed = {o.name: o.error for o in outcomes if o.status != "ok"}
    assert not failed, failed
    for name, words in SAYS_MISSING[case].items():
        shown = _shown(executed_notebook(out, name))
        assert words in shown, (name, words)
        assert "Traceback" not in shown and "Error" not in shown, name
        assert "supplied" not in shown, name  # no English sentence in a Chinese report
    english = SAYS_MISSING_EN if case == "one-county" else {}
    for name, (words, chinese) in english.items():
        shown = _shown(executed_notebook(out, name))
        assert words in shown and chinese not in shown, (name, words)
    if case != "one-county":  # the city's own series is there: its trajectory is drawn
        assert _images(executed_notebook(out, "01-trajectory")) == 2
    # and what a reader sees is publishable as it is, on partial data too
    assert lint_pages(out / "latest") == {}
