"""A plan file as a declared model (format in docs/plans.md): every key, its type, range or
choices, and the rules between them, from which ``data.plans`` reads a ``rdanalysis.plan.Plan``.

The rules between parts of the file (a task number used twice, a target naming a task the plan
does not have, a target value outside the range of its metric in the plan's region) are checked
while the file is read, so that a file's problems are all found at once: the parts read so far
are kept in the validation context (a ``Reading``, one per file), which the later parts consult.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from rdanalysis import reference
from rdanalysis.data import cells, intensity, usermodel
from rdanalysis.plan import (
    DIRECTIONS,
    KINDS,
    NO_METRIC,
    Plan,
    StatusRule,
    Target,
    Task,
    metric_unit,
    metrics,
)

#: A target's id: a plain identifier (it names the target in tables, files and code).
TARGET_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: The values a target may take, by the unit its metric is computed in (low, high): shares and
#: coverage rates from 1 % (below, a fraction such as 0.8 for 80 % is meant) to 100 %; amounts
#: up to 100,000 亿元 (China's R&D is about 36,000 亿元 a year); counts up to 100 million (China
#: holds about 5 million valid invention patents); per 10,000 residents up to 1,000 (Beijing:
#: about 260 patents). R&D intensity: ``intensity.MIN_INTENSITY_PCT`` to the ceiling of the
#: plan's region (``intensity.ceiling``).
VALUE_RANGES = {
    "%": (1.0, 100.0),
    "亿元": (0.0, 1e5),
    "件": (0.0, 1e8),
    "家": (0.0, 1e8),
    "件/万人": (0.0, 1e3),
}
#: A target without a metric: any finite number of at most this size.
MAX_UNMEASURED_VALUE = 1e9


@dataclass
class Reading:
    """What the validation of one file has read so far (its context)."""

    region: str | None = None
    task_numbers: set[int] = field(default_factory=set)
    target_ids: set[str] = field(default_factory=set)


def _reading(info: ValidationInfo) -> Reading:
    return info.context["reading"] if info.context else Reading()


def _error(message: str, expected: str = "", at: tuple = (), **values) -> PydanticCustomError:
    """An error of ours: ``message`` filled with ``values`` (format specs allowed), what is
    expected, and where below the field it points (``at``)."""
    return PydanticCustomError("plan", message.format(**values), {"expected": expected, "at": at})


def _text(value: object) -> object:
    """A number written where text is expected is that text (a document number such as 62);
    nothing written is no text."""
    if value is None:
        return ""
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    return str(value) if numeric else value


def _names(value: object) -> object:
    return [value] if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_text)]
Required = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
Year = Annotated[int, Field(ge=1990, le=2100)]
Names = Annotated[
    list[str],
    BeforeValidator(_names),
    Field(min_length=1, description="a list of names, e.g. [市科技局, 市工信局]"),
]
Metric = usermodel.choices([*metrics(), NO_METRIC])


class Document(BaseModel):
    model_config = usermodel.STRICT
    title: Required
    number: Text = ""
    issued: datetime.date | Text | None = None
    kind: usermodel.choices(KINDS)
    note: Text = ""


class Rule(BaseModel):
    model_config = usermodel.STRICT
    recent_years: Annotated[int, Field(ge=1, le=50)]
    at_risk_pace_ratio: Annotated[float, Field(ge=1, le=100, allow_inf_nan=False)]
    on_track_probability: Annotated[float, Field(ge=0, le=1)]
    at_risk_probability: Annotated[float, Field(ge=0, le=1)]
    text: Text = ""

    @field_validator("at_risk_probability")
    @classmethod
    def _below_on_track(cls, risk: float, info: ValidationInfo) -> float:
        on = info.data.get("on_track_probability")
        if on is not None and risk > on:
            raise _error(
                "{risk:g} is above on_track_probability {on:g}",
                "at_risk_probability <= on_track_probability",
                risk=risk,
                on=on,
            )
        return risk


class PlanTask(BaseModel):
    model_config = usermodel.STRICT
    number: Annotated[int, Field(ge=1, le=999)]
    title: Required
    responsible: Names

    @field_validator("number")
    @classmethod
    def _once(cls, number: int, info: ValidationInfo) -> int:
        seen = _reading(info).task_numbers
        if number in seen:
            raise _error("task number {number} is used twice", "each number once", number=number)
        seen.add(number)
        return number


class PlanTarget(BaseModel):
    model_config = usermodel.STRICT
    id: Required
    name: Required
    name_en: Text = ""
    definition: Required
    # measured_on, unit, direction, value in this order: each is checked against those before
    # it (pydantic validates fields in order), so a mistake in one hides none in the others
    measured_on: Metric
    unit: Required
    direction: usermodel.choices(DIRECTIONS)
    value: Annotated[float, Field(allow_inf_nan=False, description="a number")]
    responsible: Names
    tasks: Annotated[
        list[int], BeforeValidator(usermodel.listed), Field(description="task numbers, e.g. [1, 2]")
    ] = []
    data: Required
    forecast: bool = False
    cumulative_from: Annotated[int | None, Field(ge=1990, le=2100)] = None
    population: usermodel.choices(["resident"]) | None = None
    text_gap: Text = ""

    @field_validator("id")
    @classmethod
    def _identifier(cls, tid: str, info: ValidationInfo) -> str:
        if not TARGET_ID.fullmatch(tid):
            raise _error(
                "'{tid}' is not a plain identifier",
                "letters, digits and _, starting with a letter, e.g. rd_intensity",
                tid=cells.clip(tid, 30),
            )
        seen = _reading(info).target_ids
        if tid in seen:
            raise _error("target id '{tid}' is used twice", "each id once", tid=tid)
        seen.add(tid)
        return tid

    @field_validator("tasks")
    @classmethod
    def _known_tasks(cls, numbers: list[int], info: ValidationInfo) -> list[int]:
        known = _reading(info).task_numbers
        missing = [n for n in numbers if n not in known]
        if missing:
            raise _error(
                "task {n} is not in the plan's tasks",
                "numbers of the plan's tasks: " + (", ".join(map(str, sorted(known))) or "none"),
                n=missing[0],
            )
        return numbers

    @field_validator("unit")
    @classmethod
    def _metric_unit(cls, unit: str, info: ValidationInfo) -> str:
        """The unit the target's metric is computed in (a metric given wrongly says so itself)."""
        metric = info.data.get("measured_on")
        want = metric_unit(metric) if metric is not None else None
        if want is not None and "".join(cells.normalise_text(unit).split()) != want:
            raise _error(
                "unit '{unit}' is not the unit {metric} is computed in ({want})",
                f"unit: {want}, and the value in {want}",
                unit=cells.clip(unit, 30),
                metric=metric,
                want=want,
            )
        return unit

    @field_validator("value")
    @classmethod
    def _plausible(cls, value: float, info: ValidationInfo) -> float:
        _check_value(value, info.data, _reading(info).region)
        return value

    def target(self) -> Target:
        options = {
            k: getattr(self, k)
            for k in ("cumulative_from", "population", "text_gap")
            if k in self.model_fields_set and getattr(self, k) not in (None, "")
        }
        return Target(
            self.id,
            self.name,
            self.definition,
            self.unit,
            self.direction,
            float(self.value),
            tuple(self.responsible),
            self.measured_on,
            self.data,
            tuple(self.tasks),
            self.forecast,
            self.name_en,
            options,
        )


def _check_value(value: float, given: dict, region: str | None) -> None:
    """A target's value in the plausible range of its metric's unit (``VALUE_RANGES``), given
    the target's fields read before it (``given``); a percentage written as a fraction (0.01 for
    1 %, 0.8 for 80 %) with the likely fix. Without a valid metric or unit the range is not
    known, and their own errors say why."""
    metric = given.get("measured_on")
    if metric is None or "unit" not in given:
        return
    unit = metric_unit(metric)
    if unit is None:  # measured on nothing: any finite value of a sane size
        if not abs(value) <= MAX_UNMEASURED_VALUE:
            raise _error("'{v:g}' is not valid", f"at most {MAX_UNMEASURED_VALUE:g}", v=value)
        return
    if given.get("direction") == "at_least" and value <= 0:
        raise _error("at least {v:g} is met by any value", "a value above 0", v=value)
    low, high, what = value_range(metric, unit, region)
    if low <= value <= high:
        return
    if unit == "%" and 0 < value < low and low <= value * 100 <= high:
        raise _error(
            "{v:g} looks like a fraction: {v:g} = {pct:g}%",
            f"the percentage, {value * 100:g} (not {value:g})",
            v=value,
            pct=value * 100,
        )
    raise _error("'{v:g}' is out of range for {metric}", what, v=value, metric=metric)


def value_range(metric: str, unit: str, region: str | None) -> tuple[float, float, str]:
    """(low, high, what is expected) of a target's value on ``metric`` in a plan of ``region``."""
    if metric == "rd_intensity":
        low = intensity.MIN_INTENSITY_PCT
        high = intensity.ceiling(region) if region else intensity.DEFAULT_CEILING_PCT
        level = f" for {region}" if region else ""
        return low, high, f"a percentage of GDP from {low:g} to {high:g}{level}, e.g. 1.5"
    low, high = VALUE_RANGES[unit]
    return low, high, f"a value in {unit} from {low:g} to {high:g}"


class PlanFile(BaseModel):
    """A plan file's content; ``plan()`` is the ``rdanalysis.plan.Plan`` it describes."""

    model_config = usermodel.STRICT
    document: Document
    region: Required
    baseline_year: Year
    target_year: Year
    status_rule: Rule
    tasks: Annotated[
        list[PlanTask],
        BeforeValidator(usermodel.listed),
        Field(description="a list of tasks (number, title, responsible)"),
    ] = []
    targets: Annotated[
        list[PlanTarget],
        Field(min_length=1, description="a non-empty list of targets (docs/plans.md)"),
    ]

    @field_validator("region")
    @classmethod
    def _official(cls, region: str, info: ValidationInfo) -> str:
        official = cells.region_name(region)
        if official is None:
            hint = reference.suggest_region(region)
            raise _error(
                "unknown region '{region}'{hint}",
                "",
                region=region,
                hint=f" (did you mean {hint}?)" if hint else "",
            )
        _reading(info).region = official
        return official

    @field_validator("target_year")
    @classmethod
    def _after_baseline(cls, end: int, info: ValidationInfo) -> int:
        base = info.data.get("baseline_year")
        if base is not None and end <= base:
            raise _error(
                "{end} is not after the baseline year {base}",
                f"a year after {base}",
                end=end,
                base=base,
            )
        return end

    def plan(self, name: str, source: str) -> Plan:
        r = self.status_rule
        return Plan(
            name,
            source,
            self.document.title,
            self.document.number,
            self.document.kind,
            self.document.note,
            self.region,
            self.baseline_year,
            self.target_year,
            StatusRule(
                r.recent_years,
                float(r.at_risk_pace_ratio),
                float(r.on_track_probability),
                float(r.at_risk_probability),
                r.text,
            ),
            tuple(t.target() for t in self.targets),
            tuple(Task(t.number, t.title, tuple(t.responsible)) for t in self.tasks),
        )


def read(raw: object, lines: dict, source: str, name: str) -> tuple[list, Plan | None]:
    """Every problem of a plan file's parsed content ``raw`` (at its ``lines``), and the plan
    when there is none. The plan's region is read against the hierarchy in use
    (``reference.using``)."""
    try:
        found = PlanFile.model_validate(raw, context={"reading": Reading()})
    except ValidationError as err:
        return usermodel.problems(err, PlanFile, source, lines), None
    return [], found.plan(name, source)
