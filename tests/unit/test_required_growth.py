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
