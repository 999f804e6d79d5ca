"""/docs and /redoc render in headless Chromium with no internet: every asset comes from the
server itself (the `fastapi-offline` package's Swagger UI and ReDoc bundles).

Chromium is installed by `make test` (scripts/ensure-browser.sh); without it the test is skipped,
except in CI, where a missing browser fails it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from service.api.app import create_app
from service.config import Settings
from service.llm.fake import FakeModel
from tests.browser import CHROMIUM
from tests.browser import FLAGS as BROWSER_FLAGS

FLAGS = ("--headless", *BROWSER_FLAGS)


@pytest.fixture(scope="module")
def chromium() -> str:
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing; `make test` installs it (scripts/ensure-browser.sh)")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    return CHROMIUM


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(settings, model_provider=FakeModel.empty)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the API server did not start"
        time.sleep(0.05)
    yield base
    running.should_exit = True
    thread.join(10)


def _rendered_dom(chromium: str, url: str, profile: Path) -> str:
    done = subprocess.run(
        [
            chromium,
            *FLAGS,
            f"--user-data-dir={profile}",
            "--virtual-time-budget=15000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_pages_load_no_asset_from_elsewhere(server: str) -> None:
    for page in ("/docs", "/redoc"):
        html = httpx.get(server + page).text
        assert "https://" not in html, page
        assert "http://" not in html.replace(server, ""), page
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        response = httpx.get(f"{server}/docs/assets/{asset}")
        assert response.status_code == 200
        assert len(response.content) > 100_000, asset


def test_swagger_ui_renders_the_api_offline(chromium: str, server: str, tmp_path: Path) -> None:
    dom = _rendered_dom(chromium, f"{server}/docs", tmp_path / "profile")
    assert 'class="swagger-ui' in dom
    assert "opblock-tag" in dom, "Swagger UI did not render the operations"
    for operation in ("/v1/extractions", "/v1/briefings", "/v1/jobs"):
        assert operation in dom


def test_redoc_renders_the_api_offline(chromium: str, server: str, tmp_path: Path) -> None:
    dom = _rendered_dom(chromium, f"{server}/redoc", tmp_path / "profile")
    assert "Evenhand" in dom
    assert "Extract incidents and claims from one article" in dom
