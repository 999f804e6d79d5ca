from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.api.routes.health import model_readiness
from service.config import Settings
from tests.service.api.conftest import ARTICLE, drain


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "checks": {}}


def test_readyz_reports_each_check(client: TestClient) -> None:
    assert client.get("/readyz").json() == {
        "status": "ok",
        "checks": {"database": "ok", "model": "ok"},
    }


def test_readyz_fails_with_503_when_the_model_is_not_loadable(settings: Settings) -> None:
    app = create_app(settings, model_check=lambda _: "weights missing")
    with TestClient(app) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["error"]["details"]["checks"]["model"] == "weights missing"


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        ({"base_url": "http://127.0.0.1:9/v1", "model": "m"}, "model endpoint unreachable"),
        ({"local_model": "smollm2-135m", "cache_dir": Path("/nonexistent")}, None),
    ],
)
def test_model_readiness(
    settings: Settings, update: dict[str, object], expected: str | None
) -> None:
    state = model_readiness(settings.model_copy(update=update))
    if expected is None:
        # Depends on what this machine has installed; otherwise it says how to get it.
        assert state == "ok" or "install" in state or "make llama-server" in state
    else:
        assert state.startswith(expected)


def test_metrics_cover_requests_model_and_queue(client: TestClient) -> None:
    client.post("/v1/extractions", json=ARTICLE)
    client.post("/v1/jobs", json={"articles": [ARTICLE]})
    client.get("/v1/extractions/ex_missing")
    drain(client)
    text = client.get("/metrics").text
    for needle in (
        'evenhand_http_requests_total{method="POST",route="/v1/extractions",status="200"} 1.0',
        'evenhand_http_requests_total{method="GET",route="/v1/extractions/{extraction_id}",'
        'status="404"} 1.0',
        "evenhand_http_request_duration_seconds_bucket",
        "evenhand_model_calls_total",
        'evenhand_model_tokens_total{kind="prompt"}',
        'evenhand_extractions_total{outcome="ok"} 2.0',
        'evenhand_job_items_total{outcome="done"} 1.0',
        'evenhand_jobs_finished_total{status="completed"} 1.0',
        'evenhand_job_queue_depth{state="queued"} 0.0',
    ):
        assert needle in text, needle
