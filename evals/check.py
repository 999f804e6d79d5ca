"""`evenhand eval check-fixtures`: everything the loader refuses, plus the labelling checks a run
does not need (every figure's number is written in its evidence), and a summary of the set.

The loader's checks (schema, verbatim evidence, keys and contested sources resolving, reserved
stories, the splits file) are not repeated here: the checker loads through it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evals.gold import Fixture
from evals.loader import LoadedFixture, collect, fixture_paths
from evals.problems import FixtureError, Problem
from evals.splits import SPLITS_FILE, read_splits
from evals.textnorm import fold
from service.errors import InputError
from service.text.numbers import find_numbers, parse_count

# Zero is stated by negation ("lost no equipment", "nobody was hurt") as often as by a number.
_NEGATION = re.compile(r"\b(?:no|not|none|nobody|zero|never|without|neither|nor)\b", re.IGNORECASE)
_TOKEN = re.compile(r"[\w,]+")


def stated_numbers(evidence: str) -> set[int]:
    """Every number written in `evidence`: counts in context, and any token that is a number.

    The detector reads counts in context and skips, say, "one of"; the check asks only whether
    the number is written at all, so a bare token counts too.
    """
    found = {n for m in find_numbers(evidence) for n in (m.value, m.low, m.high) if n is not None}
    found |= {n for token in _TOKEN.findall(evidence) if (n := parse_count(token)) is not None}
    return found


def figure_problems(path: Path, fixture: Fixture) -> list[Problem]:
    problems = []
    for i, claim in enumerate(fixture.claims):
        evidence = " ... ".join(claim.evidence)
        numbers = stated_numbers(evidence)
        for j, figure in enumerate(claim.figures):
            for bound in (figure.low, figure.high):
                if bound is None or bound in numbers:
                    continue
                if bound == 0 and _NEGATION.search(evidence):
                    continue
                reason = f"{bound} ({figure.category}) is not written in the claim's evidence"
                problems.append(Problem(path, f"claims[{i}].figures[{j}]", reason))
                break
    return problems


@dataclass(frozen=True)
class CheckReport:
    fixtures: list[LoadedFixture]
    problems: list[Problem]
    unlabelled: list[str]  # ids a splits file lists that have no fixture yet

    def count(self, split: str) -> int:
        return sum(f.split == split for f in self.fixtures)

    def summary(self) -> str:
        real = [f.fixture for f in self.fixtures if f.split != "invented"]
        disputed = sum(
            bool(f.contested) or len({fold(c.source.name) for c in f.claims}) > 1 for f in real
        )
        no_figures = sum(not any(c.figures for c in f.claims) for f in real)
        return (
            f"{len(self.fixtures)} fixture(s): {self.count('real-test')} real test, "
            f"{self.count('real-dev')} real dev, {self.count('invented')} invented; "
            f"real with contested figures or several sources: {disputed}, "
            f"real without figures: {no_figures}; {len(self.problems)} problem(s)"
        )


def check_fixtures(paths: Sequence[Path]) -> CheckReport:
    """Check fixture files and folders (recursively); never raises for a bad fixture."""
    files: list[Path] = []
    real_folders: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += fixture_paths(path)
            real_folders += sorted(s.parent for s in path.rglob(SPLITS_FILE))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"no such fixture file or folder: {path}")
    loaded, problems = collect(files)
    for item in loaded:
        problems += figure_problems(item.path, item.fixture)
    ids = {item.id for item in loaded}
    scanned = {f.parent for f in files}
    unlabelled = []
    for folder in dict.fromkeys(real_folders):
        try:
            unlabelled += [i for i in read_splits(folder) if i not in ids]
        except FixtureError as exc:
            if folder not in scanned:  # else `collect` has reported these already
                problems += exc.problems
    return CheckReport(loaded, problems, unlabelled)
