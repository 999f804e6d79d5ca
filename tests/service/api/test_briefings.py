from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from schemas.briefing import Briefing
from service.llm.fake import FakeModel
from tests.service.api.conftest import ARTICLE, AppFactory, drain


@pytest.fixture
def fake() -> FakeModel:
    clash = {"title": "Border clash", "event_type": "battles", "date": "2021-11-16"}
    return FakeModel.empty(IncidentList={"incidents": [clash]})


OTHER = {
    "text": "Rebels said they had not attacked the base. The ministry said seven were killed.",
    "id": "a2",
}


def test_briefing_from_articles_and_stored_extractions(client: TestClient) -> None:
    stored = client.post("/v1/extractions", json=OTHER).json()["id"]
    response = client.post(
        "/v1/briefings", json={"articles": [ARTICLE], "extraction_ids": [stored]}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"].startswith("br_")
    Briefing.model_validate(body["briefing"])
    assert body["markdown"]
    assert body["extraction_ids"][0] == stored
    assert len(body["extraction_ids"]) == 2
    assert client.get(f"/v1/briefings/{body['id']}").json() == body
    assert [b["id"] for b in client.get("/v1/briefings").json()["items"]] == [body["id"]]


@pytest.mark.parametrize(
    ("params", "overrides"),
    [({"wait": "false"}, {}), ({}, {"sync_max_chars": 20})],
    ids=["wait-false", "long-text"],
)
def test_queued_briefing_is_one_job_item(
    make_client: AppFactory, params: dict[str, str], overrides: dict[str, int]
) -> None:
    client = make_client(**overrides)
    accepted = client.post("/v1/briefings", params=params, json={"articles": [ARTICLE, OTHER]})
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["kind"] == "brief"
    assert drain(client) == 1
    job = client.get(accepted.headers["Location"]).json()
    assert job["status"] == "completed", job
    briefing = client.get(f"/v1/briefings/{job['items'][0]['result_id']}").json()
    assert len(briefing["extraction_ids"]) == 2


def test_seed_article_briefing(client: TestClient) -> None:
    seed = Path(__file__).resolve().parents[4] / "shared/seed/armenia-azerbaijan-2021-11-17.txt"
    if not seed.is_file():
        pytest.skip("the shared seed article is not available")
    response = client.post("/v1/briefings", json={"articles": [{"text": seed.read_text()}]})
    assert response.status_code == 200, response.text
