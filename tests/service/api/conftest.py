"""An app on a fresh SQLite database with an empty FakeModel, driven through TestClient."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.api.deps import Services
from service.config import Settings
from service.jobs.worker import Worker
from service.llm.fake import FakeModel

ARTICLE = {
    "text": "Seven soldiers were killed on Tuesday, the ministry said. Rebels denied it.",
    "id": "a1",
    "title": "Seven soldiers killed",
}


@pytest.fixture
def api_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"rate_limit_per_minute": 0, "result_cache": False})


@pytest.fixture
def fake() -> FakeModel:
    return FakeModel.empty()


AppFactory = Callable[..., TestClient]


@pytest.fixture
def make_client(api_settings: Settings, fake: FakeModel) -> Iterator[AppFactory]:
    """Build a started client; keyword arguments override settings fields."""
    clients: list[TestClient] = []

    def build(**overrides: Any) -> TestClient:
        app = create_app(api_settings.model_copy(update=overrides), model_provider=lambda: fake)
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: AppFactory) -> TestClient:
    return make_client()


def services(client: TestClient) -> Services:
    app: FastAPI = client.app  # type: ignore[assignment]
    result: Services = app.state.services
    return result


def drain(client: TestClient) -> int:
    """Run queued job items in this thread until none is left; returns how many ran."""
    s = services(client)
    worker = Worker(
        s.queue, s.executor, s.telemetry, retry_delay_s=s.executor.settings.job_retry_delay_s
    )
    ran = 0
    while worker.run_once() is not None:
        ran += 1
    return ran
