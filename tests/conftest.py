"""Fixtures shared by every test: isolated settings and folders, no network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.config import Settings, get_settings

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the developer's .env, endpoint or folders."""
    for var in ("EVENHAND_BASE_URL", "EVENHAND_API_KEY", "EVENHAND_MODEL", "EVENHAND_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("EVENHAND_DATA_DIR", str(tmp_path / "data"))
    # The model cache is shared across tests so the live test assembles the weights only once.
    monkeypatch.setenv(
        "EVENHAND_CACHE_DIR", str(Path.home() / ".cache" / "evenhand-tests")
    )
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def settings() -> Settings:
    return get_settings()
