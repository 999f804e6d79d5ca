"""A scripted stand-in for the model: answers each pipeline question from the prompt itself."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from pydantic import BaseModel

from schemas.llm import ClaimDraft, IncidentList
from service.llm.base import Message
from service.llm.fake import FakeModel

SENTENCE = re.compile(r"Sentence: <<<(.*?)>>>", re.DOTALL)
NUMBERS = re.compile(r"Numbers in it: (.*)")

ClaimRule = Callable[[str, list[str]], dict[str, Any] | None]


def sentence_of(messages: Sequence[Message]) -> str:
    match = SENTENCE.search(messages[-1]["content"])
    assert match, "not a claim prompt"
    return match.group(1)


def numbers_of(messages: Sequence[Message]) -> list[str]:
    match = NUMBERS.search(messages[-1]["content"])
    assert match
    return re.findall(r'"([^"]+)"', match.group(1))


def default_claim(sentence: str, numbers: list[str]) -> dict[str, Any]:
    """Every candidate is a claim by 'Defence Ministry'; every number counts killed soldiers."""
    return {
        "source": "Defence Ministry",
        "source_type": "military",
        "side": "Armenia",
        "kind": "casualty_report" if numbers else "event_report",
        "statement": sentence[:80],
        "is_claim": True,
        "incident": 1,
        "figures": [
            {"number": n, "category": "killed", "party": "Armenia", "group": "soldiers"}
            for n in numbers
        ],
    }


def responder(
    incidents: list[dict[str, Any]] | None = None, claim: ClaimRule = default_claim
) -> Callable[[type[BaseModel], Sequence[Message]], Any]:
    chunk_incidents = incidents if incidents is not None else [
        {"title": "Border clash", "event_type": "battles", "date": "Tuesday",
         "location": "eastern border", "country": "Armenia", "actors": ["Armenia", "Azerbaijan"]}
    ]  # fmt: skip

    def answer(response_model: type[BaseModel], messages: Sequence[Message]) -> Any:
        if response_model is IncidentList:
            return {"incidents": chunk_incidents}
        assert response_model is ClaimDraft
        drafted = claim(sentence_of(messages), numbers_of(messages))
        return drafted if drafted is not None else {**default_claim("x", []), "is_claim": False}

    return answer


@pytest.fixture
def scripted() -> Callable[..., FakeModel]:
    def make(**kwargs: Any) -> FakeModel:
        return FakeModel(responder=responder(**kwargs))

    return make
