"""A careless or hostile plan file: every mistake is one problem at its file:line, in the words a
reader needs (the value, what is expected, "did you mean"), all found in one reading."""

from __future__ import annotations

import pytest

from rdanalysis import reference
from rdanalysis.data import plans

VALID = """document:
  title: 某市方案
  kind: draft
region: 通辽市
baseline_year: 2024
target_year: 2030
status_rule:
  recent_years: 3
  at_risk_pace_ratio: 1.5
  on_track_probability: 0.5
  at_risk_probability: 0.2
targets:
  - id: t1
    name: 目标
    definition: x
    unit: "%"
    direction: at_least
    value: 1.5
    responsible: [市科技局]
    measured_on: rd_intensity
    data: x
tasks:
  - {number: 1, title: 任务, responsible: 市科技局}
"""


def _check(text: str):
    return plans.check_text(text, "p.yml", "p", reference.known())


def _one(old: str, new: str):
    assert old in VALID
    problems, plan = _check(VALID.replace(old, new, 1))
    assert plan is None and len(problems) == 1, problems
    return problems[0]


def test_the_valid_plan_reads_into_the_plan_types():
    problems, plan = _check(VALID)
    assert problems == []
    assert (plan.region, plan.baseline_year, plan.target_year) == ("通辽市", 2024, 2030)
    assert type(plan.baseline_year) is int and type(plan.targets[0].value) is float
    assert plan.tasks[0].responsible == ("市科技局",)  # one name is a list of one
    assert plan.status_rule.at_risk_probability == 0.2


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "text", "expected"),
    [
        # a year is a whole number: not 2024.0, not "2024"
        ("baseline_year: 2024", "baseline_year: 2024.0", 5, "baseline_year",
         "'2024.0' is not valid", "a whole number from 1990 to 2100"),
        ("target_year: 2030", 'target_year: "2030"', 6, "target_year",
         "'2030' is not valid", "a whole number from 1990 to 2100"),
        # a key the format does not have, with the likely one
        ("    data: x", "    data: x\n    mesured_on: x", 22, "targets[0].mesured_on",
         "unknown field 'mesured_on' (did you mean 'measured_on'?)", "one of id, name,"),
        # a misspelt choice
        ("  kind: draft", "  kind: drfat", 3, "document.kind",
         "'drfat' is not known (did you mean 'draft'?)", "one of official, draft, example"),
        # out of range
        ("  recent_years: 3", "  recent_years: 80", 8, "status_rule.recent_years",
         "'80' is not valid", "a whole number from 1 to 50"),
        # a list where a mapping is expected
        ("status_rule:\n  recent_years: 3\n  at_risk_pace_ratio: 1.5\n"
         "  on_track_probability: 0.5\n  at_risk_probability: 0.2\n",
         "status_rule: [3, 1.5, 0.5, 0.2]\n", 7, "status_rule",
         "'[3, 1.5, 0.5, 0.2]' is not a mapping of fields", "field: value lines"),
        # a wrong type
        ("    value: 1.5", "    value: 一点五", 18, "targets[0].value",
         "'一点五' is not valid", "a number"),
        ("    value: 1.5", "    value: true", 18, "targets[0].value", "'True' is not valid", ""),
        # a date or a text (date | str): one problem, in the field's words
        ("  kind: draft", "  kind: draft\n  issued: [1, 2]", 4, "document.issued",
         "'[1, 2]' is not valid", "a date such as 2025-12-31 or text"),
        # a value given empty
        ("    definition: x", "    definition:", 15, "targets[0].definition",
         "missing value for 'definition'", ""),
    ],
)  # fmt: skip
def test_one_mistake_is_one_problem_at_its_line(old, new, line, column, text, expected):
    found = _one(old, new)
    assert (found.file, found.row, found.column) == ("p.yml", line, column)
    assert text in found.problem and expected in found.expected, found


def test_a_missing_key_names_its_mapping():
    found = _one("  title: 某市方案\n", "")
    assert (found.row, found.column, found.problem) == (1, "document", "missing field 'title'")


def test_every_mistake_of_a_file_is_found_in_one_reading():
    text = (
        VALID.replace("baseline_year: 2024", "baseline_year: 2024.5")
        .replace("  kind: draft", "  kind: oficial")
        .replace("    direction: at_least", "    direction: atleast")
        .replace("responsible: 市科技局}", "responsible: 市科技局, colour: red}")
        .replace("  - {number: 1,", "  - {number: 2,")
        .replace("    data: x", "    data: x\n    tasks: [1]")
    )
    problems, plan = _check(text)
    assert plan is None
    found = {(p.row, p.column) for p in problems}
    assert found == {
        (3, "document.kind"),
        (5, "baseline_year"),
        (17, "targets[0].direction"),
        (22, "targets[0].tasks"),  # task 1 is not in the plan's tasks (only 2 is)
        (24, "tasks[0].colour"),
    }, problems


def test_a_target_value_is_checked_beside_its_other_mistakes():
    # the value 0.015 (a fraction for 1.5 %) is found although the direction is misspelt and a
    # task is unknown; a wrong unit is found beside an unknown task; a value whose unit is
    # wrong is not judged in the metric's unit (the unit's problem says which it is)
    fraction = (
        VALID.replace("    value: 1.5", "    value: 0.015")
        .replace("    direction: at_least", "    direction: atleast")
        .replace("    data: x", "    data: x\n    tasks: [7]")
    )
    problems, plan = _check(fraction)
    assert plan is None
    assert [(p.row, p.column) for p in problems] == [
        (17, "targets[0].direction"),
        (18, "targets[0].value"),
        (22, "targets[0].tasks"),
    ], problems
    assert problems[1].problem == "0.015 looks like a fraction: 0.015 = 1.5%"
    unit = VALID.replace('    unit: "%"', "    unit: 亿元").replace(
        "    value: 1.5", "    value: 250"
    )
    problems, _ = _check(unit.replace("    data: x", "    data: x\n    tasks: [7]"))
    assert [(p.row, p.column) for p in problems] == [
        (16, "targets[0].unit"),
        (22, "targets[0].tasks"),
    ], problems
    assert problems[0].problem == "unit '亿元' is not the unit rd_intensity is computed in (%)"


HOSTILE = """document:
  title: 某市方案
  kind: draft
  titel: x
region: 通辽市
baseline_year: 2024.0
target_year: "2030"
status_rule: [1, 2]
tasks:
  number: 1
targets:
  - id: t1
    name: 目标
    definition: x
    unit: "%"
    direction: at_least
    value: true
    responsible: [市科技局, 3]
    measured_on: rd_intensity
    data:
    forecast: yes please
    population: registered
    cumulative_from: 2023.5
"""


def test_a_hostile_plan_exits_2_through_the_cli_with_every_problem_at_its_line(tmp_path, run_cli):
    path = tmp_path / "hostile.yml"
    path.write_text(HOSTILE, encoding="utf-8")
    code, out, err = run_cli("targets", "--plan", str(path), "--check")
    assert code == 2 and out == "" and "Traceback" not in err
    assert f"{path}: 11 problem(s) in the plan" in err
    for line in [
        ":4:document.titel: unknown field 'titel' (did you mean 'title'?)",
        ":6:baseline_year: '2024.0' is not valid (expected a whole number from 1990 to 2100)",
        ":7:target_year: '2030' is not valid (expected a whole number from 1990 to 2100)",
        ":8:status_rule: '[1, 2]' is not a mapping of fields",
        ":9:tasks: '{'number': 1}' is not valid (expected a list of tasks",
        ":17:targets[0].value: 'True' is not valid (expected a number)",
        ":18:targets[0].responsible[1]: '3' is not valid (expected a list of names",
        ":20:targets[0].data: missing value for 'data'",
        ":21:targets[0].forecast: 'yes please' is not valid (expected true or false)",
        ":22:targets[0].population: 'registered' is not known (expected one of resident)",
        ":23:targets[0].cumulative_from: '2023.5' is not valid (expected a whole number from",
    ]:
        assert f"{path}{line}" in err, (line, err)


def test_an_option_left_empty_is_no_option():
    """`cumulative_from:` with nothing after it leaves the metric's default in place (it was a
    None that made every year compare False, so the target showed no data)."""
    problems, plan = _check(VALID.replace("    data: x\n", "    data: x\n    cumulative_from:\n"))
    assert problems == [] and "cumulative_from" not in plan.targets[0].options
    problems, plan = _check(
        VALID.replace("    data: x\n", "    data: x\n    cumulative_from: 2023\n")
    )
    assert problems == [] and plan.targets[0].options["cumulative_from"] == 2023


def test_a_key_yaml_reads_as_no_name_is_an_unknown_field_at_its_line():
    """``2025:``, ``yes:`` and ``~:`` are a number, true and null to YAML: each is named as
    written, at its own line, as an unknown field."""
    text = VALID.replace("    data: x\n", "    data: x\n    2025: 1.5\n    yes: true\n")
    problems, plan = _check(text)
    assert plan is None
    assert [(p.row, p.column) for p in problems] == [
        (22, "targets[0].2025"),
        (23, "targets[0].yes"),
    ]
    assert problems[0].problem.startswith("unknown field '2025' (YAML reads it as int")
    assert "one of id, name" in problems[1].expected
