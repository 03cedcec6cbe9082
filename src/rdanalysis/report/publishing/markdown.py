"""Markdown of a report's text outputs to HTML: CommonMark (markdown-it-py) with raw HTML, links
and images switched off (a page shows text, tables and the charts the report made; nothing in
the text can fetch, link or run), and emphasis that works beside Chinese punctuation.

CommonMark decides whether ``**`` opens or closes emphasis from the characters on either side,
written for languages that put spaces between words: ``**未提供数据:**本节…`` stays literal,
because the closing ``**`` follows punctuation and precedes a letter. Chinese text has no spaces
to give. The rule here is CommonMark's with the amendment proposed for CJK text (and used by
markdown-it's ``cjk-friendly`` plugin): where a CJK character or CJK punctuation stands on
either side of the delimiter, punctuation on the other side counts as it would next to a space.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Delimiter, StateInline

#: What the text of a report may not do: raw HTML, links, images, reference definitions.
DISABLED = ["html_inline", "html_block", "link", "image", "autolink", "reference"]
_CJK = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "FULLWIDTH", "IDEOGRAPHIC", "BOPOMOFO")


@cache
def _is_cjk(char: str) -> bool:
    """A CJK letter or CJK punctuation (by its Unicode name)."""
    if ord(char) < 0x2E80:
        return False
    name = unicodedata.name(char, "")
    return name.startswith(_CJK) or "CJK" in name


def _flanking(src: str, start: int, end: int) -> tuple[bool, bool, bool, bool]:
    """(left, right, last is punctuation, next is punctuation) of the delimiter run
    ``src[start:end]``, with the CJK amendment."""
    last = src[start - 1] if start > 0 else " "
    nxt = src[end] if end < len(src) else " "
    last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
    next_punct = isMdAsciiPunct(ord(nxt)) or isPunctChar(nxt)
    last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(nxt))
    last_cjk, next_cjk = _is_cjk(last), _is_cjk(nxt)
    cjk = last_cjk or next_cjk  # beside a CJK character (or CJK punctuation), as if a space
    left = not (next_space or (next_punct and not (last_space or last_punct or cjk)))
    right = not (last_space or (last_punct and not (next_space or next_punct or cjk)))
    return left, right, last_punct, next_punct


def _emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis tokenizer with :func:`_flanking` deciding open/close."""
    start = state.pos
    marker = state.src[start]
    if silent or marker not in ("_", "*"):
        return False
    end = start
    while end < state.posMax and state.src[end] == marker:
        end += 1
    left, right, last_punct, next_punct = _flanking(state.src[: state.posMax], start, end)
    split_word = marker == "*"
    can_open = left and (split_word or not right or last_punct)
    can_close = right and (split_word or not left or next_punct)
    length = end - start
    for _ in range(length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(
            Delimiter(
                marker=ord(marker),
                length=length,
                token=len(state.tokens) - 1,
                end=-1,
                open=can_open,
                close=can_close,
            )
        )
    state.pos = end
    return True


@cache
def parser() -> MarkdownIt:
    """The one Markdown parser of report pages (built once)."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(DISABLED)
    md.inline.ruler.at("emphasis", _emphasis)
    return md


def render(text: str) -> str:
    """``text`` (Markdown) as HTML."""
    return parser().render(text)
