"""Fixtures for the model layer: a scripted loopback endpoint and settings with short waits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from service.config import Settings
from service.llm.openai_backend import LLAMA_CPP_SCHEMA, OpenAICompatibleModel, WireMode
from tests.service.llm.openai_stub import OpenAIStub


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub() as server:
        yield server


@pytest.fixture
def fast(settings: Settings) -> Settings:
    """Retries on, but backoff measured in milliseconds."""
    return settings.model_copy(
        update={
            "transport_retries": 2,
            "transport_backoff_max_s": 0.02,
            "request_timeout_s": 5.0,
            "validation_retries": 1,
        }
    )


@pytest.fixture
def make_model(stub: OpenAIStub, fast: Settings) -> Any:
    def make(wire: WireMode = LLAMA_CPP_SCHEMA, **overrides: Any) -> OpenAICompatibleModel:
        return OpenAICompatibleModel(
            base_url=stub.base_url,
            model="stub-model",
            wire=wire,
            settings=fast.model_copy(update=overrides),
        )

    return make
