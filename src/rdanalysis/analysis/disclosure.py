"""Statistical disclosure control of aggregate tables: the (n, k) rule for every cell, secondary
(complementary) suppression, and an audit that proves no withheld cell can be recovered.

A table is built from microdata (one row per unit, here an enterprise) over one or more
dimensions; every combination of categories and totals (``TOTAL``) that holds a unit is a cell.
Each total equals the sum of its parts along each dimension: those equations are what a reader
can use to recover a withheld cell by subtraction, across every report cut from the same table.

1. **Primary suppression.** A cell fails the rule when it holds fewer than ``min_units`` units, or
   when its largest unit holds more than ``dominance_pct`` % of the cell's amount (the (n, k) =
   (1, k %) dominance rule), for any of its amounts; a caller can add conditions of its own.
2. **Secondary suppression.** Cells are withheld until, in every equation, the unknowns
   (withheld cells) are none or at least two, and, where the total is published, the withheld
   parts taken together (the ``其他(合并)`` row a table may print) pass the rule themselves.
3. **Audit.** For every primary cell, linear programming gives the smallest and largest value a
   reader can find for it from everything published (amounts are >= 0; counts lie between 0 and
   the cell's number of units), also when the reader is the unit of another withheld
   single-unit cell in one of its equations and knows that cell's value (what it knows of its
   own cell is not protected from it). The interval must reach ``protection`` (100/k - 1 =
   17.6 % of the cell's largest unit at k = 85) on both sides of the true value. A count of a
   cell under ``min_units`` may not be pinned to one number by an outside reader (unless a
   published total holding the cell has none or all of its units counted: that total tells
   already, as a published share of 0 or 100 % does).
4. **Repair.** When a primary cell fails the audit, a linear programme finds the cheapest change
   of the whole table that moves the cell as far as the audit asks while every equation still
   holds (a published cell costs 1, a total 11, the grand total 21, a withheld cell nothing);
   the published cells it changes are withheld, and steps 2-4 repeat. Each round withholds at
   least one more cell, so it ends; at worst everything is withheld.

Pure functions: tables in, tables out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

#: The label of a margin in a cell's dimension columns (never a category: county names are
#: validated regions and industry names are at least one character long).
TOTAL = ""
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Rule:
    """The threshold rule (``min_units``) and the (1, k) dominance rule (``dominance_pct``)."""

    min_units: int = 3
    dominance_pct: float = 85.0

    def fails(self, values: np.ndarray) -> bool:
        """Whether a cell whose units hold ``values`` (one amount each, >= 0) reveals a unit."""
        n = len(values)
        if n == 0:
            return False
        if n < self.min_units:
            return True
        total = float(values.sum())
        return bool(total > 0 and float(values.max()) / total * 100 > self.dominance_pct)

    def protection(self, largest: float) -> float:
        """How far a reader's bounds must lie from a withheld cell's value on either side: the
        margin the dominance rule leaves a published cell above its largest unit."""
        return (100 / self.dominance_pct - 1) * largest


@dataclass
class _Table:
    dims: list[str]
    cells: pd.DataFrame  # dims, n, amounts, counts
    members: list[np.ndarray]  # positions of each cell's units in the microdata
    relations: list[tuple[int, list[int]]]  # (total cell, its part cells)
    of_cell: list[list[int]]  # the relations each cell appears in


def _groups(micro: pd.DataFrame, dims: Sequence[str]):
    """Every cell of the table: (its coordinates, the positions of its units)."""
    if micro.empty:
        return
    for k in range(len(dims), -1, -1):
        for kept in combinations(dims, k):
            if not kept:
                yield dict.fromkeys(dims, TOTAL), np.arange(len(micro))
                continue
            for key, pos in micro.groupby(list(kept), sort=True).indices.items():
                key = key if isinstance(key, tuple) else (key,)
                coords = dict(zip(kept, key, strict=True))
                yield {d: coords.get(d, TOTAL) for d in dims}, np.asarray(pos)


def _relations(coords: list[tuple]) -> list[tuple[int, list[int]]]:
    """For each cell and each dimension where it is a total: (the cell, its parts)."""
    parts_of = defaultdict(list)
    for i, c in enumerate(coords):
        for j, value in enumerate(c):
            if value != TOTAL:
                parts_of[(j, c[:j] + c[j + 1 :])].append(i)
    return [
        (i, parts_of[(j, c[:j] + c[j + 1 :])])
        for i, c in enumerate(coords)
        for j, value in enumerate(c)
        if value == TOTAL and parts_of[(j, c[:j] + c[j + 1 :])]
    ]


def _build(micro: pd.DataFrame, dims: Sequence[str], sums: Sequence[str]) -> _Table:
    found = list(_groups(micro, dims))
    members = [pos for _, pos in found]
    cells = pd.DataFrame([c for c, _ in found], columns=list(dims))
    cells["n"] = [len(m) for m in members]
    for col in sums:
        values = micro[col].to_numpy(dtype=float)
        cells[col] = [float(values[m].sum()) for m in members]
    relations = _relations([tuple(r) for r in cells[list(dims)].itertuples(index=False)])
    of_cell: list[list[int]] = [[] for _ in members]
    for r, (total, parts) in enumerate(relations):
        for i in (total, *parts):
            of_cell[i].append(r)
    return _Table(list(dims), cells, members, relations, of_cell)


class _Suppression:
    """The state of one table's suppression: which cells are withheld, and which checks pass."""

    def __init__(
        self,
        micro: pd.DataFrame,
        table: _Table,
        amounts: Sequence[str],
        counts: Sequence[str],
        fails: Callable[[np.ndarray], bool],
        rule: Rule,
    ) -> None:
        self.table, self.amounts, self.counts, self.fails, self.rule = (
            table,
            amounts,
            counts,
            fails,
            rule,
        )
        self.values = {c: micro[c].to_numpy(dtype=float) for c in amounts}
        self.sums = {c: table.cells[c].to_numpy(dtype=float) for c in (*amounts, *counts)}
        self.n = table.cells["n"].to_numpy(dtype=float)
        #: how many of a cell's coordinates are totals (0: an inner cell)
        self.level = (table.cells[table.dims] == TOTAL).sum(axis=1).to_numpy()
        rows, cols, signs = [], [], []
        for r, (total, parts) in enumerate(table.relations):
            for i, sign in ((total, 1.0), *((q, -1.0) for q in parts)):
                rows.append(r)
                cols.append(i)
                signs.append(sign)
        #: every equation: total - parts = 0, over all cells
        self.equations = sparse.csr_array(
            (signs, (rows, cols)), shape=(len(table.relations), len(table.members))
        )
        self.primary = {i for i, m in enumerate(table.members) if fails(m)}
        self.withheld = set(self.primary)
        self.gave_up: set[int] = set()
        # (cell, insider cell or -1) pairs that passed: withholding more only widens the bounds
        self.audited: set[tuple[int, int]] = set()

    # -- equations -------------------------------------------------------------------------
    def _unknowns(self, r: int) -> list[int]:
        total, parts = self.table.relations[r]
        return [i for i in (total, *parts) if i in self.withheld]

    def line_problem(self) -> tuple[int, list[int]] | None:
        """An equation where a withheld cell can be found by subtraction, or where the withheld
        parts of a published total fail the rule together: (relation, candidates to withhold)."""
        for r, (total, parts) in enumerate(self.table.relations):
            unknown = self._unknowns(r)
            if not unknown:
                continue
            if len(unknown) == 1 or (total not in self.withheld and self._union_fails(parts)):
                free = [p for p in parts if p not in self.withheld]
                return r, free or ([total] if total not in self.withheld else [])
        return None

    def _union_fails(self, parts: list[int]) -> bool:
        """Whether the withheld ``parts`` of a published total fail the rule together."""
        hidden = [self.table.members[p] for p in parts if p in self.withheld]
        return self.fails(np.concatenate(hidden)) if hidden else False

    def _opens(self, i: int, skip: int | None = None) -> int:
        """Equations cell ``i`` would leave with one unknown (opened) less those it closes."""
        score = 0
        for r in self.table.of_cell[i]:
            if r == skip:
                continue
            k = len(self._unknowns(r))
            score += 1 if k == 0 else -1 if k == 1 else 0
        return score

    def choose(self, candidates: list[int], skip: int | None = None, need: float = 0.0) -> int:
        """The cheapest cell to withhold: a cell before a total (totals carry the most
        information), large enough to hide ``need``, opening the fewest new equations, then
        the smallest amount."""
        first = self.table.cells[self.amounts[0]].to_numpy() if self.amounts else self.n
        return min(
            candidates,
            key=lambda i: (self.level[i], first[i] < need, self._opens(i, skip), first[i], i),
        )

    def _largest(self, i: int, col: str, known: set[int] | frozenset = frozenset()) -> float:
        """The largest amount in cell ``i`` held by a unit other than the units of the cells
        ``known`` (an insider protects no one from itself: the dominance rule protects the
        largest unit from the others)."""
        m = self.table.members[i]
        for q in known:
            m = m[~np.isin(m, self.table.members[q])]
        return float(self.values[col][m].max()) if len(m) else 0.0

    def _insiders(self, p: int) -> list[set[int]]:
        """Who may read cell ``p``: anyone (nothing more known), or the unit of a withheld
        single-unit cell sharing an equation with ``p`` (it knows that cell's value)."""
        near = {i for r in self.table.of_cell[p] for i in self._cells_of(r)}
        single = sorted(i for i in near & self.withheld if i != p and self.n[i] == 1)
        return [set(), *({i} for i in single)]

    def _system(self, p: int, fixed: set[int]) -> tuple[dict[int, int], sparse.csr_array, list]:
        """The equations that tie cell ``p`` to other withheld cells (not ``fixed``): (column
        of each such cell, coefficient matrix, and per equation the (cell, sign) terms whose
        values are known). Equations without a path to ``p`` cannot narrow it: left out."""
        relations = self.table.relations
        free = self.withheld - fixed
        reach, todo, used = {p}, [p], set()
        while todo:
            i = todo.pop()
            for r in self.table.of_cell[i]:
                if r in used:
                    continue
                used.add(r)
                for q in self._cells_of(r):
                    if q in free and q not in reach:
                        reach.add(q)
                        todo.append(q)
        col = {i: k for k, i in enumerate(sorted(reach))}
        rows, cols, data, known_terms = [], [], [], []
        for n_row, r in enumerate(sorted(used)):
            total, parts = relations[r]
            terms = [(total, 1.0), *((q, -1.0) for q in parts)]
            for i, sign in terms:
                if i in col:
                    rows.append(n_row)
                    cols.append(col[i])
                    data.append(sign)
            known_terms.append([(i, sign) for i, sign in terms if i not in col])
        a = sparse.csr_array((data, (rows, cols)), shape=(len(used), len(col)))
        return col, a, known_terms

    def _checks(self, p: int, fixed: set[int]) -> list[tuple[str, float]]:
        """What a reader who knows the cells ``fixed`` must not learn about ``p``: (column,
        move). An amount must be able to lie ``move`` above its value (move > 0) and below it
        (move < 0), ``move`` being the protection; a count of a cell under ``min_units`` must
        be able to differ by one (move 1 or -1 at its bounds, else 0: up or down), for a
        reader outside the table (an enterprise knowing its own answer may still tell that
        every other one in a withheld group shares it, as a published share of 0 or 100 %
        tells anyone)."""
        checks = []
        for c in self.amounts:
            need = self.rule.protection(self._largest(p, c, fixed))
            if need > 0:
                checks += [(c, need), (c, -need)]
        if self.n[p] < self.rule.min_units and not fixed:  # counts: against outsiders
            for c in self.counts:
                if not self._homogeneous_parent(p, c):
                    # a count at 0 can only move up, one at its number of units only down
                    value = self.sums[c][p]
                    checks.append((c, 1.0 if value == 0 else -1.0 if value == self.n[p] else 0.0))
        return checks

    def _passes(self, p: int, scenarios: list[set[int]]) -> bool:
        """Whether no reader (knowing the published cells, and in each scenario the values of
        its ``fixed`` cells) can bound ``p`` more closely than ``_checks`` allows.

        One linear programme for every scenario and check: each check has its own copies of
        the withheld cells and a score t <= 1 that reaches 1 only if its copies put ``p``
        where the check asks; ``p`` passes when every score reaches 1, that is when the
        largest total score is the number of checks."""
        blocks, b_eq, bounds, scores = [], [], [], []  # scores: ([(variable, coef)], b_ub)
        n_vars = 0
        for fixed in scenarios:
            checks = self._checks(p, fixed)
            if not checks:
                continue
            col, a, known_terms = self._system(p, fixed)
            order = sorted(col, key=col.get)
            for c, move in checks:
                # amounts: t <= (x_p - value) / move, one copy; counts: t <= x_p - y_p, two
                coefs = [-1.0 / move] if move else [-1.0, 1.0]
                values = self.sums[c]
                known = [-sum(s * values[i] for i, s in terms) for terms in known_terms]
                upper = [float(self.n[i]) if c in self.counts else None for i in order]
                terms = []
                for coef in coefs:
                    blocks.append(a)
                    b_eq += known
                    bounds += [(0.0, u) for u in upper]
                    terms.append((n_vars + col[p], coef))
                    n_vars += len(col)
                # as rows: t + coef * x_p <= coef * value (for counts the values cancel)
                value = float(self.sums[c][p])
                scores.append((terms, coefs[0] * value if len(coefs) == 1 else 0.0))
        if not scores:
            return True
        a_ub = np.zeros((len(scores), n_vars + len(scores)))
        for j, (terms, _) in enumerate(scores):
            for var, coef in terms:
                a_ub[j, var] = coef
            a_ub[j, n_vars + j] = 1.0
        equations = sparse.block_diag(blocks, format="csr")
        a_eq = sparse.hstack([equations, sparse.csr_array((equations.shape[0], len(scores)))])
        goal = np.concatenate([np.zeros(n_vars), -np.ones(len(scores))])
        res = linprog(
            goal,
            A_ub=a_ub,
            b_ub=np.array([b for _, b in scores]),
            A_eq=a_eq if equations.shape[0] else None,
            b_eq=np.array(b_eq) if equations.shape[0] else None,
            bounds=bounds + [(None, 1.0)] * len(scores),
            method="highs",
        )
        return bool(res.status == 0 and -res.fun >= len(scores) - 1e-6)

    def audit_problem(self) -> tuple[int, list[set[int]]] | None:
        """A primary cell a reader can bound too closely, and the scenarios to check."""
        for p in sorted(self.primary):
            scenarios = [
                f for f in self._insiders(p) if (p, min(f, default=-1)) not in self.audited
            ]
            if not scenarios:
                continue
            if not self._passes(p, scenarios):
                return p, scenarios
            self.audited |= {(p, min(f, default=-1)) for f in scenarios}
        return None

    def repair(self, p: int, scenarios: list[set[int]]) -> set[int]:
        """Published cells to withhold so that ``p`` passes: for each check, the cheapest
        change of the whole table that moves ``p`` as far as the check asks while every
        equation still holds (a linear programme over every cell; a published cell costs 1,
        a total more, a withheld one nothing); the cells it changes are withheld."""
        found: set[int] = set()
        for fixed in scenarios:
            for c, move in self._checks(p, fixed):
                moves = [move] if move else [1.0, -1.0]
                options = [self._cheapest_change(p, c, m, fixed) for m in moves]
                options = [o for o in options if o is not None]
                if options:
                    found |= min(options, key=lambda o: (o[0], sorted(o[1])))[1]
        return found - self.withheld

    def _cheapest_change(
        self, p: int, col: str, move: float, fixed: set[int]
    ) -> tuple[float, set[int]] | None:
        """(cost, changed published cells) of the cheapest table that satisfies every
        equation, keeps every cell >= 0 (a count <= its units) and the ``fixed`` cells as
        they are, and differs from the true table by ``move`` in cell ``p``."""
        n = len(self.n)
        value = self.sums[col]
        relations = self.equations
        up = [
            (0.0, 0.0)
            if i in fixed
            else (0.0, self.n[i] - value[i] if col in self.counts else None)
            for i in range(n)
        ]
        down = [(0.0, 0.0) if i in fixed else (0.0, value[i]) for i in range(n)]
        weight = np.where([i in self.withheld for i in range(n)], 0.0, 1.0 + 10.0 * self.level)
        target = sparse.csr_array(([1.0, -1.0], ([0, 0], [p, n + p])), shape=(1, 2 * n))
        a_eq = sparse.vstack([sparse.hstack([relations, -relations]), target])
        res = linprog(
            np.concatenate([weight, weight]),
            A_eq=a_eq,
            b_eq=np.concatenate([np.zeros(relations.shape[0]), [move]]),
            bounds=up + down,
            method="highs",
        )
        if res.status != 0:
            return None
        change = res.x[:n] - res.x[n:]
        moved = {int(i) for i in np.flatnonzero(np.abs(change) > 1e-9 * max(1.0, abs(move)))}
        return float(res.fun), moved - self.withheld

    def _homogeneous_parent(self, p: int, col: str) -> bool:
        """A published total holding ``p`` in which no unit, or every unit, is counted in
        ``col``: then ``p``'s count is known from that published total (group disclosure)."""
        counted = self.sums[col]
        for r in self.table.of_cell[p]:
            total, parts = self.table.relations[r]
            if p in parts and total not in self.withheld and counted[total] in (0, self.n[total]):
                return True
        return False

    def _cells_of(self, r: int) -> list[int]:
        total, parts = self.table.relations[r]
        return [total, *parts]

    def run(self) -> None:
        while True:
            line = self.line_problem()
            if line is not None:
                r, candidates = line
                self.withheld.add(self.choose(candidates, skip=r))
                continue
            audit = self.audit_problem()
            if audit is None:
                return
            p, scenarios = audit
            more = self.repair(p, scenarios)
            if not more:  # nothing left to withhold would help (cannot happen with totals)
                self.primary.discard(p)
                self.gave_up.add(p)
                continue
            self.withheld |= more


def protect(
    micro: pd.DataFrame,
    dims: Sequence[str],
    amounts: Sequence[str],
    rule: Rule,
    counts: Sequence[str] = (),
    also_fails: Callable[[pd.DataFrame], bool] | None = None,
) -> pd.DataFrame:
    """The cells of the table of ``micro`` over ``dims``, and which to withhold.

    Returns one row per non-empty cell: the ``dims`` (``TOTAL`` for a margin), ``n`` (units),
    the sum of each of ``amounts`` and ``counts`` (0/1 or boolean columns) over its units,
    ``is_primary`` (fails the rule, on any amount, or ``also_fails(rows)``) and
    ``is_withheld`` (primary, or withheld so that no primary cell can be recovered).
    ``amounts`` must be >= 0.
    """
    data = micro.reset_index(drop=True)
    for col in (*amounts, *counts):
        data[col] = pd.to_numeric(data[col], errors="coerce").fillna(0.0).astype(float)
    table = _build(data, dims, [*amounts, *counts])

    values = [data[c].to_numpy(dtype=float) for c in amounts] or [np.ones(len(data))]
    verdicts: dict[bytes, bool] = {}

    def fails(members: np.ndarray) -> bool:
        key = np.sort(members).tobytes()
        if key not in verdicts:
            verdicts[key] = any(rule.fails(v[members]) for v in values) or bool(
                also_fails is not None and len(members) and also_fails(data.iloc[members])
            )
        return verdicts[key]

    state = _Suppression(data, table, amounts, counts, fails, rule)
    state.run()
    out = table.cells.copy()
    out["is_primary"] = [i in state.primary | state.gave_up for i in range(len(out))]
    out["is_withheld"] = [i in state.withheld for i in range(len(out))]
    return out
