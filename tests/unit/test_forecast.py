"""Forecast invariants: intervals nested and widening, probabilities that behave, short series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rdanalysis.analysis import forecast, pooled, views
from rdanalysis.errors import RDAnalysisError

# China's national R&D intensity, latest vintage (data/raw/public/china_national_rd.csv and
# inner_mongolia_rd_gdp.csv): 2018-2024, revised 2.41 for 2020 and 2.56 for 2022.
CHINA = pd.Series([2.19, 2.23, 2.41, 2.44, 2.56, 2.65, 2.69], index=range(2018, 2025))


@pytest.fixture(scope="module")
def china_result() -> forecast.Result:
    return forecast.forecast_series(CHINA, 2030, n_paths=3000, kind="national")


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


def test_default_is_the_calibrated_drift_and_the_backtest_is_reported(china_result):
    assert china_result.chosen == (forecast.DEFAULT,)
    assert set(forecast.FAST_METHODS) <= set(china_result.summary["method"])
    assert {"mase_h1", "mean_mase", "coverage80", "above80", "below80"} <= set(
        china_result.summary.columns
    )


#: A series whose yearly growth alternates 2 % / 6 %: any window of it has the same noise.
STEADY = pd.Series(0.5 * np.exp(np.cumsum([0.0] + [0.02, 0.06] * 5)), index=range(2014, 2025))


def test_short_series_keeps_the_default_with_a_warning_and_wider_intervals():
    short = forecast.forecast_series(STEADY.iloc[-4:], 2027, diagnostics=False)
    full = forecast.forecast_series(STEADY, 2027, diagnostics=False)
    assert short.chosen == (forecast.DEFAULT,)
    assert any("only 4 consecutive" in w for w in short.warnings)
    width = [np.subtract(*r.forecast.interval(0.8)[::-1])[-1] for r in (short, full)]
    assert width[0] > width[1]


def test_a_method_that_needs_five_points_falls_back_to_the_default():
    res = forecast.forecast_series(CHINA.iloc[-4:], 2026, method="arima")
    assert res.chosen == (forecast.DEFAULT,)
    assert any("'arima' needs 5" in w for w in res.warnings)


def test_fewer_than_three_points_is_a_clear_error():
    with pytest.raises(RDAnalysisError, match="at least 3 consecutive"):
        forecast.forecast_series(CHINA.iloc[:2], 2025)


def test_missing_years_are_reported_not_filled():
    gappy = CHINA.drop(2019)
    res = forecast.forecast_series(gappy, 2026)
    assert res.prepared.missing_years == [2019]
    assert res.prepared.excluded_years == [2018]
    assert list(res.prepared.years) == [2020, 2021, 2022, 2023, 2024]
    assert any("missing years 2019" in w and "2020-2024" in w for w in res.warnings)


# The case: a gap just before the last year left one point, and the old code returned
# NaN forecasts and P = 0.0 %.
GAP_BEFORE_LAST = pd.Series(
    [0.5, 0.52, 0.55, 0.57, 0.6, 0.66], index=[2015, 2016, 2017, 2018, 2019, 2021]
)


def test_a_gap_before_the_last_year_is_refused_with_the_years_named():
    with pytest.raises(RDAnalysisError) as err:
        forecast.forecast_series(GAP_BEFORE_LAST, 2025)
    message = str(err.value)
    assert "1 value(s) (2021)" in message and "no value for 2020" in message
    assert "at least 3 consecutive" in message


def test_a_gap_with_three_years_after_it_uses_that_run_and_says_so():
    series = pd.concat([GAP_BEFORE_LAST, pd.Series([0.69, 0.71], index=[2022, 2023])])
    res = forecast.forecast_series(series, 2025)
    assert list(res.prepared.years) == [2021, 2022, 2023]
    assert any("2021-2023 (3 values)" in w and "2015" in w for w in res.warnings)
    assert np.all(np.isfinite(res.forecast.paths)) and np.all(np.isfinite(res.forecast.point))


def test_two_point_runs_are_refused_not_given_an_invented_volatility():
    with pytest.raises(RDAnalysisError, match="2 value"):
        forecast.forecast_series(pd.Series([0.6, 0.62], index=[2023, 2024]), 2025)
    with pytest.raises(RDAnalysisError, match="at least 3"):
        forecast.fit_method(np.array([0.6, 0.62]), np.array([2023, 2024]), 1, "drift")


FLAT = pd.Series([0.8] * 6, index=range(2019, 2025))


@pytest.mark.parametrize("method", ["auto", "naive", "drift", "loglinear"])
def test_a_flat_series_has_intervals_of_at_least_the_rounding_of_published_values(method):
    res = forecast.forecast_series(FLAT, 2026, method=method, diagnostics=False)
    lo, hi = res.forecast.interval(0.95)
    assert np.all(hi - lo > 2 * forecast.MIN_CHANGE_SD_PP)
    assert any("flat" in w for w in res.warnings)
    # A target at the flat value is neither certain nor impossible.
    assert 0 < res.forecast.probability_at_least(0.8, 2026) < 1


def test_probability_resolution_is_one_over_the_paths(china_result):
    assert china_result.forecast.resolution == pytest.approx(1 / 3000)
    assert china_result.forecast.probability_at_least(50.0, 2030) == 0.0


def test_statsmodels_warnings_do_not_reach_the_user_in_a_fresh_process():
    import subprocess
    import sys

    code = (
        "import pandas as pd; from rdanalysis.analysis import forecast as f; "
        "s = pd.Series([0.5, 0.5, 0.51, 0.5, 0.52, 0.51], index=range(2019, 2025)); "
        "[f.forecast_series(s, 2027, method=m, diagnostics=False) for m in ('arima', 'ets')]"
    )
    out = subprocess.run(
        [sys.executable, "-W", "default", "-c", code], capture_output=True, text=True, check=True
    )
    assert "Warning" not in out.stderr, out.stderr


def test_non_converged_arima_fits_do_not_compete():
    class Fit:
        def __init__(self, converged: bool) -> None:
            self.mle_retvals = {"converged": converged}

    assert not forecast._converged(Fit(False))
    assert forecast._converged(Fit(True))


def test_combination_members_simulate_only_the_paths_the_pool_keeps():
    fc = forecast.fit_method(CHINA.to_numpy(), CHINA.index.to_numpy(), 2, "combination", 900)
    assert fc.paths.shape == (900, 2)
    assert fc.components == forecast.DEFAULT_COMBINATION


def test_bayes_predictive_matches_its_analytic_student_t():
    z = np.log(CHINA.to_numpy())
    m, kappa, scale2, dof = forecast.posterior(np.diff(z))
    fc = forecast.fit_method(CHINA.to_numpy(), CHINA.index.to_numpy(), 3, "bayes", 40_000)
    q = forecast.PRIORS[forecast.DEFAULT_KIND].q
    sd = np.sqrt(scale2 * forecast.variance_factor(3, kappa, q) * dof / (dof - 2))
    assert np.std(np.log(fc.paths[:, 2])) == pytest.approx(sd, rel=0.03)
    assert np.median(np.log(fc.paths[:, 2])) == pytest.approx(z[-1] + 3 * m, abs=0.01 * sd)


def test_calibration_table_shows_held_out_coverage_next_to_the_own_backtest(china_result):
    calibration = pd.DataFrame(
        {
            "n_points": ["7-9", "7-9", "10+", "10+"],
            "h": [1, 2, 1, 2],
            "n": [10, 9, 8, 7],
            "coverage80": [0.8, 0.7, 0.9, 0.85],
            "above80": [0.1, 0.2, 0.05, 0.1],
            "below80": [0.1, 0.1, 0.05, 0.05],
            "coverage95": [0.95, 0.9, 1.0, 0.97],
        }
    )
    table = forecast.calibration_table(calibration, 7, china_result.backtest)
    assert list(table["h"]) == [1, 2]
    assert list(table["n_points"]) == ["7-9", "7-9"]
    assert list(table["heldout_coverage80"]) == [0.8, 0.7]
    assert table["own_n"].iloc[0] > 0 and 0 <= table["own_coverage80"].iloc[0] <= 1
    with pytest.raises(RDAnalysisError, match="no calibration class"):
        forecast.length_class(2)


def test_a_series_without_a_backtest_of_its_own_gets_nan_beside_the_held_out_figures():
    short = forecast.forecast_series(CHINA.iloc[-5:], 2027)
    assert short.backtest.empty
    table = forecast.calibration_table(
        reference_calibration(), 5, short.backtest, short.forecast.method
    )
    assert list(table["n_points"].unique()) == ["5"] and list(table["h"]) == [1, 2, 3, 4]
    assert table["heldout_coverage80"].notna().all()
    assert (table["own_n"] == 0).all() and table["own_coverage80"].isna().all()


def reference_calibration() -> pd.DataFrame:
    from rdanalysis import reference

    return reference.forecast_calibration()


@pytest.mark.parametrize("n_points", [3, 4, 5, 6, 7, 9, 10, 14])
def test_the_shipped_held_out_table_covers_every_length_class_and_horizon(n_points):
    """The trajectory report looks up the series' own length class: each has horizons 1-4."""
    table = forecast.calibration_table(reference_calibration(), n_points, pd.DataFrame())
    assert list(table["h"]) == [1, 2, 3, 4]
    assert table[["heldout_coverage80", "heldout_coverage95"]].notna().all().all()
    assert (table["heldout_n"] > 0).all()


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


# --- the same cases through the command line (a user dataset built into a temporary folder) ---


def _cli_forecast(tmp_path, rows: list[tuple[int, float, float]], *args: str):
    import json
    import os
    import subprocess
    import sys

    from rdanalysis.data import build

    user = tmp_path / "user"
    user.mkdir()
    lines = ["地区,年份,执行主体,R&D经费(亿元),地区生产总值(亿元),来源"]
    lines += [f"通辽市,{year},,{rd},{gdp},测试用数据" for year, rd, gdp in rows]
    (user / "r.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    processed = tmp_path / "processed"
    build.build(user, include_illustrative=False, out_dir=processed)
    proc = subprocess.run(
        [sys.executable, "-m", "rdanalysis", "forecast", "--region", "通辽市", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "RDANALYSIS_PROCESSED": str(processed)},
    )
    assert "Traceback" not in proc.stderr
    payload = None
    if proc.returncode == 0 and "json" in args:
        # parse_constant rejects NaN/Infinity: the JSON must be strict.
        payload = json.loads(proc.stdout, parse_constant=lambda c: pytest.fail(f"JSON has {c}"))
    return proc, payload


def test_auto_keeps_the_intensity_prior_to_the_range_it_was_fitted_on():
    share = pd.Series([74.0, 75.5, 76.1, 77.0, 78.2, 78.8], index=range(2019, 2025))
    res = forecast.forecast_series(share, 2026, diagnostics=False)
    assert res.chosen == ("drift",)
    assert any("outside the R&D intensities" in w for w in res.warnings)


def _width80(series: pd.Series, year: int, kind: str = forecast.DEFAULT_KIND) -> float:
    res = forecast.forecast_series(series, year, diagnostics=False, kind=kind)
    lo, hi = res.forecast.interval(0.8)
    return float(np.log(hi[-1] / lo[-1]))


def _alternating(n: int, noisy: bool) -> pd.Series:
    """``n`` values growing 4 % a year, smooth or with +-6 % noise on alternate years."""
    noise = np.array([0.06, -0.06] * n)[: n - 1] if noisy else 0.0
    return pd.Series(
        0.6 * np.exp(np.cumsum([0.0, *(np.full(n - 1, 0.04) + noise)])), index=range(2025 - n, 2025)
    )


def test_the_series_own_noise_counts_for_more_as_it_grows():
    """The pooled rule takes the reference panels' volatility for the level (worth 16 yearly
    changes): a noisy series' interval outgrows a smooth one's as its own evidence builds up."""
    ratio = [
        _width80(_alternating(n, True), 2027) / _width80(_alternating(n, False), 2027)
        for n in (4, 9, 16)
    ]
    assert 1 <= ratio[0] < ratio[1] < ratio[2] and ratio[2] > 1.2


def test_bayes_interval_follows_the_series_own_noise():
    """'bayes' (the former default): a weak volatility prior, so 6 points already set the width."""
    noisy = forecast.forecast_series(_alternating(6, True), 2027, "bayes", diagnostics=False)
    smooth = forecast.forecast_series(_alternating(6, False), 2027, "bayes", diagnostics=False)
    widths = [np.log(np.divide(*r.forecast.interval(0.8)[::-1]))[-1] for r in (noisy, smooth)]
    assert widths[0] > 2.5 * widths[1]


def test_kind_chooses_the_prior_and_an_unknown_kind_is_refused():
    assert forecast.PRIORS["regional"] != forecast.PRIORS["national"]
    short = STEADY.iloc[-3:]
    regional = forecast.forecast_series(short, 2027, "bayes", diagnostics=False, kind="regional")
    national = forecast.forecast_series(short, 2027, "bayes", diagnostics=False, kind="national")
    # With 3 points the drift leans on the prior: 4 % a year (regional) against 1.5 % (national).
    assert regional.forecast.point[-1] > national.forecast.point[-1]
    # The pooled rule: a country's series moves less than a region's at the same level.
    assert _width80(short, 2027, "national") < _width80(short, 2027, "regional")
    with pytest.raises(RDAnalysisError, match="unknown kind of series 'city'"):
        forecast.forecast_series(short, 2027, diagnostics=False, kind="city")


def test_outlook_gives_a_country_the_national_prior_and_a_city_the_regional_one():

    assert views.outlook.series_kind("全国") == "national"
    assert views.outlook.series_kind("通辽市") == "regional"
    assert views.outlook.series_kind("广东省") == "regional"


# --- the pooled rule (issue 24) -----------------------------------------------------------------


def test_the_default_is_the_pooled_rule_and_the_former_default_stays_by_name():
    assert forecast.DEFAULT == "pooled"
    res = forecast.forecast_series(CHINA, 2027, diagnostics=False)
    assert res.chosen == ("pooled",)
    former = forecast.forecast_series(CHINA, 2027, method="bayes", diagnostics=False)
    assert former.chosen == ("bayes",)
    assert not np.allclose(res.forecast.point, former.forecast.point)


def _moments(series: pd.Series, h: int, kind: str = "regional") -> tuple[float, float]:
    """The pooled rule's point and calibrated sd (ln intensity) h years ahead, from its parts."""
    z = np.log(series.to_numpy())
    d = np.diff(z)
    rule = forecast.pool_rule()
    floor = forecast.MIN_CHANGE_SD_PP / series.iloc[-1]
    point, sd = pooled.moments(
        len(d), d.mean(), ((d - d.mean()) ** 2).sum(), z[-1], h, kind == "national", floor, rule
    )
    return float(point), float(sd * rule.factor(len(z), h))


def test_pooled_paths_match_the_rules_normal_predictive():
    fc = forecast.fit_method(CHINA.to_numpy(), CHINA.index.to_numpy(), 3, "pooled", 40_000)
    for h in (1, 3):
        point, sd = _moments(CHINA, h)
        logs = np.log(fc.paths[:, h - 1])
        assert np.median(logs) == pytest.approx(point, abs=0.02 * sd)
        assert np.std(logs) == pytest.approx(sd, rel=0.02)
        assert np.log(fc.point[h - 1]) == pytest.approx(point)
    lo, hi = fc.interval(0.8)
    point, sd = _moments(CHINA, 3)
    assert np.log(hi[2] / lo[2]) == pytest.approx(2 * pooled.Z80 * sd, rel=0.03)


def test_a_smooth_trend_is_kept_and_a_noisy_one_shrunk_towards_the_panels_drift():
    """Same mean growth of 4 % a year: the drift of a smooth series is trusted more than that
    of a noisy one (whose mean change says little), which is pulled further towards the
    panels' m (2 % a year)."""
    rule = forecast.pool_rule()
    point = {}
    for noisy in (False, True):
        s = _alternating(9, noisy)
        point[noisy] = np.log(forecast.forecast_series(s, 2025, diagnostics=False).forecast.point)
        point[noisy] = float(point[noisy][0] - np.log(s.iloc[-1])) / rule.phi
    assert 0.04 > point[False] > point[True] > rule.m


def test_the_drift_is_damped_so_long_horizons_do_not_run_ahead():
    steady = pd.Series(1.0 * 1.05 ** np.arange(12), index=range(2013, 2025))
    fc = forecast.forecast_series(steady, 2040, diagnostics=False).forecast
    growth = np.log(fc.point / steady.iloc[-1])
    # damped: the increments shrink by phi a year and their sum stays below phi/(1-phi) drifts
    phi = forecast.pool_rule().phi
    assert np.allclose(np.diff(growth)[1:] / np.diff(growth)[:-1], phi)
    assert growth[-1] < 0.05 * phi / (1 - phi)


def test_lower_intensities_get_relatively_wider_intervals():
    """The panels' volatility falls with the level (ln sd = a + b ln level, b < 0)."""
    shape = np.array([1.0, 1.02, 1.05, 1.06])
    low = pd.Series(0.2 * shape, index=range(2021, 2025))
    high = pd.Series(2.0 * shape, index=range(2021, 2025))
    assert forecast.pool_rule().vol[1] < 0
    assert _width80(low, 2026) > 1.5 * _width80(high, 2026)


def test_the_rule_is_read_from_its_resource_with_a_factor_for_every_class_and_horizon():
    rule = forecast.pool_rule()
    assert set(rule.scale) == set(pooled.LENGTH_CLASSES)
    assert all(len(f) == pooled.MAX_CALIBRATED_H and min(f) > 0 for f in rule.scale.values())
    n = np.array([3, 4, 5, 6, 7, 9, 10, 30])
    expected = [rule.scale[c][1] for c in ("3", "4", "5", "6", "7-9", "7-9", "10+", "10+")]
    assert list(rule.factor(n, np.full(len(n), 2))) == expected
    # beyond horizon 4 the factor of horizon 4 (the sd itself keeps growing)
    assert rule.factor(np.array([5]), np.array([9]))[0] == rule.scale["5"][3]
    assert [pooled.length_class(k) for k in (3, 6, 7, 9, 10, 40)] == [
        "3",
        "6",
        "7-9",
        "7-9",
        "10+",
        "10+",
    ]
