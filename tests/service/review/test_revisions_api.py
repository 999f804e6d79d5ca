from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from evals.loader import load_fixture, write_fixture
from service.api.auth import key_digest
from tests.service.review.conftest import import_seed
from tests.service.review.test_corrections import EDITED


def _post(client: TestClient, ex: str, base: int, change: dict[str, Any]) -> Any:
    return client.post(f"/v1/extractions/{ex}/revisions", json={"base": base, "change": change})


def test_corrections_are_revisions_with_history_and_the_model_output_stays(
    client: TestClient, seeded: str, seed_json: dict[str, Any]
) -> None:
    first = _post(client, seeded, 0, {"op": "edit_claim", "claim_id": "c2", "claim": EDITED})
    assert first.status_code == 201, first.text
    assert first.json()["number"] == 1
    assert _post(client, seeded, 1, {"op": "reject", "claim_id": "c5"}).status_code == 201
    review = client.get(f"/v1/extractions/{seeded}/review").json()
    assert review["revision"] == 2
    assert review["status"] == {"c2": "edited", "c5": "rejected"}
    assert [(h["number"], h["action"], h["author"]) for h in review["history"]] == [
        (1, "edit_claim", "anonymous"),
        (2, "reject", "anonymous"),
    ]
    assert review["result"]["claims"][1]["source"]["name"] == "Armenian Defence Ministry"
    assert client.get(f"/v1/extractions/{seeded}").json()["result"] == seed_json


def test_a_change_made_on_an_old_revision_is_a_conflict(client: TestClient, seeded: str) -> None:
    assert _post(client, seeded, 0, {"op": "accept", "claim_id": "c1"}).status_code == 201
    stale = _post(client, seeded, 0, {"op": "reject", "claim_id": "c1"})
    assert stale.status_code == 409
    assert "revision 1" in stale.json()["error"]["message"]


def test_unknown_extraction_is_404(client: TestClient) -> None:
    assert _post(client, "ex_0", 0, {"op": "accept", "claim_id": "c1"}).status_code == 404
    assert client.get("/v1/extractions/ex_0/fixture").status_code == 404


def test_exported_fixture_passes_the_loader(
    client: TestClient, seeded: str, seed_text: str, tmp_path: Path
) -> None:
    _post(client, seeded, 0, {"op": "edit_claim", "claim_id": "c2", "claim": EDITED})
    _post(client, seeded, 1, {"op": "reject", "claim_id": "c5"})
    reply = client.get(f"/v1/extractions/{seeded}/fixture")
    assert reply.status_code == 200, reply.text
    assert 'filename="armenia-azerbaijan-2021-11-17.yaml"' in reply.headers["content-disposition"]
    loaded = load_fixture(write_fixture(reply.text, tmp_path))
    fixture = loaded.fixture
    assert fixture.text == seed_text
    assert [c.source.name for c in fixture.claims] == [
        "Armenian Defence Ministry",
        "Armenian Defence Ministry",
        "Azerbaijani Defence Ministry",
        "Armenian Foreign Ministry",
    ]
    captured = [c for c in fixture.contested if c.category == "captured"]
    assert len(captured) == 1
    assert sorted((v.source, v.low) for v in captured[0].values) == [
        ("Armenian Defence Ministry", 13),
        ("Armenian Foreign Ministry", 12),
    ]


def test_an_invalid_fixture_is_refused_with_the_field(client: TestClient, seeded: str) -> None:
    reply = client.get(f"/v1/extractions/{seeded}/fixture", params={"fixture_id": "Not Kebab"})
    assert reply.status_code == 422
    assert "id: " in reply.json()["error"]["message"]


@pytest.mark.parametrize("path", ["/review", "/review/extractions/{id}"])
def test_pages_with_keys_need_one(
    make_client: Any, seed_json: dict[str, Any], seed_text: str, path: str
) -> None:
    client = make_client(api_keys=[key_digest("secret")])
    client.headers["Authorization"] = "Bearer secret"
    ex = import_seed(client, seed_json, seed_text)
    url = path.format(id=ex)
    assert client.get(url).status_code == 200
    del client.headers["Authorization"]
    anonymous = client.get(url, follow_redirects=False)
    assert (anonymous.status_code, anonymous.headers["location"]) == (303, "/review/login")
    assert client.post("/review/login", json={"key": "wrong"}).status_code == 401
    assert client.post("/review/login", json={"key": "secret"}).status_code == 200
    assert client.get(url).status_code == 200  # the cookie now
