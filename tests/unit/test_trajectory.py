"""Required growth: the worked examples (shared/reference/worked-examples.md, C) and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rdanalysis.analysis import required_growth
from rdanalysis.errors import RDAnalysisError

GDP_GROWTH = 0.05


@pytest.mark.parametrize(
    ("last", "target", "years", "g_r", "g_x", "linear"),
    [(0.80, 1.00, 3, 0.07722, 0.13108, 0.0667), (2.65, 3.00, 7, 0.01788, 0.06877, 0.05)],
)
def test_worked_example_c(last, target, years, g_r, g_x, linear):
    out = required_growth.required_growth(last, target, years, GDP_GROWTH)
    assert out["intensity_growth"] == pytest.approx(g_r, abs=1e-5)
    assert out["rd_growth"] == pytest.approx(g_x, abs=1e-5)
    assert out["linear_pp_per_year"] == pytest.approx(linear, abs=1e-3)


def test_gap_in_100m_yuan():
    # 0.8 % of 1000 亿元 = 8 亿元 now; 1 % of 1000 x 1.05^3 = 11.576 亿元 needed in three years.
    r = required_growth.required(2022, 0.8, 1.0, 2025, GDP_GROWTH, 1000.0, rd_recent_growth=0.10)
    assert r.rd_last_100m_yuan == pytest.approx(8.0)
    assert r.rd_required_100m_yuan == pytest.approx(11.57625)
    assert r.rd_at_recent_growth_100m_yuan == pytest.approx(8 * 1.1**3)
    assert r.gap_100m_yuan == pytest.approx(11.57625 - 10.648)


def test_scenario_grid_hits_the_target_at_the_required_growth():
    g_x = required_growth.required_growth(0.8, 1.0, 3, GDP_GROWTH)["rd_growth"]
    grid = required_growth.scenario_grid(0.8, 3, np.array([GDP_GROWTH]), np.array([g_x]))
    assert grid.iloc[0, 0] == pytest.approx(1.0)


@given(
    last=st.floats(0.1, 5),
    target=st.floats(0.1, 5),
    years=st.integers(1, 15),
    gy=st.floats(-0.05, 0.15),
)
def test_required_growth_reaches_the_target(last, target, years, gy):
    out = required_growth.required_growth(last, target, years, gy)
    assert last * (1 + out["intensity_growth"]) ** years == pytest.approx(target, rel=1e-9)
    reached = last * ((1 + out["rd_growth"]) / (1 + gy)) ** years
    assert reached == pytest.approx(target, rel=1e-9)


def test_bad_parameters():
    with pytest.raises(RDAnalysisError, match="at least 1"):
        required_growth.required_growth(0.8, 1.0, 0, GDP_GROWTH)
    with pytest.raises(RDAnalysisError, match="positive"):
        required_growth.required_growth(0.0, 1.0, 3, GDP_GROWTH)


# --- the forecasts of the shipped report suite (issue 24: none with a NaN) -----------------------


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


@pytest.mark.build
def test_no_forecast_of_the_shipped_suite_has_a_nan(tables):
    from rdanalysis.analysis import outlook

    cases = _suite_forecasts()
    assert len(cases) >= 34  # 通辽市, 内蒙古自治区, 全国 and 31 provinces
    for region, target, year in cases:
        o = outlook.build(tables, region, target, year, diagnostics=region in ("通辽市", "全国"))
        table = o.result.forecast.table()
        assert np.isfinite(table.drop(columns="year").to_numpy()).all(), region
        assert np.isfinite(o.result.forecast.paths).all() and 0 <= o.probability <= 1, region
        assert o.calibration["heldout_coverage80"].notna().all(), region
        assert [b.regions >= 0 for b in o.base_rates] == [True, True], region


@pytest.mark.build
def test_the_dashboards_probabilities_are_numbers(tables):
    from rdanalysis.analysis import targets
    from rdanalysis.data import plans

    for name in ("tongliao-2023", "draft-2030-example"):
        board = targets.build(tables, plans.load(name), n_paths=400)
        shown = [e.probability for e in board.evaluations if e.probability is not None]
        assert shown and all(0 <= p <= 1 for p in shown), name


@pytest.mark.build
def test_a_series_too_short_for_its_own_backtest_shows_nan_and_says_so(tables):
    from rdanalysis.analysis import outlook
    from rdanalysis.text import outlook as readings

    o = outlook.build(tables, "通辽市", 1.0, 2025, last_actual_year=2019)
    assert len(o.result.prepared.values) == 5 and o.result.backtest.empty
    c = o.calibration
    assert list(c["n_points"].unique()) == ["5"] and c["heldout_coverage80"].notna().all()
    assert (c["own_n"] == 0).all() and c["own_coverage80"].isna().all()
    assert "本序列太短,无自身回测" in readings.describe_calibration(o, "zh")
    assert "too short for a backtest of its own" in readings.describe_calibration(o, "en")
