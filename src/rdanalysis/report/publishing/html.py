"""What the report layer's pages share: the facts a report recorded (``metadata.rdanalysis``),
its first heading, the Jinja templates, a readable page for a report that failed,
and atomic writes. The report page itself is assembled by ``report.publishing.page``."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdanalysis.paths import RESOURCES
from rdanalysis.text.i18n import t

if TYPE_CHECKING:  # nbformat's import costs about 1.4 s (jsonschema): not needed to reuse reports
    import nbformat

#: Links a page may hold: this report's workbook and PDF, the index one folder up, its own
#: headings. Nothing with a scheme, nothing absolute, nothing that climbs further.
LOCAL_LINK = re.compile(r"^(#[\w-]+|\.\./index\.html|[\w.-]+\.(xlsx|pdf|html|ipynb))$")
PNG_DATA = "data:image/png;base64,"
#: An address inside a tag (text never holds a raw '<': it is escaped).
_ADDRESS = re.compile(
    r"""<[a-z][^>]*?\s(src|href|action|poster|data|xlink:href|srcset)\s*=\s*["']?([^"'\s>]*)""",
    re.I,
)
_STYLE = re.compile(
    r"<style[^>]*>(.*?)</style>|<[a-z][^>]*?\sstyle\s*=\s*\"([^\"]*)\"", re.I | re.S
)
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: The page's ``lang`` attribute for each report language.
HTML_LANG = {"zh": "zh-CN", "en": "en"}
#: The page of a report that failed.
FAILED_TEMPLATE = "rdreport/failed.html.j2"
NO_FACTS = {"statuses": [], "illustrative": False, "sources": [], "recorded": False}


def facts(nb: nbformat.NotebookNode) -> dict:
    """What the executed notebook recorded about the data it showed (``metadata.rdanalysis``,
    written by the runner): statuses, sources, and whether illustrative data were shown."""
    recorded = (nb.metadata.get("rdanalysis") or {}).get("facts")
    if not recorded:
        return dict(NO_FACTS)
    return {**NO_FACTS, **recorded, "recorded": True}


@cache
def templates():
    """Jinja2 pages of the report layer (report pages, their figures, failed reports, the index),
    autoescaped: every data string is escaped."""
    # lazy: jinja2 is 50 ms of the CLI's start
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(RESOURCES / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def outside_addresses(page: str) -> list[str]:
    """Every address in a tag of ``page`` that is not an embedded PNG or a link to this report's
    own files and headings, and every ``url()`` or ``@import`` in its styles."""
    found = [
        f"{attr}={value[:60]}"
        for attr, value in _ADDRESS.findall(page)
        if not (value.startswith(PNG_DATA) or LOCAL_LINK.match(value))
    ]
    for css in _STYLE.finditer(page):
        text = css.group(1) or css.group(2) or ""
        found += re.findall(r"url\([^)]*\)|@import[^;]*", text, re.I)
    return found


def external_references(page: str) -> list[str]:
    """Every address on ``page`` with a scheme or a host (``https:``, ``//``, ``javascript:``,
    ``file:`` …) other than an embedded PNG, and every ``url()`` or ``@import`` in its styles:
    what opening the page would fetch or run. (``report.publishing.page`` is stricter with a report
    page: only its own files and headings.)"""
    return [
        a
        for a in outside_addresses(page)
        if not a.split("=", 1)[-1].lower().startswith(("data:image/png", "#"))
        and (_SCHEME.match(a.split("=", 1)[-1]) or "url(" in a or "@import" in a)
    ]


def first_heading(nb: nbformat.NotebookNode) -> str:
    """The report's first level-1 heading (a markdown cell's, or one a code cell displayed)."""
    for cell in nb.cells:
        texts = [cell.source] if cell.cell_type == "markdown" else []
        texts += [o.get("data", {}).get("text/markdown", "") for o in cell.get("outputs", [])]
        for text in texts:
            for line in "".join(text).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def error_page(
    name: str, title: str, parameters: dict, error: str, notebook_link: str, lang: str = "zh"
) -> str:
    """A readable page for a report that failed, in the report's language
    (``rdreport/failed.html.j2``); links the executed notebook kept for debugging."""
    return (
        templates()
        .get_template(FAILED_TEMPLATE)
        .render(
            html_lang=HTML_LANG[lang],
            name=name,
            title=title,
            parameters=json.dumps(parameters, ensure_ascii=False),
            error=_ANSI.sub("", error),
            notebook_link=notebook_link,
            t=lambda key, **values: t(key, lang, **values),
        )
    )


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
