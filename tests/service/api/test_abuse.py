"""Abuse limits: failed key checks per address, a cached readiness probe, Idempotency-Key twins
that run once, and the Allow header of 405 answers."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.api.auth import key_digest
from service.api.limits import RateLimiter
from service.api.routes.health import CachedProbe
from service.config import Settings
from service.errors import InvalidOutput, RateLimited
from service.llm.fake import FakeModel, empty_answer
from tests.service.api.conftest import ARTICLE, AppFactory
from tests.service.database import db_url, postgres_url

__all__ = ["db_url", "postgres_url"]

KEY = "right-key"


def test_failed_key_checks_are_limited_per_address(make_client: AppFactory) -> None:
    client = make_client(api_keys=[key_digest(KEY)], auth_failures_per_minute=5)
    wrong = {"Authorization": "Bearer wrong"}
    codes = [client.get("/v1/jobs", headers=wrong).status_code for _ in range(7)]
    assert codes == [401] * 5 + [429] * 2
    limited = client.get("/v1/jobs", headers={"Authorization": f"Bearer {KEY}"})
    assert limited.status_code == 429, "a blocked address must not get to try more keys"
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["error"]["code"] == "rate_limited"


def test_right_keys_spend_no_failure_budget(make_client: AppFactory) -> None:
    client = make_client(api_keys=[key_digest(KEY)], auth_failures_per_minute=2)
    right = {"Authorization": f"Bearer {KEY}"}
    assert {client.get("/v1/jobs", headers=right).status_code for _ in range(10)} == {200}


def test_refusing_a_spent_key_costs_nothing() -> None:
    limiter = RateLimiter(1, clock=lambda: 0.0)
    limiter.refuse_if_spent("ip")
    limiter.spend("ip")
    with pytest.raises(RateLimited):
        limiter.refuse_if_spent("ip")
    limiter.spend("ip")  # already spent: no error, the event happened anyway


def test_readyz_reuses_its_backend_probe(settings: Settings) -> None:
    probes: list[float] = []

    def probe(_: Settings) -> str:
        probes.append(time.monotonic())
        return "ok"

    app = create_app(settings.model_copy(update={"readiness_cache_s": 60.0}), model_check=probe)
    with TestClient(app) as client:
        assert {client.get("/readyz").status_code for _ in range(20)} == {200}
    assert len(probes) == 1


def test_cached_probe_expires() -> None:
    now = [0.0]
    calls: list[int] = []
    cached = CachedProbe(lambda _: str(calls.append(1) or len(calls)), 5.0, clock=lambda: now[0])
    settings = Settings()
    assert [cached(settings), cached(settings)] == ["1", "1"]
    now[0] = 5.0
    assert cached(settings) == "2"


def _slow_model(calls: list[str], fail_first: bool = False) -> FakeModel:
    lock = threading.Lock()

    def answer(response_model: Any, messages: Any) -> Any:
        with lock:
            calls.append(response_model.__name__)
            first = len(calls) == 1
        time.sleep(0.05)
        if fail_first and first:
            return InvalidOutput("first run fails")
        return empty_answer(response_model)

    return FakeModel(responder=answer, max_retries=0)


def _post_together(client: TestClient, n: int, path: str, body: Any) -> list[Any]:
    headers = {"Idempotency-Key": "twins"}
    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(lambda _: client.post(path, json=body, headers=headers), range(n)))


def test_concurrent_twins_run_once_and_replay(settings: Settings, db_url: str) -> None:
    calls: list[str] = []
    model = _slow_model(calls)
    app = create_app(
        settings.model_copy(
            update={"rate_limit_per_minute": 0, "result_cache": False, "database_url": db_url}
        ),
        model_provider=lambda: model,
    )
    with TestClient(app) as client:
        responses = _post_together(client, 10, "/v1/extractions", ARTICLE)
    assert {r.status_code for r in responses} == {200}
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum("Idempotent-Replayed" in r.headers for r in responses) == 9
    assert calls.count("IncidentList") == 1, "the pipeline must have run once"


def test_a_failed_twin_releases_the_key_for_a_retry(settings: Settings) -> None:
    calls: list[str] = []
    model = _slow_model(calls, fail_first=True)
    app = create_app(
        settings.model_copy(update={"rate_limit_per_minute": 0, "result_cache": False}),
        model_provider=lambda: model,
    )
    text = {"text": "A single sentence, the ministry said.", "id": "one"}
    with TestClient(app) as client:
        headers = {"Idempotency-Key": "retry-me"}
        failed = client.post(
            "/v1/extractions", params={"pipeline": "baseline"}, json=text, headers=headers
        )
        again = client.post(
            "/v1/extractions", params={"pipeline": "baseline"}, json=text, headers=headers
        )
    assert failed.status_code == 502
    assert again.status_code == 200
    assert "Idempotent-Replayed" not in again.headers


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/v1/extractions", "GET, POST"),
        ("PUT", "/v1/extractions/ex_1", "GET"),
        ("GET", "/v1/jobs/job_1/cancel", "POST"),
        ("PATCH", "/v1/jobs", "GET, POST"),
        ("POST", "/readyz", "GET"),
        ("POST", "/docs", "GET"),
    ],
)
def test_405_names_the_allowed_methods(
    client: TestClient, method: str, path: str, allow: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["Allow"] == allow
    assert response.json()["error"]["code"] == "method_not_allowed"
