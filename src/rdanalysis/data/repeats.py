"""Rows given twice: the same figure (region, year, sector, measure) or the same enterprise in a
year, in one file or across files. Each repeat is an error naming the row it repeats."""

from __future__ import annotations

import numpy as np
import pandas as pd

from rdanalysis.errors import Problem


def _shared(column: pd.Series) -> list:
    """The values of a text column as a list in which equal values are one object: a million
    problems naming the same file and column hold two strings, not two million."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return np.asarray(list(uniques), dtype=object)[codes].tolist()


def duplicates(df: pd.DataFrame, keys: list[str], what: str) -> list[Problem]:
    """One problem for each row whose ``keys`` repeat an earlier row's, naming that row (a
    file of a million rows that are nearly all repeats is checked in seconds)."""
    repeats = df.duplicated(keys, keep=False).to_numpy()
    if not repeats.any():
        return []
    sub = df[repeats]
    group = sub.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    order = np.arange(len(sub))
    first = pd.Series(order).groupby(group).transform("min").to_numpy()
    files, rows = _shared(sub["file"]), sub["row"].to_numpy()
    columns = _shared(sub["column"]) if "column" in sub else [None] * len(sub)
    expected = f"one row per {what}"
    said: dict[tuple, str] = {}  # one message string per first row, shared by its repeats
    problems = []
    for i in np.flatnonzero(first != order):
        f = first[i]
        same_file = files[i] == files[f]
        message = said.get((f, same_file))
        if message is None:
            ref = f"row {int(rows[f])}" if same_file else f"{files[f]}:{int(rows[f])}"
            message = said[(f, same_file)] = f"duplicate {what}: same as {ref}"
        problems.append(Problem(files[i], int(rows[i]), columns[i], message, expected))
    return problems


class FirstSeen:
    """The first row of each key of one table (``label``), kept as the table is read a slice at
    a time: a later row with the same key is a problem (as ``duplicates`` words it) and is
    dropped, so a file that repeats a few hundred rows a million times is held as a few hundred
    rows."""

    def __init__(self, label: str, keys: list[str], what: str) -> None:
        self.label, self.keys, self.what = label, keys, what
        self.first: dict[tuple, int] = {}  # key -> the row it was first given on

    def keep(self, frame: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
        """``frame`` (rows of the table) without the rows whose key was seen before; a problem
        for each of them. Each distinct key of the slice is looked up once; only the repeated
        rows are visited one by one."""
        if frame.empty:
            return frame
        codes = frame.groupby(self.keys, sort=False, dropna=False).ngroup().to_numpy()
        _, starts = np.unique(codes, return_index=True)  # each key's first row in the slice
        rows = frame["row"].to_numpy()
        keys = frame[self.keys].iloc[starts].itertuples(index=False, name=None)
        firsts = np.array(
            [self.first.setdefault(k, int(rows[p])) for p, k in zip(starts, keys, strict=True)]
        )
        repeat = firsts[codes] != rows
        if not repeat.any():
            return frame
        said = [f"duplicate {self.what}: same as row {f}" for f in firsts]
        columns, expected = _shared(frame["column"]), f"one row per {self.what}"
        label = self.label
        problems.extend(
            Problem(label, r, columns[i], said[codes[i]], expected)
            for i, r in zip(np.flatnonzero(repeat).tolist(), rows[repeat].tolist(), strict=True)
        )
        return frame[~repeat]


#: Distinct rows a table remembers (beyond them, rows are read as usual).
REMEMBERED_ROWS = 50_000


class RepeatedRows:
    """Rows given again cell for cell (one table pasted into a file over and over): such a row
    gives exactly what its first copy gave, the same problems of its cells and, for each of its
    values, a repeated figure (``FirstSeen``). It is not read again: its first copy's problems
    are reported at its own row number."""

    def __init__(self, seen: FirstSeen) -> None:
        self.seen = seen
        self.first: dict[tuple, int] = {}  # a row's cells -> the row they were first given on
        #: first row -> (problems of its cells, (column, key) of each of its values)
        self.gave: dict[int, tuple[list[Problem], list[tuple[str, tuple]]]] = {}
        self._added: set[int] = set()

    def split(
        self, rows: list[list[object]], numbers: list[int]
    ) -> tuple[list[list[object]], list[int], list[tuple[int, int]]]:
        """The rows not given before (and their numbers), and (number, first row) of the others."""
        fresh, fresh_numbers, again = [], [], []
        self._added = set()  # the rows remembered by this call (``remember``)
        for row, number in zip(rows, numbers, strict=True):
            try:
                cells = tuple(row)
                first = self.first.get(cells)
            except TypeError:  # a cell that cannot be compared (not from a CSV or a plain sheet)
                cells, first = None, None
            if first is None:
                if cells is not None and len(self.first) < REMEMBERED_ROWS:
                    self.first[cells] = number
                    self._added.add(number)
                fresh.append(row)
                fresh_numbers.append(number)
            else:
                again.append((number, first))
        return fresh, fresh_numbers, again

    def remember(self, frame: pd.DataFrame, problems: list[Problem]) -> None:
        """What the rows just read gave: ``frame``, their values; ``problems``, of their cells."""
        remembered = self._added
        gave: dict[int, tuple[list, list]] = {}
        for p in problems:
            if p.row in remembered:
                gave.setdefault(p.row, ([], []))[0].append(p)
        columns = [frame[k] for k in ("row", "column", *self.seen.keys)]
        for row, column, *key in zip(*columns, strict=True):
            if row in remembered:
                gave.setdefault(int(row), ([], []))[1].append((column, tuple(key)))
        self.gave.update(gave)

    def echo(self, again: list[tuple[int, int]], problems: list[Problem]) -> None:
        """The problems of the rows given again (``split``), each at its own row."""
        expected = f"one row per {self.seen.what}"
        said: dict[int, str] = {}
        for number, first in again:
            issues, values = self.gave.get(first, ((), ()))
            problems.extend(p._replace(row=number) for p in issues)
            for column, key in values:
                was = self.seen.first[key]
                message = said.get(was) or said.setdefault(
                    was, f"duplicate {self.seen.what}: same as row {was}"
                )
                problems.append(Problem(self.seen.label, number, column, message, expected))
