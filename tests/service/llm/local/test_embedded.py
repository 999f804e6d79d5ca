"""`EmbeddedModel`: lazy start, the llama.cpp wire format, and a server lost mid-run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from service.config import Settings
from service.errors import BackendUnavailable
from service.llm.base import UsageMeter
from service.llm.local import embedded
from service.llm.local.embedded import EmbeddedModel
from tests.service.llm.models import MESSAGES, Figure
from tests.service.llm.openai_stub import OpenAIStub, completion

GOOD = json.dumps({"value": 13, "category": "captured", "quote": "13 soldiers were captured"})


class FakeServer:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.running = True
        self.starts = 0

    def ensure_running(self) -> str:
        self.starts += 1
        return self.base_url

    def failure(self, what: str) -> BackendUnavailable:
        return BackendUnavailable(f"{what}: server log tail")


@pytest.fixture
def wired(
    monkeypatch: pytest.MonkeyPatch, stub: OpenAIStub, fast: Settings
) -> tuple[EmbeddedModel, FakeServer, list[Settings]]:
    server = FakeServer(stub.base_url)
    prepared: list[Settings] = []

    def fake_weights(settings: Settings) -> Path:
        prepared.append(settings)
        return Path("/nowhere/model.gguf")

    monkeypatch.setattr(embedded, "ensure_weights", fake_weights)
    monkeypatch.setattr(embedded, "shared_server", lambda settings, path: server)
    return EmbeddedModel(fast), server, prepared


def test_nothing_starts_before_the_first_call(wired: Any) -> None:
    model, server, prepared = wired
    assert model.info.name == "qwen2.5-coder-1.5b-instruct-q4_k_m"
    assert model.info.backend == "embedded"
    assert (prepared, server.starts) == ([], 0)


def test_calls_go_to_the_server_with_the_schema_grammar(wired: Any, stub: OpenAIStub) -> None:
    model, server, prepared = wired
    stub.queue(completion(GOOD), completion(GOOD))
    for _ in range(2):
        assert model.generate(Figure, MESSAGES, max_tokens=60, usage=UsageMeter()).value == 13
    assert len(prepared) == 1
    assert server.starts == 2  # checked on every call, restarted only when dead
    body = stub.bodies[0]
    assert body["model"] == "qwen2.5-coder-1.5b-instruct-q4_k_m"
    assert body["response_format"]["schema"] == Figure.model_json_schema()


def test_a_dead_server_is_reported_with_its_log(wired: Any, fast: Settings) -> None:
    model, server, _ = wired
    server.base_url = "http://127.0.0.1:9/v1"  # nothing listens on the discard port
    server.running = False
    with pytest.raises(BackendUnavailable, match="lost the embedded model mid-request: server log"):
        model.generate(Figure, MESSAGES, max_tokens=60, usage=UsageMeter())
