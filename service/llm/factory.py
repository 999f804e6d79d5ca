"""`get_model(settings)`: the one place that turns settings into a `StructuredModel`.

``base_url`` set → that endpoint (``model`` required); unset → the embedded local default. One
model per process per relevant settings, so every request and worker shares one client and, for
the embedded default, one server. `stop_embedded()` stops managed servers (tests; also at exit).
"""

from __future__ import annotations

import hashlib
import json
import threading

from service.config import Settings
from service.errors import ConfigError
from service.llm.base import StructuredModel
from service.llm.local.embedded import EmbeddedModel
from service.llm.local.server import stop_all
from service.llm.local.weights import SERVED_ALIASES
from service.llm.openai_backend import OpenAICompatibleModel, resolve_wire_mode

_MODEL_FIELDS = (
    "base_url", "model", "mode", "request_timeout_s", "transport_retries",
    "transport_backoff_max_s", "validation_retries", "temperature", "local_model",
    "local_n_ctx", "local_threads", "local_port", "local_startup_timeout_s", "cache_dir",
    "data_dir", "concurrency", "local_prompt_cache_mb", "local_server_binary",
)  # fmt: skip

_models: dict[str, StructuredModel] = {}
_lock = threading.Lock()


def _key(settings: Settings) -> str:
    values = settings.model_dump(mode="json", include=set(_MODEL_FIELDS))
    # SecretStr dumps masked, so a changed key would otherwise reuse the old client.
    secret = settings.api_key.get_secret_value() if settings.api_key else ""
    values["api_key"] = hashlib.sha256(secret.encode()).hexdigest()
    return json.dumps(values, sort_keys=True)


def build_model(settings: Settings) -> StructuredModel:
    """A new model for these settings (prefer the cached `get_model`)."""
    if settings.base_url is None:
        return EmbeddedModel(settings)
    if not settings.model:
        raise ConfigError("EVENHAND_MODEL must name the model to use with EVENHAND_BASE_URL")
    return OpenAICompatibleModel(
        base_url=settings.base_url,
        model=settings.model,
        # An `evenhand model serve` endpoint is llama.cpp too: keep its schema grammar.
        wire=resolve_wire_mode(
            settings.mode, base_url=settings.base_url, llama_cpp=settings.model in SERVED_ALIASES
        ),
        settings=settings,
        api_key=settings.api_key.get_secret_value() if settings.api_key else None,
    )


def get_model(settings: Settings) -> StructuredModel:
    key = _key(settings)
    with _lock:
        model = _models.get(key)
        if model is None:
            model = _models[key] = build_model(settings)
        return model


def stop_embedded() -> None:
    """Stop every managed local server and forget the cached models."""
    with _lock:
        _models.clear()
    stop_all()
