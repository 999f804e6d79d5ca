from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from schemas.result import ExtractionResult
from service.errors import BackendUnavailable, InvalidOutput, TransportError
from service.llm.fake import FakeModel
from tests.service.api.conftest import ARTICLE, AppFactory, drain


def test_extraction_is_returned_stored_and_listed(client: TestClient, fake: FakeModel) -> None:
    created = client.post("/v1/extractions", json=ARTICLE)
    assert created.status_code == 200, created.text
    body = created.json()
    assert body["id"].startswith("ex_")
    result = ExtractionResult.model_validate(body["result"])
    assert result.article.id == "a1"
    assert result.meta.backend == "fake"
    assert fake.requests, "the real pipeline must have asked the model"
    assert client.get(f"/v1/extractions/{body['id']}").json() == body
    listed = client.get("/v1/extractions").json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert listed["next_cursor"] is None


@pytest.mark.parametrize("pipeline", ["default", "baseline"])
def test_pipeline_is_chosen_per_request(client: TestClient, pipeline: str) -> None:
    body = client.post("/v1/extractions", params={"pipeline": pipeline}, json=ARTICLE).json()
    assert body["pipeline"] == pipeline
    assert body["result"]["meta"]["pipeline"] == pipeline


@pytest.mark.parametrize(
    ("params", "overrides"),
    [({"wait": "false"}, {}), ({}, {"sync_max_chars": 10})],
    ids=["wait-false", "long-text"],
)
def test_queued_extraction_returns_job_then_completes(
    make_client: AppFactory, params: dict[str, str], overrides: dict[str, int]
) -> None:
    client = make_client(**overrides)
    accepted = client.post("/v1/extractions", params=params, json=ARTICLE)
    assert accepted.status_code == 202, accepted.text
    job = accepted.json()
    assert accepted.headers["Location"] == f"/v1/jobs/{job['id']}"
    assert job["status"] == "queued"
    assert drain(client) == 1
    done = client.get(accepted.headers["Location"]).json()
    assert done["status"] == "completed"
    (item,) = done["items"]
    assert item["article_id"] == "a1"
    extraction = client.get(f"/v1/extractions/{item['result_id']}").json()
    assert extraction["article_id"] == "a1"


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (BackendUnavailable("no backend"), 503, "backend_unavailable"),
        (TransportError("timeouts"), 502, "backend_transport_error"),
    ],
)
def test_model_failures_map_to_gateway_errors(
    client: TestClient, fake: FakeModel, error: Exception, status: int, code: str
) -> None:
    fake.queue(error, error, error, error)
    response = client.post("/v1/extractions", json=ARTICLE)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


def test_invalid_model_output_is_dropped_not_fatal(client: TestClient, fake: FakeModel) -> None:
    fake.queue(InvalidOutput("still invalid"))
    response = client.post("/v1/extractions", json=ARTICLE)
    assert response.status_code == 200
    body = response.json()
    assert body["result"]["meta"]["dropped"]["failed_calls"] == 1
    assert body["status"] == body["result"]["meta"]["status"] == "partial"
    assert body["result"]["meta"]["failures"][0]["code"] == "model_output_invalid"
    assert client.get("/v1/extractions").json()["items"][0]["status"] == "partial"


def test_slow_model_ends_with_504(make_client: AppFactory, fake: FakeModel) -> None:
    import time

    def slow(response_model: type, messages: object) -> object:
        time.sleep(1.0)
        return {}

    fake.queue(slow)
    client = make_client(request_model_timeout_s=0.2)
    started = time.perf_counter()
    response = client.post("/v1/extractions", json=ARTICLE)
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "model_timeout"
    assert time.perf_counter() - started < 0.9


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/v1/extractions/ex_missing", 404),
        ("/v1/extractions?limit=0", 422),
        ("/v1/extractions?limit=101", 422),
        ("/v1/extractions?cursor=bogus", 422),
    ],
)
def test_reads_reject_bad_requests(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert set(response.json()["error"]) == {"code", "message", "details"}
