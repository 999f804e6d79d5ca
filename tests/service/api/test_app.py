from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.api.auth import key_digest
from service.config import Settings
from service.llm.fake import FakeModel
from tests.service.api.conftest import ARTICLE

LIMITS = {"max_article_chars": 20, "api_keys": [key_digest("k")]}


@pytest.mark.parametrize(
    ("headers", "status", "message"),
    [
        ({}, 401, "API key"),  # api_keys reached the auth dependency
        ({"Authorization": "Bearer k"}, 422, "the limit is 20"),  # max_article_chars: the route
    ],
)
@pytest.mark.parametrize("given", [True, False], ids=["given", "from-get_settings"])
def test_routes_use_the_settings_the_app_is_given_else_get_settings(
    monkeypatch: pytest.MonkeyPatch,
    fake: FakeModel,
    given: bool,
    headers: dict[str, str],
    status: int,
    message: str,
) -> None:
    if given:
        app = create_app(Settings.model_validate(LIMITS), model_provider=lambda: fake)
    else:
        for name, value in LIMITS.items():
            monkeypatch.setenv(f"EVENHAND_{name.upper()}", json.dumps(value))
        app = create_app(model_provider=lambda: fake)
    with TestClient(app) as client:
        response = client.post("/v1/extractions", json=ARTICLE, headers=headers)
    assert response.status_code == status
    assert message in response.json()["error"]["message"]
