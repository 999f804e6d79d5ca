from __future__ import annotations

from collections.abc import Iterator

import pytest

from service.api.limits import RateLimiter
from service.errors import RateLimited
from tests.service.api.conftest import ARTICLE, AppFactory


def test_declared_oversize_body_is_refused_before_reading(make_client: AppFactory) -> None:
    client = make_client(max_body_bytes=1000)
    response = client.post("/v1/extractions", json={**ARTICLE, "text": "x" * 5000})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_streamed_oversize_body_is_cut_off(make_client: AppFactory) -> None:
    client = make_client(max_body_bytes=1000)
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            sent.append(1)
            yield b" " * 100

    response = client.post(
        "/v1/extractions", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_rate_limit_answers_429_with_retry_after(make_client: AppFactory) -> None:
    client = make_client(rate_limit_per_minute=2)
    codes = [client.get("/v1/jobs").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    limited = client.get("/v1/jobs")
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["error"]["code"] == "rate_limited"
    assert client.get("/healthz").status_code == 200


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("per_minute", "burst"), [(60, 60), (1, 1), (120, 120)])
def test_token_bucket_refills(per_minute: int, burst: int) -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute, clock=clock)
    for _ in range(burst):
        limiter.check("k")
    with pytest.raises(RateLimited) as caught:
        limiter.check("k")
    assert caught.value.retry_after_s == pytest.approx(60 / per_minute)
    limiter.check("other-key")
    clock.now += 60 / per_minute
    limiter.check("k")


def test_zero_means_unlimited() -> None:
    limiter = RateLimiter(0)
    for _ in range(1000):
        limiter.check("k")
