"""Loading briefing cases: the fixtures of each article and the hand-labelled expectations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evals.briefings.inputs import as_result
from evals.gold import Fixture
from evals.loader import FixtureError, load_fixture
from schemas.result import ExtractionResult
from schemas.vocab import EventType, FigureCategory
from service.errors import InputError

DEFAULT_CASES_DIR = Path("evals/briefings/cases")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExpectedDispute(_Strict):
    category: FigureCategory = Field(description="Figure category in dispute.")
    party: str | None = Field(description="Side whose people the figure counts.")
    values: list[int] = Field(min_length=2, description="Each source's number (a denial is 0).")


class ExpectedUpdate(_Strict):
    source: str = Field(description="Canonical source name as in the fixtures.")
    category: FigureCategory = Field(description="Figure category.")
    party: str | None = Field(description="Side whose people the figure counts.")
    values: list[int] = Field(min_length=2, description="The source's numbers, oldest first.")


class Expected(_Strict):
    incidents: list[list[str]] = Field(
        description="Groups of '<fixture id>/<incident key>' that are one event; any incident "
        "not listed is an event of its own."
    )
    event_type: EventType | None = Field(default=None, description="Main incident's type.")
    disputes: list[ExpectedDispute] = Field(default_factory=list)
    updates: list[ExpectedUpdate] = Field(default_factory=list)


class CaseFile(_Strict):
    name: str
    description: str
    split: str = Field(description="'invented' or 'real' (non-reserved corpus stories).")
    articles: list[str] = Field(min_length=1, description="Fixture files, relative to the case.")
    expected: Expected


@dataclass(frozen=True)
class Case:
    path: Path
    spec: CaseFile
    fixtures: list[Fixture]

    @property
    def results(self) -> list[ExtractionResult]:
        return [as_result(f) for f in self.fixtures]


def load_case(path: Path) -> Case:
    try:
        spec = CaseFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise InputError(f"{path}: not a valid briefing case: {exc}") from None
    fixtures = []
    for name in spec.articles:
        try:
            fixtures.append(load_fixture(path.parent / name).fixture)
        except FixtureError as exc:
            raise InputError(f"{path}: {exc}") from None
    known = {f"{f.id}/{i.key}" for f in fixtures for i in f.incidents}
    unknown = [m for group in spec.expected.incidents for m in group if m not in known]
    if unknown:
        raise InputError(f"{path}: unknown incidents in expected.incidents: {unknown}")
    return Case(path, spec, fixtures)


def load_cases(folder: Path) -> list[Case]:
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise InputError(f"{folder}: no briefing cases (*.yaml)")
    return [load_case(p) for p in paths]
