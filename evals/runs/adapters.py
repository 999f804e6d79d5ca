"""Turn a briefing (`schemas.briefing.Briefing`) into what the scorer reads.

The scorer knows only `PredictedContested` and check outcomes; the reconciliation and briefing
schemas can evolve without touching the metrics.
"""

from __future__ import annotations

from evals.metrics.contested import PredictedContested, PredictedValue
from evals.runs.store import CheckOutcome
from schemas.briefing import Briefing


def contested_from_briefing(briefing: Briefing, article_id: str) -> list[PredictedContested]:
    """Contested figures, with incident ids mapped back to `article_id`'s extraction result.

    Every stated value is listed, superseded ones included: the fixture asks for each source's
    value, not only the latest.
    """
    local = {
        merged.id: member.incident_id
        for merged in briefing.incidents
        for member in merged.members
        if member.article_id == article_id
    }
    entries = []
    for figure in briefing.figures:
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
