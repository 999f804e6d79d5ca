"""Settings from the environment (prefix ``EVENHAND_``) and a ``.env`` file.

Reach them through `get_settings()` only; FastAPI routes take them as
``Annotated[Settings, Depends(get_settings)]`` so tests can override them.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    prompt_version: str = Field(default="v2", description="Prompt set version under prompts/.")
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
        description="SHA-256 hex digests of accepted API keys; empty = no auth.",
    )
    max_body_bytes: int = Field(default=2_000_000, gt=0, description="Larger bodies get 413.")
    max_batch_articles: int = Field(default=500, gt=0, description="Articles per job or briefing.")
    rate_limit_per_minute: int = Field(default=120, ge=0, description="Per key; 0 = unlimited.")
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
        default=3, ge=1, description="Times an item's lease may expire before the item fails."
    )
    worker_poll_s: float = Field(
        default=1.0, gt=0, description="Idle worker's queue poll interval."
    )

    @property
    def uses_embedded_model(self) -> bool:
        return self.base_url is None

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'evenhand.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
