"""`get_model`: backend choice, wire-mode resolution and one model per settings."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr

from service.config import Settings
from service.errors import ConfigError
from service.llm.factory import build_model, get_model, stop_embedded
from service.llm.local.embedded import EmbeddedModel
from service.llm.openai_backend import OpenAICompatibleModel, resolve_wire_mode


@pytest.mark.parametrize(
    ("mode", "base_url", "llama_cpp", "label"),
    [
        ("auto", None, True, "json_object_schema"),
        ("auto", "https://api.openai.com/v1", False, "tools"),
        ("auto", "http://localhost:11434/v1", False, "json"),
        ("auto", "http://gpu-box:8000/v1", True, "json_object_schema"),
        ("json", None, True, "json"),
        ("tools", "http://localhost:11434/v1", False, "tools"),
        ("json_schema", "https://api.openai.com/v1", False, "json_schema"),
        ("md_json", None, False, "md_json"),
    ],
)
def test_resolve_wire_mode(mode: Any, base_url: str | None, llama_cpp: bool, label: str) -> None:
    assert resolve_wire_mode(mode, base_url=base_url, llama_cpp=llama_cpp).label == label


@pytest.mark.parametrize(
    ("update", "backend", "name", "mode"),
    [
        ({}, "embedded", "qwen2.5-coder-1.5b-instruct-q4_k_m", "json_object_schema"),
        (
            {"local_model": "smollm2-135m"},
            "embedded",
            "smollm2-135m-instruct-q4_1",
            "json_object_schema",
        ),
        (
            {"base_url": "https://api.openai.com/v1", "model": "gpt-4o-mini"},
            "openai-compatible",
            "gpt-4o-mini",
            "tools",
        ),
        (
            # another process running `evenhand model serve`
            {"base_url": "http://127.0.0.1:8080/v1", "model": "qwen2.5-coder-1.5b-instruct-q4_k_m"},
            "openai-compatible",
            "qwen2.5-coder-1.5b-instruct-q4_k_m",
            "json_object_schema",
        ),
    ],
)
def test_build_model(
    settings: Settings, update: dict[str, Any], backend: str, name: str, mode: str
) -> None:
    info = build_model(settings.model_copy(update=update)).info
    assert (info.backend, info.name, info.mode, info.temperature) == (backend, name, mode, 0.0)


def test_endpoint_without_model_name_is_a_config_error(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="EVENHAND_MODEL"):
        build_model(settings.model_copy(update={"base_url": "http://localhost:8000/v1"}))


def test_one_model_per_relevant_settings(settings: Settings) -> None:
    endpoint = settings.model_copy(
        update={"base_url": "http://localhost:8000/v1", "model": "m", "api_key": SecretStr("a")}
    )
    try:
        first = get_model(endpoint)
        assert isinstance(first, OpenAICompatibleModel)
        assert get_model(endpoint.model_copy()) is first
        assert get_model(endpoint.model_copy(update={"max_candidates": 3})) is first
        assert get_model(endpoint.model_copy(update={"api_key": SecretStr("b")})) is not first
        assert get_model(endpoint.model_copy(update={"temperature": 0.7})) is not first
        assert isinstance(get_model(settings), EmbeddedModel)
    finally:
        stop_embedded()
    assert get_model(endpoint) is not first
    stop_embedded()
