from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.api.auth import ANONYMOUS, Caller, authenticate, key_digest
from service.errors import Unauthorized
from tests.service.api.conftest import AppFactory

KEY = "s3cret-key"


@pytest.fixture
def protected(make_client: AppFactory) -> TestClient:
    return make_client(api_keys=[key_digest(KEY), key_digest("other")])


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong"}, 401),
        ({"Authorization": f"Basic {KEY}"}, 401),
        ({"Authorization": "Bearer "}, 401),
        ({"Authorization": f"Bearer {KEY}"}, 200),
        ({"Authorization": f"bearer {KEY}"}, 200),
    ],
)
def test_protected_endpoints_need_a_known_key(
    protected: TestClient, headers: dict[str, str], status: int
) -> None:
    for path in ("/v1/jobs", "/v1/extractions", "/v1/briefings", "/metrics"):
        response = protected.get(path, headers=headers)
        assert response.status_code == status, path
        if status == 401:
            assert response.headers["WWW-Authenticate"] == "Bearer"
            assert response.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/openapi.json"])
def test_health_and_docs_stay_open(protected: TestClient, path: str) -> None:
    assert protected.get(path).status_code == 200


def test_no_keys_means_anonymous() -> None:
    assert authenticate(None, []) == Caller(ANONYMOUS)


def test_digest_comparison_ignores_case_of_configured_digest() -> None:
    assert authenticate(f"Bearer {KEY}", [key_digest(KEY).upper()]) == Caller(key_digest(KEY)[:16])
    with pytest.raises(Unauthorized):
        authenticate(f"Bearer {KEY}x", [key_digest(KEY)])
