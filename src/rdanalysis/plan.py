"""What a plan is: its targets, tasks and status rule as dataclasses, and the metrics a target
can be measured on. No I/O: ``data.plans`` reads and checks plan files into these; analysis and
text use them. It sits underneath the layers (it imports only ``reference``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from rdanalysis import reference

KINDS = ("official", "draft", "example")
DIRECTIONS = ("at_least", "at_most")
NO_METRIC = "none"
#: Metrics computed from the processed tables, and what data feeds each (shown for "no data").
METRICS = {
    "rd_intensity": "R&D经费合计(rd_expenditure)÷地区生产总值(gdp);或公开的R&D经费投入强度"
    "(rd_intensity)",
    "rd_expenditure": "R&D经费合计(rd_expenditure,执行主体=合计)",
    "enterprise_share": "按执行主体分的R&D经费(rd_expenditure,sector)",
    "institutes_hospitals_share": "按执行主体分的R&D经费(rd_expenditure,sector;医院计入其他)",
    "coverage_institution": "规上工业企业名录(enterprises:has_rd_institution)",
    "coverage_spending": "规上工业企业名录(enterprises:rd_expenditure_10k_yuan)",
    "coverage_activity": "规上工业企业名录(enterprises:has_rd_activity)",
    "high_value_patents_per_10k": "高价值发明专利拥有量(innovation:high_value_invention_patents)"
    "÷年末常住人口(population)",
    "ip_pledge_cumulative": "各年知识产权质押融资额(innovation:ip_pledge_financing)",
}


#: The unit each metric of ``METRICS`` is computed in (a target's value is compared with it).
METRIC_UNITS = {
    "rd_intensity": "%",
    "rd_expenditure": "亿元",
    "enterprise_share": "%",
    "institutes_hospitals_share": "%",
    "coverage_institution": "%",
    "coverage_spending": "%",
    "coverage_activity": "%",
    "high_value_patents_per_10k": "件/万人",
    "ip_pledge_cumulative": "亿元",
}


@dataclass(frozen=True)
class Target:
    id: str
    name: str
    definition: str
    unit: str
    direction: str  # at_least / at_most
    value: float
    responsible: tuple[str, ...]
    measured_on: str  # a key of metrics(), or "none"
    data: str  # what data the target is measured on (shown when there is none)
    tasks: tuple[int, ...] = ()
    forecast: bool = False
    name_en: str = ""
    options: dict = field(default_factory=dict)  # cumulative_from, population, text_gap

    @property
    def has_metric(self) -> bool:
        return self.measured_on != NO_METRIC


@dataclass(frozen=True)
class Task:
    number: int
    title: str
    responsible: tuple[str, ...]


@dataclass(frozen=True)
class StatusRule:
    recent_years: int
    at_risk_pace_ratio: float
    on_track_probability: float
    at_risk_probability: float
    text: str = ""


@dataclass(frozen=True)
class Plan:
    name: str  # the file's stem, e.g. tongliao-2023
    source: str  # the file as given (for messages and captions)
    title: str
    number: str
    kind: str  # official / draft / example
    note: str
    region: str
    baseline_year: int
    target_year: int
    status_rule: StatusRule
    targets: tuple[Target, ...]
    tasks: tuple[Task, ...] = ()

    @property
    def label(self) -> str:
        """The document as cited: title and number, with 'draft'/'example' made plain."""
        tag = {"draft": "(草案)", "example": "(示例,非正式文件)"}.get(self.kind, "")
        number = f"({self.number})" if self.number else ""
        return f"《{self.title}》{number}{tag}"

    def target(self, target_id: str) -> Target:
        return next(t for t in self.targets if t.id == target_id)


@cache
def metrics() -> dict[str, str]:
    """Every metric a target can be measured on, with the data that feeds it."""
    innovation = {
        k: f"{v['label']}(innovation:{k})"
        for k, v in reference.measures().items()
        if v["table"] == "innovation"
    }
    return {**METRICS, **innovation}


def metric_unit(metric: str) -> str | None:
    """The unit ``metric`` is computed in (an innovation measure's from measures.yml); None for
    ``none`` or an unknown metric."""
    if metric in METRIC_UNITS:
        return METRIC_UNITS[metric]
    measure = reference.measures().get(metric)
    return measure["unit"] if measure is not None and metric in metrics() else None
