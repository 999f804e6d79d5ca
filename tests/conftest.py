"""Fixtures shared by every test: isolated settings and folders, no network."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.config import Settings, get_settings
from service.llm.local.binary import server_binary


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the developer's .env, endpoint or folders."""
    for var in ("EVENHAND_BASE_URL", "EVENHAND_API_KEY", "EVENHAND_MODEL", "EVENHAND_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("EVENHAND_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    # The llama-server that `make setup` built into the real cache folder, named before that
    # folder is swapped for the tests' own below.
    get_settings.cache_clear()
    monkeypatch.setenv("EVENHAND_LOCAL_SERVER_BINARY", str(server_binary(get_settings())))
    # The model cache is shared across tests so the live test assembles the weights only once.
    monkeypatch.setenv("EVENHAND_CACHE_DIR", str(Path.home() / ".cache" / "evenhand-tests"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def settings() -> Settings:
    return get_settings()


@pytest.fixture
def live_settings(settings: Settings) -> Iterator[Settings]:
    """Settings for a test on the embedded model (no result cache); the server stops after it.

    Skipped without llama-server (``make llama-server``) or the weight packages (the `local`
    extra); see `EVENHAND_REQUIRE_LIVE` below for CI, where such a skip is a failure.
    """
    from service.errors import BackendUnavailable
    from service.llm.factory import stop_embedded
    from service.llm.local.binary import binary_problem
    from service.llm.local.weights import CATALOGUE, locate_parts

    if problem := binary_problem(settings):
        pytest.skip(problem)
    try:
        locate_parts(CATALOGUE[settings.local_model])
    except BackendUnavailable as exc:
        pytest.skip(exc.message)
    yield settings.model_copy(update={"result_cache": False})
    stop_embedded()


# In CI a skipped live, PostgreSQL or browser test would hide a broken install, so there a skip
# of a test carrying one of these markers is turned into a failure (`EVENHAND_REQUIRE_LIVE=1`,
# `EVENHAND_REQUIRE_POSTGRES=1`, `EVENHAND_REQUIRE_BROWSER=1`).
_REQUIRED_MARKERS = {
    "live": "EVENHAND_REQUIRE_LIVE",
    "postgres": "EVENHAND_REQUIRE_POSTGRES",
    "browser": "EVENHAND_REQUIRE_BROWSER",
}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if not report.skipped:
        return
    for marker, var in _REQUIRED_MARKERS.items():
        if item.get_closest_marker(marker) and os.environ.get(var) == "1":
            report.outcome = "failed"
            report.longrepr = f"{marker} test skipped but {var}=1 requires it: {report.longrepr}"
