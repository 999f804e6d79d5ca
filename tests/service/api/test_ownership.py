"""Every route with two keys (and an admin key), on SQLite and PostgreSQL: what a key creates
is its own; another key gets 404 for it and never sees it in a list; an admin key sees all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.api.auth import key_digest
from tests.service.api.conftest import ARTICLE, AppFactory, drain
from tests.service.database import db_url, postgres_url

__all__ = ["db_url", "postgres_url"]

OWNER, OTHER, ADMIN = "key-owner", "key-other", "key-admin"
OTHER_ARTICLE = {"text": "Rebels said they had not attacked the base.", "id": "a2"}


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@dataclass
class Owned:
    extraction: str
    briefing: str
    job: str
    job_extraction: str


@pytest.fixture
def client(make_client: AppFactory, db_url: str) -> TestClient:
    return make_client(
        database_url=db_url,
        api_keys=[key_digest(OWNER), key_digest(OTHER)],
        admin_keys=[key_digest(ADMIN)],
    )


@pytest.fixture
def owned(client: TestClient) -> Owned:
    headers = _auth(OWNER)
    extraction = client.post("/v1/extractions", json=ARTICLE, headers=headers).json()["id"]
    briefing = client.post(
        "/v1/briefings", json={"extraction_ids": [extraction]}, headers=headers
    ).json()["id"]
    job = client.post("/v1/jobs", json={"articles": [OTHER_ARTICLE]}, headers=headers).json()
    drain(client)
    done = client.get(f"/v1/jobs/{job['id']}", headers=headers).json()
    return Owned(extraction, briefing, job["id"], done["items"][0]["result_id"])


def _reads(owned: Owned) -> list[tuple[str, str]]:
    return [
        ("GET", f"/v1/extractions/{owned.extraction}"),
        ("GET", f"/v1/extractions/{owned.job_extraction}"),
        ("GET", f"/v1/briefings/{owned.briefing}"),
        ("GET", f"/v1/jobs/{owned.job}"),
    ]


def _listed(client: TestClient, key: str) -> dict[str, set[str]]:
    return {
        path: {item["id"] for item in client.get(path, headers=_auth(key)).json()["items"]}
        for path in ("/v1/extractions", "/v1/briefings", "/v1/jobs")
    }


def test_another_key_gets_404_for_every_object(client: TestClient, owned: Owned) -> None:
    for method, path in _reads(owned):
        assert client.request(method, path, headers=_auth(OWNER)).status_code == 200, path
        response = client.request(method, path, headers=_auth(OTHER))
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"


def test_another_key_lists_nothing_of_it(client: TestClient, owned: Owned) -> None:
    assert _listed(client, OTHER) == {
        "/v1/extractions": set(),
        "/v1/briefings": set(),
        "/v1/jobs": set(),
    }
    assert _listed(client, OWNER) == {
        "/v1/extractions": {owned.extraction, owned.job_extraction},
        "/v1/briefings": {owned.briefing},
        "/v1/jobs": {owned.job},
    }


def test_another_key_cannot_cancel_or_brief_from_it(client: TestClient, owned: Owned) -> None:
    job = client.post("/v1/jobs", json={"articles": [ARTICLE]}, headers=_auth(OWNER)).json()["id"]
    assert client.post(f"/v1/jobs/{job}/cancel", headers=_auth(OTHER)).status_code == 404
    assert client.get(f"/v1/jobs/{job}", headers=_auth(OWNER)).json()["status"] == "queued"
    response = client.post(
        "/v1/briefings", json={"extraction_ids": [owned.extraction]}, headers=_auth(OTHER)
    )
    assert response.status_code == 404
    queued = client.post(
        "/v1/briefings",
        params={"wait": "false"},
        json={"extraction_ids": [owned.extraction]},
        headers=_auth(OTHER),
    )
    assert queued.status_code == 404


def test_idempotency_keys_are_per_api_key(client: TestClient) -> None:
    headers = {"Idempotency-Key": "same-key"}
    first = client.post("/v1/extractions", json=ARTICLE, headers={**headers, **_auth(OWNER)})
    other = client.post("/v1/extractions", json=ARTICLE, headers={**headers, **_auth(OTHER)})
    assert first.status_code == other.status_code == 200
    assert "Idempotent-Replayed" not in other.headers
    assert other.json()["id"] != first.json()["id"]


def test_admin_key_sees_and_cancels_everything(client: TestClient, owned: Owned) -> None:
    for method, path in _reads(owned):
        assert client.request(method, path, headers=_auth(ADMIN)).status_code == 200, path
    listed = _listed(client, ADMIN)
    assert owned.extraction in listed["/v1/extractions"]
    assert owned.briefing in listed["/v1/briefings"]
    assert owned.job in listed["/v1/jobs"]
    job = client.post("/v1/jobs", json={"articles": [ARTICLE]}, headers=_auth(OWNER)).json()
    cancelled = client.post(f"/v1/jobs/{job['id']}/cancel", headers=_auth(ADMIN))
    assert cancelled.status_code == 200


def test_what_an_admin_creates_is_its_own(client: TestClient) -> None:
    created: Any = client.post("/v1/extractions", json=ARTICLE, headers=_auth(ADMIN)).json()
    path = f"/v1/extractions/{created['id']}"
    assert client.get(path, headers=_auth(OWNER)).status_code == 404
