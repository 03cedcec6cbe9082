"""reports.yml as a declared model: the project's settings, the index, its sections, the suite's
entries and the parameter rules (the shipped ``resources/report_rules.yml`` is read with the same
model). An entry's section must be one the file declares: the sections, read first, are kept
in the validation context for the entries. What a parameter's value may be depends on its
notebook and the project's build: that is checked per report by ``report.config.validate``,
against the ``Rule`` declared here.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from rdanalysis.data import usermodel
from rdanalysis.errors import Problem, RDAnalysisError

#: Choice lists a rule may name instead of listing its values (report_rules.yml explains each).
CHOICE_KINDS = (
    "plans",
    "regions",
    "subregions",
    "counties",
    "counties_or_city",
    "provinces",
    "enterprise_years",
)


def _error(message: str, expected: str, at: tuple = ()) -> PydanticCustomError:
    return PydanticCustomError("suite", message, {"expected": expected, "at": at})


def _choices(value: object) -> object:
    """A rule's ``choices``: a list of values or the name of a kind of choices."""
    if isinstance(value, list) and value:
        return value
    if isinstance(value, str) and value in CHOICE_KINDS:
        return value
    hint = usermodel.suggestion(value, CHOICE_KINDS)
    raise _error(
        f"'{value}' is not a list of values nor a known kind of choices{hint}",
        "a list such as [zh, en], or one of " + ", ".join(CHOICE_KINDS),
    )


def _matrix(value: object) -> object:
    """A matrix's values: a list, or ``{children_of: REGION}``; the old keywords (``counties``,
    ``provinces``) are let through for ``config.jobs`` to name their replacement."""
    if isinstance(value, list) and value:
        return value
    parent = value.get("children_of") if isinstance(value, dict) and len(value) == 1 else None
    if isinstance(parent, str) and parent.strip():
        return value
    if value in ("counties", "provinces"):
        return value
    raise _error(
        f"'{usermodel.shown(value)}' is not a list of values nor {{children_of: REGION}}",
        "a list such as [通辽市, 全国], or {children_of: 通辽市} for its sub-regions",
    )


def _usable_bound(value: int | float | None) -> int | float | None:
    """A range's end: a finite number a float can hold (a bound of 1e400 or .inf bounds
    nothing a report can be given)."""
    if value is not None and not abs(value) <= LARGEST:
        raise _error(
            f"'{usermodel.shown(value)}' is not a usable bound",
            f"a finite number, at most {LARGEST:g} in size",
        )
    return value


#: The largest number a bound or a parameter may be (a float holds up to about 1.8e308).
LARGEST = 1e300

Listed = BeforeValidator(usermodel.listed)
Mapped = BeforeValidator(usermodel.mapped)


#: reports.yml's values are used as written (``config.load`` hands on the file's own mapping):
#: they are checked as written too, so "plans " is not taken for the section "plans".
AS_WRITTEN = ConfigDict(**{**usermodel.STRICT, "str_strip_whitespace": False})


class Rule(BaseModel):
    """What a parameter may be, besides its notebook's declared type."""

    model_config = AS_WRITTEN
    choices: Annotated[Any, AfterValidator(_choices)] = None
    min: Annotated[int | float | None, AfterValidator(_usable_bound)] = None
    max: Annotated[int | float | None, AfterValidator(_usable_bound)] = None
    exclusive: bool = False
    min_items: Annotated[int | None, Field(ge=0, le=1000)] = None
    items: Rule | None = None
    after: Annotated[list[str], Listed] = []
    before: Annotated[list[str], Listed] = []
    not_after: Annotated[list[str], Listed] = []
    hint: str = ""


class Rules(BaseModel):
    """Parameter rules: shared by every notebook, and a notebook's own (by its stem)."""

    model_config = AS_WRITTEN
    parameter_rules: Annotated[dict[str, Rule], Mapped] = {}
    notebook_rules: Annotated[dict[str, Annotated[dict[str, Rule], Mapped]], Mapped] = {}


class Project(BaseModel):
    model_config = AS_WRITTEN
    region: str | None = None
    plan: str | None = None
    illustrative: bool | None = None


class Settings(BaseModel):
    model_config = AS_WRITTEN
    keep_runs: Annotated[int, Field(ge=1, le=1000)] = 5
    timeout_seconds: Annotated[float, Field(ge=1, le=7 * 24 * 3600)] = 900


class Index(BaseModel):
    model_config = AS_WRITTEN
    lang: usermodel.choices(("zh", "en")) = "zh"
    title: str = ""
    about: str = ""


class Section(BaseModel):
    model_config = AS_WRITTEN
    id: Annotated[str, Field(min_length=1)]
    title: Annotated[str, Field(min_length=1)]
    about: str = ""


class Entry(BaseModel):
    """One entry of the suite: a notebook, its parameters and the matrix of values that makes
    one report per combination."""

    model_config = AS_WRITTEN
    name: Annotated[str, Field(min_length=1)]
    title: str = ""
    notebook: Annotated[str, Field(min_length=1)]
    parameters: Annotated[dict[str, Any], Mapped] = {}
    matrix: Annotated[dict[str, Annotated[Any, AfterValidator(_matrix)]], Mapped] = {}
    section: str = ""
    group_title: str = ""

    @field_validator("section")
    @classmethod
    def _declared(cls, section: str, info: ValidationInfo) -> str:
        known = (info.context or {}).get("sections")
        if section and known is not None and section not in known:
            raise _error(
                f"report '{info.data.get('name')}': section '{section}' is not declared under "
                f"'sections'{usermodel.suggestion(section, known)}",
                "one of " + (", ".join(known) or "the ids under 'sections' (none declared)"),
            )
        return section


class Suite(Rules):
    """reports.yml."""

    project: Annotated[Project, Mapped] = Project()
    settings: Annotated[Settings, Mapped] = Settings()
    index: Annotated[Index, Mapped] = Index()
    sections: Annotated[list[Section], Listed] = []
    suite: list[Entry]

    @field_validator("sections", mode="before")
    @classmethod
    def _reading(cls, sections: object, info: ValidationInfo) -> object:
        if info.context is not None:  # not known unless valid: the entries' are not checked
            info.context["sections"] = None
        return sections

    @field_validator("sections")
    @classmethod
    def _declared(cls, sections: list[Section], info: ValidationInfo) -> list[Section]:
        if info.context is not None:  # for the entries, read after them
            info.context["sections"] = [s.id for s in sections]
        return sections


#: A number: an int or a finite float (strict: never from text or a boolean).
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Scalar = StrictStr | StrictInt | Number | StrictBool | None
#: What a report parameter may be at all: what a parameters cell can hold and a page can show
#: (text, a finite number, true/false, null, or a list of them); no YAML-only type (a date,
#: binary), no NaN or infinity, no mapping.
PLAIN = TypeAdapter(Scalar | list[Scalar])
#: papermill's inferred type names of a parameters cell, as pydantic types.
DECLARED = {"str": StrictStr, "int": StrictInt, "float": Number, "bool": StrictBool, "dict": dict}


def _bounds(rule: Rule) -> Any:
    if rule.exclusive:
        return Field(gt=rule.min, lt=rule.max)
    return Field(ge=rule.min, le=rule.max)


def value_type(declared: str, rule: Rule | None) -> Any:
    """The type a report parameter's value must have: the type its notebook declares (a
    number within the rule's ``min``/``max``; a list whose items are numbers within the
    ``items`` rule; its ``min_items`` is checked first, by ``value_problem``)."""
    rule = rule or Rule()
    if declared == "list":
        return list[Annotated[Number, _bounds(rule.items)] if rule.items else Scalar]
    if declared in ("int", "float"):
        return Annotated[DECLARED[declared], _bounds(rule)]
    return DECLARED[declared]


def _shape(rule: Rule | None) -> tuple | None:
    """What of a rule makes the value's type (its choices, hint and min_items do not)."""
    if rule is None:
        return None
    return (rule.min, rule.max, rule.exclusive, _shape(rule.items))


_ADAPTERS: dict[tuple, TypeAdapter] = {}  # (declared type, rule's shape) -> its validator


def _adapter(declared: str, rule: Rule | None) -> TypeAdapter:
    key = (declared, _shape(rule))
    if key not in _ADAPTERS:
        _ADAPTERS[key] = TypeAdapter(value_type(declared, rule))
    return _ADAPTERS[key]


def value_problem(value: object, declared: str, rule: Rule | None) -> str | None:
    """Why ``value`` is not a value of a report parameter its notebook declares as
    ``declared`` (papermill's type name) under ``rule``: not plain, not of that type, out of
    the rule's range or too short a list (None: it is). A parameter declared without a type
    (``x = None``) is checked as the kind of value given."""
    try:
        PLAIN.validate_python(value)
    except ValidationError:
        return (
            f"{value!r} is not a plain value (expected text, a finite number, true/false or a list)"
        )
    if declared not in DECLARED and declared != "list":
        number = isinstance(value, int | float) and not isinstance(value, bool)
        declared = "list" if isinstance(value, list) else "float" if number else ""
        if not declared:
            return None
    need = rule.min_items if rule else None
    if isinstance(value, list) and need and len(value) < need:  # said before any item's fault
        return f"{value!r} has {len(value)} item(s) (expected at least {need})"
    try:
        _adapter(declared, rule).validate_python(value)
    except ValidationError as err:
        return _said(value, declared, rule or Rule(), err.errors(include_url=False)[0])
    return None


def _said(value: object, declared: str, rule: Rule, error: dict) -> str:
    """One pydantic error of a parameter's value, in the suite's words."""
    kind, loc = error["type"], error["loc"]
    if loc:  # an item of a list
        item = value[loc[0]]
        if kind in _OUTSIDE:
            return f"{value!r}: item {item!r} is out of range (expected {_range(rule.items)})"
        if type(item) is int:  # a whole number too large for a float
            return f"{value!r}: item {usermodel.shown(item)} is too large (expected numbers)"
        return f"{value!r}: item {item!r} is not a number (expected numbers)"
    if kind in _OUTSIDE:
        return f"{value!r} is out of range (expected {_range(rule)})"
    if kind == "float_type" and type(value) is int:  # a whole number too large for a float
        return f"{usermodel.shown(value)} is too large (expected at most {LARGEST:g} in size)"
    name = type(value).__name__
    return f"{value!r} is {'an' if name[0] in 'aeiou' else 'a'} {name} (expected {declared})"


_OUTSIDE = ("greater_than", "greater_than_equal", "less_than", "less_than_equal")


def _range(rule: Rule) -> str:
    """A rule's range as a reader writes it: ``0 < value < 1``, ``value >= 2000``."""
    op = "<" if rule.exclusive else "<="
    if rule.min is not None and rule.max is not None:
        return f"{rule.min} {op} value {op} {rule.max}"
    if rule.min is not None:
        return f"value {op.replace('<', '>')} {rule.min}"
    return f"value {op} {rule.max}"


def read(model: type[BaseModel], raw: object, node, source: str) -> BaseModel:
    """``raw`` (read from ``source``, composed as ``node``) as ``model``; RDAnalysisError listing
    every problem, each at its line."""
    try:
        return model.model_validate(raw, context={"sections": []})
    except ValidationError as err:
        found: list[Problem] = usermodel.problems(err, model, source, usermodel.lines(node))
        raise RDAnalysisError(
            f"{source}: {len(found)} problem(s) in the report configuration", found
        ) from None
