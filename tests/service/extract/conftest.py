"""A scripted stand-in for the model: answers each pipeline question from the prompt itself."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from pydantic import BaseModel

from schemas.llm import IncidentList
from service.llm.base import Message
from service.llm.fake import FakeModel

# One line per listed sentence of a "sentences" question (prompts/claim/v2.yaml).
SENTENCE = re.compile(r"^(s\d+): <<<(.*?)>>> numbers: (.*?)$(?=\ns\d+: <<<|\Z)", re.M | re.S)

ClaimRule = Callable[[str, list[str]], dict[str, Any] | None]


def sentences_of(messages: Sequence[Message]) -> list[tuple[str, str, list[str]]]:
    """(key, sentence, numbers) of each sentence listed in a claim question."""
    found = [
        (key, sentence, re.findall(r'"([^"]+)" \(', numbers))
        for key, sentence, numbers in SENTENCE.findall(messages[-1]["content"])
    ]
    assert found, "not a claim prompt"
    return found


def default_claim(sentence: str, numbers: list[str]) -> dict[str, Any]:
    """Every candidate is a claim by 'Defence Ministry'; every number counts killed soldiers."""
    return {
        "who": "Defence Ministry",
        "type": "military",
        "side": "Armenia",
        "kind": "casualty_report" if numbers else "event_report",
        "news": True,
        "figures": [
            {"n": n, "what": "killed", "whose": "Armenia", "group": "soldiers"} for n in numbers
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
        assert response_model.__name__.startswith("SentenceGroup")
        answers = {}
        for key, sentence, numbers in sentences_of(messages):
            drafted = claim(sentence, numbers)
            background = {**default_claim("x", []), "news": False}
            answers[key] = drafted if drafted is not None else background
        return answers

    return answer


@pytest.fixture
def scripted() -> Callable[..., FakeModel]:
    def make(**kwargs: Any) -> FakeModel:
        return FakeModel(responder=responder(**kwargs))

    return make
