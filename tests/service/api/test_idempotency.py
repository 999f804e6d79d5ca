from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.service.api.conftest import ARTICLE, services


@pytest.mark.parametrize(
    ("path", "params"),
    [("/v1/jobs", {}), ("/v1/extractions", {}), ("/v1/extractions", {"wait": "false"})],
)
def test_same_key_same_body_replays(client: TestClient, path: str, params: dict[str, str]) -> None:
    body = {"articles": [ARTICLE]} if path == "/v1/jobs" else ARTICLE
    headers = {"Idempotency-Key": "key-1"}
    first = client.post(path, json=body, params=params, headers=headers)
    second = client.post(path, json=body, params=params, headers=headers)
    assert first.status_code in (200, 202)
    assert second.status_code == first.status_code
    assert second.json() == first.json()
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert second.headers.get("Location") == first.headers.get("Location")
    assert services(client).queue.depth()["queued"] <= 1


def test_same_key_other_body_conflicts(client: TestClient) -> None:
    headers = {"Idempotency-Key": "key-2"}
    assert client.post("/v1/jobs", json={"articles": [ARTICLE]}, headers=headers).status_code == 202
    other = {"articles": [{**ARTICLE, "text": "Another text entirely."}]}
    response = client.post("/v1/jobs", json=other, headers=headers)
    assert response.status_code == 409
    assert "Idempotency-Key" in response.json()["error"]["message"]


@pytest.mark.parametrize("key", [b"", b"x" * 201, b"has space", "ünïcode".encode()])
def test_malformed_keys_are_refused(client: TestClient, key: bytes) -> None:
    response = client.post(
        "/v1/jobs", json={"articles": [ARTICLE]}, headers={"Idempotency-Key": key}
    )
    assert response.status_code == 422
