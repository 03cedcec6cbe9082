"""Notebooks: committed clean, parameterised, and executed through papermill in the suite."""

from __future__ import annotations

import json

import nbformat
import pytest

from rdanalysis import reference
from rdanalysis.report import config as report_config
from rdanalysis.report import notebooks as notebooks

NOTEBOOKS = notebooks.notebook_paths()


def test_there_are_notebooks():
    names = [nb.name for nb in NOTEBOOKS]
    assert "01_trajectory.ipynb" in names and "06_data_overview.ipynb" in names
    # the appendix closes the suite (the province reports, 07-08, come before it)
    suite = report_config.load()["suite"]
    assert suite[-1]["notebook"] == "06_data_overview.ipynb"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(nb):
    data = json.loads(nb.read_text(encoding="utf-8"))
    for cell in data["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, nb.name


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_is_typed_and_commented(nb):
    book = nbformat.read(nb, as_version=4)
    tagged = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    params = report_config.declared(nb)
    assert params, nb.name
    for name, spec in params.items():
        assert spec["inferred_type_name"] != "None", name
        assert spec["help"], f"{nb.name}: parameter {name} has no comment"
    assert book.metadata["kernelspec"]["name"] == notebooks.KERNEL


@pytest.mark.parametrize("region", [reference.CITY, "全国", "科尔沁区"])
def test_data_overview_executes_through_papermill(tmp_path, region):
    nb = notebooks.NOTEBOOKS_DIR / "06_data_overview.ipynb"
    out = notebooks.execute(nb, tmp_path / nb.name, {"region": region, "start_year": 2016})
    book = nbformat.read(out, as_version=4)
    errors = [
        o for c in book.cells for o in c.get("outputs", []) if o.get("output_type") == "error"
    ]
    assert errors == []
    images = [
        o for c in book.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    assert len(images) == 1
    text = json.dumps(book.cells, ensure_ascii=False)
    assert region in text
    if region == reference.CITY:
        assert "示例数据(非真实统计)" in text
    from rdanalysis.report import html as report_html

    html = report_html.notebook_html(book)
    assert report_html.external_references(html) == []
    assert "data:image/png;base64" in html
    assert "import rdanalysis" not in html  # code hidden


def test_unknown_parameter_is_refused(tmp_path):
    from rdanalysis.errors import RDAnalysisError

    nb = notebooks.NOTEBOOKS_DIR / "06_data_overview.ipynb"
    with pytest.raises(RDAnalysisError, match=r"unknown parameter.*regoin"):
        notebooks.execute(nb, tmp_path / nb.name, {"regoin": "通辽市"})


TRAJECTORY_REGIONS = [reference.CITY, *reference.counties(), "内蒙古自治区", "全国"]


@pytest.mark.parametrize("region", TRAJECTORY_REGIONS)
def test_trajectory_executes_for_every_region(tmp_path, region):
    nb = notebooks.NOTEBOOKS_DIR / "01_trajectory.ipynb"
    params = {"region": region, "n_paths": 300}
    if region == "全国":
        params.update(target_pct=3.0, target_year=2030)
    out = notebooks.execute(nb, tmp_path / nb.name, params)
    book = nbformat.read(out, as_version=4)
    outputs = [o for c in book.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert len([o for o in outputs if "image/png" in o.get("data", {})]) == 2
    text = json.dumps(book.cells, ensure_ascii=False)
    assert "解读" in text and "MASE" in text
    if region != "全国" and region != "内蒙古自治区":
        assert "示例数据(非真实统计)" in text


def test_trajectory_replays_from_an_earlier_year(tmp_path):
    nb = notebooks.NOTEBOOKS_DIR / "01_trajectory.ipynb"
    out = notebooks.execute(nb, tmp_path / nb.name, {"last_actual_year": 2021, "n_paths": 300})
    text = json.dumps(nbformat.read(out, as_version=4).cells, ensure_ascii=False)
    # The forecast starts after 2021: its table begins in 2022 and the backtest uses 2015-2021.
    assert '"year": {\\n' not in text
    assert "2022" in text and "0.51" in text


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("02_sectors", {}),
        ("02_sectors", {"region": "全国"}),
        ("03_counties", {}),
        ("04_county_profile", {"county": "通辽经济技术开发区"}),
    ],
    ids=["sectors-tongliao", "sectors-china", "counties", "profile-zone"],
)
def test_structure_notebooks_execute(tmp_path, name, params):
    nb = notebooks.NOTEBOOKS_DIR / f"{name}.ipynb"
    out = notebooks.execute(nb, tmp_path / nb.name, params)
    book = nbformat.read(out, as_version=4)
    outputs = [o for c in book.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert [o for o in outputs if "image/png" in o.get("data", {})]
    assert "解读" in json.dumps(book.cells, ensure_ascii=False)


def _user_dataset(folder):
    """A small dataset in the template: Tongliao by sector and its nine units, 2022-2024."""
    folder.mkdir()
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
            gdp = 100 + 10 * i + 5 * k
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


def test_every_notebook_runs_on_a_user_dataset(tmp_path, monkeypatch):
    from rdanalysis.data import build

    _user_dataset(tmp_path / "user")
    processed = tmp_path / "processed"
    build.build(tmp_path / "user", include_illustrative=False, out_dir=processed)
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(processed))
    for nb in NOTEBOOKS:
        out = notebooks.execute(nb, tmp_path / nb.name, {})
        book = nbformat.read(out, as_version=4)
        outputs = [o for c in book.cells for o in c.get("outputs", [])]
        assert not [o for o in outputs if o.get("output_type") == "error"], nb.name
        shown = json.dumps(outputs, ensure_ascii=False)
        assert "示例数据(非真实统计)" not in shown, nb.name
        if nb.name.startswith("06"):  # its tables list every source as text
            assert "测试用数据" in shown, nb.name


def test_dashboard_is_the_front_page_and_shows_every_target(tmp_path):
    assert NOTEBOOKS[0].name == "00_dashboard.ipynb"
    out = notebooks.execute(NOTEBOOKS[0], tmp_path / "d.ipynb", {"n_paths": 300})
    book = nbformat.read(out, as_version=4)
    outputs = [o for c in book.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    shown = json.dumps(outputs, ensure_ascii=False)
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


@pytest.mark.parametrize("county", ["全市", *reference.counties()])
def test_coverage_notebook_for_every_county_lists_no_enterprise(tmp_path, county):
    nb = notebooks.NOTEBOOKS_DIR / "05_enterprise_coverage.ipynb"
    out = notebooks.execute(nb, tmp_path / nb.name, {"county": county})
    book = nbformat.read(out, as_version=4)
    outputs = [o for c in book.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    shown = json.dumps(outputs, ensure_ascii=False)
    assert "示例企业" not in shown and "ILL0" not in shown  # no individual enterprise by default
    assert "企业名单默认不显示" in shown


def test_coverage_notebook_lists_enterprises_only_when_asked(tmp_path):
    nb = notebooks.NOTEBOOKS_DIR / "05_enterprise_coverage.ipynb"
    out = notebooks.execute(nb, tmp_path / nb.name, {"list_enterprises": True})
    shown = json.dumps(
        [o for c in nbformat.read(out, as_version=4).cells for o in c.get("outputs", [])],
        ensure_ascii=False,
    )
    assert "示例企业" in shown
