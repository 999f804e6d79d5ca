from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.api.auth import key_digest
from service.config import Settings, get_settings
from service.llm.fake import FakeModel
from tests.service.api.conftest import ARTICLE

LIMITS = {"max_article_chars": "20", "api_keys": f'["{key_digest("k")}"]'}


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),  # api_keys reached the auth dependency
        ({"Authorization": "Bearer k"}, 400),  # max_article_chars reached the route
    ],
)
@pytest.mark.parametrize("explicit", [True, False], ids=["given", "from-get_settings"])
def test_routes_keep_the_settings_the_app_was_built_from(
    monkeypatch: pytest.MonkeyPatch,
    fake: FakeModel,
    explicit: bool,
    headers: dict[str, str],
    status: int,
) -> None:
    for name, value in LIMITS.items():
        monkeypatch.setenv(f"EVENHAND_{name.upper()}", value)
    get_settings.cache_clear()
    app = create_app(Settings() if explicit else None, model_provider=lambda: fake)
    for name in LIMITS:  # what `get_settings()` returns from now on must not matter
        monkeypatch.delenv(f"EVENHAND_{name.upper()}")
    get_settings.cache_clear()
    with TestClient(app) as client:
        assert client.post("/v1/extractions", json=ARTICLE, headers=headers).status_code == status
