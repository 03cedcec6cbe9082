"""No single enterprise can be read or derived from the enterprise reports: the city's and every
county's report are rendered through the production runner on crafted enterprise data with
1-firm, 2-firm and dominant-firm (one firm over 85 %) cells, and everything they show (the
tables and chart data recorded for the workbook, and the readings) is read as a reader would:

- no number shown is one enterprise's revenue, R&D or R&D / revenue;
- a reader who puts every report's published cells together (county x industry, with the
  county and industry totals and the city total, the one-to-one table with its total) and
  bounds each cell by linear programming (cells >= 0) cannot bound a cell that fails the rule
  within 17.6 % (100/85 - 1) of its largest enterprise;
- statistics rest on at least 20 enterprises, also those a reader gets by subtracting the
  published counties' sums (mean x count) from the city's.

The attack is written here from the pages' numbers alone, not with the package's equations."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from rdanalysis import exhibits, reference
from rdanalysis.analysis import enterprises
from rdanalysis.report import config as report_config
from rdanalysis.report import run as report_run
from rdanalysis.text import formats, labels

ALL = enterprises.ALL
COUNTIES = reference.counties()
HEADER = (
    "企业代码,企业名称,地区,行业,年份,营业收入(万元),R&D经费(万元),是否有研发机构,"
    "是否有研发活动,是否高新技术企业,来源"
)
FOOD, CHEM, MED, METAL = (
    "食品制造业",
    "化学原料和化学制品制造业",
    "医药制造业",
    "有色金属冶炼和压延加工业",
)


def _firms() -> pd.DataFrame:
    """The crafted enterprises of 2024: (county, industry, revenue 万元, R&D 万元), no two
    values alike and none round."""
    rows: list[tuple[str, str, float, float]] = []

    def add(county: str, industry: str, n: int, ratio_pct: float, zero_every: int = 0) -> None:
        for i in range(n):
            k = len(rows)
            revenue = 3000.0 + 1733.7 * ((k * 7) % 41) + 0.37 * k
            share = 0.0 if zero_every and i % zero_every == 0 else ratio_pct * (1 + 0.13 * i)
            rows.append((county, industry, round(revenue, 2), round(revenue * share / 100, 2)))

    # 开鲁县: one of its firms is its only one-to-one firm (main published "其他(合并) 1 1 150000")
    rows.append(("开鲁县", FOOD, 150000.0, 0.0))
    add("开鲁县", FOOD, 3, 1.2)
    rows.append(("开鲁县", CHEM, 9100.4, 88.6))  # alone in its industry
    # 奈曼旗: two one-to-one firms, one 96 % of their revenue; an industry pair, one 96 % of R&D
    rows += [("奈曼旗", MED, 240000.3, 0.0), ("奈曼旗", MED, 10500.7, 0.0)]
    rows += [("奈曼旗", CHEM, 30000.5, 960.7), ("奈曼旗", CHEM, 8000.3, 40.1)]
    add("奈曼旗", FOOD, 3, 0.9)
    rows.append(("库伦旗", MED, 40007.9, 5003.3))  # 89 % of its county's R&D
    add("库伦旗", MED, 4, 0.4)
    add("科尔沁区", FOOD, 8, 0.6, zero_every=3)
    add("科尔沁区", CHEM, 7, 1.1, zero_every=4)
    add("科尔沁区", MED, 6, 2.2)
    add("科尔沁区", METAL, 5, 0.9, zero_every=2)
    rows += [("科尔沁区", METAL, 26000.0 + 977.3 * i, 0.0) for i in range(3)]  # one-to-one
    rows.append(("通辽经济技术开发区", FOOD, 21000.9, 150.3))  # alone in its industry
    add("通辽经济技术开发区", CHEM, 2, 0.8)  # a pair
    rows.append(("通辽经济技术开发区", MED, 90000.1, 6100.4))  # dominates its industry cell
    add("通辽经济技术开发区", MED, 6, 0.5)
    add("通辽经济技术开发区", METAL, 12, 1.4, zero_every=5)
    add("霍林郭勒市", METAL, 5, 1.7)
    add("霍林郭勒市", FOOD, 3, 0.3)
    rows.append(("扎鲁特旗", FOOD, 12345.6, 98.7))  # a county of one firm
    add("科尔沁左翼中旗", CHEM, 2, 5.6)  # a county of two, spending over 5 % of revenue
    add("科尔沁左翼后旗", FOOD, 6, 1.3)  # statistics over 6 firms
    firms = pd.DataFrame(rows, columns=["county", "industry", "revenue", "rd"])
    assert set(firms["county"]) == set(COUNTIES)
    return firms


FIRMS = _firms()


def _write(folder) -> None:
    folder.mkdir()
    lines = [HEADER]
    for i, f in FIRMS.iterrows():
        lines.append(
            f"C{i:03d},构造企业{i:03d},{f.county},{f.industry},2024,{f.revenue},{f.rd},"
            f"{'是' if i % 3 == 0 and f.rd > 0 else '否'},{'是' if f.rd > 0 else '否'},否,测试数据"
        )
    (folder / "firms.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def reports(tmp_path_factory, suite_config):
    """Every county's report and the city's, on the crafted data: {county: executed notebook}."""
    from rdanalysis.data import build

    tmp = tmp_path_factory.mktemp("confidential")
    _write(tmp / "user")
    processed = tmp / "processed"
    build.build(tmp / "user", out_dir=processed)  # the crafted firms replace the illustrative
    suite = [
        {
            "name": "coverage-{county}",
            "notebook": "05_enterprise_coverage.ipynb",
            "matrix": {"county": [ALL, *COUNTIES]},
        }
    ]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RDANALYSIS_PROCESSED", str(processed))
        config = suite_config(tmp, suite)
        outcomes = report_run.run(config, out_dir=tmp / "reports", n_jobs=2, progress=False)
    assert [o.status for o in outcomes] == ["ok"] * len(outcomes), [o.error for o in outcomes]
    runs = sorted(p for p in (tmp / "reports").iterdir() if (p / "run.json").exists())
    books = {}
    for county in [ALL, *COUNTIES]:
        name = f"coverage-{report_config.slug(county)}"
        books[county] = json.loads((runs[-1] / f"{name}.ipynb").read_text(encoding="utf-8"))
    return books


def _exhibits(book: dict) -> list[dict]:
    import nbformat

    return exhibits.collect(nbformat.from_dict(book))


def _texts(book: dict) -> str:
    """Every text the report shows (readings, notes, headings), not the cells' source."""
    out = []
    for cell in book["cells"]:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            for kind in ("text/markdown", "text/plain"):
                if kind in data:
                    out.append("".join(data[kind]))
            out.append("".join(o.get("text", [])))
    return "\n".join(out)


def _numbers(book: dict) -> list[float]:
    """Every number in the report's tables and charts, as recorded for the workbook."""
    found = []
    for ex in _exhibits(book):
        for row in ex["rows"]:
            found += [
                float(v) for v in row if isinstance(v, int | float) and not isinstance(v, bool)
            ]
    return found


def _single_values() -> dict[str, set[float]]:
    """Each enterprise's own figures (zero excluded: many enterprises share it)."""
    ratio = FIRMS["rd"] / FIRMS["revenue"] * 100
    return {
        "revenue": set(FIRMS["revenue"]),
        "rd": set(FIRMS["rd"][FIRMS["rd"] > 0]),
        "ratio": set(ratio[ratio > 0]),
    }


def test_every_report_of_the_crafted_data_ran(reports):
    assert set(reports) == {ALL, *COUNTIES}
    for county, book in reports.items():
        text = _texts(book)
        assert "保密规则" in text, county  # the confidentiality note is there
        assert "企业名单涉及单个企业的信息" in text, county


def test_no_number_shown_is_one_enterprise_s_figure(reports):
    singles = _single_values()
    for county, book in reports.items():
        for value in _numbers(book):
            for kind, own in singles.items():
                assert not any(abs(value - v) <= 1e-6 * max(1.0, abs(v)) for v in own), (
                    county,
                    kind,
                    value,
                )


def test_no_reading_states_one_enterprise_s_figure(reports):
    # an enterprise's revenue or R&D, in 万元 or in 亿元, as the readings would write it
    figures = [*FIRMS["revenue"], *FIRMS["rd"][FIRMS["rd"] > 0]]
    for county, book in reports.items():
        text = _texts(book)
        for token in re.findall(r"\d+(?:\.\d+)?", text):
            decimals = len(token.split(".")[1]) if "." in token else 0
            if len(token.replace(".", "").lstrip("0")) < 4:  # too short to be anyone's
                continue
            value = float(token)
            for v in figures:
                assert value not in (round(v, decimals), round(v / 1e4, decimals)), (county, token)


# -- the reader's attack ---------------------------------------------------------------------

T = "合计"


def _table_rows(ex: dict) -> pd.DataFrame:
    frame = pd.DataFrame(ex["rows"], columns=ex["columns"])
    return frame.set_index(ex["columns"][0])


def _coverage(frame: pd.DataFrame, area: str, cells: dict, merged: list) -> None:
    """A coverage table's cells {(county, industry): (enterprises, R&D or None)}, T for a
    total, and its merged row (the sum of its withheld rows)."""
    rd, n_col = labels.column_label("rd_10k_yuan"), labels.column_label("enterprises")
    by_industry = frame.index.name == labels.column_label("industry")

    def key(name: str) -> tuple[str, str]:
        return (area, T) if name == T else (area, name) if by_industry else (name, T)

    for name, row in frame.iterrows():
        value = None if pd.isna(row[rd]) else float(row[rd])
        if name == enterprises.MERGED:
            merged.append(([key(k) for k, r in frame.iterrows() if pd.isna(r[rd])], value))
        else:
            cells[key(name)] = (int(row[n_col]), value)


def _published(reports) -> dict[str, dict]:
    """What the reports publish, put together: coverage cells, merged rows, one-to-one rows
    {county or T: revenue or None} and statistics {county or T: (count, mean or None)}."""
    rd, revenue = (
        labels.column_label("rd_10k_yuan"),
        labels.column_label("zero_rd_revenue_10k_yuan"),
    )
    share = "研发投入/营业收入(%)"
    cells, merged, one, stats = {}, [], {}, {}
    for county, book in reports.items():
        area = T if county == ALL else county
        for ex in (e for e in _exhibits(book) if e["kind"] == "table" and e["columns"]):
            frame = _table_rows(ex)
            if rd in frame.columns:
                _coverage(frame, area, cells, merged)
            elif revenue in frame.columns:
                for name, row in frame.drop(index=enterprises.MERGED, errors="ignore").iterrows():
                    one[name] = None if pd.isna(row[revenue]) else float(row[revenue])
            elif share in frame.columns:
                # the statistics are named in words, as the reader sees them
                mean = frame[share].get(formats.code("mean", "statistic"))
                count = int(frame[share][formats.code("count", "statistic")])
                stats[area] = (count, None if pd.isna(mean) else float(mean))
    return {"cells": cells, "merged": merged, "one_to_one": one, "statistics": stats}


def _bounds(
    keys, known: dict, sums: list[tuple[object, list]], target, rounding: float = 0.0
) -> tuple[float, float]:
    """Smallest and largest value of ``target`` given the ``known`` values (as shown, to within
    ``rounding``), every ``sums`` equation (total = sum of parts) and every value >= 0."""
    col = {k: i for i, k in enumerate(keys)}
    a_eq = np.zeros((len(sums), len(keys)))
    for j, (total, parts) in enumerate(sums):
        a_eq[j, col[total]] = 1
        for p in parts:
            a_eq[j, col[p]] -= 1
    bounds = [(0.0, None)] * len(keys)
    for k, v in known.items():
        bounds[col[k]] = (max(0.0, v - rounding), v + rounding)
    goal = np.zeros(len(keys))
    goal[col[target]] = 1
    lo = linprog(goal, A_eq=a_eq, b_eq=np.zeros(len(sums)), bounds=bounds, method="highs")
    hi = linprog(-goal, A_eq=a_eq, b_eq=np.zeros(len(sums)), bounds=bounds, method="highs")
    assert lo.status == 0, "the published figures contradict each other"
    return float(lo.fun), (np.inf if hi.status == 3 else -float(hi.fun))


def _members(county: str, industry: str) -> pd.DataFrame:
    f = FIRMS
    if county != T:
        f = f[f["county"] == county]
    if industry != T:
        f = f[f["industry"] == industry]
    return f


def _assert_protected(firms: pd.DataFrame, col: str, value_bounds: tuple[float, float], what):
    value = float(firms[col].sum())
    need = (100 / enterprises.DOMINANCE_PCT - 1) * float(firms[col].max())
    lo, hi = value_bounds
    assert hi >= value + need - 1e-6 * max(1, value), (what, value, hi)
    assert lo <= value - need + 1e-6 * max(1, value), (what, value, lo)


def test_no_withheld_coverage_cell_can_be_derived_from_all_reports_together(reports):
    published = _published(reports)
    cells = published["cells"]
    pairs = FIRMS.groupby(["county", "industry"]).size().index
    keys = [*pairs, *((c, T) for c in COUNTIES), *((T, i) for i in FIRMS["industry"].unique())]
    keys.append((T, T))
    # every cell of the table is in some report, with its number of enterprises
    assert set(cells) == set(keys)
    for key, (n, _) in cells.items():
        assert n == len(_members(*key)), key
    sums = [((c, T), [k for k in pairs if k[0] == c]) for c in COUNTIES]
    sums += [((T, i), [k for k in pairs if k[1] == i]) for i in FIRMS["industry"].unique()]
    sums += [((T, T), [(c, T) for c in COUNTIES])]
    known = {k: v for k, (_, v) in cells.items() if v is not None}
    for parts, value in published["merged"]:  # a merged row: the sum of the withheld rows
        if value is not None:
            keys.append(("merged", len(keys)))
            sums.append((keys[-1], parts))
            known[keys[-1]] = value
    withheld = [k for k, (_, v) in cells.items() if v is None]
    assert withheld, "the crafted data has cells that fail the rule"
    for key in withheld:
        firms = _members(*key)
        if not enterprises.RULE.fails(firms["rd"].to_numpy()):
            continue  # withheld to protect another: its own value may be narrower
        # the report shows these tables to one decimal
        _assert_protected(firms, "rd", _bounds(keys, known, sums, key, rounding=0.05), key)
    # and every cell that fails the rule is withheld
    for key in cells:
        if enterprises.RULE.fails(_members(*key)["rd"].to_numpy()):
            assert cells[key][1] is None, key


def test_the_issue_cases_are_withheld_in_every_report(reports):
    # 开鲁县: its one-to-one firm's revenue (the row "其他(合并) 1 1 150000" on main);
    # 奈曼旗: two firms' R&D (960.7 + 40.1) and two one-to-one firms' revenue, one 96 % of each
    for county, book in reports.items():
        shown = [round(v, 6) for v in _numbers(book)]
        assert 150000.0 not in shown, county
        assert round(960.7 + 40.1, 6) not in shown, county
        assert round(240000.3 + 10500.7, 6) not in shown, county
    published = _published(reports)
    assert published["cells"][("奈曼旗", CHEM)][1] is None
    assert published["one_to_one"]["开鲁县"] is None
    assert published["one_to_one"]["奈曼旗"] is None


def test_no_withheld_one_to_one_row_can_be_derived(reports):
    one = _published(reports)["one_to_one"]
    big = FIRMS[FIRMS["revenue"] > enterprises.ONE_TO_ONE_REVENUE_10K_YUAN]
    zero = big[big["rd"] <= 0]
    counties = sorted(set(big["county"]))
    assert set(one) == {*counties, T}
    keys = [*counties, T]
    known = {k: v for k, v in one.items() if v is not None}
    for county in counties:
        firms = zero[zero["county"] == county]
        if one[county] is not None:
            assert not enterprises.RULE.fails(firms["revenue"].to_numpy()), county
            assert not 0 < len(big[big["county"] == county]) < enterprises.MIN_ENTERPRISES
            continue
        if len(firms) and enterprises.RULE.fails(firms["revenue"].to_numpy()):
            bounds = _bounds(keys, known, [(T, counties)], county)
            _assert_protected(firms, "revenue", bounds, county)


def test_statistics_rest_on_enough_enterprises_also_by_subtraction(reports):
    stats = _published(reports)["statistics"]
    least = enterprises.MIN_ENTERPRISES_FOR_STATISTICS
    for area, (count, mean) in stats.items():
        assert count == len(FIRMS if area == T else FIRMS[FIRMS["county"] == area]), area
        if mean is not None:
            assert count >= least, area
    if stats[T][1] is not None:
        hidden = [c for c in COUNTIES if stats[c][1] is None]
        if hidden:  # city sum less the published counties' sums: the hidden ones together
            assert sum(stats[c][0] for c in hidden) >= least, hidden


def test_the_chart_draws_no_withheld_county(reports):
    published = _published(reports)
    hidden = {c for c in COUNTIES if published["cells"][(c, T)][1] is None}
    assert hidden
    charts = [ex for ex in _exhibits(reports[ALL]) if ex["kind"] == "chart"]
    assert charts
    drawn = json.dumps([ex["rows"] for ex in charts], ensure_ascii=False)
    for county in hidden:
        assert county not in drawn, county
