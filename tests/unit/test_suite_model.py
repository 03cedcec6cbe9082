"""A careless or hostile reports.yml: every mistake is one problem at its file:line (the value,
what is expected, "did you mean"), all listed at once, exit 2 through the CLI and nothing run."""

from __future__ import annotations

import pytest

from rdanalysis.errors import RDAnalysisError
from rdanalysis.report import config as report_config
from rdanalysis.report import suite_model

VALID = """project:
  region: 通辽市
  illustrative: true
settings:
  keep_runs: 5
  timeout_seconds: 900
index:
  lang: zh
sections:
  - id: plans
    title: 看板
suite:
  - name: dashboard
    notebook: 00_dashboard.ipynb
    section: plans
  - name: t-{region}
    notebook: 01_trajectory.ipynb
    matrix: {region: [通辽市]}
parameter_rules:
  horizon: {min: 2000, max: 2100}
"""

HOSTILE = (
    VALID.replace("  illustrative: true", "  illustrativ: true")
    .replace("keep_runs: 5", "keep_runs: 5.0")
    .replace("timeout_seconds: 900", 'timeout_seconds: "900"')
    .replace("lang: zh", "lang: cn")
    .replace("    section: plans", "    sektion: plans")
    .replace("matrix: {region: [通辽市]}", "matrix: {region: 通辽市}\n    section: plan")
    .replace("{min: 2000, max: 2100}", "{min: 2000, max: 2100, exclusiv: true}")
    + "  split: {choices: sektor}\n"
)


def _write(tmp_path, text: str):
    path = tmp_path / "reports.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_valid_suite_loads_with_its_rules_declared(tmp_path):
    config = report_config.load(_write(tmp_path, VALID))
    assert [j.name for j in report_config.jobs(config)] == ["dashboard", "t-tongliao"]
    assert config["parameter_rules"]["horizon"].max == 2100  # its own rule, in place of ours
    assert config["parameter_rules"]["lang"].choices == ["zh", "en"]  # the shipped one


def test_every_mistake_of_a_suite_is_one_problem_at_its_line(tmp_path):
    path = _write(tmp_path, HOSTILE)
    with pytest.raises(RDAnalysisError) as err:
        report_config.load(path)
    found = {(p.row, p.column): (p.problem, p.expected) for p in err.value.problems}
    assert str(err.value).startswith(f"{path}: 9 problem(s) in the report configuration")
    assert found[(3, "project.illustrativ")][0] == (
        "unknown field 'illustrativ' (did you mean 'illustrative'?)"
    )
    assert found[(5, "settings.keep_runs")] == (
        "'5.0' is not valid",
        "a whole number from 1 to 1000",
    )
    assert found[(6, "settings.timeout_seconds")][0] == "'900' is not valid"
    assert found[(8, "index.lang")] == ("'cn' is not known", "one of zh, en")
    assert "did you mean 'section'?" in found[(15, "suite[0].sektion")][0]
    assert "not a list of values" in found[(18, "suite[1].matrix.region")][0]
    assert found[(19, "suite[1].section")] == (
        "report 't-{region}': section 'plan' is not declared under 'sections' "
        "(did you mean 'plans'?)",
        "one of plans",
    )
    assert "did you mean 'exclusive'?" in found[(21, "parameter_rules.horizon.exclusiv")][0]
    assert "one of plans, regions" in found[(22, "parameter_rules.split.choices")][1]
    assert len(found) == 9


@pytest.mark.parametrize(
    ("old", "new", "where", "text"),
    [
        ("  - id: plans\n    title: 看板\n", "  plans: 看板\n", ":9:sections: ",
         "'{'plans': '看板'}' is not valid (expected a list (- item lines))"),
        ("    title: 看板\n", "", ":10:sections[0]: ", "missing field 'title'"),
        # a number may be whole or not (int | float): one problem, in the rule's words
        ("{min: 2000, max: 2100}", "{min: two, max: 2100}", ":20:parameter_rules.horizon.min: ",
         "'two' is not valid (expected a number)"),
        ("    section: plans", "    section: plan", ":15:suite[0].section: ",
         "section 'plan' is not declared under 'sections' (did you mean 'plans'?)"),
        # checked as written, as it is used: "plans " would file the report under "other"
        ("    section: plans", '    section: "plans "', ":15:suite[0].section: ",
         "section 'plans ' is not declared under 'sections' (did you mean 'plans'?)"),
    ],
)  # fmt: skip
def test_a_list_a_missing_key_and_an_undeclared_section(tmp_path, old, new, where, text):
    path = _write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(RDAnalysisError) as err:
        report_config.load(path)
    assert len(err.value.problems) == 1, err.value
    assert f"{path}{where}" in str(err.value) and text in str(err.value)


def test_a_hostile_suite_exits_2_through_the_cli_and_runs_nothing(tmp_path, run_cli):
    path = _write(tmp_path, HOSTILE)
    out = tmp_path / "out"
    code, stdout, err = run_cli("report", "--config", str(path), "--out", str(out))
    assert code == 2 and "Traceback" not in err and stdout == ""
    assert f"{path}:5:settings.keep_runs: '5.0' is not valid" in err
    assert not out.exists()
    code, _, err = run_cli("report", "--config", str(path), "--list")
    assert code == 2 and f"{path}:8:index.lang: 'cn' is not known" in err
    assert f"{path}:19:suite[1].section: report 't-{{region}}': section 'plan'" in err


def test_a_misspelt_parameter_or_choice_of_a_report_gets_a_did_you_mean(tmp_path):
    config = report_config.load(_write(tmp_path, VALID))
    job = report_config.adhoc("01_trajectory", {"regoin": "通辽市", "method": "bayse"})
    with pytest.raises(RDAnalysisError) as err:
        report_config.validate([job], config)
    assert "unknown parameter 'regoin' (did you mean 'region'?)" in str(err.value)
    assert "parameter 'method' = 'bayse' is not one of the known values" in str(err.value)
    assert "(did you mean 'bayes'?)" in str(err.value)


EXPANDED = """settings:
  keep_runs: 2
  timeout_seconds: 60
suite:
  - name: a
    notebook: 01_trajectry.ipynb
  - name: p-{region}
    notebook: 08_province_profile.ipynb
    matrix: {region: {children_of: Chifen}}
  - name: q-{region}
    notebook: 08_province_profile.ipynb
    matrix:
      region: provinces
  - name: t
    notebook: 01_trajectory.ipynb
    matrix: {region: [通辽市, 全国, 赤峰市]}
  - name: t
    notebook: 01_trajectory.ipynb
  - name: z-{x}
    notebook: 01_trajectory.ipynb
  - name: fine-{region}
    notebook: 01_trajectory.ipynb
    matrix: {region: [通辽市]}
"""


def test_what_the_suites_expansion_finds_is_one_problem_each_at_its_line(tmp_path, run_cli):
    # a well-formed file whose entries name no notebook, no region or no parameter, or make
    # two reports of one name: each found once, at its entry's line, all in one reading
    path = _write(tmp_path, EXPANDED)
    with pytest.raises(RDAnalysisError) as err:
        report_config.jobs(report_config.load(path))
    found = [(p.row, p.column, p.problem) for p in err.value.problems]
    assert str(err.value).startswith(f"{path}: 6 problem(s) in the report suite")
    assert [f[:2] for f in found] == [
        (6, "suite[0].notebook"),
        (9, "suite[1].matrix.region"),
        (13, "suite[2].matrix.region"),
        (14, "suite[3].name"),
        (17, "suite[4].name"),
        (19, "suite[5].name"),
    ], found
    assert "(did you mean '01_trajectory.ipynb'?)" in found[0][2]
    assert "unknown region 'Chifen' (did you mean 赤峰市?)" in found[1][2]
    assert "write {children_of: 全国}" in found[2][2]
    assert found[3][2] == "report 't': makes a report named 't' more than once"
    assert found[4][2] == "report 't': makes a report named 't', as does the entry on line 14"
    assert "name placeholder {x} is not a parameter of the report" in found[5][2]
    code, stdout, stderr = run_cli("report", "--config", str(path), "--list")
    assert code == 2 and "Traceback" not in stderr and stdout == ""
    assert f"{path}:17:suite[4].name: report 't'" in stderr


_SHARE = {"min": 0, "max": 1, "exclusive": True}


@pytest.mark.parametrize(
    ("value", "declared", "rule", "said"),
    [
        (0.5, "float", _SHARE, None),
        (1, "float", {"min": 0, "max": 2}, None),  # a whole number is a number
        (1, "float", _SHARE, "1 is out of range (expected 0 < value < 1)"),
        (2101, "int", {"min": 2000}, None),
        (1999, "int", {"min": 2000}, "1999 is out of range (expected value >= 2000)"),
        (2.0, "int", {}, "2.0 is a float (expected int)"),
        (3, "str", {}, "3 is an int (expected str)"),
        (10**400, "float", {}, "1000000"),  # a whole number no float holds
        (10**400, "None", {}, "1000000"),
        ([0.5, 2], "list", {"min_items": 3, "items": _SHARE}, "[0.5, 2] has 2 item(s)"),
        (True, "float", {}, "True is a bool (expected float)"),
        ("0.5", "float", {}, "'0.5' is a str (expected float)"),
        (float("inf"), "float", {}, "inf is not a plain value"),
        ({"a": 1}, "str", {}, "{'a': 1} is not a plain value"),
        ([[1]], "list", {}, "[[1]] is not a plain value"),
        ([], "list", {"min_items": 1}, "[] has 0 item(s) (expected at least 1)"),
        ([0.8, 95], "list", {"items": _SHARE}, "[0.8, 95]: item 95 is out of range (expected 0 < "),
        ([0.8, "x"], "list", {"items": _SHARE}, "[0.8, 'x']: item 'x' is not a number"),
        # declared without a type (x = None): checked as the value it is
        (5, "None", {"min": 0, "max": 1}, "5 is out of range (expected 0 <= value <= 1)"),
        ("text", "None", {"min": 0, "max": 1}, None),
    ],
)  # fmt: skip
def test_a_parameter_value_is_checked_against_its_declared_type_and_rule(
    value, declared, rule, said
):
    found = suite_model.value_problem(value, declared, suite_model.Rule.model_validate(rule))
    if said is None:
        assert found is None
    else:
        assert found is not None and found.startswith(said), found
    if isinstance(value, int) and value > 1e300:
        assert found.endswith("is too large (expected at most 1e+300 in size)"), found


def test_a_bad_parameter_value_is_named_at_its_line_once_per_entry(tmp_path):
    # a value under an entry's parameters is every report's: one problem, named by the entry;
    # a matrix value is one report's: named by that report
    path = _write(
        tmp_path,
        """settings:
  keep_runs: 2
  timeout_seconds: 60
suite:
  - name: t-{region}
    notebook: 01_trajectory.ipynb
    parameters:
      target_pct: 120
      regoin: x
    matrix:
      region: [通辽市, 火星, 全国]
""",
    )
    config = report_config.load(path)
    with pytest.raises(RDAnalysisError) as err:
        report_config.validate(report_config.jobs(config), config)
    assert str(err.value).splitlines()[1:] == [
        f"{path}:8:suite[0].parameters.target_pct: report 't-{{region}}': parameter "
        "'target_pct' = 120 is out of range (expected 0 < value < 100)",
        f"{path}:9:suite[0].parameters.regoin: report 't-{{region}}': unknown parameter "
        "'regoin' (did you mean 'region'?) (expected one of region, target_pct, target_year, "
        "last_actual_year, method, gdp_growth_scenarios, interval_levels, n_paths, lang)",
        f"{path}:11:suite[0].matrix.region[1]: report 't-火星': parameter 'region' = '火星' is "
        "not one of the known values (expected e.g. 全国, 北京市, 天津市, 河北省, ...)",
    ]


def test_an_entry_s_mistakes_are_all_found_and_a_repeated_name_says_why(tmp_path):
    long_name = "n" * 300 + ".ipynb"  # longer than a file name may be
    path = _write(
        tmp_path,
        f"""settings: {{keep_runs: 2, timeout_seconds: 60}}
suite:
  - name: a-{{region}}
    notebook: {long_name}
    matrix: {{region: {{children_of: Chifen}}}}
  - name: u-{{region}}
    notebook: 01_trajectory.ipynb
    matrix:
      region: [通辽市, Tongliao]
  - name: v
    notebook: 01_trajectory.ipynb
    matrix:
      region: [通辽市, 全国]
""",
    )
    with pytest.raises(RDAnalysisError) as err:
        report_config.jobs(report_config.load(path))
    found = [(p.row, p.column, p.problem, p.expected) for p in err.value.problems]
    assert [f[:2] for f in found] == [
        (4, "suite[0].notebook"),
        (5, "suite[0].matrix.region"),
        (6, "suite[1].name"),
        (10, "suite[2].name"),
    ], found
    assert f"notebook {long_name} not found" in found[0][2]
    # two names of one region make one name: the name has its {param}, the values are at fault
    assert found[2][3].startswith("matrix values that name different things")
    assert found[3][3] == "a {param} in the name for each parameter of the matrix: {region}"


def test_a_shared_year_against_another_is_one_problem_per_entry_at_its_line(tmp_path):
    path = _write(
        tmp_path,
        """settings: {keep_runs: 2, timeout_seconds: 60}
suite:
  - name: t-{region}
    notebook: 01_trajectory.ipynb
    parameters: {target_year: 2020, last_actual_year: 2021}
    matrix:
      region:
        - 通辽市
        - 全国
        - 赤峰市
""",
    )
    config = report_config.load(path)
    with pytest.raises(RDAnalysisError) as err:
        report_config.validate(report_config.jobs(config), config)
    assert str(err.value).splitlines()[1:] == [
        f"{path}:5:suite[0].parameters.target_year: report 't-{{region}}': parameter "
        "'target_year' = 2020 is not after last_actual_year = 2021 (expected a year after "
        "2021); the target year must be after the year the forecast or the required growth "
        "starts from"
    ]


@pytest.mark.parametrize("bound", ["1" + "0" * 400, ".inf", "-.inf", ".nan"])
def test_a_rule_bound_no_number_can_be_compared_with_is_refused_at_its_line(tmp_path, bound):
    path = _write(tmp_path, VALID.replace("{min: 2000, max: 2100}", f"{{min: 2000, max: {bound}}}"))
    with pytest.raises(RDAnalysisError) as err:
        report_config.load(path)
    (problem,) = err.value.problems
    assert (problem.row, problem.column) == (20, "parameter_rules.horizon.max")
    assert "is not a usable bound" in problem.problem


def test_the_suite_s_and_its_parameters_problems_are_listed_together(tmp_path, run_cli):
    path = _write(
        tmp_path,
        """settings: {keep_runs: 2, timeout_seconds: 60}
suite:
  - name: t
    notebook: 01_trajectory.ipynb
    matrix: {region: [通辽市, 全国]}
  - name: d
    notebook: 01_trajectory.ipynb
    parameters: {target_pct: 120}
""",
    )
    out = tmp_path / "out"
    code, stdout, err = run_cli("report", "--config", str(path), "--out", str(out))
    assert code == 2 and stdout == "" and "Traceback" not in err and not out.exists()
    assert err.splitlines()[1:] == [
        f"{path}:3:suite[0].name: report 't': makes a report named 't' more than once "
        "(expected a {param} in the name for each parameter of the matrix: {region})",
        f"{path}:8:suite[1].parameters.target_pct: report 'd': parameter 'target_pct' = 120 "
        "is out of range (expected 0 < value < 100)",
    ], err
    assert err.startswith(f"error: {path}: 2 problem(s) in the report suite; nothing was run")
    # a selection: the unselected report's parameter is not listed, an unknown name is
    code, _, err = run_cli(
        "report", "--config", str(path), "--out", str(out), "--only", "t", "--only", "nosuch"
    )
    assert code == 2 and not out.exists()
    assert "unknown report(s) nosuch" in err and "report 't': makes a report" in err
    assert "target_pct" not in err
