"""Suite names and titles fill only their parameters; one-off reports that differ keep different
names (no data build)."""

from __future__ import annotations

import pytest
import yaml

from rdanalysis.errors import RDAnalysisError
from rdanalysis.report import config as report_config


def _suite(tmp_path, entry: dict):
    path = tmp_path / "reports.yml"
    suite = {"settings": {"keep_runs": 2, "timeout_seconds": 60}, "suite": [entry]}
    path.write_text(yaml.safe_dump(suite, allow_unicode=True), encoding="utf-8")
    return report_config.load(path)


def test_a_title_is_data_only_its_parameters_are_filled(tmp_path):
    title = "{region} {x} {0} {region.__class__} {region!r} {region:>9} {"
    config = _suite(
        tmp_path,
        {
            "name": "t-{region}",
            "title": title,
            "notebook": "01_trajectory.ipynb",
            "matrix": {"region": ["通辽市"]},
        },
    )
    (job,) = report_config.jobs(config)
    assert job.title == "通辽市 {x} {0} {region.__class__} {region!r} {region:>9} {"
    assert job.name == "t-tongliao"


@pytest.mark.parametrize("name", ["t-{x}", "t-{0}", "t-{region.__class__}", "t-{region"])
def test_a_name_with_another_placeholder_is_refused_naming_the_file_and_report(tmp_path, name):
    config = _suite(
        tmp_path,
        {"name": name, "notebook": "01_trajectory.ipynb", "matrix": {"region": ["通辽市"]}},
    )
    with pytest.raises(RDAnalysisError) as err:
        report_config.jobs(config)
    assert str(tmp_path / "reports.yml") in str(err.value)
    assert f"report '{name}': name placeholder" in str(err.value)


def test_one_off_reports_whose_slugs_agree_keep_different_names(tmp_path):
    from rdanalysis import paths

    first, second = tmp_path / "a" / "my-plan.yml", tmp_path / "b" / "my-plan.yml"
    for path in (first, second):
        path.parent.mkdir()
        path.write_bytes((paths.plans() / "draft-2030-example.yml").read_bytes())
    a = report_config.adhoc("00_dashboard", {"plan": str(first)})
    b = report_config.adhoc("00_dashboard", {"plan": str(second)})
    assert a.name != b.name and a.name.startswith("dashboard-my-plan-")
    empty = report_config.adhoc("01_trajectory", {"interval_levels": []})
    other = report_config.adhoc("01_trajectory", {"gdp_growth_scenarios": []})
    assert empty.name != other.name
    # the same report asked for by an alias or by the plan's path keeps one name
    alias = report_config.adhoc("01_trajectory", {"region": "Tongliao"})
    assert alias.name == report_config.adhoc("01_trajectory", {"region": "通辽市"}).name
    named = report_config.adhoc("00_dashboard", {"plan": "draft-2030-example"})
    path = report_config.adhoc(
        "00_dashboard", {"plan": str(paths.plans() / "draft-2030-example.yml")}
    )
    assert named.name == path.name
