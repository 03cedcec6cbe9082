"""Rows given twice: the same figure (region, year, sector, measure) or the same enterprise in a
year, in one file or across files. Each repeat is an error naming the row it repeats."""

from __future__ import annotations

import numpy as np
import pandas as pd

from rdanalysis.errors import Problem


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
    files, rows = sub["file"].to_numpy(), sub["row"].to_numpy()
    columns = sub["column"].to_numpy() if "column" in sub else [None] * len(sub)
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
