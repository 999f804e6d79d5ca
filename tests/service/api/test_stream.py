"""`POST /v1/extractions/stream`: claims as Server-Sent Events, then the stored result."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from service.errors import BackendUnavailable
from service.llm.fake import FakeModel
from tests.service.api.conftest import ARTICLE
from tests.service.extract.conftest import responder


def _events(body: str) -> list[tuple[str, dict[str, object]]]:
    events = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


@pytest.fixture
def fake() -> FakeModel:
    return FakeModel(responder=responder())


def test_claims_stream_before_the_stored_result(client: TestClient) -> None:
    response = client.post("/v1/extractions/stream", json=ARTICLE)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    events = _events(response.text)
    names = [name for name, _ in events]
    assert names[-1] == "result"
    assert len(names) > 1
    assert names[:-1] == ["claim"] * (len(names) - 1)
    final = events[-1][1]["result"]
    assert isinstance(final, dict)
    assert client.get(f"/v1/extractions/{final['id']}").json() == final
    streamed = {e[1]["claim"]["evidence"][0]["text"] for e in events[:-1]}  # type: ignore[index]
    stored = {c["evidence"][0]["text"] for c in final["result"]["claims"]}
    assert streamed == stored


def test_bad_input_is_refused_before_the_stream(client: TestClient) -> None:
    response = client.post("/v1/extractions/stream", json={"text": ""})
    assert response.status_code == 422
    assert "error" in response.json()


def test_a_failure_mid_run_ends_the_stream_with_an_error_event(
    client: TestClient, fake: FakeModel
) -> None:
    fake.queue(BackendUnavailable("cannot reach the endpoint"))
    response = client.post("/v1/extractions/stream", json=ARTICLE)
    assert response.status_code == 200
    name, payload = _events(response.text)[-1]
    assert name == "error"
    assert payload["error"] == {
        "code": "backend_unavailable",
        "message": "cannot reach the endpoint",
        "details": {},
    }
