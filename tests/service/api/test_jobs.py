from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from service.config import Settings
from service.errors import BackendUnavailable, InvalidOutput
from service.llm.fake import FakeModel
from tests.service.api.conftest import ARTICLE, AppFactory, drain, services


def _articles(n: int) -> list[dict[str, str]]:
    return [
        {"text": f"Report {i}: two people were injured, police said.", "id": f"r{i}"}
        for i in range(n)
    ]


def test_batch_job_progress_results_and_listing(client: TestClient) -> None:
    accepted = client.post("/v1/jobs", json={"articles": _articles(3)})
    assert accepted.status_code == 202, accepted.text
    job = accepted.json()
    assert job["progress"] == {
        "total": 3,
        "queued": 3,
        "running": 0,
        "done": 0,
        "failed": 0,
        "cancelled": 0,
    }
    assert drain(client) == 3
    done = client.get(f"/v1/jobs/{job['id']}").json()
    assert done["status"] == "completed"
    assert done["finished_at"] is not None
    assert [i["article_id"] for i in done["items"]] == ["r0", "r1", "r2"]
    assert all(i["result_id"].startswith("ex_") for i in done["items"])
    assert [j["id"] for j in client.get("/v1/jobs").json()["items"]] == [job["id"]]


def test_failed_items_carry_their_error(make_client: AppFactory, fake: FakeModel) -> None:
    client = make_client(job_max_attempts=1)
    fake.queue(BackendUnavailable("backend down"))
    job = client.post("/v1/jobs", json={"articles": _articles(2)}).json()
    drain(client)
    done = client.get(f"/v1/jobs/{job['id']}").json()
    assert done["status"] == "completed"
    errors = [item["error"] for item in done["items"]]
    assert errors[0] == {"code": "backend_unavailable", "message": "backend down", "details": {}}
    assert errors[1] is None


def test_a_model_failure_is_retried_per_policy(make_client: AppFactory, fake: FakeModel) -> None:
    client = make_client(job_max_attempts=2, job_retry_delay_s=0.0)
    fake.queue(BackendUnavailable("backend down"))
    job = client.post("/v1/jobs", json={"articles": _articles(1)}).json()
    drain(client)
    [item] = client.get(f"/v1/jobs/{job['id']}").json()["items"]
    assert (item["status"], item["attempts"], item["error"]) == ("done", 2, None)


def test_an_item_whose_run_failed_fails_with_the_reason(
    make_client: AppFactory, fake: FakeModel
) -> None:
    client = make_client(job_max_attempts=2, job_retry_delay_s=0.0)
    fake._responder = lambda m, msgs: InvalidOutput("prose, not JSON")
    job = client.post("/v1/jobs", json={"articles": _articles(1)}).json()
    drain(client)
    done = client.get(f"/v1/jobs/{job['id']}").json()
    assert done["status"] == "failed"
    [item] = done["items"]
    assert (item["status"], item["attempts"]) == ("failed", 2)
    assert item["error"]["code"] == "model_output_invalid"
    assert "no model call succeeded" in item["error"]["message"]
    assert item["error"]["details"]["failures"]


def test_cancel_stops_the_rest_and_second_cancel_conflicts(client: TestClient) -> None:
    job = client.post("/v1/jobs", json={"articles": _articles(2)}).json()
    cancelled = client.post(f"/v1/jobs/{job['id']}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert drain(client) == 0
    again = client.post(f"/v1/jobs/{job['id']}/cancel")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"articles": []}, 422),
        ({"articles": _articles(4)}, 422),  # over max_batch_articles=3
        ({"articles": [{"text": "x" * 101}]}, 422),  # over max_article_chars=100
        ({"articles": [ARTICLE], "concurrency": 0}, 422),
        ({"articles": [ARTICLE], "pipeline": "nope"}, 422),
    ],
)
def test_bad_batches_are_refused(
    make_client: AppFactory, body: dict[str, object], status: int
) -> None:
    client = make_client(max_batch_articles=3, max_article_chars=100)
    response = client.post("/v1/jobs", json=body)
    assert response.status_code == status, response.text
    assert services(client).queue.depth() == {"queued": 0, "running": 0}


def test_in_process_worker_runs_submitted_jobs(api_settings: Settings, fake: FakeModel) -> None:
    from service.api.app import create_app

    app = create_app(api_settings, model_provider=lambda: fake, workers=2)
    with TestClient(app) as client:
        job = client.post("/v1/jobs", json={"articles": _articles(4)}).json()
        deadline = time.monotonic() + 10
        while client.get(f"/v1/jobs/{job['id']}").json()["status"] != "completed":
            assert time.monotonic() < deadline, "in-process worker did not finish the job"
            time.sleep(0.05)
