"""Declared models of the YAML files a user writes (plans, reports.yml): a pydantic model says what
a file holds, and this module turns pydantic's errors into our ``Problem`` records, each at the
line of the offending key or value, in our words: the value given, what is expected (the range,
the type, the choices) and "did you mean" for a misspelt key or choice.

Models here are strict where a type matters (a year is a whole number, not 2025.0 or "2025") and
refuse keys they do not declare (``extra="forbid"``). A validator that needs to say something of
its own raises ``PydanticCustomError`` with an ``expected`` entry in its context; one that must
point elsewhere than its field gives ``at`` (the path below the field).
"""

from __future__ import annotations

import datetime
import difflib
import types
import typing
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.fields import FieldInfo

from rdanalysis.errors import Problem

#: The configuration of every user-file model: unknown keys refused, numbers never read from
#: text, text never read from a boolean.
STRICT = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, frozen=True)

Path = tuple[str | int, ...]


def lines(node: yaml.Node | None) -> dict[Path, int]:
    """The 1-based line of every key and value of a composed YAML tree, by its path of keys and
    list positions (a key's own line, not its value's)."""
    out: dict[Path, int] = {}
    _lines(node, (), out)
    return out


def _lines(node, path: Path, out: dict[Path, int]) -> None:
    if node is None:
        return
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _lines(value, (*path, key.value), out)
            out[(*path, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, (*path, i), out)


def where(path: Path) -> str:
    """A path as a reader writes it: ``targets[0].value``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def line(found: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of the nearest part of it the file holds (None: none)."""
    return next((found[path[:k]] for k in range(len(path), -1, -1) if path[:k] in found), None)


def problem(source: str, found: dict[Path, int], path: Path, text: str, expected: str = ""):
    """A ``Problem`` at ``path``, on the line of the nearest part of it the file holds."""
    return Problem(source, line(found, path), where(path) or None, text, expected)


def problems(
    err: ValidationError, model: type[BaseModel], source: str, found: dict[Path, int]
) -> list[Problem]:
    """Every error of ``err`` (raised validating ``model``) as a Problem of ``source``, in the
    order of the file's lines."""
    out, unions = [], set()
    for error in err.errors(include_url=False):
        loc = _field_path(model, tuple(error["loc"]))
        if len(loc) < len(error["loc"]):  # one member of a union refused it: the field did, once
            if loc in unions:
                continue
            unions.add(loc)
            error = {**error, "loc": loc, "type": "union", "ctx": {}}
        out.append(_translate(error, model, source, found))
    return sorted(out, key=lambda p: p.row or 0)


def _field_path(model: type[BaseModel], loc: tuple) -> tuple:
    """``loc`` up to a field whose type is a union (``date | str``, ``int | float``): pydantic
    adds to it the member that refused the value, a label such as ``int`` or
    ``function-before[...]`` that is no part of the file."""
    annotation = model
    for i, part in enumerate(loc):
        if typing.get_origin(_bare(annotation)) in (typing.Union, types.UnionType):
            return loc[:i]
        annotation, _ = _step(annotation, part)
    return loc


def _translate(error: dict, model: type[BaseModel], source: str, found: dict) -> Problem:
    loc, kind, given = tuple(error["loc"]), error["type"], error.get("input")
    ctx = error.get("ctx") or {}
    key = loc[-1] if loc else None
    if kind == "extra_forbidden":
        known = list(_fields(_type_at(model, loc[:-1])))
        return problem(
            source,
            found,
            loc,
            f"unknown field '{key}'{suggestion(key, known)}",
            "one of " + ", ".join(known),
        )
    if kind == "invalid_key":  # a key YAML reads as a number, true/false or null: 2025, yes, ~
        return _not_a_field_name(loc, given, model, source, found)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        what = f"'{shown(given)}' is" if given not in (None, "") else "it is"
        return problem(source, found, loc, f"{what} not a mapping of fields", "field: value lines")
    if kind == "missing":
        return problem(source, found, loc[:-1], f"missing field '{key}'")
    field = _field_at(model, loc)
    if field is not None and field.is_required() and _empty(given):
        return problem(source, found, loc, f"missing value for '{key}'")
    if kind == "literal_error":
        choices = [str(c) for c in typing.get_args(_bare(_type_at(model, loc)))]
        return problem(
            source,
            found,
            loc,
            f"'{given}' is not known{suggestion(given, choices)}",
            "one of " + ", ".join(choices),
        )
    if "expected" in ctx:  # a validator of ours: its words
        return problem(source, found, (*loc, *ctx.get("at", ())), error["msg"], ctx["expected"])
    return problem(source, found, loc, f"'{shown(given)}' is not valid", _expected(field))


def _not_a_field_name(loc: Path, given: object, model, source: str, found: dict) -> Problem:
    """A key that is no text (YAML reads ``2025:`` as a number, ``yes:`` as true, ``~:`` as
    null), named as the file writes it, at its own line."""
    parent = loc[:-1]
    written = next(
        (
            p[-1]
            for p in found
            if p[:-1] == parent and isinstance(p[-1], str) and _yaml_reads(p[-1]) == given
        ),
        str(given),
    )
    known = list(_fields(_type_at(model, parent)))
    return problem(
        source,
        found,
        (*parent, written),
        f"unknown field '{written}'{suggestion(written, known)} (YAML reads it as "
        f"{type(given).__name__ if given is not None else 'null'}, not as a name)",
        "one of " + ", ".join(known),
    )


def _yaml_reads(text: str) -> object:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def suggestion(given: object, known: typing.Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the known word closest to ``given``, or nothing."""
    found = difflib.get_close_matches(str(given), list(known), n=1)
    return f" (did you mean '{found[0]}'?)" if found else ""


def listed(value: object) -> object:
    """Nothing written where a list may be is an empty list (``tasks:`` with no item)."""
    return [] if value is None else value


def mapped(value: object) -> object:
    """Nothing written where a mapping may be is an empty mapping (``index:`` with no key)."""
    return {} if value is None else value


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _expected(field: FieldInfo | None) -> str:
    """What a field takes: its description, else its type and range (from its constraints)."""
    if field is None:
        return ""
    if field.description:
        return field.description
    low = next((getattr(m, "ge", None) for m in field.metadata if hasattr(m, "ge")), None)
    high = next((getattr(m, "le", None) for m in field.metadata if hasattr(m, "le")), None)
    kind = _kind(field.annotation)
    if low is not None and high is not None:
        return f"{kind} from {low:g} to {high:g}"
    return kind


_KINDS = {
    int: "a whole number",
    float: "a number",
    str: "text",
    bool: "true or false",
    datetime.date: "a date such as 2025-12-31",
}


def _kind(annotation: Any) -> str:
    """A type in a reader's words; a union's members joined by 'or' (a number covers a whole
    number)."""
    bare = _bare(annotation)
    origin = typing.get_origin(bare)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(bare) if a is not type(None)]
        kinds = list(dict.fromkeys(_kind(a) for a in members))
        if "a number" in kinds and "a whole number" in kinds:
            kinds.remove("a whole number")
        return " or ".join(k for k in kinds if k)
    if bare in _KINDS:
        return _KINDS[bare]
    return {list: "a list (- item lines)", dict: "a mapping (key: value lines)"}.get(origin, "")


def _bare(annotation: Any) -> Any:
    """``annotation`` without ``Annotated`` and ``| None``."""
    while True:
        if typing.get_origin(annotation) is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def _fields(annotation: Any) -> dict[str, FieldInfo]:
    bare = _bare(annotation)
    return bare.model_fields if isinstance(bare, type) and issubclass(bare, BaseModel) else {}


def _step(annotation: Any, part: str | int) -> tuple[Any, FieldInfo | None]:
    """The type at ``part`` of a value of type ``annotation``, and the field it is (if one)."""
    bare = _bare(annotation)
    fields = _fields(bare)
    if isinstance(part, str) and part in fields:
        return fields[part].annotation, fields[part]
    args = typing.get_args(bare)
    origin = typing.get_origin(bare)
    if origin in (list, tuple) and args:
        return args[0], None
    if origin is dict and len(args) == 2:
        return args[1], None
    return Any, None


def _type_at(model: Any, loc: tuple) -> Any:
    annotation = model
    for part in loc:
        annotation, _ = _step(annotation, part)
    return annotation


def _field_at(model: Any, loc: tuple) -> FieldInfo | None:
    """The field ``loc`` is in (a list item's is its list's field)."""
    annotation, field = model, None
    for part in loc:
        annotation, own = _step(annotation, part)
        field = own or (field if isinstance(part, int) else None)
    return field


def choices(values: typing.Iterable[str]) -> Any:
    """A ``Literal`` of ``values``, for choices known only once the resources are read."""
    return Literal[tuple(values)]
