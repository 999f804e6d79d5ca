"""The seed article with a hand-written extraction (one source wrong on purpose), an app on a
fresh database, and the same app served over HTTP for the CLI client and the browser."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from schemas.result import ExtractionResult
from service.api.app import create_app
from service.config import Settings
from service.llm.fake import FakeModel
from tests.paths import REPO, SEED
from tests.service.api.conftest import api_settings, fake, make_client

__all__ = ["api_settings", "fake", "make_client"]

SEED_EXTRACTION = REPO / "examples" / "seed-review.json"


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SEED_EXTRACTION.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def seed_result(seed_json: dict[str, Any]) -> ExtractionResult:
    return ExtractionResult.model_validate(seed_json)


def import_seed(client: TestClient, seed_json: dict[str, Any], seed_text: str) -> str:
    reply = client.post("/v1/extractions/import", json={**seed_json, "text": seed_text})
    assert reply.status_code == 201, reply.text
    extraction_id: str = reply.json()["id"]
    return extraction_id


@pytest.fixture
def client(make_client: Any) -> TestClient:
    built: TestClient = make_client()
    return built


@pytest.fixture
def seeded(client: TestClient, seed_json: dict[str, Any], seed_text: str) -> str:
    return import_seed(client, seed_json, seed_text)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server_url(api_settings: Settings, fake: FakeModel) -> Iterator[str]:
    """The app on a loopback port (uvicorn in a thread), stopped after the test."""
    app = create_app(api_settings, model_provider=lambda: fake)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
