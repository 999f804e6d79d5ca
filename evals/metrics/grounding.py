"""Grounding: is predicted evidence really in the article, and is the gold evidence found?"""

from __future__ import annotations

from evals.metrics.matches import Pairing, Prediction
from evals.metrics.ratio import Ratio
from evals.metrics.spans import gold_spans, located, overlaps


def score_grounding(pairing: Pairing, pred: Prediction) -> dict[str, Ratio]:
    text = pairing.fixture.text
    total = sum(len(c.evidence) for c in pred.claims)
    predicted = [span for c in pred.claims for span in located(c, text)]
    quotes = [
        quote
        for claim in pairing.fixture.claims
        if not claim.optional and claim.incident not in pairing.ignored
        for quote in claim.evidence
    ]
    recovered = sum(
        any(overlaps(span, predicted) for span in gold_spans(text, [quote])) for quote in quotes
    )
    return {
        "grounding.located": Ratio(num=len(predicted), den=total),
        "grounding.gold_recovered": Ratio(num=recovered, den=len(quotes)),
    }
