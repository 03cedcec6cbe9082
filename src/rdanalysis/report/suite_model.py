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


Listed = BeforeValidator(usermodel.listed)
Mapped = BeforeValidator(usermodel.mapped)


#: reports.yml's values are used as written (``config.load`` hands on the file's own mapping):
#: they are checked as written too, so "plans " is not taken for the section "plans".
AS_WRITTEN = ConfigDict(**{**usermodel.STRICT, "str_strip_whitespace": False})


class Rule(BaseModel):
    """What a parameter may be, besides its notebook's declared type."""

    model_config = AS_WRITTEN
    choices: Annotated[Any, AfterValidator(_choices)] = None
    min: int | float | None = None
    max: int | float | None = None
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
