"""Careless input, round 2 (issue 21, the red-team's W2-W8, P6, P11, P13): values that parse
cleanly and would be silently wrong are refused at file:row:column with the likely fix, exit 2
and no traceback; what may be real is accepted when a 备注/note says why."""

from __future__ import annotations

import pytest

from tests.conftest import SOURCE

INTENSITY = "R&D经费投入强度(%)"
PCT_HEADER = f"地区,年份,执行主体,{INTENSITY},来源,备注"
AMOUNTS = "地区,年份,执行主体,R&D经费(亿元),地区生产总值(亿元),来源,备注"
TONGLIAO_GDP_2024 = 1686  # 亿元, published (data/raw/public/tongliao_macro.csv)


def _check(run_cli, *paths) -> tuple[int, str]:
    code, out, err = run_cli("data", "check", *map(str, paths))
    assert "Traceback" not in out + err
    return code, out + err


# --- W2: a value many times its neighbouring years -------------------------------------------


def test_an_intensity_ten_times_the_year_before_is_refused(write_csv, run_cli):
    # the red-team's file: 0.61 in 2023, 6.9 in 2024 (below 7 %: no range check sees it)
    path = write_csv(
        [
            PCT_HEADER,
            f"通辽市,2023,合计,0.61,{SOURCE},",
            f"通辽市,2024,合计,6.9,{SOURCE},",
        ]
    )
    code, out = _check(run_cli, path)
    assert code == 2
    assert (
        f"{path}:3:{INTENSITY}: R&D intensity 6.9% of 通辽市 2024 is 11.3 times its 2023 value "
        f"0.61% ({path}:2) (a misplaced decimal point?)" in out
    )
    assert "at most 3 times from one year to the next" in out
    assert f"{path}:2:" not in out  # the 2023 value is not blamed


def test_a_jump_between_files_is_found(write_csv, run_cli):
    old = write_csv([PCT_HEADER, f"通辽市,2023,合计,0.61,{SOURCE},"], "a.csv")
    new = write_csv([PCT_HEADER, f"通辽市,2024,合计,6.9,{SOURCE},"], "b.csv")
    code, out = _check(run_cli, old, new)
    assert code == 2
    assert f"{new}:2:{INTENSITY}: R&D intensity 6.9% of 通辽市 2024 is 11.3 times" in out


def test_a_jump_from_the_published_figure_is_found(write_csv, run_cli):
    # Inner Mongolia's GDP 2023 is published (24,627 亿元); ten times it for 2024 is within the
    # 30-times unit check, but not within a year's growth
    path = write_csv([AMOUNTS, f"内蒙古自治区,2024,合计,,246270,{SOURCE},"])
    code, out = _check(run_cli, path)
    assert code == 2
    assert f"{path}:2:地区生产总值(亿元): GDP 246270 亿元 of 内蒙古自治区 2024 is 10.0 times" in out
    assert "(published)" in out


def test_a_jump_of_a_small_unit_explained_by_a_note_is_a_note(write_csv, run_cli):
    path = write_csv(
        [
            AMOUNTS,
            f"开鲁县,2022,合计,0.3,,{SOURCE},",
            f"开鲁县,2023,合计,1.2,,{SOURCE},新建企业研发中心投产",
        ]
    )
    code, out = _check(run_cli, path)
    assert code == 0
    assert f"{path}:3:R&D经费(亿元): note: R&D 1.2 亿元 of 开鲁县 2023 is 4.0 times" in out
    assert "accepted: the row's note says '新建企业研发中心投产'" in out


def test_a_bare_confirmation_does_not_explain_a_jump(write_csv, run_cli):
    path = write_csv(
        [AMOUNTS, f"开鲁县,2022,合计,0.3,,{SOURCE},", f"开鲁县,2023,合计,1.2,,{SOURCE},确认无误"]
    )
    code, out = _check(run_cli, path)
    assert code == 2
    assert "(the note '确认无误' does not say why)" in out


def test_growth_as_fast_as_the_panel_has_seen_passes(write_csv, run_cli):
    path = write_csv(
        [PCT_HEADER, f"通辽市,2022,合计,0.5,{SOURCE},", f"通辽市,2023,合计,0.95,{SOURCE},"]
    )
    code, out = _check(run_cli, path)
    assert (code, "times its") == (0, "times its") and "times its" not in out


# --- W3: a note lifts only what can be real ----------------------------------------------------


def test_a_note_does_not_lift_a_city_intensity_above_the_ceiling(write_csv, run_cli):
    path = write_csv(
        [PCT_HEADER, f"通辽市,2023,合计,0.61,{SOURCE},", f"通辽市,2024,合计,66,{SOURCE},初步数"]
    )
    code, out = _check(run_cli, path)
    assert code == 2
    assert (
        f"{path}:3:{INTENSITY}: R&D intensity 66% of 通辽市 2024 is above 10%, which no city, "
        "province or country reaches (a note cannot explain it) (0.66% with its decimal point?)"
    ) in out
    assert "note:" not in out


@pytest.mark.parametrize(("pct", "code"), [("12", 0), ("25", 2)])
def test_a_county_may_be_noted_above_7_percent_up_to_its_ceiling(write_csv, run_cli, pct, code):
    path = write_csv([PCT_HEADER, f"科尔沁区,2023,合计,{pct},{SOURCE},含自治区级研发平台"])
    got, out = _check(run_cli, path)
    assert got == code
    if code == 0:
        assert "note: R&D intensity 12% of 科尔沁区 2023 is above 7%" in out
    else:
        assert "is above 20%, which no banner/county reaches (a note cannot explain it)" in out


def test_a_note_that_says_nothing_does_not_explain(write_csv, run_cli):
    path = write_csv([PCT_HEADER, f"赤峰市,2022,合计,8.2,{SOURCE},确认无误"])
    code, out = _check(run_cli, path)
    assert code == 2
    assert "R&D intensity 8.2% of 赤峰市 2022 is above 7%" in out
    assert "(the note '确认无误' does not say why)" in out


# --- W7: a sub-region against its parent ---------------------------------------------------


def test_county_gdp_in_wan_is_blamed_on_the_gdp_not_the_rd(write_csv, run_cli):
    path = write_csv([AMOUNTS, f"库伦旗,2024,合计,0.14,712400,{SOURCE},"])
    code, out = _check(run_cli, path)
    assert code == 2
    assert (
        f"{path}:2:地区生产总值(亿元): GDP 712400 亿元 of 库伦旗 2024 is 422.5 times its parent "
        f"通辽市's {TONGLIAO_GDP_2024} 亿元 (published, 2024): a part above its whole; 万元 "
        "labelled as 亿元?"
    ) in out
    assert "R&D经费(亿元)" not in out  # the R&D is not blamed


def test_a_county_gdp_nine_times_its_city_is_refused(write_csv, run_cli):
    path = write_csv([AMOUNTS, f"科尔沁左翼中旗,2024,合计,0.35,14908,{SOURCE},"])
    code, out = _check(run_cli, path)
    assert code == 2
    assert "GDP 14908 亿元 of 科尔沁左翼中旗 2024 is 8.8 times its parent 通辽市's 1686" in out


def test_counties_adding_up_to_more_than_their_city_are_refused(write_csv, run_cli):
    path = write_csv(
        [
            AMOUNTS,
            f"通辽市,2024,合计,10,,{SOURCE},",
            f"开鲁县,2024,合计,6,,{SOURCE},",
            f"奈曼旗,2024,合计,5,,{SOURCE},",
        ]
    )
    code, out = _check(run_cli, path)
    assert code == 2
    assert (
        f"{path}:2:R&D经费(亿元): R&D of 2 sub-regions of 通辽市 2024 adds up to 11 亿元, more "
        f"than 通辽市's 10 亿元 ({path}:2)"
    ) in out


def test_a_county_gdp_ten_thousand_times_too_small_is_refused(write_csv, run_cli):
    path = write_csv([AMOUNTS, f"库伦旗,2024,合计,,0.0071,{SOURCE},"])
    code, out = _check(run_cli, path)
    assert code == 2
    assert "GDP 0.0071 亿元 of 库伦旗 2024 is 1/237,465 of its parent 通辽市's" in out
    assert "亿元 labelled as 万元?" in out


# --- W8, P13: enterprises ------------------------------------------------------------------

ENTERPRISES = (
    "企业代码,企业名称,地区,行业,年份,营业收入(万元),R&D经费(万元),是否有研发机构,是否有研发活动,"
    "是否高新技术企业,来源,备注"
)


def _firm(code: str, revenue="35500", rd="100", region="开鲁县", note="") -> str:
    return f"{code},企业{code},{region},食品制造业,2024,{revenue},{rd},是,是,否,{SOURCE},{note}"


def test_a_firm_with_revenue_ten_thousand_times_too_large_is_refused(write_csv, run_cli):
    path = write_csv([ENTERPRISES, _firm("E1", "3550000000"), _firm("E2"), _firm("E3")])
    code, out = _check(run_cli, path)
    assert code == 2
    assert (
        f"{path}:2:营业收入(万元): revenue 3,550,000,000 万元 is more than China's largest "
        "enterprise takes in"
    ) in out


def test_a_firm_with_revenue_above_the_city_s_gdp_needs_a_note(write_csv, run_cli):
    lines = [ENTERPRISES, _firm("E1", "20000000"), _firm("E2"), _firm("E3")]
    code, out = _check(run_cli, write_csv(lines))
    assert code == 2
    assert "revenue 20,000,000 万元 of one enterprise is more than the GDP of 通辽市" in out
    lines[1] = _firm("E1", "20000000", note="集团合并报表含区外销售")
    code, out = _check(run_cli, write_csv(lines))
    assert code == 0
    assert "accepted: the row's note says '集团合并报表含区外销售'" in out


def test_blank_enterprise_amounts_are_errors_in_check_and_build_says_nothing_else(
    tmp_path, run_cli
):
    folder = tmp_path / "user"
    folder.mkdir()
    (folder / "ent.csv").write_text(
        "\n".join([ENTERPRISES, _firm("E1", revenue=""), _firm("E2", rd=""), _firm("E3")]) + "\n",
        encoding="utf-8",
    )
    code, out = _check(run_cli, folder)
    assert code == 2
    assert f"{folder / 'ent.csv'}:2:营业收入(万元): revenue is blank" in out
    assert f"{folder / 'ent.csv'}:3:R&D经费(万元): R&D spending is blank" in out
    code, out, err = run_cli("data", "build", "--user-data", str(folder))
    assert code == 2
    assert "not_nullable" not in out + err and "fails" not in out + err
    assert "revenue is blank" in err


def test_enterprises_in_counties_of_a_refused_regions_file_are_explained(tmp_path, run_cli):
    folder = tmp_path / "user"
    folder.mkdir()
    (folder / "regions.csv").write_text(
        "地区,上级地区,层级\n全市,内蒙古自治区,league\n甲旗,全市,county\n乙旗,全市,county\n",
        encoding="utf-8",
    )
    firms = [_firm(f"E{i}", region="甲旗" if i % 2 else "乙旗") for i in range(8)]
    (folder / "ent.csv").write_text("\n".join([ENTERPRISES, *firms]) + "\n", encoding="utf-8")
    code, out = _check(run_cli, folder)
    assert code == 2
    regions = folder / "regions.csv"
    assert f"{regions}:name: region '全市': 全市 is already a known region" in out
    assert (
        f"{folder / 'ent.csv'}:9:地区: region '甲旗' is declared in {regions}, but that file has "
        "errors and was not read"
    ) in out
    code, out, err = run_cli("data", "build", "--user-data", str(folder))
    assert code == 2
    assert "not_nullable" not in out + err and "county: enterprises" not in out + err
    assert "is declared in" in err


# --- W4: what Excel shows is what is read ------------------------------------------------------


def _hidden_workbook(path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "数据"
    for row in [
        ["地区", "年份", "执行主体", "R&D经费(亿元)", "来源", "备注"],
        ["通辽市", 2023, "合计", 10.5, "统计公报2023", None],
        ["通辽市", 2024, "合计", 11, "统计公报2024", None],
        ["通辽市", 2024, "企业", 9.9, "旧口径,已作废", None],  # hidden: a superseded figure
        ["通辽市", 2022, "合计", 95, "错误草稿", None],  # hidden: a draft
    ]:
        sheet.append(row)
    sheet.row_dimensions[4].hidden = True
    sheet.row_dimensions[5].hidden = True
    sheet.column_dimensions["F"].hidden = True
    old = book.create_sheet("旧数据")
    old.append(["地区", "年份", "R&D经费(亿元)", "来源"])
    old.append(["通辽市", 2021, 500, "公报"])
    old.sheet_state = "hidden"
    book.save(path)
    return path


def test_hidden_rows_columns_and_sheets_are_not_read_and_are_named(tmp_path, run_cli):
    path = _hidden_workbook(tmp_path / "hidden.xlsx")
    code, out = _check(run_cli, path)
    assert code == 0
    assert (
        f"{path}[数据]: note: hidden row(s) 4-5 and hidden column(s) F not read (what Excel shows "
        "is what is read)"
    ) in out
    assert f"{path}[旧数据]: note: hidden sheet '旧数据' not read" in out
    assert "2 value(s) read" in out


def test_the_build_reads_what_excel_shows(tmp_path):
    from rdanalysis.data import build

    folder = tmp_path / "user"
    folder.mkdir()
    _hidden_workbook(folder / "hidden.xlsx")
    result = build.collect(folder)
    assert [str(p) for p in result.problems if p.severity == "error"] == []
    rd = result.tables["observations"]
    rd = rd[(rd["status"] == "user") & (rd["measure"] == "rd_expenditure")]
    assert sorted(zip(rd["year"], rd["sector"], rd["value"], strict=True)) == [
        (2023, "total", 10.5),
        (2024, "total", 11.0),
    ]
    assert any("hidden row(s) 4-5" in str(p) for p in result.problems)


# --- P6: a merged header over sector sub-headers, the unit in the title -----------------------

MERGED_ROWS = [
    ["通辽市各旗县市区R&D经费情况(2023年)", None, None, None, None],
    ["单位:万元", None, None, None, None],
    ["地区", "年份", "R&D经费", None, "来源"],
    [None, None, "合计", "其中:企业", None],
    ["科尔沁区", 2023, 41400, 30000, "年鉴"],
    ["开鲁县", 2023, 6700, 5000, "年鉴"],
    ["合计", None, 48100, 35000, None],
]


def _values(path) -> list[tuple]:
    from rdanalysis.data import template

    m = template.read_file(path).measures
    return sorted(zip(m["region"], m["sector"], m["value"].round(4), strict=True))


EXPECTED_MERGED = [
    ("开鲁县", "enterprise", 0.5),
    ("开鲁县", "total", 0.67),
    ("科尔沁区", "enterprise", 3.0),
    ("科尔沁区", "total", 4.14),
]


def test_an_official_sheet_with_a_merged_header_over_sectors_is_read(tmp_path, run_cli):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表5-3"
    for row in MERGED_ROWS:
        sheet.append(row)
    sheet.merge_cells("A1:E1")
    sheet.merge_cells("C3:D3")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    code, out = _check(run_cli, path)
    assert code == 0
    assert "column repeats" not in out and "without a unit" not in out
    assert f"{path}[表5-3]:2: note: unit 万元 of the title row applied" in out
    assert f"{path}[表5-3]:4: note: total row" not in out  # the sub-header is not a total row
    assert f"{path}[表5-3]:7: note: total row '合计' skipped" in out
    assert _values(path) == EXPECTED_MERGED


def test_the_same_sheet_saved_as_csv_is_read_alike(write_csv):
    lines = [",".join("" if c is None else str(c) for c in row) for row in MERGED_ROWS]
    lines[1] = "单位：万元,,,,"  # full-width colon, as typed
    assert _values(write_csv(lines)) == EXPECTED_MERGED
