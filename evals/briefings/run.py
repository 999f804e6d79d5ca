"""Build each case's briefing without a model (the summary is not what is scored) and score it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evals.briefings.cases import Case
from evals.briefings.score import Counts, score_case
from schemas.briefing import Briefing
from service.briefing import build_briefing
from service.config import Settings


@dataclass(frozen=True)
class CaseOutcome:
    case: Case
    briefing: Briefing
    counts: Counts


def run_cases(cases: Sequence[Case], settings: Settings) -> tuple[list[CaseOutcome], Counts]:
    outcomes = []
    total = Counts()
    for case in cases:
        briefing = build_briefing(case.results, model=None, settings=settings)
        counts = score_case(case, briefing)
        total.add(counts)
        outcomes.append(CaseOutcome(case, briefing, counts))
    return outcomes, total
