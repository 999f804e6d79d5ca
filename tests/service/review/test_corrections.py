from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from schemas.result import ExtractionResult
from service.errors import InputError
from service.review.corrections import Change, ReviewState, apply

CHANGE = TypeAdapter(Change)
MINISTRY = {"name": "Armenian Defence Ministry", "type": "military", "side": "Armenia"}
EDITED = {
    "source": MINISTRY,
    "kind": "casualty_report",
    "statement": "Up to 70 Azerbaijani troops were killed or injured.",
    "incident_id": "i1",
    "figures": [
        {
            "category": "killed_or_injured",
            "party": "Azerbaijan",
            "group": "soldiers",
            "low": None,
            "high": 70,
            "qualifier": "up_to",
        }
    ],
}


def _state(result: ExtractionResult) -> ReviewState:
    return ReviewState(result, {}, 0)


@pytest.mark.parametrize(
    ("change", "target", "status"),
    [
        ({"op": "accept", "claim_id": "c1"}, "c1", "accepted"),
        ({"op": "reject", "claim_id": "c5"}, "c5", "rejected"),
        ({"op": "edit_claim", "claim_id": "c2", "claim": EDITED}, "c2", "edited"),
    ],
)
def test_claim_corrections_set_status_and_keep_the_model_output(
    seed_result: ExtractionResult, seed_text: str, change: dict[str, Any], target: str, status: str
) -> None:
    before = seed_result.model_dump()
    state, touched = apply(_state(seed_result), CHANGE.validate_python(change), seed_text)
    assert (touched, state.status[target], state.number) == (target, status, 1)
    assert seed_result.model_dump() == before


def test_edit_changes_the_source_but_not_the_evidence(
    seed_result: ExtractionResult, seed_text: str
) -> None:
    change = CHANGE.validate_python({"op": "edit_claim", "claim_id": "c2", "claim": EDITED})
    state, _ = apply(_state(seed_result), change, seed_text)
    claim = next(c for c in state.result.claims if c.id == "c2")
    assert claim.source.name == "Armenian Defence Ministry"
    assert claim.evidence == seed_result.claims[1].evidence


def test_a_missed_claim_is_added_from_the_selection(
    seed_result: ExtractionResult, seed_text: str
) -> None:
    quote = "Two combat positions came under the control of the enemy"
    start = seed_text.index(quote)
    change = CHANGE.validate_python(
        {
            "op": "add_claim",
            "start": start,
            "end": start + len(quote),
            "text": quote,
            "claim": {**EDITED, "kind": "event_report", "figures": []},
        }
    )
    state, target = apply(_state(seed_result), change, seed_text)
    added = state.result.claims[-1]
    assert (target, added.id, state.status[target]) == ("c6", "c6", "added")
    assert seed_text[added.evidence[0].start : added.evidence[0].end] == quote


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"op": "accept", "claim_id": "c99"}, "no claim 'c99'"),
        (
            {"op": "add_claim", "start": 0, "end": 5, "text": "Armen", "claim": EDITED},
            "does not match the article text",
        ),
        (
            {
                "op": "edit_claim",
                "claim_id": "c2",
                "claim": {**EDITED, "figures": [{**EDITED["figures"][0], "qualifier": "exact"}]},
            },
            "figures[0]: qualifier 'exact' needs",
        ),
        (
            {"op": "edit_claim", "claim_id": "c2", "claim": {**EDITED, "incident_id": "i9"}},
            "no incident 'i9'",
        ),
        (
            {
                "op": "edit_incident",
                "incident": {"id": "i1", "title": "x", "event_type": "battles", "date": "17 Nov"},
            },
            "date must be",
        ),
    ],
    ids=["unknown-claim", "stale-selection", "bad-qualifier", "unknown-incident", "bad-date"],
)
def test_bad_corrections_are_refused_with_the_reason(
    seed_result: ExtractionResult, seed_text: str, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        apply(_state(seed_result), CHANGE.validate_python(change), seed_text)
    assert message in caught.value.message


def test_a_new_incident_is_added(seed_result: ExtractionResult, seed_text: str) -> None:
    incident = {
        "id": "i2",
        "title": "Ceasefire",
        "event_type": "strategic_developments",
        "date": "2021-11",
        "location": {"name": None, "country": "Armenia"},
        "actors": [],
    }
    change = CHANGE.validate_python({"op": "edit_incident", "incident": incident})
    state, target = apply(_state(seed_result), change, seed_text)
    assert target == "i2"
    assert [i.id for i in state.result.incidents] == ["i1", "i2"]
