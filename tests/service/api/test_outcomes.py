"""Failed runs are failures, not empty successes: the real OpenAI-client path against a loopback
backend that answers every call badly (HTTP 500, prose, broken JSON, truncation, no choices)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from service.llm.factory import stop_embedded
from tests.service.api.conftest import ARTICLE, drain
from tests.service.llm.openai_stub import OpenAIStub, Reply, completion, error

BAD_REPLIES: dict[str, Reply] = {
    "http-500": error(500),
    "prose": completion("I am sorry, I cannot answer that in JSON."),
    "invalid-json": completion('{"incidents": [ {"title": '),
    "finish-length": completion('{"incidents": []', finish_reason="length"),
    "malformed-body": Reply(body={"unexpected": True}),
    "no-choices": Reply(body={"id": "x", "object": "chat.completion", "choices": []}),
}


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub() as server:
        yield server
    stop_embedded()  # forget the cached client of this endpoint


@pytest.fixture
def client(settings: Settings, stub: OpenAIStub) -> Iterator[TestClient]:
    configured = settings.model_copy(
        update={
            "base_url": stub.base_url,
            "model": "stub-model",
            "mode": "json",
            "transport_retries": 0,
            "validation_retries": 0,
            "rate_limit_per_minute": 0,
            "job_max_attempts": 1,
        }
    )
    with TestClient(create_app(configured), raise_server_exceptions=False) as test_client:
        yield test_client


def _always(stub: OpenAIStub, reply: Reply) -> None:
    stub.queue(*[reply] * 60)


def _is_model_error(body: dict[str, Any]) -> None:
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["details"]["outcome"] == "failed"
    assert body["error"]["details"]["failures"]


@pytest.mark.parametrize("reply", BAD_REPLIES.values(), ids=BAD_REPLIES.keys())
def test_an_extraction_where_every_call_fails_is_502_and_not_stored(
    client: TestClient, stub: OpenAIStub, settings: Settings, reply: Reply
) -> None:
    _always(stub, reply)
    response = client.post("/v1/extractions", json=ARTICLE)
    assert response.status_code == 502, response.text
    _is_model_error(response.json())
    assert client.get("/v1/extractions").json()["items"] == []
    assert not list((settings.data_dir / "results").rglob("*.json")), "never cached"


def test_a_briefing_with_the_backend_down_is_502_not_zero_claims(
    client: TestClient, stub: OpenAIStub
) -> None:
    response = client.post("/v1/briefings", json={"articles": [ARTICLE]})
    assert response.status_code == 502, response.text
    _is_model_error(response.json())
    assert client.get("/v1/briefings").json()["items"] == []


def test_a_job_item_whose_run_failed_fails_and_so_does_the_job(
    client: TestClient, stub: OpenAIStub
) -> None:
    accepted = client.post("/v1/extractions", params={"wait": "false"}, json=ARTICLE)
    assert accepted.status_code == 202
    drain(client)
    job = client.get(accepted.headers["Location"]).json()
    assert job["status"] == "failed"
    [item] = job["items"]
    assert item["status"] == "failed"
    assert item["error"]["code"] == "backend_transport_error"
    assert item["error"]["details"]["failures"]
