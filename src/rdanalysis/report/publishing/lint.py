"""The publication lint: what a statistics bureau could not send unedited, found on a rendered page.

``problems(page, lang)`` reads a finished report page and lists every place where a reader would
see: NaN / None / inf / True / False as a value, a year written as a float, e-notation, raw
Markdown, five or more decimals, an internal code, an empty section, active content (scripts,
event handlers, frames, ``javascript:`` links, styles outside the head), Chinese in an English
heading, or a chart without alt text of its own. The tests run it over the sample suite in both
languages and on partial data; a bureau can run it over its own pages from Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser

from rdanalysis import reference

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_VALUE_WORDS = re.compile(r"(?<![\w.])(NaN|nan|NaT|<NA>|inf|-inf|None|True|False)(?![\w.])")
_VALUE_WORDS_EN = re.compile(r"(?<![\w.])(NaN|nan|NaT|<NA>|inf|-inf)(?![\w.])")
_FLOAT_YEAR = re.compile(r"(?<![\d.])(19|20)\d\d\.0(?!\d)")
_E_NOTATION = re.compile(r"(?<![\w.])\d+(?:\.\d+)?[eE][-+]?\d+(?![\w.])")
#: Markdown a reader should never see: emphasis, a heading or quote mark at a line's start, a
#: backslash escape, a link.
_RAW_MARKDOWN = re.compile(
    r"\*\*|__\w|^\s*#{1,6}\s|^\s*>\s|\\[\\`*_{}\[\]()#+\-.!|<>~$&=]|\]\(", re.M
)
_DECIMALS = re.compile(r"(?<![\w.])\d+\.\d{5,}")
_SNAKE = re.compile(r"(?<![\w/.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/.-])")
_ACTIVE_TAGS = {
    "script", "iframe", "object", "embed", "svg", "math", "form", "input", "button", "frame",
    "frameset", "base", "link", "meta", "video", "audio", "source", "textarea", "select",
}  # fmt: skip
_SCRIPT_URL = re.compile(r"\s*(javascript|vbscript|data:text)", re.I)
_BOILERPLATE_ALT = ("No description has been provided", "image")


@cache
def codes() -> frozenset[str]:
    """The coded values a reader must never see on a Chinese page, besides any snake_case word:
    statuses, sectors, vintages, methods, factors (column names cannot reach a page: every
    table is declared from the registry, which refuses a column it does not know)."""
    found = set(reference.sectors()) | set(reference.splits())
    for spec in reference.splits().values():
        found |= set(spec["parts"])
    found |= {"verbatim", "derived", "illustrative", "yearbook", "revised", "preliminary"}
    found |= {"comparable", "municipal", "bayes", "drift", "pooled", "naive", "spending"}
    found -= {"total", "other", "activity", "funding"}  # English words as well as codes
    return frozenset(c for c in found if re.fullmatch(r"[a-z][a-z0-9_]{2,}", c))


@dataclass
class _Text:
    text: str
    where: str  # "heading", "cell", "text", "footer", "code"


@dataclass
class _Reader(HTMLParser):
    texts: list[_Text] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text); 0: content
    images: list[str] = field(default_factory=list)
    active: list[str] = field(default_factory=list)
    stack: list[str] = field(default_factory=list)
    in_head: bool = False
    heading: list[str] | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def _active(self, tag: str, attrs: dict) -> None:
        """Anything that would act rather than show: script-like tags, handlers, styles, URLs."""
        in_head_ok = self.in_head and tag in ("meta", "link") and "http-equiv" not in attrs
        if tag in _ACTIVE_TAGS and not in_head_ok:
            self.active.append(f"<{tag}>")
        if tag == "style" and not self.in_head:
            self.active.append("<style> in the body")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                self.active.append(f"<{tag} {name}=…>")
            if name in ("href", "src") and _SCRIPT_URL.match(value or ""):
                self.active.append(f"<{tag} {name}={(value or '')[:30]}>")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        self._active(tag, attrs)
        if tag == "img":
            self.images.append((attrs.get("alt") or "").strip())
            self.headings.append((0, "img"))
        if tag in ("h1", "h2", "h3", "h4"):
            self.heading = []
        if tag in ("table", "ul", "ol", "dl", "blockquote", "figure"):
            self.headings.append((0, tag))
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        if tag in ("h1", "h2", "h3", "h4") and self.heading is not None:
            self.headings.append((int(tag[1]), "".join(self.heading).strip()))
            self.heading = None
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if self.in_head or not data.strip() or "style" in self.stack or "script" in self.stack:
            return
        if self.heading is not None:
            self.heading.append(data)
            where = "heading"
        elif "code" in self.stack:
            where = "code"
        elif "footer" in self.stack:
            where = "footer"
        elif "td" in self.stack or "th" in self.stack:
            where = "cell"
        else:
            where = "text"
        if where != "heading" and self.headings and self.headings[-1][0] > 0:
            self.headings.append((0, "text"))  # the section above shows something
        self.texts.append(_Text(data, where))


def _empty_sections(headings: list[tuple[int, str]]) -> list[str]:
    out = []
    for i, (level, text) in enumerate(headings):
        if level < 2:
            continue
        rest = headings[i + 1 :]
        end = next((k for k, (lv, _) in enumerate(rest) if 0 < lv <= level), len(rest))
        if not any(lv == 0 for lv, _ in rest[:end]):
            out.append(f"empty section: {text!r}")
    return out


def _text_problems(t: _Text, lang: str, known: frozenset[str]) -> list[str]:
    text, out = t.text, []
    words = _VALUE_WORDS if lang == "zh" or t.where == "cell" else _VALUE_WORDS_EN
    if t.where != "code":
        out += [f"value shown as {m!r}: …{text[:60]}…" for m in words.findall(text)]
        out += [f"year as float: {m.group()!r}" for m in _FLOAT_YEAR.finditer(text)]
        out += [f"e-notation: {m!r}" for m in _E_NOTATION.findall(text)]
        out += [f"5+ decimals: {m!r}" for m in _DECIMALS.findall(text)]
    if t.where in ("text", "cell", "heading") and _RAW_MARKDOWN.search(text):
        out.append(f"raw Markdown: …{text[:60]}…")
    if t.where in ("text", "cell", "heading"):
        tokens = set(_SNAKE.findall(text))
        if lang == "zh":
            tokens |= {w for w in re.findall(r"(?<![\w/.-])[a-z]+(?![\w/.-])", text) if w in known}
        out += [f"internal code shown: {w!r}" for w in sorted(tokens)]
    if lang == "en" and t.where == "heading" and CJK.search(text):
        out.append(f"Chinese in an English heading: {text!r}")
    return out


def problems(page: str, lang: str = "zh", allowed: tuple[str, ...] = ()) -> list[str]:
    """Every publication problem on ``page`` (``allowed``: strings, such as names with no
    English form, that may appear in an English heading)."""
    reader = _Reader()
    reader.feed(page)
    reader.close()
    known = codes()
    out = list(dict.fromkeys(reader.active))
    for t in reader.texts:
        if t.where == "heading" and any(a in t.text for a in allowed):
            t = _Text(re.sub("|".join(map(re.escape, allowed)), "", t.text), t.where)
        out += _text_problems(t, lang, known)
    out += _empty_sections(reader.headings)
    for alt in reader.images:
        if not alt or any(alt.startswith(b) for b in _BOILERPLATE_ALT):
            out.append(f"chart without alt text of its own: {alt!r}")
    return out
