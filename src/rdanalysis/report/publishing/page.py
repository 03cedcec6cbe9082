"""A report's page, assembled from what its notebook made and nothing else.

The executed notebook's outputs become blocks, each from one kind of output the report layer
knows: a declared table (``exhibits.MIME``, drawn by ``text.tables.to_html`` from its data,
every string escaped), a chart (its own PNG bytes, embedded as a ``data:`` URI, with its title
and reading as alt text), and Markdown text (rendered by ``report.publishing.markdown``: no raw
HTML, links or images). Nothing on the page is read from a path a notebook or a data file
names. Any other output (a raw DataFrame's HTML, printed text, a warning) is left out and counted.

Markdown cells are the notebook's own words and are shown too (rendered the same way), except
those tagged ``notebook-only`` (words for JupyterLab readers). A heading whose section shows
nothing is left out with it; the contents list what the page
shows. The chrome (navigation, banner, contents, downloads, provenance footer) comes from the
Jinja template ``rdreport/page.html.j2`` (autoescaped). The body then passes an allow-list
sanitiser (nh3: the report's own tags and classes, images only as embedded PNG, links only to
this report's own files), and the finished page is checked once more for anything it would
fetch from the network.
"""

from __future__ import annotations

import base64
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

import nh3

from rdanalysis import exhibits, facts, reference
from rdanalysis.errors import RDAnalysisError
from rdanalysis.report.publishing import html as report_html
from rdanalysis.report.publishing import markdown
from rdanalysis.text import formats, provenance, tables
from rdanalysis.text.i18n import region, t

TEMPLATE = "rdreport/page.html.j2"
FIGURE_TEMPLATE = "rdreport/figure.html.j2"
#: A Markdown cell with this tag is for JupyterLab readers only, not for the page.
NOTEBOOK_ONLY = "notebook-only"
#: Parameters whose value is a region (shown by its name in the page's language).
REGION_PARAMETERS = ("region", "county", "parent")
#: What a report page may contain (nh3 allow-list): the tags our templates and Markdown make.
TAGS = {
    "a", "blockquote", "br", "caption", "code", "div", "em", "figure", "footer", "h1", "h2",
    "h3", "h4", "header", "hr", "img", "li", "main", "nav", "ol", "p", "pre", "section", "span",
    "strong", "table", "tbody", "td", "th", "thead", "tr", "ul", "dl", "dt", "dd",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "id", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "div": {"role", "aria-label", "tabindex"},
    "nav": {"aria-label"},
    "section": {"aria-label"},
    "th": {"scope"},
}
_LOCAL_LINK = report_html.LOCAL_LINK
_PNG = report_html.PNG_DATA
_BASE64 = re.compile(r"[A-Za-z0-9+/=]*")


class PageRefusedError(RDAnalysisError):
    """The page would fetch or run something: it is not published (the message says what)."""


@dataclass
class Block:
    """One piece of the page: a heading (``level`` 1-3) or content (HTML)."""

    kind: str
    html: str
    level: int = 0
    text: str = ""
    anchor: str = ""


@dataclass
class Section:
    """A level-2 heading and what it shows, printed landscape when it holds a wide table."""

    heading: Block | None
    blocks: list[Block]

    @property
    def landscape(self) -> bool:
        return any('class="rd-table rd-wide"' in b.html for b in self.blocks)


def sections(blocks: list[Block]) -> list[Section]:
    """The page's blocks after its title, grouped under their level-2 headings."""
    out = [Section(None, [])]
    for b in blocks:
        if b.kind == "heading" and b.level == 1:
            continue
        if b.kind == "heading" and b.level == 2:
            out.append(Section(b, []))
        else:
            out[-1].blocks.append(b)
    return [s for s in out if s.heading is not None or s.blocks]


@dataclass
class Page:
    """The blocks of a page and what was left out."""

    blocks: list[Block] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return next((b.text for b in self.blocks if b.kind == "heading" and b.level == 1), "")


def _markdown_blocks(text: str) -> list[Block]:
    """Markdown text as blocks: each heading its own, the rest as content between them."""
    md = markdown.parser()
    tokens = md.parse(text)
    out, run = [], []

    def flush() -> None:
        if run:
            out.append(Block("content", md.renderer.render(run, md.options, {})))
            run.clear()

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            flush()
            inline = tokens[i + 1]
            level = int(tok.tag[1])
            inner = md.renderer.render([inline], md.options, {})
            plain = "".join(c.content for c in inline.children or [] if c.type == "text")
            out.append(Block("heading", inner, level=level, text=plain or inline.content))
            i += 3
            continue
        run.append(tok)
        i += 1
    flush()
    return out


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return 0, 0
    return struct.unpack(">II", data[16:24])


def _figure(png: str, chart: dict | None) -> Block:
    """A chart: its own PNG, embedded, with its title and reading as alt text."""
    data = base64.b64decode(png)
    width, height = _png_size(data)
    alt = (chart or {}).get("alt") or (chart or {}).get("title") or ""
    figure = report_html.templates().get_template(FIGURE_TEMPLATE)
    return Block("content", figure.render(src=_PNG + png, alt=alt, width=width, height=height))


def _output_block(output: dict) -> Block | list[Block] | str:
    """The block(s) of one output, or a description of an output left out."""
    data = output.get("data") or {}
    exhibit = data.get(exhibits.MIME)
    if isinstance(exhibit, dict) and exhibit.get("format") == 2:
        return Block("content", tables.to_html(exhibit))
    if "image/png" in data:
        png = data["image/png"]
        return _figure("".join(png) if isinstance(png, list) else png, exhibit)
    if "text/markdown" in data:
        text = data["text/markdown"]
        return _markdown_blocks("".join(text) if isinstance(text, list) else text)
    kinds = ", ".join(sorted(data)) or output.get("output_type", "?")
    return f"{output.get('output_type')}: {kinds}"


def read(nb) -> Page:
    """The page's blocks, from the executed notebook's outputs in order."""
    page = Page()
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "markdown" and NOTEBOOK_ONLY not in tags:
            source = "".join(cell.source) if isinstance(cell.source, list) else cell.source
            page.blocks += _markdown_blocks(source)  # the notebook's own words
            continue
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") not in ("display_data", "execute_result"):
                if output.get("output_type") == "stream":
                    page.dropped.append(f"stream: {output.get('name')}")
                continue
            found = _output_block(output)
            if isinstance(found, str):
                page.dropped.append(found)
            elif isinstance(found, list):
                page.blocks += found
            else:
                page.blocks.append(found)
    return page


def shown_sections(blocks: list[Block]) -> list[Block]:
    """``blocks`` without headings whose section shows nothing (up to the next heading of the
    same or a higher level); each kept heading gets an anchor."""
    kept = []
    for i, b in enumerate(blocks):
        if b.kind == "heading" and b.level > 1:
            rest = blocks[i + 1 :]
            end = next(
                (k for k, x in enumerate(rest) if x.kind == "heading" and x.level <= b.level),
                len(rest),
            )
            if not any(x.kind == "content" for x in rest[:end]):
                continue
        kept.append(b)
    for k, b in enumerate(x for x in kept if x.kind == "heading"):
        b.anchor = f"s{k + 1}"
    return kept


def _attribute(tag: str, attr: str, value: str) -> str | None:
    """nh3's attribute filter: embedded PNG images only, this report's own links only."""
    if tag == "img" and attr == "src":
        return value if value.startswith(_PNG) and _BASE64.fullmatch(value[len(_PNG) :]) else None
    if tag == "a" and attr == "href":
        return value if _LOCAL_LINK.match(value) else None
    return value


def sanitise(body: str) -> str:
    """``body`` through the allow-list: only the report's own markup and embedded images."""
    return nh3.clean(
        body,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"data"},
        attribute_filter=_attribute,
        link_rel=None,
        strip_comments=True,
    )


def _years(years: list[int], lang: str) -> str:
    if not years:
        return ""
    span = str(years[0]) if years[0] == years[-1] else f"{years[0]}—{years[-1]}"
    return str(t("banner.years", lang, years=span))


def _what(code: str, lang: str) -> str:
    if code == facts.ENTERPRISES:
        return str(t("banner.enterprises", lang))
    try:
        return formats.spec(code, lang).label
    except KeyError:
        return formats.code(code, "measure", lang)


def illustrative_items(shown: dict, lang: str) -> list[str]:
    """The illustrative values a page shows, by measure and years, with their regions:
    'R&D经费(2015—2024年):奈曼旗、库伦旗'."""
    spans: dict[tuple[str, str], set[int]] = {}  # one measure of one region: all its years
    for item in shown.get("illustrative_values") or []:
        key = (_what(item.get("what") or "", lang), region(item.get("region") or "", lang))
        spans.setdefault(key, set()).update(int(y) for y in item.get("years") or [])
    grouped: dict[tuple[str, str], list[str]] = {}
    for (what, where), years in spans.items():
        names = grouped.setdefault((what, _years(sorted(years), lang)), [])
        if where and where not in names:
            names.append(where)
    separator, colon = ("、", ":") if lang == "zh" else (", ", ": ")
    return [
        f"{what}{years}" + (colon + separator.join(names) if names else "")
        for (what, years), names in grouped.items()
    ]


def refuse_external(page: str, name: str) -> None:
    """A page that would fetch anything is refused, naming the report and what it would fetch."""
    found = report_html.outside_addresses(page)
    if found:
        raise PageRefusedError(
            f"report '{name}': the page would fetch from the network ({', '.join(found[:3])}); "
            "it was not published"
        )


def assemble(nb, context: dict) -> tuple[str, Page]:
    """The finished page of an executed notebook. ``context``: name, title, lang, workbook,
    facts, footer (see the template); returns (html, the page's blocks and dropped outputs)."""
    page = read(nb)
    page.blocks = shown_sections(page.blocks)
    lang = context["lang"]
    env = report_html.templates()
    body = env.get_template("rdreport/body.html.j2").render(
        blocks=page.blocks,
        sections=sections(page.blocks),
        toc=[b for b in page.blocks if b.kind == "heading" and b.level == 2],
        banner=illustrative_items(context["facts"], lang),
        t=lambda key, **v: t(key, lang, **v),
        **context,
    )
    clean = sanitise(body)
    html = env.get_template(TEMPLATE).render(
        body=clean,
        html_lang=report_html.HTML_LANG[lang],
        fills=tables.STATUS_FILLS,
        print_banner=_print_banner(context["facts"], lang),
        **context,
    )
    refuse_external(html, context["name"])
    return html, page


def parameter_value(value: object, lang: str) -> str:
    """A parameter's value as a reader sees it (lists joined, true/false in words)."""
    if isinstance(value, bool):
        return str(t("word.yes" if value else "word.no", lang))
    if isinstance(value, list | tuple):
        return (
            "、".join(parameter_value(v, lang) for v in value)
            if lang == "zh"
            else ", ".join(parameter_value(v, lang) for v in value)
        )
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def parameters(values: dict, lang: str) -> list[dict]:
    """The report's parameters, each with its label from the catalogue (``param.<name>``)."""
    out = []
    for name, value in values.items():
        key = f"param.{name}"
        label = t(key, lang) if key in reference.messages() else name
        shown = value
        if name == "lang" and value in report_html.HTML_LANG:
            shown = t(f"lang.{value}", lang)
        elif name in REGION_PARAMETERS and isinstance(value, str):
            shown = region(reference.resolve_region(value) or value, lang)
        elif name == "plan" and isinstance(value, str):
            shown = Path(value).stem  # a plan file by its name, not the folder it sits in
        out.append({"label": str(label), "value": parameter_value(shown, lang)})
    return out


def sources(shown: dict, lang: str) -> list[dict]:
    """The sources of the values the page shows, each with its status in words."""
    return [
        {
            "source": provenance.source(s["source"], lang),
            "status": formats.code(s["status"], "status", lang),
        }
        for s in shown.get("sources") or []
    ]


def files(shown: dict, footer: dict, lang: str) -> list[dict]:
    """The raw files behind the values the page shows, with their captions in the page's
    language (the manifest's ``caption_zh``/``caption_en``) and hashes: a project file by its
    path under data/raw, a user's file by its name only (no folder of the machine that made the
    report is published)."""
    titles = {
        str(s.get("path", "")): str(s.get(f"caption_{lang}") or s.get("title") or "")
        for s in footer.get("sources", [])
    }
    hashes = {formats.origin(path): digest for path, digest in (footer.get("inputs") or {}).items()}
    out = []
    for path in shown.get("files") or []:
        short = formats.origin(path)
        digest = hashes.get(short, "")
        out.append({"path": short, "title": titles.get(short, ""), "sha": digest[:16]})
    return out


def versions(footer: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in (footer.get("versions") or {}).items())


def tiers(shown: dict, lang: str) -> list[str]:
    """How many published values of each source tier the page shows ('二级(…) 12个')."""
    counts = shown.get("tiers") or {}
    return [
        str(t("report.footer_tier_count", lang, tier=formats.code(k, "tier", lang), n=n))
        for k, n in sorted(counts.items())
        if n
    ]


def _print_banner(shown: dict, lang: str) -> str:
    """The line at the top of every printed page: internal use, or illustrative data."""
    if shown.get("confidential"):
        return str(t("report.print_confidential", lang))
    return str(t("report.print_banner", lang)) if shown.get("illustrative") else ""
