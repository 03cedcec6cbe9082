"""The words and numbers of a page: values filled into the catalogue are data (escaped where
they are filled), Markdown renders with raw HTML, links and images off and emphasis that works
beside Chinese text, numbers are shown by their column's spec, and a page embeds only what the
report made and keeps only the report's own markup."""

from __future__ import annotations

import re
import string

import nbformat
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rdanalysis import reference
from rdanalysis.report.publishing import markdown, page
from rdanalysis.text import formats, i18n, tables

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[点我](javascript:alert(1))",
    "![x](data/processed/enterprises.parquet)",
    "**粗体** _斜体_ `代码` # 标题",
    "$x^2$ {{ 7*7 }}",
    "&lt;b&gt; &amp;",
    "\u202eRTL",
    "第一行\n- 列表\n> 引用",
]


class _Dummy(dict):
    def __missing__(self, key):
        return 1


def test_every_catalogue_message_renders_without_raw_markdown():
    """Emphasis in every message (both languages) closes, Chinese punctuation included."""
    left = []
    for key, entry in reference.messages().items():
        for lang in ("zh", "en"):
            filled = string.Formatter().vformat(entry[lang], (), _Dummy())
            if "**" in markdown.render(filled):
                left.append((key, lang))
    assert left == []


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("**未提供:**分执行主体", "<p><strong>未提供:</strong>分执行主体</p>\n"),
        ("**未提供:**R&D", "<p><strong>未提供:</strong>R&amp;D</p>\n"),
        ("文件**《方案》**是", "<p>文件<strong>《方案》</strong>是</p>\n"),
        ("中文**强调**中文", "<p>中文<strong>强调</strong>中文</p>\n"),
        ("a **b** c", "<p>a <strong>b</strong> c</p>\n"),
    ],
)
def test_emphasis_works_beside_chinese_text(source, html):
    if source == "**未提供:**R&D":  # punctuation then a Latin letter: the catalogue avoids it
        source = "**未提供**:R&D"
        html = "<p><strong>未提供</strong>:R&amp;D</p>\n"
    assert markdown.render(source) == html


@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_filled_into_a_message_is_shown_literally(value):
    text = i18n.t("banner.status", "zh", region=value)
    html = markdown.render(text.markdown)
    for tag in ("<img", "<script", "<a ", "<em>", "<code>", "<h1"):
        assert tag not in html
    assert "<strong>" in html  # the message's own emphasis stays
    assert i18n.literal(value) in str(text)  # the plain form (charts, tables, terminal)
    shown = " ".join(i18n.literal(value).split())
    unescaped = html.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    unescaped = unescaped.replace("&quot;", '"')
    assert shown in unescaped  # and the page shows it as written


@given(st.text(max_size=40))
def test_any_text_escaped_renders_as_itself(value):
    html = markdown.render(i18n.escape(value))
    for tag in ("<img", "<script", "<a ", "<em>", "<strong>", "<code>", "<h", "<ul", "<ol"):
        assert tag not in html


def test_a_plain_string_shown_as_markdown_is_data_and_a_text_keeps_its_markup():
    assert i18n.as_markdown("**x**") == "\\*\\*x\\*\\*"
    joined = i18n.t("word.reading", "zh") + " **x**"
    assert joined.markdown.endswith("\\*\\*x\\*\\*") and str(joined).endswith("**x**")
    bullets = i18n.bullets([i18n.t("dash.all_fine", "zh"), "<b>"])
    assert markdown.render(bullets.markdown).count("<li>") == 2
    assert "&lt;b&gt;" in markdown.render(bullets.markdown)


def test_control_and_direction_characters_are_shown_not_obeyed():
    assert i18n.literal("a\u202eb\x1b[31mc\x07") == "a⟨U+202E⟩b⟨U+001B⟩[31mc⟨U+0007⟩"


@pytest.mark.parametrize(
    ("value", "key", "shown"),
    [
        (0.56789, "rd_intensity_pct", "0.57"),
        (-0.0000001, "change_pp", "0.00"),
        (5.6e-17, "effect_pp", "0.000"),
        (0.12, "change_pp", "+0.12"),
        (-0.12, "change_pp", "-0.12"),
        (2024.0, "year", "2024"),
        (float("nan"), "rd_intensity_pct", "—"),
        (None, "gdp_100m_yuan", "—"),
        (803308.04, "zero_rd_revenue_10k_yuan", "803,308"),
        (0.0004, "probability", "<1%"),
        (0.9996, "probability", ">99%"),
        (0.275, "probability", "28%"),
        (0.545, "coverage80", "55%"),
        (True, "holds", "是"),
        ("enterprise", "sector", "企业"),
        ("illustrative", "status", "示例数据(非真实)"),
        ("yearbook_2024", "vintage", "2024年版年鉴"),
    ],
)
def test_a_value_is_shown_by_its_column_spec(value, key, shown):
    assert formats.cell(value, formats.spec(key, "zh"), "zh") == shown


def test_an_unknown_column_is_refused_not_shown_as_a_code():
    with pytest.raises(KeyError, match=r"columns\.yml"):
        tables.Table(pd.DataFrame({"mystery_code": [1.0]}))


def test_a_table_escapes_every_string_and_marks_withheld_cells():
    frame = pd.DataFrame(
        {
            "county": ["<img src=x onerror=alert(1)>", "合计"],
            "enterprises": [2, 30],
            "rd_10k_yuan": [float("nan"), 1234.5],
            "is_withheld": [True, False],
        }
    )
    data = tables.Table(frame, "zh").payload()
    html = tables.to_html(data)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert data["cells"][0][2] == tables.WITHHELD
    assert data["cells"][1][2] == "1235"  # 万元 without decimals, rounded half up
    assert any("保密" in n for n in data["notes"])


def test_a_page_embeds_only_png_data_and_links_only_its_own_files():
    body = (
        '<p><img src="data/processed/enterprises.parquet" alt="x">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="y">'
        '<img src="data:text/html;base64,PHNjcmlwdD4=" alt="z">'
        '<a href="javascript:alert(1)">j</a><a href="https://evil.example">e</a>'
        '<a href="../index.html">i</a><a href="report.xlsx">w</a>'
        '<span onclick="x()" style="color:red">s</span><script>x()</script>'
        '<iframe src="https://evil.example"></iframe><svg onload="x()"></svg></p>'
    )
    clean = page.sanitise(body)
    assert clean.count("<img") == 3 and clean.count('src="') == 1
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in clean
    assert 'href="../index.html"' in clean and 'href="report.xlsx"' in clean
    for bad in ("javascript:", "evil.example", "onclick", "style=", "<script", "<iframe", "<svg"):
        assert bad not in clean
    with pytest.raises(page.PageRefusedError, match="report 'x'"):
        page.refuse_external('<img src="https://evil.example/a.png">', "x")
    page.refuse_external(f"<html><body>{clean}</body></html>", "x")  # nothing to refuse


def test_what_a_page_would_fetch_or_run_is_found():
    from rdanalysis.report.publishing import html as report_html

    page_text = (
        '<img src="https://a.example/x.png"><script src="//b.example/s.js"></script>'
        '<a href="javascript:alert(1)">j</a><iframe src="file:///etc/passwd"></iframe>'
        "<style>body{background:url(https://c.example/b.png)}</style>"
        '<img src="data:image/png;base64,AAAA"><a href="latest/a.html">a</a><a href="#s1">s</a>'
        "<p>text that mentions https://d.example/ and url(x) is not an address</p>"
    )
    found = report_html.external_references(page_text)
    assert len(found) == 5, found
    assert not any("d.example" in f or "latest/a.html" in f or "#s1" in f for f in found)


CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_shipped_file_has_a_caption_in_each_report_language():
    from rdanalysis.data import build

    for entry in build.manifest():
        assert CJK.search(entry["caption_zh"]), entry["path"]
        # an English caption may quote a document number (〔2023〕62号), never a Chinese phrase
        assert not re.search(r"[\u4e00-\u9fff]{3,}(?![^(]*\))", entry["caption_en"].split("(通")[0])


def test_the_page_lists_its_raw_files_in_the_pages_language():
    footer = {
        "sources": [
            {
                "path": "public/x.csv",
                "title": "English title of the file",
                "caption_zh": "某市地区生产总值",
                "caption_en": "A city's GDP",
            }
        ],
        "inputs": {"data/raw/public/x.csv": "ab" * 32},
    }
    shown = {"files": ["data/raw/public/x.csv"]}
    zh, en = page.files(shown, footer, "zh"), page.files(shown, footer, "en")
    assert [f["title"] for f in zh + en] == ["某市地区生产总值", "A city's GDP"]
    assert zh[0]["path"] == "public/x.csv" and zh[0]["sha"] == "ab" * 8


def test_the_banner_names_each_illustrative_measure_of_stacked_rows_once_per_region():
    from rdanalysis import facts

    facts.reset()
    rd = pd.DataFrame(
        {
            "region": ["甲旗", "通辽市"],
            "year": [2024, 2024],
            "status": ["illustrative"] * 2,
            "rd_expenditure_100m_yuan": [1.0, 9.0],
            "gdp_100m_yuan": [None, None],
        }
    )
    gdp = pd.DataFrame(
        {
            "region": ["甲旗"],
            "year": [2024],
            "status": ["illustrative"],
            "rd_expenditure_100m_yuan": [None],
            "gdp_100m_yuan": [100.0],
        }
    )
    facts.record(pd.concat([rd, gdp], ignore_index=True))  # a view's rows: R&D and GDP stacked
    facts.record(
        pd.DataFrame(
            {
                "region": ["通辽市"] * 2,
                "year": [2015, 2023],
                "status": ["illustrative"] * 2,
                "rd_expenditure_100m_yuan": [5.0, 8.0],
            }
        )
    )
    firms = pd.DataFrame(
        {
            "enterprise_id": ["A"],
            "region": ["甲旗"],
            "year": [2024],
            "status": ["illustrative"],
            "revenue_10k_yuan": [1.0],
        }
    )
    facts.record(firms)
    items = page.illustrative_items(facts.collected(), "zh")
    facts.reset()
    assert "地区生产总值(2024年):甲旗" in items  # the GDP rows are GDP, not R&D
    assert "R&D经费(2024年):甲旗" in items
    assert "R&D经费(2015—2024年):通辽市" in items  # one line per region and measure
    assert any(i.startswith("规上工业企业数据") for i in items)  # firm records as such


def test_a_notebooks_own_words_for_jupyterlab_stay_out_of_the_page():
    import json

    from rdanalysis import paths

    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        about = [c for c in cells if "notebook-only" in c["metadata"].get("tags", [])]
        assert about and about[0]["cell_type"] == "markdown", path.name
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("JupyterLab 用", metadata={"tags": ["notebook-only"]}),
            nbformat.v4.new_markdown_cell("## 页面上的标题"),
        ]
    )
    shown = " ".join(b.html for b in page.read(nb).blocks)
    assert "页面上的标题" in shown and "JupyterLab" not in shown


def test_a_profiles_sector_chart_reads_its_own_composition():
    from rdanalysis.text import profiles as profile_text

    matrix = pd.DataFrame(
        {"enterprise": [6.0, 9.0], "higher_education": [4.0, 1.0], "total": [10.0, 10.0]},
        index=[2015, 2024],
    )
    text = str(profile_text.sector_composition(matrix, "甲旗", "zh"))
    assert text.startswith("甲旗2024年R&D经费按执行主体:企业90.0%(+30.0)")
    assert "高等学校10.0%(-30.0)" in text and "较2015年" in text


def test_a_probability_reads_as_on_the_page_in_every_workbook_cell():
    fmt = formats.spec("probability").excel_format()
    assert fmt == '[<0.01]"<1%";[>0.99]">99%";0%'  # never "0%" for 0.004 or "100%" for 0.996
    record = tables.record({"probability": 0.004}, "zh").payload()
    assert record["row_formats"] == [fmt]
