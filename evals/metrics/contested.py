"""Disputed figures: does the system report the disagreements the labeller found?

Scoring takes plain `PredictedContested` entries, so any producer (the reconciliation step, a
briefing) can be scored through a small adapter without the scorer knowing its schema.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from evals.gold import GoldContested
from evals.matching import assign
from evals.metrics.matches import Pairing, Status, Tally
from evals.metrics.ratio import Ratio
from evals.textnorm import fold, same_name, same_party
from schemas.vocab import FigureCategory


class PredictedValue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="Source name as the system reports it.")
    low: int | None = Field(default=None, description="Lower bound, or null.")
    high: int | None = Field(default=None, description="Upper bound, or null.")


class PredictedContested(BaseModel):
    model_config = ConfigDict(extra="forbid")

    incident: str | None = Field(description="Predicted incident id, or null.")
    category: FigureCategory = Field(description="Figure category reported as disputed.")
    party: str | None = Field(default=None, description="Side whose figure is disputed.")
    values: list[PredictedValue] = Field(description="Each source's value.")


def _source_names(pairing: Pairing, source: str) -> list[str]:
    """The contested source's name plus every alias its claims give it."""
    for claim in pairing.fixture.claims:
        if fold(source) in {fold(n) for n in claim.source.names}:
            return claim.source.names
    return [source]


def _values_found(pairing: Pairing, gold: GoldContested, pred: PredictedContested) -> int:
    return sum(
        any(
            same_name(v.source, _source_names(pairing, g.source))
            and (v.low, v.high) == (g.low, g.high)
            for v in pred.values
        )
        for g in gold.values
    )


def score_contested(
    pairing: Pairing, predicted: Sequence[PredictedContested] | None
) -> tuple[dict[str, Ratio], Tally]:
    """Recall: every disagreeing source listed with its value. Precision: the dispute is real.

    `predicted` None means the run produced no reconciliation output: nothing is scored, rather
    than a zero that would read as "found no disputes".
    """
    tally = Tally("contested")
    if predicted is None:
        return {}, tally
    gold = pairing.fixture.contested

    def similarity(g: GoldContested, p: PredictedContested) -> float:
        if not (
            g.category == p.category
            and same_party(g.party, p.party)
            and pairing.compatible(g.incident, p.incident)
        ):
            return 0.0
        return 1.0 + _values_found(pairing, g, p) / len(g.values)

    pairs = dict(assign(gold, predicted, similarity, min_similarity=1.0))
    complete = 0
    for i, g in enumerate(gold):
        ref = f"contested[{i}] {g.category}/{g.party}"
        if i not in pairs:
            tally.add("missed", ref, None)
            continue
        found = _values_found(pairing, g, predicted[pairs[i]])
        complete += found == len(g.values)
        status: Status = "matched" if found == len(g.values) else "wrong"
        tally.add(status, ref, f"#{pairs[i]}", f"{found}/{len(g.values)} source values listed")
    for j, p in enumerate(predicted):
        if j not in set(pairs.values()):
            tally.add("spurious", None, f"#{j} {p.category}/{p.party}")
    return {
        "contested.recall": Ratio(num=complete, den=len(gold), empty=1.0),
        "contested.precision": Ratio(
            num=len(pairs), den=len(predicted), empty=1.0 if not gold else 0.0
        ),
    }, tally
