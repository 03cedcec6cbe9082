"""Write the blank templates users fill with their own official statistics (CSV and XLSX)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from rdanalysis.data.illustrative import ENTERPRISE_HEADER, REGION_HEADER

GUIDE = [
    (
        "用途 Purpose",
        "用本单位的正式统计数据替换或补充示例数据。Replace or extend the illustrative data "
        "with your own official statistics.",
    ),
    (
        "放在哪里 Where",
        "把填好的文件放进 data/user/(或用环境变量 RDANALYSIS_USER_DATA 指定的文件夹),"
        "然后运行 rdanalysis data build。Put files in data/user/ (or the folder named by "
        "RDANALYSIS_USER_DATA), then run `rdanalysis data build`.",
    ),
    (
        "检查 Check",
        "rdanalysis data check 文件名 会一次列出所有问题(文件:行:列)。"
        "`rdanalysis data check FILE` lists every problem at once.",
    ),
    ("地区 region", "市、旗县市区或开发区的正式名称,也接受常用简称(科左中旗、开发区)。"),
    ("年份 year", "四位整数年份,如 2024。"),
    (
        "执行主体 sector",
        "留空或“合计”为全社会合计;企业、政府属研究机构、高等学校、医疗卫生机构、其他。"
        "分主体行只填 R&D经费。",
    ),
    (
        "金额单位 amounts",
        "在表头写明单位,如 R&D经费(万元)、地区生产总值(亿元);或增加“单位”列。"
        "万元、亿元、千元、元均可,统一换算为亿元。",
    ),
    ("人口 population", "常住人口(万人) 是统计惯例;户籍人口(万人) 另列。"),
    ("专利 patents", "有效发明专利(件)、高价值发明专利(件) 为年末存量。"),
    ("知识产权质押融资", "当年发生额,单位写在表头,如 知识产权质押融资(亿元)。"),
    ("来源 source", "每行必填:数据出处,如 通辽市统计年鉴2024 表5-3。"),
    ("无数据 no data", "留空,或填 —、…、- 均视为无数据。"),
    (
        "企业表 enterprises",
        "规上工业企业一行一年;是/否 列填 是 或 否。企业数据可能涉密,报告默认只显示汇总。",
    ),
]


def write_templates(out_dir: Path) -> list[Path]:
    """Write region_year_template.csv, enterprise_template.csv and rdanalysis_template.xlsx."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, header in (
        ("region_year_template.csv", REGION_HEADER),
        ("enterprise_template.csv", ENTERPRISE_HEADER),
    ):
        path = out_dir / name
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f, lineterminator="\n").writerow(header)
        written.append(path)
    book = openpyxl.Workbook()
    guide = book.active
    guide.title = "说明"
    for row in GUIDE:
        guide.append(row)
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 110
    for title, header in (("区域数据", REGION_HEADER), ("企业数据", ENTERPRISE_HEADER)):
        sheet = book.create_sheet(title)
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) * 2)
    path = out_dir / "rdanalysis_template.xlsx"
    book.save(path)
    written.append(path)
    return written
