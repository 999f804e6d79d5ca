"""Settings from the environment (prefix ``EVENHAND_``) and a ``.env`` file.

Reach them through `get_settings()` only; FastAPI routes take them as
``Annotated[Settings, Depends(get_settings)]`` so tests can override them. A value that does not
parse raises `ConfigError` naming the variable, what it holds and what it should hold, in one
line (``EVENHAND_TEMPERATURE='abc': expected a number from 0 to 2``).
"""

from __future__ import annotations

import os
import re
import types
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import Field, SecretStr, ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from service.errors import ConfigError
from service.llm.profiles import ProfileName

PipelineName = Literal["default", "baseline"]
InstructorModeName = Literal["auto", "json", "json_schema", "tools", "md_json"]
LocalModelName = Literal["qwen2.5-coder-1.5b", "smollm2-135m"]


def _xdg(var: str, fallback: str) -> Path:
    return Path(os.environ.get(var) or Path.home() / fallback) / "evenhand"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="EVENHAND_", env_file=".env", extra="ignore", env_nested_delimiter="__"
    )

    # --- model backend -------------------------------------------------------------------
    base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server). "
        "Unset: the embedded local model is used.",
    )
    api_key: SecretStr | None = Field(default=None, description="Key for `base_url`.")
    model: str | None = Field(
        default=None, description="Model name sent to the endpoint; required with `base_url`."
    )
    mode: InstructorModeName = Field(
        default="auto",
        description="Instructor mode; 'auto' picks per backend (llama.cpp: json_object + schema).",
    )
    request_timeout_s: float = Field(default=180.0, gt=0, description="Per HTTP request.")
    transport_retries: int = Field(
        default=4, ge=0, le=10, description="Retries of timeouts, 429 and 5xx (tenacity)."
    )
    transport_backoff_max_s: float = Field(default=30.0, gt=0, description="Backoff ceiling.")
    validation_retries: int = Field(
        default=1, ge=0, le=5, description="Instructor re-asks after a validation failure."
    )
    temperature: float = Field(default=0.0, ge=0, le=2, description="Sampling temperature.")
    concurrency: int = Field(
        default=4,
        ge=1,
        le=64,
        description="Model calls of one article in flight at once (independent questions go out "
        "together; the embedded server gets as many parallel slots).",
    )

    # --- embedded local default ----------------------------------------------------------
    local_model: LocalModelName = Field(
        default="qwen2.5-coder-1.5b", description="Which packaged GGUF the embedded default runs."
    )
    local_n_ctx: int = Field(
        default=6144, ge=512, description="Context window of each slot of the local model."
    )
    local_threads: int | None = Field(default=None, description="CPU threads; None = all cores.")
    local_port: int | None = Field(
        default=None, description="Port of the managed loopback server; None = a free port."
    )
    local_startup_timeout_s: float = Field(default=120.0, gt=0, description="Server start limit.")
    local_prompt_cache_mb: int = Field(
        default=512,
        ge=0,
        description="RAM cache of prompt states kept by the embedded llama-server (--cache-ram, "
        "MiB): a slot whose prompt was replaced gets its prefix back from it; 0 turns it off.",
    )
    local_server_binary: Path | None = Field(
        default=None,
        description="llama.cpp `llama-server` to run; None = the one `make setup` builds into "
        "cache_dir/llama-server/<version>/.",
    )

    # --- pipeline ------------------------------------------------------------------------
    pipeline: PipelineName = Field(default="default", description="Extraction pipeline.")
    model_profile: ProfileName = Field(
        default="auto",
        description="What code decides instead of the model (service/llm/profiles.py): 'small' "
        "(the parse's speaker, category, party and country beat the model's), 'capable' (the "
        "model's answers kept, the parse fills gaps); 'auto' picks by model name.",
    )
    prompt_version: str = Field(default="v4", description="Prompt set version under prompts/.")
    prompts_dir: Path | None = Field(default=None, description="Override the prompts folder.")
    max_article_chars: int = Field(default=60_000, gt=0, description="Longer input is refused.")
    max_candidates: int = Field(default=40, gt=0, description="Candidate sentences per article.")
    result_cache: bool = Field(default=True, description="Cache extraction results on disk.")

    # --- storage and folders -------------------------------------------------------------
    data_dir: Path = Field(
        default_factory=lambda: _xdg("XDG_DATA_HOME", ".local/share"),
        description="Database, jobs and result cache.",
    )
    cache_dir: Path = Field(
        default_factory=lambda: _xdg("XDG_CACHE_HOME", ".cache"),
        description="Assembled model weights and model-response cache.",
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; unset: SQLite file in `data_dir`."
    )

    # --- HTTP API ------------------------------------------------------------------------
    api_keys: list[str] = Field(
        default_factory=list,
        description="SHA-256 hex digests of accepted API keys; empty = no auth. Each key owns "
        "what it creates; other keys get 404 for it.",
    )
    admin_keys: list[str] = Field(
        default_factory=list,
        description="SHA-256 hex digests of admin API keys: accepted, and they see every key's "
        "extractions, briefings and jobs.",
    )
    auth_failures_per_minute: int = Field(
        default=10,
        ge=0,
        description="Failed API key checks per client address before 429; 0 = unlimited.",
    )
    max_body_bytes: int = Field(default=2_000_000, gt=0, description="Larger bodies get 413.")
    max_batch_articles: int = Field(default=500, gt=0, description="Articles per job or briefing.")
    rate_limit_per_minute: int = Field(default=120, ge=0, description="Per key; 0 = unlimited.")
    readiness_cache_s: float = Field(
        default=5.0, ge=0, description="How long /readyz reuses its model backend probe."
    )
    sync_max_chars: int = Field(
        default=20_000, gt=0, description="Bigger articles are queued (202) instead of answered."
    )
    request_model_timeout_s: float = Field(
        default=600.0, gt=0, description="Model time allowed per synchronous request."
    )
    worker_concurrency: int = Field(default=1, ge=1, description="Jobs run at once per process.")
    job_lease_s: float = Field(
        default=120.0, gt=0, description="Lease length; renewed by heartbeat."
    )
    job_concurrency: int = Field(
        default=2, ge=1, description="Items of one job processed at once, over all workers."
    )
    job_max_attempts: int = Field(
        default=3,
        ge=1,
        description="Times an item is tried (its lease expiring, or its run failing in the "
        "model layer) before the item fails.",
    )
    job_retry_delay_s: float = Field(
        default=10.0, ge=0, description="Wait before a failed item's first retry; doubles."
    )
    worker_poll_s: float = Field(
        default=1.0, gt=0, description="Idle worker's queue poll interval."
    )

    # --- CLI client of a server (`evenhand push`, `evenhand eval import-review`) -----------
    server_url: str = Field(
        default="http://127.0.0.1:8000", description="The Evenhand server the CLI client talks to."
    )
    server_key: SecretStr | None = Field(
        default=None, description="API key sent to `server_url` (when it requires keys)."
    )

    @property
    def uses_embedded_model(self) -> bool:
        return self.base_url is None

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'evenhand.db'}"


_PREFIX = "EVENHAND_"
_KINDS: dict[Any, str] = {
    float: "a number",
    int: "a whole number",
    bool: "true or false",
    str: "text",
    Path: "a path",
    SecretStr: "text",
}


def _kind(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin is Literal:
        return "one of " + ", ".join(str(a) for a in get_args(annotation))
    if origin in (Union, types.UnionType):
        return " or ".join("unset" if a is type(None) else _kind(a) for a in get_args(annotation))
    if origin is list:
        return f'a JSON list of {_kind(get_args(annotation)[0])} values, e.g. ["..."]'
    return _KINDS.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _bounds(info: FieldInfo) -> str:
    words = {
        annotated_types.Ge: "at least",
        annotated_types.Gt: "above",
        annotated_types.Le: "at most",
        annotated_types.Lt: "below",
    }
    parts = [
        f"{word} {getattr(m, m.__class__.__name__.lower())}"
        for m in info.metadata
        for cls, word in words.items()
        if isinstance(m, cls)
    ]
    return f" ({', '.join(parts)})" if parts else ""


def expected(name: str) -> str:
    """What setting `name` must hold, in words."""
    info = Settings.model_fields[name]
    return _kind(info.annotation) + _bounds(info)


def _shown(var: str, value: Any) -> str:
    return f"{var}={value!r}" if value is not None else var


def _config_error(exc: ValidationError | SettingsError) -> ConfigError:
    if isinstance(exc, SettingsError):
        # pydantic-settings could not even decode it (e.g. a list that is not JSON).
        match = re.search(r'field "(\w+)"', str(exc))
        name = match.group(1) if match else ""
        var = _PREFIX + name.upper()
        return ConfigError(
            f"{_shown(var, os.environ.get(var))}: expected {expected(name)}"
            if name in Settings.model_fields
            else f"settings: {str(exc).splitlines()[0]}",
            variable=var,
        )
    first = exc.errors(include_url=False)[0]
    name = str(first["loc"][0]) if first["loc"] else ""
    var = _PREFIX + "__".join(str(part) for part in first["loc"]).upper()
    if name not in Settings.model_fields:
        return ConfigError(f"{var}: {first['msg']}", variable=var)
    return ConfigError(
        f"{_shown(var, first.get('input'))}: expected {expected(name)} ({first['msg']})",
        variable=var,
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    try:
        return Settings()
    except (ValidationError, SettingsError) as exc:
        raise _config_error(exc) from None
