"""Forecast invariants: intervals nested and widening, probabilities that behave, short series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rdanalysis.analysis import forecast
from rdanalysis.errors import RDAnalysisError

# China's national R&D intensity, latest vintage (data/raw/public/china_national_rd.csv and
# inner_mongolia_rd_gdp.csv): 2018-2024, revised 2.41 for 2020 and 2.56 for 2022.
CHINA = pd.Series([2.19, 2.23, 2.41, 2.44, 2.56, 2.65, 2.69], index=range(2018, 2025))


@pytest.fixture(scope="module")
def china_result() -> forecast.Result:
    return forecast.forecast_series(CHINA, 2030, n_paths=3000)


def test_intervals_are_nested_and_widen_with_the_horizon(china_result):
    fc = china_result.forecast
    lo80, hi80 = fc.interval(0.8)
    lo95, hi95 = fc.interval(0.95)
    assert np.all(lo95 <= lo80) and np.all(lo80 <= fc.point) and np.all(fc.point <= hi80)
    assert np.all(hi80 <= hi95)
    width = hi80 - lo80
    assert np.all(np.diff(width) > 0)


def test_forecast_stays_inside_0_and_100_percent(china_result):
    assert np.all(china_result.forecast.paths > 0) and np.all(china_result.forecast.paths < 100)


def test_probability_falls_as_the_target_rises(china_result):
    probs = [china_result.forecast.probability_at_least(t, 2030) for t in (2.0, 2.8, 3.0, 3.5, 5)]
    assert all(0 <= p <= 1 for p in probs)
    assert probs == sorted(probs, reverse=True)
    assert probs[0] > 0.95 and probs[-1] < 0.05


def test_default_is_the_combination_and_the_backtest_is_reported(china_result):
    assert china_result.chosen == forecast.DEFAULT_COMBINATION
    methods = set(china_result.summary["method"])
    assert {*forecast.METHODS, forecast.COMBINATION} <= methods
    assert {"mase_h1", "mean_mase", "coverage80"} <= set(china_result.summary.columns)


def test_short_series_falls_back_to_drift_with_a_warning():
    res = forecast.forecast_series(CHINA.iloc[-4:], 2025)
    assert res.chosen == ("drift",)
    assert any("falling back to drift" in w for w in res.warnings)


def test_fewer_than_three_points_is_a_clear_error():
    with pytest.raises(RDAnalysisError, match="needs at least 3"):
        forecast.forecast_series(CHINA.iloc[:2], 2025)


def test_missing_years_are_reported_not_filled():
    gappy = CHINA.drop(2019)
    res = forecast.forecast_series(gappy, 2026)
    assert res.prepared.missing_years == [2019]
    assert list(res.prepared.years) == [2020, 2021, 2022, 2023, 2024]
    assert any("missing years 2019" in w for w in res.warnings)


def test_target_year_must_follow_the_data():
    with pytest.raises(RDAnalysisError, match="not after the last actual year"):
        forecast.forecast_series(CHINA, 2024)


def test_unknown_method():
    with pytest.raises(RDAnalysisError, match="unknown method 'prophet'"):
        forecast.forecast_series(CHINA, 2026, method="prophet")


def test_component_approach_divides_two_forecasts():
    rd = pd.Series([100.0 * 1.10**k for k in range(6)], index=range(2019, 2025))
    gdp = pd.Series([10000.0 * 1.05**k for k in range(6)], index=range(2019, 2025))
    res = forecast.forecast_series(rd / gdp * 100, 2026, method="component", components=(rd, gdp))
    expected = rd.iloc[-1] / gdp.iloc[-1] * 100 * (1.10 / 1.05) ** 2
    assert res.forecast.point[-1] == pytest.approx(expected, rel=1e-9)


def test_linear_pool_keeps_each_methods_spread():
    years = np.arange(2025, 2028)
    narrow = forecast.Forecast(
        "a", years, np.full(3, 1.0), np.random.default_rng(1).normal(1.0, 0.01, (1000, 3))
    )
    wide = forecast.Forecast(
        "b", years, np.full(3, 1.0), np.random.default_rng(2).normal(1.0, 0.10, (1000, 3))
    )
    pooled = forecast.combine([narrow, wide])
    lo, hi = pooled.interval(0.8)
    lo_w, hi_w = wide.interval(0.8)
    # A pool is at least as wide as the narrower member; averaging paths would be narrower.
    assert np.all(hi - lo > 0.5 * (hi_w - lo_w))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.floats(0.2, 3.0),
    growth=st.floats(-0.05, 0.1),
    noise=st.floats(0.0, 0.05),
    n=st.integers(5, 12),
    seed=st.integers(0, 10_000),
)
def test_random_series_give_valid_forecasts(start, growth, noise, n, seed):
    rng = np.random.default_rng(seed)
    values = start * np.cumprod(1 + growth + rng.normal(0, noise, n))
    values = np.clip(values, 0.01, 50)
    series = pd.Series(values, index=range(2024 - n + 1, 2025))
    res = forecast.forecast_series(series, 2027, n_paths=400, diagnostics=False)
    fc = res.forecast
    lo, hi = fc.interval(0.8)
    assert np.all(np.isfinite(fc.point)) and np.all(lo <= hi)
    assert np.all((fc.paths > 0) & (fc.paths < 100))
    p = fc.probability_at_least(float(values[-1]), 2027)
    assert 0.0 <= p <= 1.0
