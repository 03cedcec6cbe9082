"""Plausibility by measure: careless values that parse cleanly and would turn a dashboard to
达到目标 (or hide a region's R&D) are refused at file:row:column with the likely fix; what a
statistics bureau would accept with a remark is a note; nothing in the user folder is ignored
without a word."""

from __future__ import annotations

import pytest

from rdanalysis import reference
from rdanalysis.data import build, template
from rdanalysis.errors import RDAnalysisError, errors_only
from tests.conftest import SOURCE

TONGLIAO_GDP_2022 = 1561.8  # published (data/raw/public/tongliao_macro.csv)
RD_2022 = 8.9  # 亿元: 8.9 / 1561.8 = 0.57 % of GDP
INTENSITY = "R&D经费投入强度(%)"
HEADER = f"地区,年份,R&D经费(亿元),地区生产总值(亿元),{INTENSITY},来源,备注"


def _check(run_cli, *paths) -> tuple[int, str]:
    code, out, err = run_cli("data", "check", *map(str, paths))
    assert "Traceback" not in out + err
    return code, out + err


def _row(region="通辽市", rd="", gdp="", pct="", note="", year=2022) -> str:
    return f"{region},{year},{rd},{gdp},{pct},{SOURCE},{note}"


# --- intensity: range, fractions, agreement with R&D ÷ GDP ------------------------------------


def test_an_intensity_of_57_percent_is_refused(write_csv, run_cli):
    path = write_csv([HEADER, _row(pct="57")])
    code, out = _check(run_cli, path)
    assert code == 2
    assert f"{path}:2:{INTENSITY}: R&D intensity 57% of 通辽市 2022 is above 10%" in out
    assert "(0.57% with its decimal point?)" in out


def test_an_intensity_above_the_range_explained_by_a_note_is_a_note(write_csv, run_cli):
    path = write_csv([HEADER, _row(region="赤峰市", pct="8.2", note="含跨区域研发机构")])
    code, out = _check(run_cli, path)
    assert code == 0
    assert f"{path}:2:{INTENSITY}: note: R&D intensity 8.2% of 赤峰市 2022 is above 7%" in out
    assert "accepted: the row's note says '含跨区域研发机构'" in out


def test_an_intensity_that_disagrees_with_its_rows_rd_over_gdp_names_both(write_csv, run_cli):
    path = write_csv([HEADER, _row(rd=RD_2022, gdp=TONGLIAO_GDP_2022, pct="5.7")])
    code, out = _check(run_cli, path)
    assert code == 2
    assert (
        f"{path}:2:{INTENSITY}: R&D intensity 5.7% of 通辽市 2022 disagrees with its R&D ÷ GDP: "
        "8.9 亿元 ÷ 1561.8 亿元 = 0.5699% (10 times: a misplaced decimal point or a fraction?) "
        "(expected 0.57, within rounding" in out
    )


def test_an_intensity_is_checked_against_rd_and_gdp_in_other_files(write_csv, run_cli):
    rd = write_csv(["地区,年份,R&D经费(亿元),来源", f"通辽市,2022,{RD_2022},{SOURCE}"], "rd.csv")
    pct = write_csv([f"地区,年份,{INTENSITY},来源", f"通辽市,2022,5.7,{SOURCE}"], "pct.csv")
    gdp = write_csv(
        ["地区,年份,地区生产总值(亿元),来源", f"通辽市,2022,{TONGLIAO_GDP_2022},{SOURCE}"],
        "gdp.csv",
    )
    code, out = _check(run_cli, rd, pct, gdp)
    assert code == 2
    assert f"{pct}:2:{INTENSITY}: R&D intensity 5.7% of 通辽市 2022 disagrees" in out


@pytest.mark.parametrize("pct", ["0.57", "0.570", "0.6"])
def test_an_intensity_within_the_rounding_of_its_figures_is_accepted(write_csv, pct):
    # 0.6 is 0.57 rounded to the one decimal it is written with
    path = write_csv([HEADER, _row(rd=RD_2022, gdp=TONGLIAO_GDP_2022, pct=pct)])
    assert template.read_file(path).problems == []


def test_a_small_difference_from_a_revised_gdp_may_be_explained_by_a_note(write_csv):
    path = write_csv([HEADER, _row(rd=RD_2022, gdp=TONGLIAO_GDP_2022, pct="0.6", note="")])
    assert template.read_file(path).problems == []
    revised = _row(rd=RD_2022, gdp=TONGLIAO_GDP_2022, pct="0.55", note="公报口径,GDP为初步核算数")
    problems = template.read_file(write_csv([HEADER, revised])).problems
    assert [p.severity for p in problems] == ["note"]
    assert "disagrees with its R&D ÷ GDP" in problems[0].problem
    gross = _row(rd=RD_2022, gdp=TONGLIAO_GDP_2022, pct="5.7", note="公报口径")
    assert errors_only(template.read_file(write_csv([HEADER, gross])).problems)  # 10x: no note


@pytest.mark.parametrize(
    ("region", "severity"), [("通辽市", "error"), ("兴安盟", "error"), ("开鲁县", "note")]
)
def test_an_intensity_written_as_a_fraction_is_flagged_with_the_fix(write_csv, region, severity):
    path = write_csv([HEADER, _row(region=region, pct="0.0057")])
    (problem,) = template.read_file(path).problems
    assert problem.severity == severity
    assert f"R&D intensity 0.0057% of {region} 2022 looks like a fraction: 0.0057 = 0.57%" in str(
        problem
    )
    if severity == "error":
        assert problem.expected == "the percentage, 0.57 (not 0.0057)"


def test_a_fraction_with_rd_and_gdp_beside_it_is_said_once(write_csv):
    path = write_csv([HEADER, _row(rd=RD_2022, gdp=TONGLIAO_GDP_2022, pct="0.0057")])
    (problem,) = template.read_file(path).problems
    assert "1/100: a misplaced decimal point or a fraction?" in problem.problem


# --- amounts in the wrong unit against the region's GDP -----------------------------------------


def test_city_rd_in_yi_yuan_under_a_wan_yuan_header_is_refused_against_published_gdp(
    write_csv, run_cli
):
    path = write_csv(["地区,年份,R&D经费(万元),来源", f"通辽市,2022,10.5,{SOURCE}"])
    code, out = _check(run_cli, path)
    assert code == 2
    assert (
        f"{path}:2:R&D经费(万元): R&D 0.00105 亿元 is 0.000067% of GDP (1561.8 亿元) of 通辽市 "
        "2022: the amount looks like 亿元 labelled as 万元 (10.5 亿元 would be 0.67%)" in out
    )


def test_city_rd_in_yi_yuan_under_a_wan_yuan_header_is_refused_against_a_nearby_year(
    write_csv, run_cli
):
    # 2021 has no published Tongliao GDP; 2020 and 2022 do
    path = write_csv(["地区,年份,R&D经费(万元),来源", f"通辽市,2021,10.5,{SOURCE}"])
    code, out = _check(run_cli, path)
    assert code == 2
    assert "the amount looks like 亿元 labelled as 万元" in out


def test_a_county_rd_that_may_be_in_the_wrong_unit_is_only_a_note(write_csv):
    # 1.5 万元 against 156.2 亿元 of GDP: 1.5 亿元 was likely meant, but a county may spend
    # almost nothing on R&D (and too little R&D never reads as 达到目标)
    path = write_csv(
        ["地区,年份,R&D经费(万元),地区生产总值(亿元),来源", f"开鲁县,2022,1.5,156.2,{SOURCE}"]
    )
    problems = template.read_file(path).problems
    assert [p.severity for p in problems] == ["note"]
    assert "looks like 亿元 labelled as 万元" in problems[0].problem


def test_rd_above_seven_percent_of_its_own_gdp_is_refused(write_csv):
    path = write_csv([HEADER, _row(region="兴安盟", rd="80", gdp="1000")])
    (problem,) = errors_only(template.read_file(path).problems)
    assert "R&D 80 亿元 would be 8.0% of GDP (1000 亿元) of 兴安盟 2022" in problem.problem


def test_a_build_with_a_careless_intensity_fails_and_writes_nothing(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    (user / "official.csv").write_text(
        "\n".join([HEADER, _row(rd=RD_2022, gdp=TONGLIAO_GDP_2022, pct="5.7")]) + "\n", "utf-8"
    )
    out = tmp_path / "processed"
    with pytest.raises(RDAnalysisError, match="disagrees with its R&D ÷ GDP"):
        build.build(user, out_dir=out)
    assert not out.exists()


# --- enterprises ---------------------------------------------------------------------------------

FIRMS = (
    "企业代码,企业名称,地区,行业,年份,营业收入(万元),R&D经费(万元),是否有研发机构,"
    "是否有研发活动,是否高新技术企业,来源"
)


def _firm(i: int, region: str = "开鲁县", rd: str = "10", activity: str = "是") -> str:
    return f"E{i:03d},企业{i},{region},食品制造业,2022,5000,{rd},是,{activity},否,{SOURCE}"


def test_an_enterprise_outside_the_files_city_is_refused_and_not_counted(write_csv, run_cli):
    lines = [FIRMS, *(_firm(i) for i in range(5)), _firm(5, "北京市"), _firm(6, "准格尔旗")]
    path = write_csv(lines)
    result = template.read_file(path)
    assert set(result.enterprises["region"]) == {"开鲁县"}  # never a banner/county of 通辽市
    text = "\n".join(str(p) for p in result.problems)
    assert f"{path}:7:地区: 北京市 is not a banner/county; not counted" in text
    outside = "准格尔旗 is outside 通辽市, where the other 6 enterprise rows are"
    assert f"{path}:8:地区: {outside}" in text
    assert "(expected a banner/county of 通辽市" in text
    code, _ = _check(run_cli, path)
    assert code == 2


def test_an_enterprise_of_another_city_in_a_second_file_is_refused(write_csv):
    one = write_csv([FIRMS, *(_firm(i) for i in range(3))], "tongliao.csv")
    two = write_csv([FIRMS, _firm(9, "准格尔旗")], "ordos.csv")
    result = template.read_files([one, two])
    assert set(result.enterprises["region"]) == {"开鲁县"}
    assert f"{two}:2:地区: 准格尔旗 is outside 通辽市" in "\n".join(map(str, result.problems))


def test_rd_spending_without_rd_activity_is_refused_at_the_activity_column(write_csv):
    path = write_csv([FIRMS, _firm(0), _firm(1, activity="否"), _firm(2, rd="0", activity="否")])
    (problem,) = template.read_file(path).problems
    assert str(problem).startswith(
        f"{path}:3:是否有研发活动: R&D spending 10 万元 but R&D activity 否 (no)"
    )


def test_an_enterprise_given_twice_across_files_is_refused(write_csv):
    one = write_csv([FIRMS, _firm(0), _firm(1)], "a.csv")
    two = write_csv([FIRMS, _firm(1)], "b.csv")
    text = "\n".join(map(str, template.read_files([one, two]).problems))
    assert f"{two}:2:企业代码: duplicate enterprise-year: same as {one}:3" in text


# --- files in the user folder that are not read -------------------------------------------------


@pytest.fixture
def cluttered(tmp_path):
    user = tmp_path / "user"
    (user / "old").mkdir(parents=True)
    (user / "official.csv").write_text(f"地区,年份,R&D经费(亿元),来源\n通辽市,2022,8.9,{SOURCE}\n")
    for name in ("2022.xls", "notes.txt", "official.csv.bak", "~$book.xlsx", ".DS_Store"):
        (user / name).write_bytes(b"x")
    return user


def test_files_the_build_does_not_read_are_listed(cluttered, tmp_path, monkeypatch, run_cli):

    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(tmp_path / "processed"))
    code, out, err = run_cli("data", "build", "--user-data", str(cluttered))
    assert code == 0, err
    for line in [
        f"{cluttered / '2022.xls'}: note: not read: an old .xls workbook",
        f"{cluttered / 'notes.txt'}: note: not read: only .csv, .xlsx and .xlsm files are read",
        f"{cluttered / 'official.csv.bak'}: note: not read",
        f"{cluttered / 'old'}: note: not read: a folder",
        f"{cluttered / '~$book.xlsx'}: note: not read: the lock file of book.xlsx",
    ]:
        assert line in out
    assert ".DS_Store" not in out


def test_data_check_of_a_folder_reads_it_as_the_build_does(cluttered, run_cli):
    code, out = _check(run_cli, cluttered)
    assert code == 0
    assert "1 file(s) checked: 1 value(s) read, 0 error(s), 5 note(s)" in out
    assert "2022.xls: note: not read" in out


def test_data_check_of_a_folder_declares_its_regions_first(tmp_path, run_cli):
    user = tmp_path / "user"
    user.mkdir()
    (user / "regions.csv").write_text("地区,上级地区,层级\n某新区,通辽市,县\n", "utf-8")
    (user / "new.csv").write_text(f"地区,年份,R&D经费(亿元),来源\n某新区,2022,1.0,{SOURCE}\n")
    code, out = _check(run_cli, user)
    assert code == 0, out
    assert "某新区" not in reference.regions()  # the check declared nothing outside itself
