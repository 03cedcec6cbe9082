"""YAML a user wrote (plan files, reports.yml, ``-p`` values): parsed safely, without aliases.

YAML lets a value be named once (``&a``) and repeated (``*a``); nested repeats expand
exponentially (the "billion laughs" file: a few hundred bytes that stand for 10⁹ values). The
files we read never need them, so an alias is refused before anything is built, with its line,
as is nesting deeper than ``MAX_DEPTH`` (a plan is five levels deep). Everything else is read by
PyYAML's safe loader (no tags that build Python objects).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from rdanalysis import reference
from rdanalysis.errors import Problem, RDAnalysisError

#: Mappings and lists nested deeper than this are refused (a plan needs five levels).
MAX_DEPTH = 50


def text(path: Path) -> str:
    """The text of a YAML file: UTF-8 (with or without BOM), else GB18030/GBK (Windows editors).

    Raises:
        RDAnalysisError: the file is missing, a folder, unreadable or not text.
    """
    try:
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


def _scan(text: str, source: str) -> None:
    """Refuse aliases and deep nesting, looking at the parser's events only (nothing is built)."""
    depth = 0
    for event in yaml.parse(text, Loader=reference.YAML_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise _problem(
                source,
                event.start_mark.line + 1,
                f"YAML alias '*{event.anchor}' is not accepted: anchors (&) and aliases (*) are "
                "refused, since a few of them can make a file stand for billions of values",
                "every value written out where it is used",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _problem(
                    source,
                    event.start_mark.line + 1,
                    f"lists or mappings nested more than {MAX_DEPTH} levels deep",
                    "the structure described in docs/plans.md",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def read(text: str, source: str) -> tuple[yaml.Node | None, object]:
    """The composed node tree of ``text`` (for line numbers) and its value.

    Raises:
        RDAnalysisError: text that is not valid YAML, holds an alias (``*name``) or is nested
            more than ``MAX_DEPTH`` levels; its one problem names ``source`` and the line.
    """
    try:
        _scan(text, source)
        loader = reference.YAML_LOADER(text)
        try:
            node = loader.get_single_node()
            value = loader.construct_document(node) if node is not None else None
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
