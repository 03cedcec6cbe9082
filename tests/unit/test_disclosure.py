"""The confidentiality rule on tables: every published cell passes the (n, k) rule, and no withheld
cell can be recovered from the published ones: neither by subtraction in one table, nor by
linear programming over every table cut from it, nor by one enterprise that knows its own value.

The attack in ``reader_bounds`` is written here from the published cells alone (not with the
module's own equations), so the tests check the result, not the method."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from rdanalysis.analysis import disclosure

RULE = disclosure.Rule(3, 85.0)
T = disclosure.TOTAL


def _firms(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    """(county, industry, amount) -> one row per firm."""
    return pd.DataFrame(rows, columns=["county", "industry", "amount"])


def _protect(firms: pd.DataFrame, dims=("county", "industry")) -> pd.DataFrame:
    return disclosure.protect(firms, list(dims), ["amount"], RULE)


def _cell(cells: pd.DataFrame, **coords) -> pd.Series:
    mask = np.ones(len(cells), dtype=bool)
    for k, v in coords.items():
        mask &= (cells[k] == v).to_numpy()
    assert mask.sum() == 1, coords
    return cells[mask].iloc[0]


def _members(firms: pd.DataFrame, cell: pd.Series, dims) -> pd.DataFrame:
    mask = np.ones(len(firms), dtype=bool)
    for d in dims:
        if cell[d] != T:
            mask &= (firms[d] == cell[d]).to_numpy()
    return firms[mask]


def reader_bounds(
    cells: pd.DataFrame, dims, col: str, target: int, knows: int | None = None
) -> tuple[float, float]:
    """The smallest and largest value of cell ``target`` that a reader of the published cells
    (and, if ``knows``, of that cell too) can find: every cell a variable >= 0, published cells
    fixed, every total the sum of its parts along each dimension."""
    n = len(cells)
    coords = [tuple(r) for r in cells[list(dims)].itertuples(index=False)]
    where = {c: i for i, c in enumerate(coords)}
    a_eq, b_eq = [], []
    for i, c in enumerate(coords):
        for j in range(len(dims)):
            if c[j] != T:
                continue
            parts = [
                k
                for k, d in enumerate(coords)
                if d[j] != T and d[:j] + d[j + 1 :] == c[:j] + c[j + 1 :]
            ]
            if parts:
                row = np.zeros(n)
                row[i] = 1
                row[parts] -= 1
                a_eq.append(row)
                b_eq.append(0.0)
    for i in range(n):
        if not cells["is_withheld"].iloc[i] or i == knows:
            row = np.zeros(n)
            row[i] = 1
            a_eq.append(row)
            b_eq.append(float(cells[col].iloc[i]))
    assert where  # the table has cells
    goal = np.zeros(n)
    goal[target] = 1
    lo = linprog(goal, A_eq=np.array(a_eq), b_eq=b_eq, bounds=(0, None), method="highs")
    hi = linprog(-goal, A_eq=np.array(a_eq), b_eq=b_eq, bounds=(0, None), method="highs")
    assert lo.status == 0
    return float(lo.fun), (np.inf if hi.status == 3 else -float(hi.fun))


def assert_safe(firms: pd.DataFrame, cells: pd.DataFrame, dims, col: str = "amount") -> None:
    """Every published cell passes the rule; no cell failing the rule can be bounded more
    closely than the protection, by anyone, or by the enterprise of a withheld single-firm cell
    in one of its lines (which knows that cell). (An enterprise of a published cell learns the
    sum of the others in it, as the (1, k) rule allows for any published cell.)"""
    for i in range(len(cells)):
        cell = cells.iloc[i]
        members = _members(firms, cell, dims)[col].to_numpy(dtype=float)
        if not cell["is_withheld"]:
            assert not RULE.fails(members), cell.to_dict()
    singles = [
        i for i in range(len(cells)) if cells["is_withheld"].iloc[i] and cells["n"].iloc[i] == 1
    ]
    coords = cells[list(dims)].to_numpy()

    def in_a_line(i: int, j: int) -> bool:  # cells in one equation differ in one coordinate
        return int((coords[i] != coords[j]).sum()) == 1

    for i in range(len(cells)):
        cell = cells.iloc[i]
        members = _members(firms, cell, dims)[col].to_numpy(dtype=float)
        if not RULE.fails(members):
            continue
        assert cell["is_withheld"], cell.to_dict()
        value = float(cell[col])
        for knows in [None, *(s for s in singles if s != i and in_a_line(i, s))]:
            # an enterprise inside the cell knows its own part: the others are protected
            own = [] if knows is None else _members(firms, cells.iloc[knows], dims).index
            others = _members(firms, cell, dims).drop(index=own, errors="ignore")[col]
            need = RULE.protection(float(others.max())) if len(others) else 0.0
            lo, hi = reader_bounds(cells, dims, col, i, knows)
            assert hi >= value + need - 1e-6 * max(1, value), (cell.to_dict(), knows, hi)
            assert lo <= value - need + 1e-6 * max(1, value), (cell.to_dict(), knows, lo)


# -- the rule --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "fails"),
    [
        ([], False),  # an empty cell shows no one
        ([5.0], True),  # one enterprise
        ([5.0, 5.0], True),  # two
        ([1.0, 1.0, 1.0], False),
        ([90.0, 5.0, 5.0], True),  # the largest holds 90 %
        ([85.0, 10.0, 5.0], False),  # exactly 85 % is allowed ("over 85 %" fails)
        ([0.0, 0.0, 0.0], False),  # nothing to dominate
    ],
)
def test_the_threshold_and_dominance_rule(values, fails):
    assert RULE.fails(np.array(values)) is fails


def test_protection_is_the_dominance_margin_of_the_largest_enterprise():
    assert RULE.protection(85.0) == pytest.approx(15.0)


# -- one table -------------------------------------------------------------------------------


def test_a_single_firm_row_is_withheld_with_a_partner_and_the_rest_add_up():
    firms = _firms(
        [("开鲁县", "x", 1500.0)]  # the issue: one firm's revenue was published
        + [("奈曼旗", "x", 1000.0 + i) for i in range(4)]
        + [("科尔沁区", "x", 2000.0 + i) for i in range(6)]
    )
    cells = _protect(firms, ["county"])
    kailu = _cell(cells, county="开鲁县")
    assert kailu["is_primary"] and kailu["is_withheld"]
    hidden = cells[(cells["county"] != T) & cells["is_withheld"]]
    # the withheld rows together pass the rule, so total less the published rows shows none
    union = firms[firms["county"].isin(hidden["county"])]["amount"].to_numpy()
    assert len(hidden) >= 2 and not RULE.fails(union)
    assert not _cell(cells, county=T)["is_withheld"]
    assert_safe(firms, cells, ["county"])


def test_a_two_firm_cell_where_one_holds_96_percent_is_withheld():
    firms = _firms(
        [("奈曼旗", "x", 9600.0), ("奈曼旗", "x", 400.0)]
        + [("开鲁县", "x", 500.0 + 10 * i) for i in range(5)]
        + [("科尔沁区", "x", 700.0 + 10 * i) for i in range(5)]
    )
    cells = _protect(firms, ["county"])
    assert _cell(cells, county="奈曼旗")["is_withheld"]
    assert_safe(firms, cells, ["county"])


def test_a_dominant_firm_in_a_large_cell_is_protected():
    firms = _firms(
        [("库伦旗", "x", 100000.0)]  # > 85 % of its county with four small ones
        + [("库伦旗", "x", 100.0 + i) for i in range(4)]
        + [("开鲁县", "x", 3000.0 + 10 * i) for i in range(5)]
        + [("科尔沁区", "x", 4000.0 + 10 * i) for i in range(5)]
    )
    cells = _protect(firms, ["county"])
    kulun = _cell(cells, county="库伦旗")
    assert kulun["is_primary"] and kulun["n"] == 5
    assert_safe(firms, cells, ["county"])


def test_a_total_one_firm_dominates_is_withheld_and_so_is_what_would_give_it_away():
    # 开鲁县's one firm holds 94 % of the city: the city total is withheld, and 奈曼旗 with it
    # (else the total would be the published 奈曼旗 plus a withheld 开鲁县: no equation left)
    firms = _firms([("开鲁县", "x", 500.0)] + [("奈曼旗", "x", 10.0 + i) for i in range(3)])
    cells = _protect(firms, ["county"])
    assert _cell(cells, county=T)["is_primary"]
    assert _cell(cells, county="开鲁县")["is_withheld"]
    assert_safe(firms, cells, ["county"])


def test_a_total_of_four_firms_is_published_when_its_withheld_rows_pass_together():
    firms = _firms([("开鲁县", "x", 500.0)] + [("奈曼旗", "x", 100.0 + i) for i in range(3)])
    cells = _protect(firms, ["county"])
    assert not _cell(cells, county=T)["is_withheld"]
    assert (
        _cell(cells, county="开鲁县")["is_withheld"]
        and _cell(cells, county="奈曼旗")["is_withheld"]
    )
    assert_safe(firms, cells, ["county"])


def test_no_enterprises_gives_no_cells():
    assert _protect(_firms([]), ["county"]).empty


# -- linked tables ---------------------------------------------------------------------------


def _two_way() -> pd.DataFrame:
    """Counties x industries with 1-firm, 2-firm and dominant cells."""
    rows = []
    for c, county in enumerate(["开鲁县", "奈曼旗", "库伦旗", "科尔沁区"]):
        for k, industry in enumerate(["食品", "化工", "医药"]):
            size = (c + k) % 4 + 1
            rows += [(county, industry, 100.0 + 37 * c + 11 * k + 3 * i) for i in range(size)]
    rows.append(("库伦旗", "医药", 50000.0))  # dominates its cell, its county and its industry
    return _firms(rows)


def test_a_county_report_and_the_city_report_cannot_be_subtracted():
    firms = _two_way()
    cells = _protect(firms)
    assert cells["is_primary"].any()
    assert (cells["is_withheld"] & ~cells["is_primary"]).any()  # secondary cells exist
    assert_safe(firms, cells, ["county", "industry"])


def test_the_same_cells_are_withheld_whatever_order_the_firms_come_in():
    firms = _two_way()
    a = _protect(firms)
    b = _protect(firms.sample(frac=1.0, random_state=3))
    key = ["county", "industry"]
    pd.testing.assert_frame_equal(
        a.sort_values(key).reset_index(drop=True), b.sort_values(key).reset_index(drop=True)
    )


def test_counts_of_a_single_firm_cell_are_not_pinned():
    # 开鲁县 has one firm, in 食品, with an R&D institution; a reader must not be able to tell
    firms = _two_way().assign(flag=lambda f: (f.index % 2 == 0).astype(float))
    cells = disclosure.protect(firms, ["county", "industry"], ["amount"], RULE, counts=["flag"])
    for i in np.flatnonzero((cells["n"] < 3).to_numpy()):
        lo, hi = reader_bounds(cells, ["county", "industry"], "flag", int(i))
        parents = cells[
            ~cells["is_withheld"]
            & (
                ((cells["county"] == cells["county"].iloc[i]) & (cells["industry"] == T))
                | ((cells["industry"] == cells["industry"].iloc[i]) & (cells["county"] == T))
            )
        ]
        told = ((parents["flag"] == 0) | (parents["flag"] == parents["n"])).any()
        assert hi - lo >= 1 - 1e-9 or told, cells.iloc[i].to_dict()


# -- any table -------------------------------------------------------------------------------

_COUNTIES = ["开鲁县", "奈曼旗", "库伦旗"]
_INDUSTRIES = ["食品", "化工"]


@st.composite
def _tables(draw) -> pd.DataFrame:
    n = draw(st.integers(min_value=1, max_value=12))
    rows = [
        (
            draw(st.sampled_from(_COUNTIES)),
            draw(st.sampled_from(_INDUSTRIES)),
            draw(
                st.one_of(
                    st.just(0.0),
                    st.floats(min_value=1.0, max_value=1e6, allow_nan=False),
                )
            ),
        )
        for _ in range(n)
    ]
    return _firms(rows)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tables())
def test_for_any_data_every_published_cell_passes_and_no_withheld_one_can_be_recovered(firms):
    cells = _protect(firms)
    assert_safe(firms, cells, ["county", "industry"])
    # a withheld cell's line of published parts never leaves it alone with a published total
    for dim, other in (("county", "industry"), ("industry", "county")):
        for value in cells[other].unique():
            line = cells[cells[other] == value]
            total = line[line[dim] == T]
            hidden = line[(line[dim] != T) & line["is_withheld"]]
            if len(total) and not total["is_withheld"].iloc[0]:
                assert len(hidden) != 1, line


@settings(max_examples=30, deadline=None)
@given(_tables())
def test_for_any_data_a_one_way_table_is_safe(firms):
    assert_safe(firms, _protect(firms, ["county"]), ["county"])
