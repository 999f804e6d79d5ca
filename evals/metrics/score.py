"""Score one fixture: every metric, plus the matched/missed/spurious record behind them.

A failed fixture (exception, invalid output) is scored as an empty prediction: zero recall,
counted in every average and in `run.failed`, never dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from evals.gold import Fixture
from evals.metrics.claims import score_claims, score_figures
from evals.metrics.contested import PredictedContested, score_contested
from evals.metrics.grounding import score_grounding
from evals.metrics.incidents import score_incidents
from evals.metrics.matches import ItemMatch, Pairing, Prediction
from evals.metrics.ratio import Ratio, per_article
from evals.splits import Split
from schemas.result import ExtractionResult

# Higher is better for every metric except these (used by compare and the report).
LOWER_IS_BETTER_PREFIXES = ("cost.", "run.")
HEADLINE = (
    "incidents.f1",
    "claims.f1",
    "figures.f1",
    "grounding.located",
    "grounding.gold_recovered",
    "contested.recall",
    "briefing.checks_passed",
    "run.failed",
    "cost.tokens",
    "cost.wall_s",
)


def lower_is_better(metric: str) -> bool:
    return metric.startswith(LOWER_IS_BETTER_PREFIXES)


class FixtureScore(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fixture_id: str = Field(description="Fixture scored.")
    failed: bool = Field(description="True when the system raised or returned invalid output.")
    error: str | None = Field(default=None, description="Why it failed, one line.")
    split: Split | None = Field(default=None, description="invented, real-dev or real-test.")
    metrics: dict[str, Ratio] = Field(description="Metric name -> ratio of counts.")
    matches: list[ItemMatch] = Field(default_factory=list, description="Per-item outcomes.")

    def value(self, metric: str) -> float | None:
        ratio = self.metrics.get(metric)
        return ratio.value if ratio is not None else None


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _cost(result: ExtractionResult | None, wall_s: float) -> dict[str, Ratio]:
    usage = result.meta.usage if result is not None else None
    failed_calls = result.meta.dropped.failed_calls if result is not None else 0
    metrics = per_article("cost.wall_s", wall_s)
    metrics |= per_article("run.failed_calls", failed_calls)
    if usage is not None:
        metrics |= per_article("cost.tokens", usage.prompt_tokens + usage.completion_tokens)
        metrics |= per_article("cost.prompt_tokens", usage.prompt_tokens)
        metrics |= per_article("cost.completion_tokens", usage.completion_tokens)
        metrics |= per_article("cost.calls", usage.calls)
        metrics |= per_article("cost.retries", usage.retries)
    return metrics


def score_fixture(
    fixture: Fixture,
    result: ExtractionResult | None,
    *,
    error: str | None = None,
    contested: Sequence[PredictedContested] | None = None,
    briefing_checks: Sequence[bool] | None = None,
    wall_s: float = 0.0,
    split: Split | None = None,
) -> FixtureScore:
    """Score `result` against `fixture`; `result` None (with `error`) is a failed fixture."""
    if result is not None and error is None and result.article.sha256 != _sha256(fixture.text):
        # Spans index another text (the fixture was edited after the run): scoring would mislead.
        error = "invalid output: the result is for a different article text; re-run this fixture"
    failed = error is not None
    pred = Prediction() if failed or result is None else Prediction(result.incidents, result.claims)
    pairing = Pairing(fixture)
    metrics, incident_tally = score_incidents(pairing, pred)
    claim_metrics, claim_tally, claim_pairs = score_claims(pairing, pred)
    figure_metrics, figure_tally = score_figures(pairing, pred, claim_pairs)
    contested_metrics, contested_tally = score_contested(pairing, contested)
    metrics |= claim_metrics | figure_metrics | contested_metrics | score_grounding(pairing, pred)
    if briefing_checks is not None:
        metrics["briefing.checks_passed"] = Ratio(
            num=sum(briefing_checks), den=len(briefing_checks)
        )
    metrics |= _cost(None if failed else result, wall_s)
    metrics |= per_article("run.failed", float(failed))
    return FixtureScore(
        fixture_id=fixture.id,
        failed=failed,
        error=error,
        split=split,
        metrics=metrics,
        matches=[
            *incident_tally.items,
            *claim_tally.items,
            *figure_tally.items,
            *contested_tally.items,
        ],
    )
