"""A FakeModel responder that answers the real extraction pipelines' questions about the invented
test fixtures, so runs and sweeps go through `service.extract.extract` without a model."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from evals.loader import load_fixtures
from schemas.llm import BaselineExtraction, IncidentList
from service.config import Settings
from service.llm.base import Message
from service.llm.fake import FakeModel
from tests.evals.conftest import DATA, REAL_DATA

_SENTENCE = re.compile(r"^(s\d+): <<<(.*?)>>> numbers:", re.M | re.S)
_GOLD = [f.fixture for folder in (DATA, REAL_DATA) for f in load_fixtures(folder)]


def _incidents(text: str) -> dict[str, Any]:
    for fixture in _GOLD:
        if fixture.text.strip()[:40] in text:
            return {
                "incidents": [
                    {
                        "title": g.title,
                        "event_type": g.event_type,
                        "date": g.date,
                        "location": g.location.name,
                        "country": g.location.country,
                        "actors": g.actors,
                    }
                    for g in fixture.incidents
                    if not g.optional
                ]
            }
    return {"incidents": []}


def _claim(sentence: str) -> dict[str, Any]:
    """The gold claim whose evidence lies in `sentence`, or background."""
    for fixture in _GOLD:
        for claim in fixture.claims:
            if any(quote in sentence or sentence in quote for quote in claim.evidence):
                return {
                    "news": True,
                    "who": claim.source.name,
                    "type": claim.source.type,
                    "side": claim.source.side,
                    "kind": claim.kind,
                    "figures": [],
                }
    return {"news": False, "who": "Test Wire", "type": "media", "kind": "other"}


def _baseline(text: str) -> dict[str, Any]:
    claims = [
        {
            "source": c.source.name,
            "source_type": c.source.type,
            "side": c.source.side,
            "kind": c.kind,
            "statement": c.statement,
            "evidence": c.evidence[0],
            "incident": 1,
            "figures": [f.model_dump(exclude={"group"}) for f in c.figures],
        }
        for fixture in _GOLD
        for c in fixture.claims
        if c.evidence[0] in text
    ]
    return {**_incidents(text), "claims": claims}


def respond(response_model: type[BaseModel], messages: Sequence[Message]) -> Any:
    user = messages[-1]["content"]
    if response_model is IncidentList:
        return _incidents(user)
    if response_model.__name__.startswith("SentenceGroup"):
        return {key: _claim(sentence) for key, sentence in _SENTENCE.findall(user)}
    if response_model is BaselineExtraction:
        return _baseline(user)
    raise AssertionError(f"unexpected question {response_model.__name__}")


def fake_factory(settings: Settings, cache: bool) -> FakeModel:
    return FakeModel(responder=respond, name=settings.model or "fake-model")
