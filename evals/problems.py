"""A problem with a fixture: the file, the field path and why. One type for the loader and the
fixture checker, so both print the same `file: field: reason` lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from service.errors import InputError


@dataclass(frozen=True)
class Problem:
    file: Path
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field or '(top level)'}: {self.reason}"


class FixtureError(InputError):
    """One or more fixtures are invalid; `problems` lists each (file, field path, reason)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} fixture problem(s):\n{lines}")
        self.problems = list(problems)
