from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from schemas.llm import (
    MAX_CHUNK_INCIDENTS,
    BaselineFigure,
    ClaimDraft,
    FigureDraft,
    IncidentDraft,
    IncidentList,
    SentenceLabel,
)

CLAIM = {"source": "Armenian Defence Ministry", "source_type": "military", "side": "Armenia",
         "kind": "casualty_report", "statement": "One killed.", "is_claim": True}  # fmt: skip


@pytest.mark.parametrize(
    ("field", "given", "stored"),
    [
        ("category", "wounded", "injured"),
        ("category", "Killed", "killed"),
        ("category", "killed or injured", "killed_or_injured"),
        ("category", "Taken captive", "captured"),
    ],
)
def test_near_misses_map_onto_the_vocabulary(field: str, given: str, stored: str) -> None:
    figure = FigureDraft.model_validate({"number": "7", "category": "other", field: given})
    assert getattr(figure, field) == stored


@pytest.mark.parametrize(
    ("model", "data", "message"),
    [
        (
            FigureDraft,
            {"number": "7", "category": "bananas"},
            "category must be one of: killed, injured, killed_or_injured",
        ),
        (ClaimDraft, {**CLAIM, "kind": "gossip"}, "use 'other' if unsure"),
        (ClaimDraft, {**CLAIM, "source": "he"}, "not a pronoun"),
        (ClaimDraft, {**CLAIM, "source_type": 7}, "source_type must be one of"),
        (IncidentDraft, {"title": "Clash", "event_type": "war"}, "event_type must be one of"),
        (BaselineFigure, {"category": "killed", "qualifier": "roughly"}, "use 'exact' if unsure"),
        (ClaimDraft, {**CLAIM, "extra": 1}, "Extra inputs are not permitted"),
    ],
)
def test_messages_tell_the_model_what_to_write(
    model: Any, data: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        model.model_validate(data)


def test_lists_are_bounded_so_a_looping_model_stops() -> None:
    schema = IncidentList.model_json_schema()
    assert schema["properties"]["incidents"]["maxItems"] == MAX_CHUNK_INCIDENTS
    claim = ClaimDraft.model_json_schema()
    assert claim["properties"]["figures"]["maxItems"] == 4
    assert claim["properties"]["statement"]["maxLength"] == 300


def test_blank_strings_become_null() -> None:
    claim = ClaimDraft.model_validate({**CLAIM, "side": "null"})
    incident = IncidentDraft.model_validate(
        {"title": "Clash", "event_type": "clashes", "date": "", "location": "unknown"}
    )
    assert claim.side is None
    assert (incident.event_type, incident.date, incident.location) == ("battles", None, None)


@pytest.mark.parametrize("model", [FigureDraft, ClaimDraft, IncidentDraft, IncidentList])
def test_every_field_is_described(model: Any) -> None:
    for name, field in model.model_fields.items():
        assert field.description, f"{model.__name__}.{name}"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Clash near Dresk", "Clash near Dresk"),
        ("word " * 40, ("word " * 24).strip()),  # cut at a word boundary, within the bound
        ("x" * 130, "x" * 120),  # no space to cut at
    ],
)
def test_a_long_incident_title_is_cut_not_rejected(title: str, expected: str) -> None:
    draft = IncidentDraft.model_validate({"title": title, "event_type": "battles"})
    assert draft.title == expected
    assert len(draft.title) <= 120


LABEL = {"who": "Defence Ministry", "type": "military", "kind": "position", "news": True}
CLASH = {"title": "Clash", "event_type": "battles"}


@pytest.mark.parametrize(
    ("model", "data", "read", "expected"),
    [
        (
            SentenceLabel,
            {
                **LABEL,
                "figures": [
                    {"n": "2,000 (more than 2,000 firefighters are on the ground)", "what": "other"}
                ],
            },
            lambda a: a.figures[0].n,
            "2,000 (more than 2,000 firefighters are",
        ),
        (SentenceLabel, {**LABEL, "side": "side " * 15}, lambda a: a.side, ("side " * 12).strip()),
        (SentenceLabel, {**LABEL, "who": "who " * 40}, lambda a: a.who, ("who " * 30).strip()),
        (IncidentDraft, {**CLASH, "date": "day " * 10}, lambda a: a.date, ("day " * 7).strip()),
        (
            IncidentDraft,
            {**CLASH, "location": "x " * 60},
            lambda a: a.location,
            ("x " * 50).strip(),
        ),
    ],
)
def test_a_long_label_is_cut_at_a_word_not_rejected(
    model: type[BaseModel], data: dict[str, Any], read: Callable[[Any], str], expected: str
) -> None:
    assert read(model.model_validate(data)) == expected


def test_lists_over_their_bound_keep_their_first_items() -> None:
    answer = IncidentList.model_validate(
        {"incidents": [{**CLASH, "actors": list("abcdefg")}] * (MAX_CHUNK_INCIDENTS + 2)}
    )
    assert len(answer.incidents) == MAX_CHUNK_INCIDENTS
    assert answer.incidents[0].actors == list("abcde")
    label = SentenceLabel.model_validate(
        {**LABEL, "figures": [{"n": str(n), "what": "killed"} for n in range(6)]}
    )
    assert [f.n for f in label.figures] == ["0", "1", "2", "3"]
