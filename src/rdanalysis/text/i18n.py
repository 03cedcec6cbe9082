"""One language at a time: every word a report shows comes from one catalog of text
(``resources/text.yml``: message id -> {zh, en}, read through ``reference.messages``), in the
language of the report's ``lang`` parameter.

``t(id, lang, **values)`` is the whole mechanism: the message in ``lang`` with its
``str.format`` placeholders filled. Names follow the language too: regions by their English
name (regions.yml ``en``), parts of a split (sectors.yml / splits.yml ``en``), measures
(measures.yml ``en``) and units (the ``unit.*`` messages). A name with no English form (a
region a user declared without one) stays as written.

**Values are data.** A message may carry Markdown of its own (``**…**``, ``> …``); the values
filled into it never do. ``t`` returns a :class:`Text`: as a ``str`` it is the plain sentence
(for charts, table cells and the terminal), and its ``markdown`` is the same sentence with every
value escaped for Markdown (so a region, industry, source, plan title, task title or unit name
``<img onerror=…>``, ``**x**``, ``[a](javascript:…)`` or ``$x$`` is shown literally). This fill
step is the one place values are escaped; the page renders Markdown with raw HTML disabled, and
the finished page still passes an allow-list sanitiser. A plain ``str`` given to :func:`markdown`
is data as a whole and is escaped entirely.
"""

from __future__ import annotations

import re
import string

from rdanalysis import reference
from rdanalysis.errors import RDAnalysisError

LANGS = ("zh", "en")
DEFAULT = "zh"
#: Between clauses and list items: Chinese punctuation, or English.
_SEPARATORS = {
    "list": {"zh": "、", "en": ", "},
    "comma": {"zh": ",", "en": ", "},
    "clause": {"zh": ";", "en": "; "},
}
#: ASCII punctuation that can start Markdown syntax anywhere in a line (CommonMark lets every
#: ASCII punctuation character be escaped with a backslash, and an escaped one is literal).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&=])")
#: Characters that would act rather than show: C0/C1 controls (but tab), bidirectional
#: overrides and isolates, and the line and paragraph separators.
_SPACE = re.compile(r"\s+")
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]"
)


def literal(value: object) -> str:
    """``value`` as text a reader sees as written: a control or direction-override character is
    shown as its code point (``⟨U+202E⟩``) instead of acting on the text around it."""
    text = str(value)
    if not _INVISIBLE.search(text):
        return text
    return _INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


def escape(value: object) -> str:
    """``value`` as Markdown that renders exactly as the text (one line, nothing interpreted)."""
    if isinstance(value, Text):
        return value.markdown
    text = _SPACE.sub(" ", literal(value))  # one line: no list, quote or code block starts
    return _MD_SPECIAL.sub(r"\\\1", text)


def _pair(value: object) -> tuple[str, str]:
    """(plain, markdown) of a value that is joined into a Text."""
    if isinstance(value, Text):
        return str(value), value.markdown
    return str(value), escape(value)


class Text(str):
    """A sentence of the catalog with its values filled in: ``str(text)`` is the plain sentence,
    ``text.markdown`` the same with the values escaped for Markdown. Joining a Text with another
    Text keeps both forms; joining it with a plain ``str`` treats that ``str`` as data."""

    markdown: str

    def __new__(cls, plain: str, markdown: str | None = None) -> Text:
        obj = super().__new__(cls, plain)
        obj.markdown = escape(plain) if markdown is None else markdown
        return obj

    @classmethod
    def markup(cls, source: str) -> Text:
        """Markdown written by the project itself (a catalog message without values)."""
        return cls(_unmark(source), source)

    def __add__(self, other: object) -> Text:
        if not isinstance(other, str):
            return NotImplemented
        plain, md = _pair(other)
        return Text(str.__add__(str(self), plain), self.markdown + md)

    def __radd__(self, other: object) -> Text:
        if not isinstance(other, str):
            return NotImplemented
        plain, md = _pair(other)
        return Text(plain + str(self), md + self.markdown)

    def join(self, items) -> Text:  # type: ignore[override]
        pairs = [_pair(i) for i in items]
        return Text(str(self).join(p for p, _ in pairs), self.markdown.join(m for _, m in pairs))

    def __reduce__(self):
        return (Text, (str(self), self.markdown))


def _unmark(source: str) -> str:
    """The plain text of a catalog message's own Markdown: no emphasis marks, no quote marks."""
    text = source.replace("**", "")
    return re.sub(r"(?m)^> ?", "", text)


class _Filler(string.Formatter):
    """Fills a message's placeholders: the plain form as ``str.format`` would, the Markdown
    form with every value escaped (numbers and Texts need no escaping; strings do)."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown

    def format_field(self, value, format_spec):
        if isinstance(value, Text):
            return value.markdown if self.markdown else format(str(value), format_spec)
        shown = format(value, format_spec)
        if isinstance(value, str):
            return escape(shown) if self.markdown else literal(shown)
        return shown


_PLAIN, _MARKDOWN = _Filler(False), _Filler(True)


def check(lang: str) -> str:
    """``lang`` if it is a language the reports are written in; else an RDAnalysisError."""
    if lang not in LANGS:
        raise RDAnalysisError(f"parameter 'lang' = {lang!r} (expected one of {', '.join(LANGS)})")
    return lang


def t(message: str, lang: str = DEFAULT, **values) -> Text:
    """Message ``message`` of the catalog in ``lang``, with ``values`` filled in (escaped in its
    Markdown form: see the module's doc)."""
    try:
        entry = reference.messages()[message]
    except KeyError:
        raise KeyError(f"no message '{message}' in resources/text.yml") from None
    source = entry[check(lang)]
    if not values:
        return Text.markup(source)
    return Text(_PLAIN.format(_unmark(source), **values), _MARKDOWN.format(source, **values))


def has(message: str) -> bool:
    """Whether the catalog has ``message``."""
    return message in reference.messages()


def join(items, lang: str = DEFAULT, kind: str = "list") -> Text:
    """``items`` joined as a list (、 / ', '), with commas (, / ', ') or as clauses (; / '; ');
    items that are not :class:`Text` are data."""
    return Text.markup(_SEPARATORS[kind][lang]).join(items)


def region(name: str, lang: str = DEFAULT) -> str:
    """A region's name in ``lang`` (its English name from regions.yml; as written if none)."""
    if lang == "zh" or not isinstance(name, str):
        return name
    known = reference.regions().get(name)
    if known is not None and known.en:
        return known.en
    return t(f"value.{name}", lang) if has(f"value.{name}") else name


def part(code: str, lang: str = DEFAULT) -> str:
    """A part of any split (performing sector, source of funds, type of activity) in words."""
    return reference.part_name(code, lang)


def unit(text: str, lang: str = DEFAULT) -> str:
    """A unit (亿元, 万人, %, ...) in ``lang`` (as written when the catalog has no entry)."""
    key = f"unit.{text}"
    return t(key, lang) if lang != "zh" and has(key) else text


def as_markdown(text: object) -> str:
    """Markdown for ``text``: a :class:`Text`'s own, or any other value escaped as data."""
    return text.markdown if isinstance(text, Text) else escape(text)


def bullets(items) -> Text:
    """``items`` as a Markdown list (each a :class:`Text` with its markup, or data)."""
    return Text.markup("\n").join(Text.markup("- ") + item for item in items)


def quote(text: object) -> Text:
    """``text`` as a Markdown block quote."""
    return Text.markup("> ") + text


def markdown(text: object):
    """A Markdown paragraph for a notebook to display: a :class:`Text` (from :func:`t`) with its
    own markup, anything else shown literally."""
    # lazy: IPython.display, 43 ms of the CLI's and the runner's start
    from IPython.display import Markdown

    return Markdown(as_markdown(text))


def heading(message: str, lang: str = DEFAULT, level: int = 2, **values):
    """A Markdown heading (``level`` '#') for a notebook to display: message ``message``."""
    # lazy: IPython.display, 43 ms of the CLI's and the runner's start
    from IPython.display import Markdown

    return Markdown(f"{'#' * level} {t(message, lang, **values).markdown}")


def md(message: str, lang: str = DEFAULT, **values):
    """A Markdown paragraph for a notebook to display: message ``message``."""
    return markdown(t(message, lang, **values))


def reading_text(text: object, lang: str = DEFAULT) -> Text:
    """'**解读:** …' / '**Reading:** …' as text (``text`` keeps its own markup if it has any)."""
    label = t("word.reading", lang)
    return Text(str(label), f"**{label.markdown}**") + " " + text


def reading(text: object, lang: str = DEFAULT):
    """The one-line reading under a figure or table, for a notebook to display."""
    return markdown(reading_text(text, lang))
