"""Scores with hand-computed expectations on the invented `clash-north` and `flood-delta` fixtures.

clash-north: 1 incident; 5 gold claims, of which claims[3] (Lev Orlov) is optional, so 4 count;
4 gold figures (claims[0]: killed 2 + injured 5, claims[2]: captured 4, claims[4]: captured 3);
1 contested entry (captured Northland: Southland army 4 vs Northland Foreign Ministry 3).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from evals.gold import Fixture
from evals.metrics.contested import PredictedContested, PredictedValue
from evals.metrics.score import score_fixture
from schemas.result import ExtractionResult, Figure, Incident
from tests.evals.conftest import pred_claim, result_of


def _perfect(f: Fixture) -> ExtractionResult:
    return result_of(f)


def _empty(f: Fixture) -> ExtractionResult:
    return result_of(f, [], incidents=[])


def _partial(f: Fixture) -> ExtractionResult:
    return result_of(f, [pred_claim(f, f.claims[0], "a"), pred_claim(f, f.claims[2], "b")])


def _without_optional(f: Fixture) -> ExtractionResult:
    return result_of(f, [pred_claim(f, g, f"c{i}") for i, g in enumerate(f.claims) if i != 3])


def _duplicate(f: Fixture) -> ExtractionResult:
    claims = [pred_claim(f, g, f"c{i}") for i, g in enumerate(f.claims)]
    return result_of(f, [*claims, pred_claim(f, f.claims[0], "dup")])


def _wrong_source(f: Fixture) -> ExtractionResult:
    claims = [pred_claim(f, g, f"c{i}") for i, g in enumerate(f.claims)]
    claims[4] = pred_claim(f, f.claims[4], "c4", source="Northland Defence Ministry")
    return result_of(f, claims)


def _alias_source(f: Fixture) -> ExtractionResult:
    # "the ministry" is an alias; "Northland Defense Ministry" (US spelling) a fuzzy match.
    claims = [pred_claim(f, g, f"c{i}") for i, g in enumerate(f.claims)]
    claims[0] = pred_claim(f, f.claims[0], "c0", source="the ministry")
    claims[1] = pred_claim(f, f.claims[1], "c1", source="Northland Defense Ministry")
    return result_of(f, claims)


def _wrong_value(f: Fixture) -> ExtractionResult:
    claims = [pred_claim(f, g, f"c{i}") for i, g in enumerate(f.claims)]
    wrong = Figure(category="captured", party="Northland", low=5, high=5, qualifier="exact")
    claims[2] = claims[2].model_copy(update={"figures": [wrong]})
    return result_of(f, claims)


def _demonym_party(f: Fixture) -> ExtractionResult:
    claims = [pred_claim(f, g, f"c{i}") for i, g in enumerate(f.claims)]
    figures = [fig.model_copy(update={"party": "Northland side"}) for fig in claims[0].figures]
    claims[0] = claims[0].model_copy(update={"figures": figures})
    return result_of(f, claims)


def _wrong_date(f: Fixture) -> ExtractionResult:
    incident = result_of(f).incidents[0].model_copy(update={"date": "2024-03-05"})
    return result_of(f, incidents=[incident])


def _unpaired_incident(f: Fixture) -> ExtractionResult:
    # Nothing like the gold incident, so no claim under it can pair either.
    other = Incident(id="i-arden-clash", title="Stock market rally", event_type="other")
    return result_of(f, incidents=[other])


def _extra_incident(f: Fixture) -> ExtractionResult:
    extra = Incident(id="i-x", title="Oil pipeline explosion", event_type="disaster")
    return result_of(f, incidents=[*result_of(f).incidents, extra])


CASES: list[tuple[str, Callable[[Fixture], ExtractionResult], dict[str, float | None]]] = [
    (
        "perfect",
        _perfect,
        {
            "incidents.f1": 1.0,
            "incidents.date_accuracy": 1.0,
            "claims.precision": 1.0,
            "claims.recall": 1.0,
            "claims.kind_accuracy": 1.0,
            "figures.f1": 1.0,
            "grounding.located": 1.0,
            "grounding.gold_recovered": 1.0,
        },
    ),
    (
        "empty",
        _empty,
        {
            "incidents.precision": 0.0,
            "incidents.recall": 0.0,
            "incidents.date_accuracy": None,
            "claims.precision": 0.0,
            "claims.recall": 0.0,
            "claims.f1": 0.0,
            "figures.recall": 0.0,
            "grounding.located": None,
            "grounding.gold_recovered": 0.0,
        },
    ),
    (
        "partial",
        _partial,
        {
            "claims.precision": 1.0,
            "claims.recall": 0.5,
            "claims.f1": 4 / 6,
            "figures.precision": 1.0,
            "figures.recall": 0.75,
            "figures.f1": 6 / 7,
            "grounding.gold_recovered": 0.5,
        },
    ),
    ("optional claim not predicted", _without_optional, {"claims.f1": 1.0, "figures.f1": 1.0}),
    (
        "claim predicted twice",
        _duplicate,
        {"claims.precision": 0.8, "claims.recall": 1.0, "figures.precision": 4 / 6},
    ),
    (
        "wrong source",
        _wrong_source,
        {"claims.precision": 0.75, "claims.recall": 0.75, "figures.f1": 1.0},
    ),
    ("alias and spelling of source", _alias_source, {"claims.f1": 1.0}),
    (
        "wrong figure value",
        _wrong_value,
        {"figures.precision": 0.75, "figures.recall": 0.75, "claims.f1": 1.0},
    ),
    ("party named by demonym", _demonym_party, {"figures.f1": 1.0}),
    ("wrong date", _wrong_date, {"incidents.f1": 1.0, "incidents.date_accuracy": 0.0}),
    (
        "claims under an unpaired incident",
        _unpaired_incident,
        {"incidents.recall": 0.0, "claims.recall": 0.0, "figures.recall": 0.0},
    ),
    ("extra incident", _extra_incident, {"incidents.precision": 0.5, "incidents.recall": 1.0}),
]


@pytest.mark.parametrize(("name", "build", "expected"), CASES, ids=[c[0] for c in CASES])
def test_scores(
    clash: Fixture,
    name: str,
    build: Callable[[Fixture], ExtractionResult],
    expected: dict[str, float | None],
) -> None:
    score = score_fixture(clash, build(clash))
    assert not score.failed
    for metric, want in expected.items():
        got = score.value(metric)
        assert got == (None if want is None else pytest.approx(want)), metric


def test_optional_incident_not_predicted_is_ignored(flood: Fixture) -> None:
    score = score_fixture(flood, result_of(flood))
    assert score.value("incidents.f1") == 1.0
    assert [m.status for m in score.matches if m.level == "incident"] == ["matched", "ignored"]


def test_failed_fixture_scores_zero_recall_and_counts_as_failed(clash: Fixture) -> None:
    score = score_fixture(clash, None, error="model_output_invalid: still invalid")
    assert score.failed
    assert score.value("claims.recall") == 0.0
    assert score.value("incidents.recall") == 0.0
    assert score.value("run.failed") == 1.0


def test_result_for_another_text_is_a_failure(clash: Fixture, flood: Fixture) -> None:
    score = score_fixture(clash, result_of(flood))
    assert score.failed
    assert score.error is not None
    assert "different article text" in score.error


def test_cost_per_article(clash: Fixture) -> None:
    score = score_fixture(clash, result_of(clash), wall_s=2.5)
    assert score.value("cost.tokens") == 120
    assert score.value("cost.calls") == 2
    assert score.value("cost.retries") == 1
    assert score.value("cost.wall_s") == 2.5
    assert score.value("run.failed") == 0.0


def test_ungrounded_evidence_lowers_located_share(clash: Fixture) -> None:
    result = result_of(clash)
    claim = result.claims[0]
    moved = claim.evidence[0].model_copy(update={"start": 0, "end": len(claim.evidence[0].text)})
    result.claims[0] = claim.model_copy(update={"evidence": [moved]})
    score = score_fixture(clash, result)
    assert score.value("grounding.located") == pytest.approx(4 / 5)
    assert score.value("claims.recall") == pytest.approx(3 / 4)


def _dispute(*values: tuple[str, int]) -> PredictedContested:
    return PredictedContested(
        incident="i-arden-clash",
        category="captured",
        party="Northland",
        values=[PredictedValue(source=s, low=n, high=n) for s, n in values],
    )


@pytest.mark.parametrize(
    ("contested", "recall", "precision"),
    [
        ([_dispute(("Southland army", 4), ("Northland Foreign Ministry", 3))], 1.0, 1.0),
        ([_dispute(("Southland Army", 4), ("Northland's Foreign Ministry", 3))], 1.0, 1.0),
        ([_dispute(("Southland army", 4), ("Northland Foreign Ministry", 2))], 0.0, 1.0),
        ([_dispute(("Southland army", 4))], 0.0, 1.0),
        ([], 0.0, 0.0),
        (
            [
                _dispute(("Southland army", 4), ("Northland Foreign Ministry", 3)),
                PredictedContested(
                    incident="i-arden-clash",
                    category="killed",
                    party="Northland",
                    values=[PredictedValue(source="x", low=1, high=1)],
                ),
            ],
            1.0,
            0.5,
        ),
    ],
)
def test_contested(
    clash: Fixture, contested: list[PredictedContested], recall: float, precision: float
) -> None:
    score = score_fixture(clash, result_of(clash), contested=contested)
    assert score.value("contested.recall") == recall
    assert score.value("contested.precision") == precision


def test_contested_not_produced_is_not_scored(clash: Fixture) -> None:
    assert "contested.recall" not in score_fixture(clash, result_of(clash)).metrics


def test_briefing_checks_pass_rate(clash: Fixture) -> None:
    score = score_fixture(clash, result_of(clash), briefing_checks=[True, True, False, True])
    assert score.value("briefing.checks_passed") == 0.75
