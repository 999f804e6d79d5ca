"""Turn reconciliation output (`service.reconcile.Record`, or a `Briefing`) into what the scorer
reads.

The scorer knows only `PredictedContested` and check outcomes; the reconciliation and briefing
schemas can evolve without touching the metrics.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from evals.metrics.contested import PredictedContested, PredictedValue
from evals.runs.store import CheckOutcome
from schemas.briefing import Briefing, MergedIncident, ReconciledFigure


class Reconciled(Protocol):
    """What `service.reconcile.Record` and `schemas.briefing.Briefing` both carry."""

    @property
    def incidents(self) -> Sequence[MergedIncident]: ...

    @property
    def figures(self) -> Sequence[ReconciledFigure]: ...


def contested_of(reconciled: Reconciled, article_id: str) -> list[PredictedContested]:
    """Contested figures, with incident ids mapped back to `article_id`'s extraction result.

    Every stated value is listed, superseded ones included: the fixture asks for each source's
    value, not only the latest.
    """
    local = {
        merged.id: member.incident_id
        for merged in reconciled.incidents
        for member in merged.members
        if member.article_id == article_id
    }
    entries = []
    for figure in reconciled.figures:
        if not figure.contested:
            continue
        values: list[PredictedValue] = []
        for value in figure.values:
            candidate = PredictedValue(source=value.source, low=value.low, high=value.high)
            if candidate not in values:
                values.append(candidate)
        entries.append(
            PredictedContested(
                incident=local.get(figure.incident_id),
                category=figure.category,
                party=figure.party,
                values=values,
            )
        )
    return entries


def checks_from_briefing(briefing: Briefing) -> list[CheckOutcome]:
    return [CheckOutcome(name=c.name, passed=c.passed, reasons=c.reasons) for c in briefing.checks]
