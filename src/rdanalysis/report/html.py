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

if TYPE_CHECKING:  # nbformat's import costs about 1.4 s (jsonschema): not needed to reuse reports
    import nbformat

_EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
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


def external_references(page: str) -> list[str]:
    """Every URL the page would fetch from the network (scripts, styles, images, frames, fonts)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
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


def decorate(page: str, title: str, illustrative: bool, footer: dict) -> str:
    """Add the page title, illustrative banner, table of contents and provenance footer."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    if soup.html is not None:
        soup.html["lang"] = "zh-CN"
    if soup.title is None and soup.head is not None:
        soup.head.append(soup.new_tag("title"))
    if soup.title is not None:
        soup.title.string = title
    main = soup.find("main") or soup.body
    headings = [h for h in main.find_all(["h1", "h2"]) if h.get("id")]
    for h in main.find_all(["h1", "h2"]):
        for anchor in h.find_all("a", class_="anchor-link"):
            anchor.decompose()
    prefix = []
    if illustrative:
        prefix.append(
            BeautifulSoup(
                '<div class="rd-banner" role="alert"><strong>'
                "注意:本报告使用了示例数据(非真实统计)。"
                "</strong>通辽市的R&amp;D经费数据尚未公开,示例数据仅用于演示方法,不得作为统计数据引用。"
                "Illustrative data, not official statistics.</div>",
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
                f'<nav class="rd-toc"><strong>目录 Contents</strong><ul>{items}</ul></nav>',
                "html.parser",
            )
        )
    for block in reversed(prefix):
        main.insert(0, block)
    main.append(BeautifulSoup(footer_html(footer), "html.parser"))
    return str(soup)


def navigation(page: str, workbook: str) -> str:
    """The page with a bar at its top: back to the index of all reports (one folder up, from
    latest/ and from a run's folder alike) and this report's workbook."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    main = soup.find("main") or soup.body
    if main is None:
        return page
    bar = BeautifulSoup(
        '<nav class="rd-nav" aria-label="报告导航 Navigation"><a href="../index.html">'
        "← 全部报告 All reports</a>"
        f'<a href="{html.escape(workbook)}">本报告数据表 Excel</a></nav>',
        "html.parser",
    )
    main.insert(0, bar)
    return str(soup)


def footer_html(info: dict) -> str:
    """Provenance: data sources and their status, input hashes, versions, parameters, run time."""
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
        f"<li>{e(s['source'])}({e(s['status'])})</li>" for s in shown.get("sources", [])
    )
    return (
        '<footer class="rd-footer"><h3>数据来源与运行信息 Provenance</h3>'
        f"<p>报告 Report: <b>{e(info.get('name', ''))}</b>;运行 Run: {e(info.get('run_id', ''))};"
        f"生成时间 Generated: {e(info.get('finished', ''))}"
        f"(用时 {info.get('seconds', 0):.1f} 秒)。</p>"
        f"<p>参数 Parameters: <code>{e(json.dumps(info.get('parameters', {}), ensure_ascii=False))}"
        f"</code></p><p>本报告所示数据的状态 Statuses shown in this report: {used}</p>"
        f"<ul class='rd-sources'>{used_sources}</ul>"
        f"<p>数值状态 Values by status (all data): {status}</p>"
        f"<table><tr><th>原始文件 Raw file</th><th>内容 Content</th><th>状态 Status</th></tr>{rows}"
        f"</table><p>输入文件哈希 Input SHA-256:</p><table>{inputs}</table>"
        f"<p>软件版本 Versions: {versions}</p></footer>"
    )


def error_page(name: str, title: str, parameters: dict, error: str, notebook_link: str) -> str:
    """A readable page for a report that failed; links the executed notebook kept for debugging."""
    e = html.escape
    text = _ANSI.sub("", error)
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>失败: {e(title)}'
        "</title><style>body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
        "max-width:1000px;margin:24px auto}pre{background:#f7f7f7;padding:12px;overflow:auto;"
        "white-space:pre-wrap}</style></head><body>"
        '<nav aria-label="报告导航 Navigation"><a href="../index.html">← 全部报告 All reports</a>'
        "</nav>"
        f"<h1>报告生成失败 Report failed: {e(title)}</h1>"
        f"<p>报告 <b>{e(name)}</b> 运行出错;上一次成功的"
        "版本仍保留在 latest/ 中。The last good version is kept in latest/.</p>"
        f"<p>参数 Parameters: <code>{e(json.dumps(parameters, ensure_ascii=False))}</code></p>"
        f"<h2>错误 Error</h2><pre>{e(text)}</pre>"
        f'<p>已执行的笔记本(含错误输出) Executed notebook: <a href="{e(notebook_link)}">'
        f"{e(notebook_link)}</a></p></body></html>"
    )


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
