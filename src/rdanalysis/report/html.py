"""Render executed notebooks to self-contained HTML: code hidden, images embedded, Chinese text,
a table of contents, a banner when illustrative data fed the report, a provenance footer, and no
external request when the page is opened."""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdanalysis.paths import RESOURCES
from rdanalysis.text.i18n import t

if TYPE_CHECKING:  # nbformat's import costs about 1.4 s (jsonschema): not needed to reuse reports
    import nbformat

_EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: The page's ``lang`` attribute for each report language.
HTML_LANG = {"zh": "zh-CN", "en": "en"}
NO_FACTS = {"statuses": [], "illustrative": False, "sources": [], "recorded": False}


def facts(nb: nbformat.NotebookNode) -> dict:
    """What the executed notebook recorded about the data it showed (``metadata.rdanalysis``,
    written by the runner): statuses, sources, and whether illustrative data were shown."""
    recorded = (nb.metadata.get("rdanalysis") or {}).get("facts")
    if not recorded:
        return dict(NO_FACTS)
    return {**NO_FACTS, **recorded, "recorded": True}


@cache
def exporter():
    """nbconvert's HTML exporter with the project's network-free template (built once)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="rdreport",
        extra_template_basedirs=[str(RESOURCES / "templates")],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


@cache
def templates():
    """Jinja2 pages of the report layer (the index), autoescaped: every data string is escaped."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(RESOURCES / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def notebook_html(nb: nbformat.NotebookNode) -> str:
    """The notebook as HTML through the project's network-free template."""
    body, _ = exporter().from_notebook_node(nb)
    return body


def parse(page: str):
    """The page as a BeautifulSoup tree (the functions ending in ``_in`` change it in place, so a
    page is parsed once however many of them it goes through)."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(page, "html.parser")


def external_references(page: str) -> list[str]:
    """Every URL the page would fetch from the network (scripts, styles, images, frames, fonts)."""
    return external_references_in(parse(page))


def external_references_in(soup) -> list[str]:
    """``external_references`` of a parsed page."""
    found = []
    for tag, attr in (
        ("script", "src"),
        ("link", "href"),
        ("img", "src"),
        ("iframe", "src"),
        ("source", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("embed", "src"),
    ):
        for node in soup.find_all(tag):
            url = node.get(attr)
            if url and _EXTERNAL.match(url):
                found.append(f"<{tag} {attr}={url}>")
    for style in soup.find_all("style"):
        found += [
            f"css {u}"
            for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", style.get_text())
        ]
        found += [
            f"css @import {u}"
            for u in re.findall(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", style.get_text())
        ]
    return found


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


def _heading_ids(main) -> None:
    """Give every h1/h2 an id (headings displayed by code cells have none), for the contents."""
    taken = {h.get("id") for h in main.find_all(True) if h.get("id")}
    for k, h in enumerate(main.find_all(["h1", "h2"]), start=1):
        if not h.get("id"):
            anchor = re.sub(r"\s+", "-", h.get_text().strip()) or f"section-{k}"
            while anchor in taken:
                anchor = f"{anchor}-{k}"
            h["id"] = anchor
            taken.add(anchor)


def decorate_in(soup, title: str, illustrative: bool, footer: dict, lang: str = "zh") -> None:
    """Add to the parsed page its title, illustrative banner, table of contents and provenance
    footer, in the report's language (``lang``: also the page's ``lang`` attribute)."""
    from bs4 import BeautifulSoup

    if soup.html is not None:
        soup.html["lang"] = HTML_LANG[lang]
    main = soup.find("main") or soup.body
    if soup.title is None and soup.head is not None:
        soup.head.append(soup.new_tag("title"))
    if soup.title is not None:
        soup.title.string = title
    if soup.head is not None:  # the illustrative warning on every printed page, in ``lang``
        style = soup.new_tag("style", media="print")
        words = t("report.print_banner", lang).replace('"', "'")
        style.string = (
            f'@page illustrative {{ @top-center {{ content: "{words}"; font-size: 8.5pt; '
            "color: #c55a11; font-weight: bold; } }"
        )
        soup.head.append(style)
    _heading_ids(main)
    headings = [h for h in main.find_all(["h1", "h2"]) if h.get("id")]
    for h in main.find_all(["h1", "h2"]):
        for anchor in h.find_all("a", class_="anchor-link"):
            anchor.decompose()
    prefix = []
    if illustrative:
        prefix.append(
            BeautifulSoup(
                f'<div class="rd-banner" role="alert">{t("report.banner", lang)}</div>',
                "html.parser",
            )
        )
    if len(headings) > 1:
        items = "".join(
            f'<li><a href="#{html.escape(h["id"])}">{html.escape(h.get_text())}</a></li>'
            for h in headings
        )
        prefix.append(
            BeautifulSoup(
                f'<nav class="rd-toc"><strong>{t("report.contents", lang)}</strong>'
                f"<ul>{items}</ul></nav>",
                "html.parser",
            )
        )
    for block in reversed(prefix):
        main.insert(0, block)
    main.append(BeautifulSoup(footer_html(footer, lang), "html.parser"))


def navigation_in(soup, workbook: str, lang: str = "zh") -> bool:
    """Put a bar at the top of the parsed page: back to the index of all reports (one folder up,
    from latest/ and from a run's folder alike) and this report's workbook, in ``lang``; False
    if the page has no body to put it in."""
    from bs4 import BeautifulSoup

    main = soup.find("main") or soup.body
    if main is None:
        return False
    bar = BeautifulSoup(
        f'<nav class="rd-nav" aria-label="{t("report.nav_label", lang)}">'
        f'<a href="../index.html">{t("report.nav_index", lang)}</a>'
        f'<a href="{html.escape(workbook)}">{t("report.nav_workbook", lang)}</a></nav>',
        "html.parser",
    )
    main.insert(0, bar)
    return True


def footer_html(info: dict, lang: str = "zh") -> str:
    """Provenance: data sources and their status, input hashes, versions, parameters, run time."""
    from rdanalysis.text import provenance  # pandas: imported where a page is made

    e = html.escape
    rows = "".join(
        f"<tr><td>{e(s['path'])}</td><td>{e(s['title'])}</td><td>{e(s['status'])}</td></tr>"
        for s in info.get("sources", [])
    )
    inputs = "".join(
        f"<tr><td>{e(k)}</td><td><code>{e(v[:16])}</code></td></tr>"
        for k, v in info.get("inputs", {}).items()
    )
    versions = ", ".join(f"{e(k)} {e(v)}" for k, v in info.get("versions", {}).items())
    status = ", ".join(f"{e(k)}: {v}" for k, v in info.get("observations_by_status", {}).items())
    shown = info.get("facts") or {}
    used = ", ".join(e(s) for s in shown.get("statuses", [])) or "—"
    used_sources = "".join(
        f"<li>{e(provenance.source(s['source'], lang))}({e(s['status'])})</li>"
        for s in shown.get("sources", [])
    )
    run = t(
        "report.footer_run",
        lang,
        name=e(info.get("name", "")),
        run=e(info.get("run_id", "")),
        finished=e(info.get("finished", "")),
        seconds=info.get("seconds", 0),
    )
    parameters = e(json.dumps(info.get("parameters", {}), ensure_ascii=False))
    head = "".join(
        f"<th>{t(k, lang)}</th>"
        for k in ("report.footer_raw", "report.footer_content", "report.footer_status")
    )
    return (
        f'<footer class="rd-footer"><h3>{t("report.footer_title", lang)}</h3><p>{run}</p>'
        f"<p>{t('report.footer_parameters', lang)} <code>{parameters}</code></p>"
        f"<p>{t('report.footer_statuses', lang)} {used}</p>"
        f"<ul class='rd-sources'>{used_sources}</ul>"
        f"<p>{t('report.footer_counts', lang)} {status}</p>"
        f"<table><tr>{head}</tr>{rows}</table>"
        f"<p>{t('report.footer_hashes', lang)}</p><table>{inputs}</table>"
        f"<p>{t('report.footer_versions', lang)} {versions}</p></footer>"
    )


def error_page(
    name: str, title: str, parameters: dict, error: str, notebook_link: str, lang: str = "zh"
) -> str:
    """A readable page for a report that failed, in the report's language; links the executed
    notebook kept for debugging."""
    e = html.escape
    text = _ANSI.sub("", error)
    link = e(notebook_link)
    return (
        f'<!DOCTYPE html><html lang="{HTML_LANG[lang]}"><head><meta charset="utf-8">'
        f"<title>{t('report.failed_title', lang, title=e(title))}</title>"
        "<style>body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
        "max-width:1000px;margin:24px auto}pre{background:#f7f7f7;padding:12px;overflow:auto;"
        "white-space:pre-wrap}</style></head><body>"
        f'<nav aria-label="{t("report.nav_label", lang)}"><a href="../index.html">'
        f"{t('report.nav_index', lang)}</a></nav>"
        f"<h1>{t('report.failed_heading', lang, title=e(title))}</h1>"
        f"<p>{t('report.failed_text', lang, name=e(name))}</p>"
        f"<p>{t('report.footer_parameters', lang)} "
        f"<code>{e(json.dumps(parameters, ensure_ascii=False))}</code></p>"
        f"<h2>{t('report.failed_error', lang)}</h2><pre>{e(text)}</pre>"
        f'<p>{t("report.failed_notebook", lang)} <a href="{link}">{link}</a></p></body></html>'
    )


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
