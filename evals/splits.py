"""Real and invented fixtures, and the dev and test halves of the real ones.

A fixture is `real` when its folder holds `splits.yaml` (evals/fixtures/real/): its text is a
corpus story and its id is `voa-<story id>`. Every other fixture is `invented`. `splits.yaml`
puts each real fixture in `dev` (tuned on) or `test` (reported, never tuned on) by id; a real
fixture it does not list is an error, so no fixture drifts into a half by accident.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evals.problems import FixtureError, Problem
from evals.reserved import reserved_story

SPLITS_FILE = "splits.yaml"
Split = Literal["invented", "real-dev", "real-test"]
Half = Literal["dev", "test"]
# What `--split` selects: a split, or `real` for both halves.
Selector = Literal["real", "real-dev", "real-test", "invented"]
SELECTORS: tuple[str, ...] = get_args(Selector)
# Groups metrics are reported for, in the order tables show them: real test first (the number
# the README leads with), then the rest, then everything together.
GROUPS = ("real-test", "real-dev", "real", "invented", "all")


def in_group(group: str, split: str | None) -> bool:
    """Whether a fixture of `split` (None: unknown, an older run) counts in `group`."""
    if group == "all":
        return True
    return split is not None and (split == group or split.startswith(f"{group}-"))


def group_counts(splits: Iterable[str | None]) -> dict[str, int]:
    """Fixtures per group, for the groups that have any, in report order."""
    present = list(splits)
    counts = {g: sum(in_group(g, s) for s in present) for g in GROUPS}
    return {g: n for g, n in counts.items() if n}


def shown_groups(counts: Mapping[str, int]) -> list[str]:
    """The groups worth a table: those with fixtures, less any that holds the same fixtures as a
    smaller group already shown (`real` when only the test half ran, `all` when all invented)."""
    shown: list[str] = []
    for group in GROUPS:
        n = counts.get(group, 0)
        if n and not any(in_group(group, e) and counts[e] == n for e in shown):
            shown.append(group)
    return shown


class SplitsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    test: list[str] = Field(description="Real fixture ids reported, never tuned on.")
    dev: list[str] = Field(description="Real fixture ids tuned on.")


def is_real_folder(folder: Path) -> bool:
    return (folder / SPLITS_FILE).is_file()


def read_splits(folder: Path) -> dict[str, Half]:
    """Fixture id -> half from `folder/splits.yaml`; raises `FixtureError` listing every problem."""
    path = folder / SPLITS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        spec = SplitsFile.model_validate(data)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FixtureError([Problem(path, "", f"unreadable splits file: {exc}")]) from None
    except ValidationError as exc:
        raise FixtureError(
            [Problem(path, ".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors()]
        ) from None
    halves: dict[str, Half] = {}
    problems = []
    for half in get_args(Half):
        for i, fixture_id in enumerate(getattr(spec, half)):
            if (story := reserved_story(fixture_id)) is not None:
                reason = f"{fixture_id!r}: story {story} is reserved for independent evaluation"
                problems.append(Problem(path, f"{half}[{i}]", reason))
            elif fixture_id in halves:
                reason = f"{fixture_id!r} is listed twice (also in {halves[fixture_id]})"
                problems.append(Problem(path, f"{half}[{i}]", reason))
            halves[fixture_id] = half
    if problems:
        raise FixtureError(problems)
    return halves
