"""The forecasts of the shipped report suite on the shipped data: no NaN, probabilities that are
numbers, a series too short for its own backtest."""

from __future__ import annotations

import numpy as np


def _suite_forecasts() -> list[tuple[str, float, int]]:
    """(region, target %, target year) of every forecast the shipped suite makes: the
    trajectory reports' parameters and the 31 province profiles (to 2030, the national line)."""
    import yaml

    from rdanalysis import paths, reference

    suite = yaml.safe_load(paths.config_file().read_text(encoding="utf-8"))["suite"]
    out = []
    for report in suite:
        if report["notebook"] != "01_trajectory.ipynb":
            continue
        params = report.get("parameters") or {}
        regions = (report.get("matrix") or {}).get("region") or [params["region"]]
        out += [
            (r, params.get("target_pct", 1.0), params.get("target_year", 2025)) for r in regions
        ]
    provinces = [r.name for r in reference.regions().values() if r.level == "province"]
    return out + [(p, 2.5, 2030) for p in provinces]


def test_no_forecast_of_the_shipped_suite_has_a_nan(tables):
    from rdanalysis.analysis import views

    cases = _suite_forecasts()
    assert len(cases) >= 34  # 通辽市, 内蒙古自治区, 全国 and 31 provinces
    for region, target, year in cases:
        o = views.outlook.build(
            tables, region, target, year, diagnostics=region in ("通辽市", "全国")
        )
        table = o.result.forecast.table()
        assert np.isfinite(table.drop(columns="year").to_numpy()).all(), region
        assert np.isfinite(o.result.forecast.paths).all() and 0 <= o.probability <= 1, region
        assert o.calibration["heldout_coverage80"].notna().all(), region
        assert [b.regions >= 0 for b in o.base_rates] == [True, True], region


def test_the_dashboards_probabilities_are_numbers(tables):
    from rdanalysis.analysis import views
    from rdanalysis.data import plans

    for name in ("tongliao-2023", "draft-2030-example"):
        board = views.dashboard.build(tables, plans.load(name), n_paths=400)
        shown = [e.probability for e in board.evaluations if e.probability is not None]
        assert shown and all(0 <= p <= 1 for p in shown), name


def test_a_series_too_short_for_its_own_backtest_shows_nan_and_says_so(tables):
    from rdanalysis.analysis import views
    from rdanalysis.text import outlook as outlook_text

    o = views.outlook.build(tables, "通辽市", 1.0, 2025, last_actual_year=2019)
    assert len(o.result.prepared.values) == 5 and o.result.backtest.empty
    c = o.calibration
    assert list(c["n_points"].unique()) == ["5"] and c["heldout_coverage80"].notna().all()
    assert (c["own_n"] == 0).all() and c["own_coverage80"].isna().all()
    assert "本序列太短,无自身回测" in outlook_text.describe_calibration(o, "zh")
    assert "too short for a backtest of its own" in outlook_text.describe_calibration(o, "en")
