"""YAML a user wrote (plan files, reports.yml, ``-p`` values): parsed safely, with alias expansion
bounded.

YAML lets a value be named once (``&a``) and repeated (``*a``); nested repeats expand
exponentially (the "billion laughs" file: a few hundred bytes that stand for 10⁹ values, which
a reader walking the data expands). PyYAML writes aliases itself when it dumps a value used
twice, so they are not refused: the parsed tree is measured as it would be expanded, without
expanding it, and a file that stands for more than ``MAX_VALUES`` values, nests deeper than
``MAX_DEPTH`` levels or holds an alias inside the value it names is refused with its line.
A key given twice in one mapping is refused with both lines (PyYAML would keep the last one
without a word: ``value: 1.0`` then ``value: 0.5`` in one target silently halves it).
A tag written in the file (``!!binary``, ``!!python/...``) is refused with its line.
Everything else is read by PyYAML's safe loader.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

import yaml

from rdanalysis import reference
from rdanalysis.errors import Problem, RDAnalysisError

#: Mappings and lists nested deeper than this are refused (a plan needs five levels).
MAX_DEPTH = 50
#: Values a file may stand for once its aliases are expanded (a plan has a few hundred).
MAX_VALUES = 100_000
#: The largest file read (the shipped plan is 8 kB, reports.yml 5 kB).
MAX_BYTES = 5_000_000


def text(path: Path) -> str:
    """The text of a YAML file: UTF-8 (with or without BOM), else GB18030/GBK (Windows editors).

    Raises:
        RDAnalysisError: the file is missing, a folder, unreadable or not text.
    """
    try:
        found = path.stat()
        if stat.S_ISREG(found.st_mode) and found.st_size > MAX_BYTES:
            raise RDAnalysisError(
                f"{path}: {found.st_size:,} bytes (expected a YAML file of at most "
                f"{MAX_BYTES:,} bytes)"
            )
        if not stat.S_ISREG(found.st_mode) and not stat.S_ISDIR(found.st_mode):  # a pipe, device
            raise RDAnalysisError(f"{path}: not a regular file (expected a YAML file)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise RDAnalysisError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise RDAnalysisError(f"{path}: is a folder (expected a YAML file)") from None
    except OSError as exc:
        raise RDAnalysisError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RDAnalysisError(f"{path}: not text (expected a YAML file in UTF-8 or GBK)")


def _problem(source: str, line: int | None, problem: str, expected: str = "") -> RDAnalysisError:
    found = Problem(source, line, None, problem, expected)
    return RDAnalysisError(f"{source}: cannot be read as YAML", [found])


_TAG = re.compile(r"!\S*")


def _scan(text: str, source: str) -> None:
    """Refuse a tag written in the file (``!!binary``, ``!!python/name:...``, ``!x``: a value a
    user file has no need of, and that may build objects) and nesting deeper than
    ``MAX_DEPTH``, looking at the parser's events only."""
    depth = 0
    for event in yaml.parse(text, Loader=reference.YAML_LOADER):
        tag = getattr(event, "tag", None)  # None unless written (!...)
        if tag is not None:
            written = _TAG.search(text, event.start_mark.index)  # as the file writes it
            raise _problem(
                source,
                event.start_mark.line + 1,
                "YAML tags (!...) are not accepted: "
                + (written[0] if written else tag.replace("tag:yaml.org,2002:", "!!")),
                "plain values: text (in quotes to keep a number or date as text), numbers, "
                "true/false, dates, lists and mappings",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(source, event.start_mark.line + 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _too_deep(source: str, line: int) -> RDAnalysisError:
    return _problem(
        source,
        line,
        f"lists or mappings nested more than {MAX_DEPTH} levels deep",
        "the structure described in docs/plans.md",
    )


def _measure(node: yaml.Node, source: str, sizes: dict[int, int], path: tuple = ()) -> int:
    """How many values ``node`` stands for with its aliases expanded (a shared node, that is an
    alias, is measured once and counted each time it is used)."""
    if id(node) in sizes:
        return sizes[id(node)]
    line = node.start_mark.line + 1
    if id(node) in path:
        raise _problem(source, line, "an alias inside the value it names (an endless value)")
    if len(path) >= MAX_DEPTH:  # nesting that only aliases make deep
        raise _too_deep(source, line)
    inner = (*path, id(node))
    size = 1
    if isinstance(node, yaml.MappingNode):
        _unique_keys(node, source)
        size += sum(
            _measure(k, source, sizes, inner) + _measure(v, source, sizes, inner)
            for k, v in node.value
        )
    elif isinstance(node, yaml.SequenceNode):
        size += sum(_measure(item, source, sizes, inner) for item in node.value)
    if size > MAX_VALUES:
        raise _problem(
            source,
            line,
            f"this value stands for {size:,} values once its aliases (*name) are expanded",
            f"at most {MAX_VALUES:,} values: write the values out instead of repeating aliases",
        )
    sizes[id(node)] = size
    return size


def _unique_keys(node: yaml.MappingNode, source: str) -> None:
    """Refuse a key given twice in one mapping (the merge key ``<<`` apart), at its second
    line, naming the first."""
    first: dict[str, int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        line = key.start_mark.line + 1
        if key.value in first:
            raise _problem(
                source,
                line,
                f"key '{key.value}' given twice (also on line {first[key.value]}): YAML would "
                "keep only the last one without a word",
                "each key once in a mapping: delete the one that is wrong",
            )
        first[key.value] = line


def _not_a_date(source: str, node: yaml.Node, err: Exception) -> RDAnalysisError:
    """The first value written as a date that is none (YAML reads 2023-13-45 as a date and
    fails to make it), at its line."""
    stack, seen = [node], set()
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, yaml.ScalarNode) and n.tag.endswith(":timestamp"):
            try:
                yaml.constructor.SafeConstructor().construct_yaml_timestamp(n)
            except (ValueError, OverflowError) as bad:
                line = n.start_mark.line + 1
                return _problem(source, line, f"not a date: {n.value!r} ({bad})", _DATE)
        elif isinstance(n, yaml.MappingNode):
            stack.extend(x for pair in reversed(n.value) for x in reversed(pair))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))
    return _problem(source, None, f"a value cannot be read: {err}", _DATE)


#: What a date should look like (a value that only looks like one is quoted to stay text).
_DATE = "a date that exists, as YYYY-MM-DD (e.g. 2023-11-02), or text in quotes"


def read(text: str, source: str) -> tuple[yaml.Node | None, object]:
    """The composed node tree of ``text`` (for line numbers) and its value.

    Raises:
        RDAnalysisError: text that is not valid YAML, stands for more than ``MAX_VALUES``
            values once its aliases are expanded, holds an alias inside the value it names,
            is nested more than ``MAX_DEPTH`` levels or gives a key twice in one mapping; its
            one problem names ``source`` and the line.
    """
    try:
        _scan(text, source)
        loader = reference.YAML_LOADER(text)
        try:
            node = loader.get_single_node()  # an alias is the same node again: no expansion
            if node is not None:
                _measure(node, source, {})
            try:
                value = loader.construct_document(node) if node is not None else None
            except (ValueError, OverflowError) as err:  # a date that does not exist: 2023-02-30
                raise _not_a_date(source, node, err) from None
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        what = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise _problem(source, mark.line + 1 if mark else None, f"not valid YAML: {what}") from None
    return node, value


def value(text: str, source: str) -> object:
    """The value of ``text`` (see ``read``)."""
    return read(text, source)[1]
