"""Each metric a plan's target can be measured on has one way to make its yearly series."""

from __future__ import annotations

import dataclasses

import pandas as pd

from rdanalysis import plan, reference
from rdanalysis.analysis import targets


def test_every_metric_of_the_plan_format_has_its_series_builder():
    # a metric added to rdanalysis.plan.METRICS (what a plan file may name) without a builder
    # would be read as an innovation measure it is not
    assert set(targets.SERIES) == {*plan.METRICS, plan.NO_METRIC}
    innovation = set(plan.metrics()) - set(plan.METRICS)
    assert innovation and not innovation & set(targets.SERIES)
    assert all(reference.measures()[m]["table"] == "innovation" for m in innovation)


def test_an_innovation_measure_is_read_as_it_is_and_none_is_empty():
    tables = {
        "innovation": pd.DataFrame(
            {
                "region": ["通辽市", "通辽市", "赤峰市"],
                "measure": ["valid_invention_patents"] * 3,
                "period": ["", "", ""],
                "year": [2024, 2023, 2024],
                "value": [435.0, 400.0, 999.0],
                "status": ["illustrative", "official", "official"],
                "source": ["a", "b", "c"],
            }
        )
    }
    target = plan.Target(
        "patents", "有效发明专利拥有量", "x", "件", "at_least", 500.0, ("市市场监管局",),
        "valid_invention_patents", "x",
    )  # fmt: skip
    s = targets.series_for(tables, target, "通辽市")
    assert s[["year", "value"]].to_dict("list") == {"year": [2023, 2024], "value": [400.0, 435.0]}
    none = dataclasses.replace(target, measured_on=plan.NO_METRIC)
    assert targets.series_for(tables, none, "通辽市").empty
