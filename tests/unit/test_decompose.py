"""Decompositions add up exactly and reproduce shared/reference/worked-examples.md (A, B, G)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rdanalysis.analysis import decompose
from rdanalysis.errors import RDAnalysisError

SECTORS = ["enterprise", "government_institute", "higher_education", "other"]
# Example A: China 2022 -> 2023 (亿元).
A_X0 = pd.Series([23878.6, 3814.4, 2412.4, 677.5], index=SECTORS)
A_X1 = pd.Series([25922.2, 3856.3, 2753.3, 825.3], index=SECTORS)
A_Y0, A_Y1 = 1204724.0, 1260582.0
# Example G: three synthetic counties.
G_Y0 = pd.Series([400.0, 350.0, 250.0], index=["a", "b", "c"])
G_Y1 = pd.Series([440.0, 370.0, 290.0], index=["a", "b", "c"])
G_X0 = pd.Series([6.0, 2.1, 0.5], index=["a", "b", "c"])
G_X1 = pd.Series([7.5, 2.3, 0.9], index=["a", "b", "c"])


def test_worked_example_a_lmdi():
    dec = decompose.decompose_sectors(A_X0, A_X1, A_Y0, A_Y1, 2022, 2023)
    assert dec.intensity_start == pytest.approx(2.5552, abs=1e-3)
    assert dec.intensity_end == pytest.approx(2.6462, abs=1e-3)
    eff = dec.effects.set_index("unit")["effect_pp"]
    expected = {
        "enterprise": 0.1658,
        "government_institute": 0.0034,
        "higher_education": 0.0277,
        "other": 0.0120,
        "GDP": -0.1178,
    }
    for unit, value in expected.items():
        assert eff[unit] == pytest.approx(value, abs=1e-3), unit
    assert eff.sum() == pytest.approx(0.0910, abs=1e-3)
    assert abs(dec.residual) < 1e-9


def test_worked_example_a_simple_changes():
    simple = decompose.simple_changes(A_X0, A_X1, A_Y0, A_Y1)
    expected = [0.0743, -0.0107, 0.0182, 0.0092]
    assert simple.to_numpy() == pytest.approx(expected, abs=1e-3)
    assert simple.sum() == pytest.approx(0.0910, abs=1e-3)


def test_worked_example_b_contributions():
    b0 = pd.Series(
        {
            "total": 27956.3,
            "enterprise": 21504.1,
            "government_institute": 3717.9,
            "higher_education": 2180.5,
        }
    )
    b1 = pd.Series(
        {
            "total": 30782.9,
            "enterprise": 23878.6,
            "government_institute": 3814.4,
            "higher_education": 2412.4,
        }
    )
    out = decompose.growth_contributions(b0, b1).set_index("sector")
    assert out.loc["enterprise", "contribution_pct"] == pytest.approx(84.0, abs=0.05)
    assert out.loc["government_institute", "contribution_pct"] == pytest.approx(3.4, abs=0.05)
    assert out.loc["higher_education", "contribution_pct"] == pytest.approx(8.2, abs=0.05)
    assert out["total_growth_pct"].iloc[0] == pytest.approx(10.11, abs=0.005)


def test_worked_example_g_counties():
    dec = decompose.decompose_counties(G_X0, G_X1, G_Y0, G_Y1)
    assert dec.intensity_start == pytest.approx(0.8600, abs=1e-3)
    assert dec.intensity_end == pytest.approx(0.9727, abs=1e-3)
    f = dec.by_factor()
    assert f["structure"] == pytest.approx(-0.0049, abs=1e-3)
    assert f["intensity"] == pytest.approx(0.1176, abs=1e-3)
    assert abs(dec.residual) < 1e-9


amounts = st.floats(min_value=0.0, max_value=1e5, allow_nan=False)
positive = st.floats(min_value=1.0, max_value=1e7, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(x0=st.lists(amounts, min_size=1, max_size=6), data=st.data(), y0=positive, y1=positive)
def test_sector_effects_always_add_up(x0, data, y0, y1):
    x1 = data.draw(st.lists(amounts, min_size=len(x0), max_size=len(x0)))
    idx = [f"s{i}" for i in range(len(x0))]
    dec = decompose.decompose_sectors(pd.Series(x0, idx), pd.Series(x1, idx), y0, y1)
    assert abs(dec.residual) < 1e-9 * max(1.0, abs(dec.intensity_start) + abs(dec.intensity_end))


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 9), data=st.data())
def test_county_effects_always_add_up(n, data):
    ys = [data.draw(st.lists(positive, min_size=n, max_size=n)) for _ in range(2)]
    xs = [data.draw(st.lists(amounts, min_size=n, max_size=n)) for _ in range(2)]
    idx = [f"c{i}" for i in range(n)]
    dec = decompose.decompose_counties(*(pd.Series(v, idx) for v in (*xs, *ys)))
    assert abs(dec.residual) < 1e-9 * max(1.0, dec.intensity_start + dec.intensity_end)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_shares_of_a_complete_split_sum_to_one(data):
    """For a split whose parts add up to the total, the package's contributions to the increase
    (贡献率) sum to 100 % and the pulls (拉动) to the total growth."""
    n = data.draw(st.integers(2, len(decompose.SECTOR_ORDER)))
    sectors = list(decompose.SECTOR_ORDER[:n])
    v0, v1 = (data.draw(st.lists(st.floats(0.01, 1e4), min_size=n, max_size=n)) for _ in "01")
    assume(abs(sum(v1) - sum(v0)) > 0.01 * sum(v0))  # a real change, not rounding noise
    x0 = pd.Series([*v0, sum(v0)], [*sectors, "total"])
    x1 = pd.Series([*v1, sum(v1)], [*sectors, "total"])
    c = decompose.growth_contributions(x0, x1)
    assert list(c["sector"]) == sectors
    assert c["contribution_pct"].sum() == pytest.approx(100.0, abs=1e-6)
    assert c["pull_pp"].sum() == pytest.approx(c["total_growth_pct"].iloc[0], abs=1e-6)


def test_sector_that_appears_takes_its_whole_change():
    x0 = pd.Series({"enterprise": 5.0})
    x1 = pd.Series({"enterprise": 6.0, "hospital": 0.4})
    dec = decompose.decompose_sectors(x0, x1, 1000.0, 1100.0)
    eff = dec.effects.set_index("unit")["effect_pp"]
    assert eff["hospital"] == pytest.approx(0.4 / 1100 * 100)
    assert abs(dec.residual) < 1e-12


def test_sector_that_disappears_gives_back_its_level():
    x0 = pd.Series({"enterprise": 5.0, "other": 0.3})
    x1 = pd.Series({"enterprise": 6.0, "other": 0.0})
    dec = decompose.decompose_sectors(x0, x1, 1000.0, 1100.0)
    eff = dec.effects.set_index("unit")["effect_pp"]
    assert eff["other"] == pytest.approx(-0.3 / 1000 * 100)
    assert abs(dec.residual) < 1e-12


def test_missing_value_is_an_error_unless_treated_as_zero():
    x0 = pd.Series({"enterprise": 5.0, "other": np.nan})
    x1 = pd.Series({"enterprise": 6.0, "other": 0.2})
    with pytest.raises(RDAnalysisError, match="no value for other"):
        decompose.decompose_sectors(x0, x1, 1000.0, 1100.0)
    dec = decompose.decompose_sectors(x0, x1, 1000.0, 1100.0, missing="zero")
    assert abs(dec.residual) < 1e-12


def test_county_with_gdp_but_no_rd():
    x0 = G_X0.copy()
    x1 = G_X1.copy()
    x0["c"] = x1["c"] = 0.0
    dec = decompose.decompose_counties(x0, x1, G_Y0, G_Y1)
    c = dec.effects[dec.effects["unit"] == "c"]["effect_pp"]
    assert (c == 0).all()
    assert abs(dec.residual) < 1e-12


def test_gdp_must_be_positive():
    with pytest.raises(RDAnalysisError, match="GDP must be positive"):
        decompose.decompose_sectors(A_X0, A_X1, 0.0, A_Y1)


def test_shift_share_adds_up_per_county():
    x0 = pd.DataFrame({"enterprise": [4.0, 1.0], "hospital": [0.5, 0.0]}, index=["a", "b"])
    x1 = pd.DataFrame({"enterprise": [5.0, 1.5], "hospital": [0.4, 0.2]}, index=["a", "b"])
    out = decompose.shift_share(x0, x1)
    total = out[["city_growth", "sector_mix", "local_shift"]].sum(axis=1)
    assert np.allclose(total, out["change_100m_yuan"])
    assert np.allclose(out["change_100m_yuan"], [0.9, 0.7])


def test_league_table_ranks_and_required_growth():
    years = {2023: (G_X0, G_Y0), 2024: (G_X1, G_Y1)}
    rd = pd.DataFrame({y: v[0] for y, v in years.items()})
    gdp = pd.DataFrame({y: v[1] for y, v in years.items()})
    table = decompose.league_table(rd, gdp, 2023, 2024, target_pct=1.0, target_year=2025)
    assert list(table.index) == ["a", "b", "c"]  # 1.70 %, 0.62 %, 0.31 %
    assert table.loc["a", "required_intensity_growth_pct"] == 0.0
    b = table.loc["b"]
    assert b["required_intensity_growth_pct"] == pytest.approx((1 / (2.3 / 370 * 100) - 1) * 100)
    assert table["contribution_pp"].sum() == pytest.approx(0.9727 - 0.86, abs=1e-3)


def test_plan_shares_say_which_categories_count():
    m = pd.DataFrame(
        [
            {
                "enterprise": 80.0,
                "government_institute": 5.0,
                "higher_education": 5.0,
                "other": 10.0,
                "total": 100.0,
            }
        ],
        index=[2023],
    )
    default = decompose.plan_shares(m).set_index("indicator")
    assert default.loc["institutes_hospitals_share", "value_pct"] == pytest.approx(5.0)
    assert "下限" in default.loc["institutes_hospitals_share", "note"]
    half = decompose.plan_shares(m, other_hospital_share=0.5).set_index("indicator")
    assert half.loc["institutes_hospitals_share", "value_pct"] == pytest.approx(10.0)
    assert half.loc["institutes_hospitals_share", "categories"] == (
        "government_institute+other×0.5"
    )


def test_pick_years_errors():
    with pytest.raises(RDAnalysisError, match="start_year 2010 has no data"):
        decompose.pick_years([2020, 2021], 2010, 0)
    with pytest.raises(RDAnalysisError, match="must be before"):
        decompose.pick_years([2020, 2021], 2021, 2020)


# --- three-factor decomposition of R&D spending and the multiplicative forms ----------------


def _spending_by_hand(x0, x1, y0, y1) -> dict[str, float]:
    """Ang (2005) Table 1 formulae written out unit by unit (no vectorisation, no zero cases):
    dX_k = sum_i L(X_i^T, X_i^0) ln(x_k,i^T / x_k,i^0) with x = (Y, Y_i / Y, X_i / Y_i)."""
    from math import log

    def lm(a, b):
        return a if a == b else (a - b) / (log(a) - log(b))

    out = {"activity": 0.0, "structure": 0.0, "intensity": 0.0}
    t0, t1 = sum(y0), sum(y1)
    for a, b, g0, g1 in zip(x0, x1, y0, y1, strict=True):
        w = lm(b, a)
        out["activity"] += w * log(t1 / t0)
        out["structure"] += w * log((g1 / t1) / (g0 / t0))
        out["intensity"] += w * log((b / g1) / (a / g0))
    return out


def test_spending_decomposition_of_example_g_matches_the_formulae():
    dec = decompose.decompose_spending(G_X0, G_X1, G_Y0, G_Y1, 2020, 2024)
    assert dec.spending_start == pytest.approx(8.6) and dec.spending_end == pytest.approx(10.7)
    by_hand = _spending_by_hand(G_X0, G_X1, G_Y0, G_Y1)
    for factor, value in dec.by_factor().items():
        assert value == pytest.approx(by_hand[factor], abs=1e-12), factor
    # GDP grew 10 % (1000 -> 1100): the activity effect is about 10 % of the average spending.
    assert dec.by_factor()["activity"] == pytest.approx(np.log(1.1) * 9.6, rel=0.01)
    assert dec.by_factor().sum() == pytest.approx(2.1, abs=1e-12)


def test_one_unit_multiplicative_indices_are_the_factor_ratios():
    # With a single unit, LMDI-I is exact factor by factor: D_act = Y_T / Y_0, D_str = 1,
    # D_int = r_T / r_0 (Ang 2005); additive: dX_act = L(X_T, X_0) ln(Y_T / Y_0).
    x0, x1 = pd.Series([8.0], ["u"]), pd.Series([11.0], ["u"])
    y0, y1 = pd.Series([1000.0], ["u"]), pd.Series([1150.0], ["u"])
    dec = decompose.decompose_spending(x0, x1, y0, y1)
    d = dec.indices()
    assert d["activity"] == pytest.approx(1.15, rel=1e-12)
    assert d["structure"] == pytest.approx(1.0, rel=1e-12)
    assert d["intensity"] == pytest.approx((11 / 1150) / (8 / 1000), rel=1e-12)
    assert dec.by_factor()["activity"] == pytest.approx(3 / np.log(11 / 8) * np.log(1.15))


def test_worked_examples_in_multiplicative_form():
    dec = decompose.decompose_sectors(A_X0, A_X1, A_Y0, A_Y1, 2022, 2023)
    d = decompose.multiplicative(dec.by_factor(), dec.intensity_start, dec.intensity_end)
    assert d.prod() == pytest.approx(2.6462 / 2.5552, abs=1e-3)
    assert d["gdp"] == pytest.approx(A_Y0 / A_Y1, rel=2e-3)  # the denominator's own ratio
    g = decompose.decompose_counties(G_X0, G_X1, G_Y0, G_Y1)
    d = decompose.multiplicative(g.by_factor(), g.intensity_start, g.intensity_end)
    lm = decompose.log_mean(0.9727, 0.8600)
    assert d["structure"] == pytest.approx(np.exp(-0.0049 / lm), abs=1e-3)
    assert d["intensity"] == pytest.approx(np.exp(0.1176 / lm), abs=1e-3)


def test_a_unit_whose_rd_appears_takes_its_whole_change_as_intensity():
    x0 = pd.Series([5.0, 0.0], ["a", "b"])
    x1 = pd.Series([6.0, 1.0], ["a", "b"])
    y = pd.Series([500.0, 100.0], ["a", "b"])
    eff = decompose.decompose_spending(x0, x1, y, y * 1.1).effects.set_index(["factor", "unit"])
    assert eff.loc[("intensity", "b"), "effect_100m_yuan"] == pytest.approx(1.0)
    assert eff.loc[("activity", "b"), "effect_100m_yuan"] == 0.0


def test_multiplicative_needs_positive_totals():
    with pytest.raises(RDAnalysisError, match="positive totals"):
        decompose.multiplicative(pd.Series({"a": 1.0}), 0.0, 1.0)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 9), data=st.data())
def test_spending_effects_add_up_and_indices_multiply_up(n, data):
    ys = [data.draw(st.lists(positive, min_size=n, max_size=n)) for _ in range(2)]
    xs = [data.draw(st.lists(amounts, min_size=n, max_size=n)) for _ in range(2)]
    idx = [f"c{i}" for i in range(n)]
    dec = decompose.decompose_spending(*(pd.Series(v, idx) for v in (*xs, *ys)))
    scale = max(1.0, dec.spending_start + dec.spending_end)
    assert abs(dec.residual) < 1e-9 * scale
    ratio = dec.spending_end / dec.spending_start if dec.spending_start > 0 else 0.0
    if 1e-6 < ratio < 1e6:  # beyond, a single index may overflow although the product would not
        assert dec.indices().prod() == pytest.approx(ratio, rel=1e-9)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 6), data=st.data())
def test_spending_decomposition_is_time_reversal_invariant(n, data):
    ys = [data.draw(st.lists(positive, min_size=n, max_size=n)) for _ in range(2)]
    xs = [data.draw(st.lists(positive, min_size=n, max_size=n)) for _ in range(2)]
    idx = [f"c{i}" for i in range(n)]
    x0, x1, y0, y1 = (pd.Series(v, idx) for v in (*xs, *ys))
    forward = decompose.decompose_spending(x0, x1, y0, y1).by_factor()
    backward = decompose.decompose_spending(x1, x0, y1, y0).by_factor()
    assert np.allclose(forward, -backward, atol=1e-9 * float(sum(map(sum, xs))))


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 6), data=st.data(), growth=st.floats(0.5, 2.0))
def test_unchanged_shares_and_intensities_leave_only_activity(n, data, growth):
    y0 = pd.Series(
        data.draw(st.lists(positive, min_size=n, max_size=n)), [f"c{i}" for i in range(n)]
    )
    r = pd.Series(data.draw(st.lists(st.floats(0.001, 0.05), min_size=n, max_size=n)), y0.index)
    dec = decompose.decompose_spending(y0 * r, y0 * growth * r, y0, y0 * growth)
    eff = dec.by_factor()
    assert abs(eff["structure"]) < 1e-9 * dec.spending_start
    assert abs(eff["intensity"]) < 1e-9 * dec.spending_start
    assert dec.indices()["activity"] == pytest.approx(growth, rel=1e-9)


def test_sector_spending_has_activity_and_intensity_only():
    dec = decompose.sector_spending(A_X0, A_X1, A_Y0, A_Y1, 2022, 2023)
    assert set(dec.effects["factor"]) == {"activity", "intensity"}
    assert dec.by_factor().sum() == pytest.approx(A_X1.sum() - A_X0.sum(), rel=1e-12)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (5.0, 5.000000001),
        (1.0, float(np.nextafter(1.0, 2.0))),
        (0.1 + 0.2, 0.3),
        (3e-5, 3.0000001e-5),
    ],
)
def test_the_log_mean_of_two_close_values_keeps_its_digits(a, b):
    # ln a - ln b cancels for close values (5 and 5.000000001 gave 5.0) or is 0 for two
    # different floats (a division by zero); the log mean lies between them, near their mean
    with np.errstate(all="raise"):
        found = decompose.log_mean(a, b)
    assert min(a, b) <= found <= max(a, b)
    assert found == pytest.approx((a + b) / 2, rel=1e-12)
    assert decompose.log_mean(2.0, 1.0) == pytest.approx(1 / np.log(2), rel=1e-15)
    assert decompose.log_mean(1e-3, 1e3) == pytest.approx((1e3 - 1e-3) / np.log(1e6), rel=1e-13)
