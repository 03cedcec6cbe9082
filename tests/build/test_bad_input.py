"""Every bad-input case of the data template: a clear message naming file, row and column,
exit code 2 on errors, no traceback, and values that can be read are read correctly."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from rdanalysis.data import template
from tests.conftest import HEADER, SOURCE

TONGLIAO_GDP_2022 = 1561.8  # the published figure, in data/raw/public/tongliao_macro.csv


def problems_text(path: Path) -> str:
    return "\n".join(str(p) for p in template.read_file(path).problems)


def test_valid_file_reads_values_in_hundred_million_yuan(write_csv):
    path = write_csv([HEADER, f"通辽市,2022,合计,10.5,{TONGLIAO_GDP_2022},{SOURCE}"])
    result = template.read_file(path)
    assert result.errors == []
    rd = result.measures.set_index("measure")["value"]
    assert rd["rd_expenditure"] == pytest.approx(10.5)
    assert rd["gdp"] == pytest.approx(TONGLIAO_GDP_2022)


def test_missing_required_column_is_named(write_csv, run_cli):
    path = write_csv(["地区,R&D经费(亿元),来源", f"通辽市,10.5,{SOURCE}"])
    code, out, err = run_cli("data", "check", str(path))
    assert code == 2
    assert f"{path}: missing required column(s): year (年份/年度)" in out
    assert "Traceback" not in out + err


def test_unknown_region_suggests_the_closest(write_csv):
    path = write_csv([HEADER, f"科尔沁左中旗,2022,合计,1.0,,{SOURCE}"])
    text = problems_text(path)
    assert f"{path}:2:地区: unknown region '科尔沁左中旗'" in text
    assert "did you mean 科尔沁左翼中旗?" in text


def test_duplicate_region_year_sector_rows_name_both_rows(write_csv):
    path = write_csv([HEADER, f"通辽市,2022,企业,5,,{SOURCE}", f"通辽市,2022,企业,6,,{SOURCE}"])
    text = problems_text(path)
    assert f"{path}:3:R&D经费(亿元): duplicate region-year-sector: same as row 2" in text


@pytest.mark.parametrize("cell", ["—", "…", "-"])
def test_statistical_placeholders_mean_no_data(write_csv, cell):
    path = write_csv([HEADER, f"通辽市,2022,合计,{cell},{TONGLIAO_GDP_2022},{SOURCE}"])
    result = template.read_file(path)
    assert result.errors == []
    assert "rd_expenditure" not in set(result.measures["measure"])
    assert f"{path}:2:R&D经费(亿元): note: '{cell}' read as no data" in problems_text(path)


@pytest.mark.parametrize(
    ("cell", "value", "note"),
    [
        ("１２．５", 12.5, "full-width characters in '１２．５' read as '12.5'"),
        ('"1,234.5"', 1234.5, "thousands separators in '1,234.5'"),
        ("12.3亿元", 12.3, "unit '亿元' inside the cell '12.3亿元'"),
        ("123000万元", 12.3, "unit '万元' inside the cell '123000万元'"),
    ],
)
def test_numbers_as_tables_write_them_are_read_with_a_note(write_csv, cell, value, note):
    path = write_csv(["地区,年份,地区生产总值(亿元),来源", f"通辽市,2022,{cell},{SOURCE}"])
    result = template.read_file(path)
    assert result.errors == []
    assert result.measures["value"].iloc[0] == pytest.approx(value)
    assert note in problems_text(path)


def test_text_in_a_number_cell_is_an_error(write_csv, run_cli):
    path = write_csv([HEADER, f"通辽市,2022,合计,约十亿,,{SOURCE}"])
    code, out, _ = run_cli("data", "check", str(path))
    assert code == 2
    assert f"{path}:2:R&D经费(亿元): '约十亿' is not a number (expected a number" in out


def test_unit_that_does_not_fit_the_column(write_csv):
    path = write_csv(["地区,年份,地区生产总值(亿元),来源", f"通辽市,2022,12.3万人,{SOURCE}"])
    assert "unit '万人' in '12.3万人' does not fit the column's unit '亿元'" in problems_text(path)


def test_negative_amount(write_csv):
    path = write_csv([HEADER, f"通辽市,2022,合计,-3.2,,{SOURCE}"])
    assert f"{path}:2:R&D经费(亿元): negative value -3.2 (expected a value of 0 or more)" in (
        problems_text(path)
    )


def test_sector_parts_above_the_total(write_csv):
    path = write_csv(
        [
            HEADER,
            f"通辽市,2022,合计,10,,{SOURCE}",
            f"通辽市,2022,企业,8,,{SOURCE}",
            f"通辽市,2022,高等学校,3,,{SOURCE}",
        ]
    )
    text = problems_text(path)
    assert (
        f"{path}:2:R&D经费(亿元): sector parts of 通辽市 2022 sum to 11.0000 亿元, above the "
        "total 10.0000 亿元" in text
    )


def test_sector_parts_within_rounding_tolerance_pass(write_csv):
    path = write_csv(
        [
            HEADER,
            f"通辽市,2022,合计,10,,{SOURCE}",
            f"通辽市,2022,企业,8.004,,{SOURCE}",
            f"通辽市,2022,高等学校,2,,{SOURCE}",
        ]
    )
    assert template.read_file(path).errors == []


def test_intensity_above_100_percent(write_csv):
    path = write_csv(["地区,年份,R&D经费投入强度(%),来源", f"通辽市,2022,120,{SOURCE}"])
    assert f"{path}:2:R&D经费投入强度(%): R&D intensity 120% is above 100%" in problems_text(path)


def test_wan_yuan_labelled_as_yi_yuan_is_caught_against_gdp_in_the_file(write_csv):
    # 105000 万元 = 10.5 亿元; labelled 亿元 it would be 67% of GDP.
    path = write_csv([HEADER, f"通辽市,2022,合计,105000,{TONGLIAO_GDP_2022},{SOURCE}"])
    text = problems_text(path)
    assert "looks like 万元 labelled as 亿元" in text
    assert f"{path}:2:R&D经费(亿元)" in text


def test_wan_yuan_labelled_as_yi_yuan_is_caught_against_public_gdp(write_csv, run_cli):
    path = write_csv(["地区,年份,R&D经费(亿元),来源", f"通辽市,2022,105000,{SOURCE}"])
    code, out, _ = run_cli("data", "check", str(path))
    assert code == 2
    assert "would be 6723.0% of GDP (1561.8 亿元)" in out


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2099", "year 2099 is out of range"),
        ("1900", "year 1900 is out of range"),
        ("2022.5", "year '2022.5' is not a whole year"),
        ("二〇二二", "year '二〇二二' is not a whole year"),
    ],
)
def test_bad_years(write_csv, cell, message):
    path = write_csv([HEADER, f"通辽市,{cell},合计,10,,{SOURCE}"])
    assert f"{path}:2:年份: {message} (expected a whole year between 1978 and" in problems_text(
        path
    )


def test_year_written_with_nian_is_accepted(write_csv):
    path = write_csv([HEADER, f"通辽市,2022年,合计,10,,{SOURCE}"])
    assert template.read_file(path).measures["year"].iloc[0] == 2022


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_chinese_encodings_load_correctly(write_csv, encoding):
    path = write_csv([HEADER, f"科尔沁区,2022,合计,2.5,,{SOURCE}"], encoding=encoding)
    result = template.read_file(path)
    assert result.errors == []
    assert result.measures["region"].iloc[0] == "科尔沁区"
    assert result.measures["source"].iloc[0] == SOURCE


def _xlsx(path: Path, rows: list[list], merges: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "R&D"
    for row in rows:
        sheet.append(row)
    for rng in merges:
        sheet.merge_cells(rng)
    book.save(path)
    return path


def test_excel_title_rows_merged_header_and_total_row(tmp_path):
    path = _xlsx(
        tmp_path / "official.xlsx",
        [
            ["表5-3 各旗县市区R&D经费情况"],  # title row, merged across
            [None],
            ["地区", "年份", "R&D经费", "来源"],  # header; 地区/年份/来源 merged down
            [None, None, "万元", None],  # unit row under the merged header
            ["科尔沁区", 2022, 25000, SOURCE],
            ["开鲁县", 2022, 5000, SOURCE],
            ["合计", None, 30000, None],  # trailing total row
        ],
        merges=("A1:D1", "A3:A4", "B3:B4", "D3:D4"),
    )
    result = template.read_file(path)
    assert result.errors == []
    values = result.measures.set_index("region")["value"]
    assert values["科尔沁区"] == pytest.approx(2.5)  # 25000 万元 = 2.5 亿元
    assert values["开鲁县"] == pytest.approx(0.5)
    assert list(result.measures["row"]) == [5, 6]  # the rows as the user sees them in Excel
    text = "\n".join(str(p) for p in result.problems)
    assert "total row '合计' skipped" in text
    assert "header found on row 3; 2 row(s) above it skipped" in text


@pytest.mark.parametrize("values_in", ["left", "right"])
def test_a_header_merged_over_an_empty_column_reads_the_column_with_values(tmp_path, values_in):
    left = values_in == "left"
    path = _xlsx(
        tmp_path / "merged.xlsx",
        [
            ["地区", "年份", "R&D经费(亿元)", None, "来源"],  # the header cell merged over C:D
            ["通辽市", 2022, 10.5 if left else None, None if left else 10.5, SOURCE],
            ["开鲁县", 2022, 1.5 if left else None, None if left else 1.5, SOURCE],
        ],
        merges=("C1:D1",),
    )
    result = template.read_file(path)
    assert [str(p) for p in result.problems] == []
    values = result.measures.set_index("region")["value"]
    assert values.to_dict() == {"通辽市": 10.5, "开鲁县": 1.5}


def test_values_in_two_columns_under_one_merged_header_are_an_error(tmp_path):
    path = _xlsx(
        tmp_path / "merged.xlsx",
        [
            ["地区", "年份", "R&D经费(亿元)", None, "来源"],
            ["通辽市", 2022, 10.5, 11.0, SOURCE],
        ],
        merges=("C1:D1",),
    )
    text = problems_text(path)
    assert "under one merged header cell, both with values" in text


@pytest.mark.parametrize(
    ("cell", "region"),
    [
        ("150500", "通辽市"),  # GB/T 2260
        ("150521", "科尔沁左翼中旗"),
        ("150521000000", "科尔沁左翼中旗"),  # the 12-digit statistical code of the same unit
    ],
)
def test_a_gbt_2260_code_names_its_region(write_csv, cell, region):
    path = write_csv([HEADER, f"{cell},2022,合计,1.0,,{SOURCE}"])
    result = template.read_file(path)
    assert result.errors == []
    assert result.measures["region"].tolist() == [region]


def test_a_gbt_2260_code_in_an_excel_number_cell_names_its_region(tmp_path):
    path = _xlsx(
        tmp_path / "codes.xlsx", [HEADER.split(","), [150500, 2022, "合计", 1.0, None, SOURCE]]
    )
    assert template.read_file(path).measures["region"].tolist() == ["通辽市"]


def test_an_unknown_code_is_named_as_a_code_without_a_name_hint(write_csv):
    path = write_csv([HEADER, f"150599,2022,合计,1.0,,{SOURCE}"])
    text = problems_text(path)
    assert f"{path}:2:地区: unknown region code '150599'" in text
    assert "did you mean" not in text


def test_a_plan_region_may_be_its_code(tmp_path):
    from rdanalysis import paths
    from rdanalysis.data import plans

    text = (paths.plans() / "tongliao-2023.yml").read_text(encoding="utf-8")
    assert "\nregion: 通辽市\n" in text
    problems, plan = plans.check_text(text.replace("\nregion: 通辽市\n", "\nregion: 150500\n"), "p")
    assert (problems, plan.region) == ([], "通辽市")


def test_excel_total_row_labelled_zongji_is_skipped(tmp_path):
    path = _xlsx(
        tmp_path / "t.xlsx",
        [
            ["地区", "年份", "R&D经费(亿元)", "来源"],
            ["通辽市", 2022, 10, SOURCE],
            ["总计", "", 10, ""],
        ],
    )
    result = template.read_file(path)
    assert result.errors == []
    assert len(result.measures) == 1


def test_empty_file(tmp_path, run_cli):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    code, out, err = run_cli("data", "check", str(path))
    assert code == 2
    assert f"{path}: the file is empty (expected a CSV or XLSX table)" in out
    assert "Traceback" not in out + err


def test_binary_file_is_not_a_table(tmp_path, run_cli):
    path = tmp_path / "picture.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, out, _ = run_cli("data", "check", str(path))
    assert code == 2
    assert "binary file, not a table" in out


def test_prose_is_not_a_table(write_csv, run_cli):
    path = write_csv(["这是一份工作总结,", "不是数据表。"], name="notes.csv")
    code, out, _ = run_cli("data", "check", str(path))
    assert code == 2
    assert f"{path}: no table found (expected a header with 地区/region and 年份/year" in out


def test_old_xls_gets_a_save_as_hint(tmp_path, run_cli):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    code, out, _ = run_cli("data", "check", str(path))
    assert code == 2
    assert "save as .xlsx" in out


def test_all_problems_are_listed_at_once(write_csv, run_cli):
    path = write_csv(
        [
            HEADER,
            f"通辽,2022,合计,abc,,{SOURCE}",
            f"未知旗,2023,合计,1,,{SOURCE}",
            "通辽市,3000,合计,1,,",
            f"通辽市,2021,合计,-1,,{SOURCE}",
        ]
    )
    code, out, _ = run_cli("data", "check", str(path))
    assert code == 2
    for row, fragment in [
        (2, "'abc' is not a number"),
        (3, "unknown region '未知旗'"),
        (4, "year 3000 is out of range"),
        (4, "source is blank"),
        (5, "negative value -1"),
    ]:
        assert f"{path}:{row}:" in out and fragment in out
    assert "5 error(s)" in out


def test_money_column_without_unit(write_csv):
    path = write_csv(["地区,年份,R&D经费,来源", f"通辽市,2022,10,{SOURCE}"])
    assert f"{path}:2:R&D经费: amount without a unit" in problems_text(path)


def test_unit_column_converts_each_row(write_csv):
    path = write_csv(
        [
            "地区,年份,R&D经费,单位,来源",
            f"通辽市,2022,100000,万元,{SOURCE}",
            f"通辽市,2021,9.5,亿元,{SOURCE}",
        ]
    )
    result = template.read_file(path)
    assert result.errors == []
    assert sorted(result.measures["value"]) == pytest.approx([9.5, 10.0])


def test_english_headers(write_csv):
    path = write_csv(
        [
            "region,year,sector,rd_expenditure_10k_yuan,source",
            f"Tongliao,2022,enterprises,80000,{SOURCE}",
        ]
    )
    result = template.read_file(path)
    assert result.errors == []
    rec = result.measures.iloc[0]
    assert (rec["region"], rec["sector"], rec["value"]) == (
        "通辽市",
        "enterprise",
        pytest.approx(8.0),
    )


def test_duplicate_across_two_files_is_reported_once(write_csv, run_cli):
    a = write_csv([HEADER, f"通辽市,2022,合计,10,,{SOURCE}"], name="a.csv")
    b = write_csv(
        [HEADER, f"通辽市,2022,合计,11,,{SOURCE}", f"通辽市,2022,合计,12,,{SOURCE}"], name="b.csv"
    )
    code, out, _ = run_cli("data", "check", str(a), str(b))
    assert code == 2
    assert out.count(f"{b}:3:R&D经费(亿元): duplicate region-year-sector: same as row 2") == 1
    assert f"{b}:2:R&D经费(亿元): duplicate region-year-sector: same as {a}:2" in out


# --- values that parse cleanly but would be silently wrong (issue: item 3) -------------------


def _check(run_cli, *paths: Path) -> tuple[int, str]:
    code, out, err = run_cli("data", "check", *map(str, paths))
    assert "Traceback" not in out + err
    return code, out + err


def test_gdp_in_wan_yuan_under_a_yi_yuan_header_is_caught_against_the_nearest_published_year(
    write_csv, run_cli
):
    # 2021 has no published Tongliao GDP; 2020 and 2022 do.
    path = write_csv(["地区,年份,地区生产总值(亿元),来源", f"通辽市,2021,15000000,{SOURCE}"])
    code, out = _check(run_cli, path)
    assert code == 2
    assert f"{path}:2:地区生产总值(亿元): 1.5e+07 亿元 is 11,750 times the published" in out
    assert "of 通辽市 (2020): 万元 labelled as 亿元?" in out


def test_gdp_in_yi_yuan_under_a_wan_yuan_header_is_caught(write_csv, run_cli):
    path = write_csv(["地区,年份,地区生产总值(万元),来源", f"通辽市,2022,1561.8,{SOURCE}"])
    code, out = _check(run_cli, path)
    assert code == 2
    assert (
        "is 1/10,000 of the published 1561.8 亿元 of 通辽市 (2022): 亿元 labelled as 万元?" in out
    )


def test_county_rd_in_wan_yuan_is_caught_against_published_population(write_csv, run_cli):
    # 奈曼旗 has no published GDP, but a published 2020 census population (about 40 万人).
    path = write_csv([HEADER, f"奈曼旗,2022,合计,30000,,{SOURCE}"])
    code, out = _check(run_cli, path)
    assert code == 2
    assert f"{path}:2:R&D经费(亿元): R&D 30000 亿元 would be" in out
    assert "yuan per resident of 奈曼旗" in out


def test_population_in_persons_under_a_wan_ren_header(write_csv, run_cli):
    path = write_csv(
        [
            "地区,年份,常住人口(万人),户籍人口(万人),来源",
            f"通辽市,2022,2851000,,{SOURCE}",
            f"科尔沁区,2022,,800000,{SOURCE}",
        ]
    )
    code, out = _check(run_cli, path)
    assert code == 2
    assert f"{path}:2:常住人口(万人): 2.851e+06 万人 is" in out
    assert "persons (人) labelled as 万人?" in out
    assert f"{path}:3:户籍人口(万人): population 800000 万人 is more than any county has" in out


def test_one_year_in_another_unit_stands_out_of_its_series(write_csv, run_cli):
    # 兴安盟 has no published figure of its own to compare with: the series gives the slip
    # away, and so does its province's published R&D (a part above its whole), said once.
    lines = [HEADER] + [
        f"兴安盟,{y},合计,{v},,{SOURCE}"
        for y, v in [(2019, 2.1), (2020, 2.3), (2021, 24000), (2022, 2.6)]
    ]
    code, out = _check(run_cli, write_csv(lines))
    assert code == 2
    assert ":4:R&D经费(亿元): R&D 24000 亿元 of 兴安盟 2021 is " in out
    assert "its parent 内蒙古自治区's" in out and "万元 labelled as 亿元?" in out
    assert out.count(":4:") == 1
    # without the province's figure, the series alone
    lines[3] = f"兴安盟,2021,合计,100,,{SOURCE}"
    code, out = _check(run_cli, write_csv(lines))
    assert code == 2
    assert ":4:R&D经费(亿元): 100 亿元 is 43 times the median (2.3) of the other years" in out
    assert out.count(":4:") == 1


@pytest.mark.parametrize("cell", ["1e309", "-1e400", "inf"])
def test_infinite_values_are_errors(write_csv, run_cli, cell):
    path = write_csv([HEADER, f"通辽市,2022,合计,{cell},,{SOURCE}"])
    code, out = _check(run_cli, path)
    assert code == 2
    assert f"{path}:2:R&D经费(亿元): '{cell}' is not a" in out


def test_excel_percentage_cell_is_read_as_shown(tmp_path, run_cli):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["地区", "年份", "R&D经费投入强度(%)", "来源"])
    sheet.append(["通辽市", 2022, 0.0085, SOURCE])
    sheet["C2"].number_format = "0.00%"  # the user sees 0.85%
    path = tmp_path / "pct.xlsx"
    book.save(path)
    result = template.read_file(path)
    assert result.errors == []
    assert result.measures["value"].iloc[0] == pytest.approx(0.85)


def test_formula_without_a_saved_value_says_open_and_save(tmp_path, run_cli):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["地区", "年份", "R&D经费(亿元)", "来源"])
    sheet.append(["通辽市", 2022, "=4+5", SOURCE])  # openpyxl saves no computed value
    path = tmp_path / "formula.xlsx"
    book.save(path)
    code, out = _check(run_cli, path)
    assert code == 2
    assert f"{path}[Sheet]:2:R&D经费(亿元): formula '=4+5' has no saved value" in out
    assert "open and save the file in Excel/WPS" in out


def test_header_only_file_is_an_error(write_csv, run_cli):
    path = write_csv([HEADER])
    code, out = _check(run_cli, path)
    assert code == 2
    assert f"{path}: no data rows: the file holds a header only" in out


# --- no traceback where a clear error is promised (item 4, data side) ------------------------


def test_duplicated_measure_column_is_one_problem(write_csv, run_cli):
    path = write_csv(["地区,年份,R&D经费(亿元),R&D经费(亿元),来源", f"通辽市,2022,10,10,{SOURCE}"])
    code, out = _check(run_cli, path)
    assert code == 2
    assert f"{path}:R&D经费(亿元): column repeats 'R&D经费(亿元)'" in out
    assert "1 error(s)" in out


def test_duplicate_city_rows_across_two_files_in_a_build(tmp_path, run_cli, monkeypatch):

    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(tmp_path / "processed"))
    user = tmp_path / "user"
    user.mkdir()
    for name, value in (("a.csv", 10), ("b.csv", 11)):
        (user / name).write_text(f"{HEADER}\n通辽市,2022,合计,{value},,{SOURCE}\n", "utf-8")
    code, out, err = run_cli("data", "build", "--user-data", str(user))
    assert code == 2
    assert "Traceback" not in out + err
    assert f"{user / 'b.csv'}:2:R&D经费(亿元): duplicate region-year-sector: same as " in err
    assert "data build failed with 1 problem(s)" in err


def test_csv_cell_over_the_field_limit(tmp_path, run_cli):
    path = tmp_path / "huge.csv"
    path.write_text(f'{HEADER}\n通辽市,2022,合计,10,,"{"x" * 140_000}"\n', encoding="utf-8")
    code, out = _check(run_cli, path)
    assert code == 2
    assert f"{path}:2: not readable as CSV (field larger than field limit" in out
    assert "at most 131,072 characters" in out


def test_folder_named_like_a_csv(tmp_path, run_cli):
    folder = tmp_path / "x.csv"
    folder.mkdir()
    code, out = _check(run_cli, folder)
    assert code == 2
    assert f"{folder}: is a folder, not a file" in out


def test_folder_named_like_a_csv_in_the_user_folder_fails_the_build_cleanly(
    tmp_path, run_cli, monkeypatch
):

    user = tmp_path / "user"
    (user / "x.csv").mkdir(parents=True)
    monkeypatch.setenv("RDANALYSIS_PROCESSED", str(tmp_path / "processed"))
    code, out, err = run_cli("data", "build", "--user-data", str(user))
    assert code == 2, out + err
    assert "is a folder, not a file" in out + err
    assert "Traceback" not in out + err


def test_mistyped_user_data_variable_exits_2(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("RDANALYSIS_USER_DATA", str(tmp_path / "no-such-folder"))
    code, _out, err = run_cli("data", "build")
    assert code == 2
    assert f"RDANALYSIS_USER_DATA={tmp_path / 'no-such-folder'}: folder not found" in err


# --- messages that tell the truth (item 9) ----------------------------------------------------


def test_password_protected_workbook_says_so(tmp_path, run_cli):
    # An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream.
    path = tmp_path / "secret.xlsx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    path.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512)
    code, out = _check(run_cli, path)
    assert code == 2
    assert "password-protected" in out
    assert "old .xls" not in out


def test_utf16_csv_from_excel_unicode_text_loads(tmp_path):
    path = tmp_path / "unicode.txt.csv"
    text = "地区\t年份\tR&D经费(亿元)\t来源\r\n科尔沁区\t2022\t2.5\t测试来源\r\n"
    path.write_bytes(text.encode("utf-16"))  # with BOM, as Excel writes it
    result = template.read_file(path)
    assert result.errors == []
    assert (result.measures["region"].iloc[0], result.measures["value"].iloc[0]) == (
        "科尔沁区",
        pytest.approx(2.5),
    )


def test_zero_width_characters_do_not_hide_a_region(write_csv):
    path = write_csv([HEADER, f"科尔沁\u200b区\u200d,2022,合计,2.5,,{SOURCE}"])
    result = template.read_file(path)
    assert result.errors == []
    assert result.measures["region"].iloc[0] == "科尔沁区"


def test_escape_sequences_in_cells_are_neutralised_in_terminal_output(write_csv, run_cli):
    path = write_csv([HEADER, f"\x1b[2J\x1b]0;owned\x07通辽,2022,合计,1,,{SOURCE}"])
    code, out = _check(run_cli, path)
    assert code == 2
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[2J" in out


def test_dollar_signs_and_backslashes_in_sources_are_drawn_literally(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from rdanalysis.analysis import enterprises
    from rdanalysis.plots import enterprises as enterprise_charts

    rows = pd.DataFrame(
        {
            "county": ["科尔沁区"] * 3,
            "rd_expenditure_10k_yuan": [1.0, 2.0, 0.0],
            "has_rd_institution": [True, False, True],
            "has_rd_activity": [True, True, False],
        }
    )
    source = r"统计局 $\undefinedmacro{x}$ C:\数据\表.xlsx"
    fig = enterprise_charts.coverage_chart(enterprises.coverage(rows, "county"), "通辽市", source)
    fig.savefig(tmp_path / "chart.png")  # mathtext would fail on the unknown macro
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    assert any(source in t for t in texts)


def _enterprise_file(path: Path) -> Path:
    """40 enterprises with a name spanning two lines, a blank and a total row in the middle, bad
    R&D cells and a duplicate enterprise-year far apart."""
    head = (
        "企业代码,企业名称,地区,行业,年份,营业收入(万元),R&D经费(万元),是否有研发机构,"
        "是否有研发活动,是否高新技术企业,来源"
    )
    lines = [head]
    for i in range(40):
        name = '"甲\n公司"' if i == 1 else f"企业{i}"
        rd = "abc" if i % 9 == 4 else str(10 + i)
        code = "E005" if i == 33 else f"E{i:03d}"  # 33 repeats enterprise E005 in 2022
        lines.append(f"{code},{name},开鲁县,食品制造业,2022,{5000 + i},{rd},是,是,否,{SOURCE}")
        if i == 12:
            lines += ["", "合计,,,,,,,,,,"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_large_enterprise_file_read_in_slices_reports_exactly_what_one_pass_reports(
    tmp_path, run_cli, monkeypatch
):
    path = _enterprise_file(tmp_path / "firms.csv")
    code, whole = _check(run_cli, path)
    monkeypatch.setattr(template, "CHUNK_ROWS", 7)  # six slices, a problem in most of them
    assert _check(run_cli, path) == (code, whole)
    assert code == 2
    # line numbers are the file's: the two-line name shifts every later row by one
    assert f"{path}:7:R&D经费(万元): " in whole  # enterprise 4, on line 7
    assert f"{path}:17: note: total row '合计' skipped" in whole
    assert f"{path}:38:企业代码: duplicate enterprise-year: same as row 8" in whole
    result = template.read_file(path)
    assert len(result.enterprises) == 40 and result.enterprises["row"].is_monotonic_increasing


#: A region table with a problem of every kind a cell can have; the file repeats it three times.
REPEATED_BLOCK = [
    f"通辽市,2022,合计,8.9,1561.8,亿元,{SOURCE},",
    f"通辽市,2022,企业,６．１,,亿元,{SOURCE},全角",  # full-width digits: a note
    f"科尔沁左中旗,2022,合计,1.0,,亿元,{SOURCE},",  # unknown region
    f"开鲁县,2022,合计,—,156.2,亿元,{SOURCE},",  # '—': a note
    f"开鲁县,2021,合计,-1,,亿元,{SOURCE},",  # negative
    f"奈曼旗,2022,企业,0.2,130,亿元,{SOURCE},",  # GDP on a sector row
    "库伦旗,2022,合计,0.1,,亿元,,",  # no source
    f"库伦旗,2023,合计,0.1,,斤,{SOURCE},",  # unknown unit
]


def test_rows_given_again_report_exactly_what_reading_them_again_reports(write_csv, monkeypatch):
    from rdanalysis.data import repeats

    header = "地区,年份,执行主体,R&D经费,地区生产总值,单位,来源,备注"
    path = write_csv([header, *REPEATED_BLOCK * 3])
    monkeypatch.setattr(template, "CHUNK_ROWS", 5)  # copies in the same and in later slices
    remembered = template.read_file(path)
    monkeypatch.setattr(repeats, "REMEMBERED_ROWS", 0)  # every row read again
    reread = template.read_file(path)
    assert sorted(map(str, remembered.problems)) == sorted(map(str, reread.problems))
    assert len(remembered.problems) > 3 * len(REPEATED_BLOCK)
    pd.testing.assert_frame_equal(remembered.measures, reread.measures)
    said = "\n".join(map(str, remembered.problems))
    assert f"{path}:18:R&D经费: duplicate region-year-sector: same as row 2 (expected" in said


def test_reading_files_pauses_the_cycle_collector_and_restores_it_even_on_a_refused_file(
    tmp_path, monkeypatch
):
    """The collector is paused while a file is parsed (the 1M-row check spent 40 % of its time in
    it) and must come back on afterwards, whatever the file was: otherwise every later step of a
    long session (a notebook, a build) would run without it."""
    import gc

    seen = []
    real = template.read_file

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(template, "read_file", spy)
    good = _enterprise_file(tmp_path / "firms.csv")
    folder = tmp_path / "x.csv"
    folder.mkdir()  # a folder named like a file: refused with a problem
    assert gc.isenabled()
    result = template.read_files([good, folder])
    assert seen == [False, False]
    assert gc.isenabled()
    assert len(result.enterprises) == 40
    assert any("is a folder" in p.problem for p in result.problems)


def _plan_of(region: str):
    import dataclasses

    from rdanalysis.data import plans

    return dataclasses.replace(plans.load("tongliao-2023"), region=region)


def test_coverage_targets_count_only_the_plan_regions_enterprises(tables):
    """Firms of another city (here: half of them moved to 兴安盟) are not counted as
    Tongliao's; a plan of another region (赤峰市) counts none of Tongliao's firms; the dashboard
    says which firms it left out and from which file."""
    from rdanalysis.analysis import targets, views
    from rdanalysis.text import dashboard as dashboard_text

    ent = tables["enterprises"].copy()
    moved = ent["enterprise_id"].isin(ent["enterprise_id"].drop_duplicates().iloc[::2])
    ent.loc[moved, "county"] = "兴安盟"
    mixed = {**tables, "enterprises": ent}
    plan = _plan_of("通辽市")
    (target,) = [t for t in plan.targets if t.measured_on == "coverage_spending"]
    got = targets.series_for(mixed, target, "通辽市").set_index("year")["value"]
    own = ent[~moved]
    expected = (own["rd_expenditure_10k_yuan"] > 0).groupby(own["year"]).mean() * 100
    pd.testing.assert_series_equal(got, expected, check_names=False)
    everyone = targets.series_for(tables, target, "通辽市").set_index("year")["value"]
    assert not got.round(6).equals(everyone.round(6))  # the other city's firms changed it

    board = views.dashboard.build(mixed, plan, use_forecast=False)
    note = dashboard_text.outside_note(board, "zh")
    assert "兴安盟" in note and "tongliao_enterprises.csv" in note
    assert f"{moved.groupby(ent['enterprise_id']).first().sum()}家企业不在通辽市" in note
    assert "兴安盟" in dashboard_text.headline(board, "zh")

    other = views.dashboard.build(tables, _plan_of("赤峰市"), use_forecast=False)
    coverage = [e for e in other.evaluations if e.target.measured_on.startswith("coverage_")]
    assert coverage and all(e.series.empty and e.status == "no_data" for e in coverage)
    assert "不在赤峰市" in dashboard_text.outside_note(other, "zh")
    assert (
        dashboard_text.outside_note(views.dashboard.build(tables, plan, use_forecast=False)) is None
    )
