"""One language at a time: every word a report shows comes from one catalog of text
(``resources/text.yml``: message id -> {zh, en}, read through ``reference.messages``), in the
language of the report's ``lang`` parameter.

``t(id, lang, **values)`` is the whole mechanism: the message in ``lang`` with its
``str.format`` placeholders filled. Names follow the language too: regions by their English
name (regions.yml ``en``), parts of a split (sectors.yml / splits.yml ``en``), measures
(measures.yml ``en``) and units (the ``unit.*`` messages). A name with no English form (a
region a user declared without one) stays as written.
"""

from __future__ import annotations

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


def check(lang: str) -> str:
    """``lang`` if it is a language the reports are written in; else an RDAnalysisError."""
    if lang not in LANGS:
        raise RDAnalysisError(f"parameter 'lang' = {lang!r} (expected one of {', '.join(LANGS)})")
    return lang


def t(message: str, lang: str = DEFAULT, **values) -> str:
    """Message ``message`` of the catalog in ``lang``, with ``values`` filled in."""
    try:
        entry = reference.messages()[message]
    except KeyError:
        raise KeyError(f"no message '{message}' in resources/text.yml") from None
    return entry[check(lang)].format(**values) if values else entry[check(lang)]


def has(message: str) -> bool:
    """Whether the catalog has ``message``."""
    return message in reference.messages()


def join(items, lang: str = DEFAULT, kind: str = "list") -> str:
    """``items`` joined as a list (、 / ', '), with commas (, / ', ') or as clauses (; / '; ')."""
    return _SEPARATORS[kind][lang].join(str(i) for i in items)


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


def heading(message: str, lang: str = DEFAULT, level: int = 2, **values):
    """A Markdown heading (``level`` '#') for a notebook to display: message ``message``."""
    from IPython.display import Markdown

    return Markdown(f"{'#' * level} {t(message, lang, **values)}")


def md(message: str, lang: str = DEFAULT, **values):
    """A Markdown paragraph for a notebook to display: message ``message``."""
    from IPython.display import Markdown

    return Markdown(t(message, lang, **values))


def reading(text: str, lang: str = DEFAULT):
    """The one-line reading under a figure or table: '**解读:** …' / '**Reading:** …'."""
    from IPython.display import Markdown

    return Markdown(f"**{t('word.reading', lang)}** {text}")
