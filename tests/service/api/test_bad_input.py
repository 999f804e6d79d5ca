"""Bad input of every kind gets a 4xx in the one error shape, never a 500."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.service.api.conftest import ARTICLE, AppFactory

JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("content", "headers", "status", "code"),
    [
        (b"{not json", JSON, 400, "malformed_json"),
        (b'{"text": "caf\xe9"}', JSON, 400, "malformed_body"),  # latin-1, not UTF-8
        (b"\x89PNG\r\n\x1a\n\x00\x00", JSON, 400, "malformed_body"),
        (
            json.dumps(ARTICLE).encode(),
            {"Content-Type": "text/plain"},
            415,
            "unsupported_media_type",
        ),
        (json.dumps(ARTICLE).encode(), {}, 415, "unsupported_media_type"),
        (b"[]", JSON, 422, "validation_error"),
        (b'{"text": 42}', JSON, 422, "validation_error"),
        (b'{"text": ""}', JSON, 422, "validation_error"),
        (b'{"text": "   \\n  "}', JSON, 422, "validation_error"),
        (b'{"text": "a\\u0000b"}', JSON, 422, "validation_error"),
        (b'{"text": "ok", "unknown": 1}', JSON, 422, "validation_error"),
        (b'{"text": "ok", "id": "' + b"i" * 201 + b'"}', JSON, 422, "validation_error"),
        (b'{"text": "' + b"\\u0001" * 50 + b'"}', JSON, 422, "validation_error"),
        (b'{"text": "ok", "published_at": 1e999}', JSON, 422, "validation_error"),
    ],
)
def test_bad_extraction_bodies(
    client: TestClient, content: bytes, headers: dict[str, str], status: int, code: str
) -> None:
    response = client.post("/v1/extractions", content=content, headers=headers)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/v1/nothing", 404),
        ("DELETE", "/v1/extractions", 405),
        ("GET", "/v1/jobs/" + "j" * 101, 422),
        ("POST", "/v1/jobs/job_missing/cancel", 404),
        ("GET", "/v1/briefings/br_missing", 404),
    ],
)
def test_bad_routes(client: TestClient, method: str, path: str, status: int) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert set(response.json()["error"]) == {"code", "message", "details"}


@pytest.mark.parametrize(
    "body",
    [
        {"articles": [], "extraction_ids": []},
        {"extraction_ids": ["ex_missing"]},
        {"articles": [{"text": ""}]},
    ],
)
def test_bad_briefing_requests(client: TestClient, body: dict[str, object]) -> None:
    response = client.post("/v1/briefings", json=body)
    assert response.status_code in (404, 422), response.text


def test_huge_article_count_is_refused_without_queueing(make_client: AppFactory) -> None:
    client = make_client(max_batch_articles=5)
    response = client.post("/v1/jobs", json={"articles": [{"text": "x"}] * 1000})
    assert response.status_code == 422
    assert "limit is 5" in response.json()["error"]["message"]
