"""What became of one report in a run: the runner makes it, the index and run.json record it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Outcome:
    name: str
    title: str
    status: str  # ok / reused / failed
    seconds: float = 0.0
    error: str = ""
    illustrative: bool = False
    key: str = ""
    adhoc: bool = False
    facts: dict | None = None
    cpu_seconds: float = 0.0
    finished: str = ""  # when the report's pages were made (a reused report: its first run)
    pdf_error: str = ""  # why its PDF was not printed (``--pdf``); "" when printed or not asked
