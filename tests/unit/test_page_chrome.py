"""The page chrome made from the Jinja templates (``rdreport/failed.html.j2``,
``rdreport/figure.html.j2``): a failed report's page and a chart's figure show every value as
text, whatever it holds, with markup only from the templates."""

from __future__ import annotations

import base64
import io
import re

import pytest
from bs4 import BeautifulSoup
from matplotlib.figure import Figure

from rdanalysis.report.publishing import html as report_html
from rdanalysis.report.publishing import page

HOSTILE = "<script>alert(\"x\")</script> & 'q'"
ERROR = "\x1b[31mValueError\x1b[0m: " + HOSTILE
LINK = 'probe"<x>.ipynb'
FAILED_TAGS = {"html", "head", "meta", "title", "style", "body", "nav", "a", "h1", "p", "b"}
FAILED_TAGS |= {"code", "h2", "pre"}


def _failed(lang: str) -> BeautifulSoup:
    shown = report_html.error_page(HOSTILE, HOSTILE, {"county": HOSTILE}, ERROR, LINK, lang)
    return BeautifulSoup(shown, "html.parser")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_failed_report_s_page_shows_every_value_as_text(lang):
    soup = _failed(lang)
    assert {tag.name for tag in soup.find_all(True)} == FAILED_TAGS
    assert soup.html["lang"] == report_html.HTML_LANG[lang]
    assert soup.pre.get_text() == "ValueError: " + HOSTILE  # colour codes removed
    assert soup.b.get_text() == HOSTILE  # the report's name, bold from the template only
    assert HOSTILE in soup.title.get_text() and HOSTILE in soup.h1.get_text()
    assert soup.code.get_text() == '{"county": "' + HOSTILE.replace('"', '\\"') + '"}'
    links = [a["href"] for a in soup.find_all("a")]
    assert links == ["../index.html", LINK]


def test_an_english_failed_page_holds_no_chinese_but_the_values():
    text = _failed("en").get_text().replace(HOSTILE, "")
    assert not re.search(r"[\u4e00-\u9fff]", text), text


def _png() -> str:
    fig = Figure(figsize=(2, 1), dpi=50)
    fig.add_subplot().plot([0, 1])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=50)  # whatever savefig.dpi another test set
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def test_a_chart_is_its_own_png_with_its_reading_as_alt_text_and_its_size():
    png = _png()
    block = page._figure(png, {"title": "T", "alt": HOSTILE})
    img = BeautifulSoup(block.html, "html.parser").figure.img
    assert img["alt"] == HOSTILE
    assert img["src"] == report_html.PNG_DATA + png
    assert (img["width"], img["height"]) == ("100", "50")
    assert [tag.name for tag in img.find_all(True)] == []  # nothing came out of the alt text


def test_a_chart_whose_bytes_are_not_a_png_has_no_size():
    block = page._figure(base64.b64encode(b"not a png").decode(), None)
    img = BeautifulSoup(block.html, "html.parser").img
    assert "width" not in img.attrs and img["alt"] == ""
