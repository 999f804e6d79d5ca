"""One eval configuration: which model, prompt set and pipeline run over which fixtures."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import get_args

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from evals.splits import Selector
from service.config import PipelineName, Settings
from service.errors import ConfigError
from service.llm.profiles import ProfileName

DEFAULT_PROMPT_VERSION: str = Settings.model_fields["prompt_version"].default

_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


class RunConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(description="Name of this configuration in tables and folder names.")
    fixtures: Path = Field(description="Folder of fixture YAML files.")
    model: str | None = Field(default=None, description="Model name; None: settings' default.")
    base_url: str | None = Field(
        default=None, description="OpenAI-compatible endpoint; None: settings' (or embedded)."
    )
    api_key_env: str | None = Field(
        default=None, description="Environment variable holding the key (the key is never stored)."
    )
    pipeline: str | None = Field(default=None, description="Pipeline; None: settings' default.")
    prompt_version: str | None = Field(default=None, description="Prompt set version, e.g. 'v2'.")
    profile: ProfileName | None = Field(
        default=None,
        description="Model profile (what code decides instead of the model); None: settings'.",
    )
    cache: bool = Field(default=True, description="Reuse cached model responses.")
    concurrency: int = Field(default=1, ge=1, le=64, description="Fixtures extracted at once.")
    briefings: bool = Field(default=False, description="Also build and check a briefing.")
    split: Selector | None = Field(
        default=None, description="Only this split: real, real-dev, real-test or invented."
    )
    ids: list[str] | None = Field(default=None, description="Only these fixture ids.")
    limit: int | None = Field(default=None, ge=1, description="At most this many fixtures.")

    def settings(self, base: Settings) -> Settings:
        """`base` with this configuration's overrides and extraction's result cache off.

        Replaying model responses (the response cache) still runs the pipeline code, so a code
        change shows in the scores; a cached whole result would hide it.
        """
        if self.pipeline is not None and self.pipeline not in get_args(PipelineName):
            choices = ", ".join(get_args(PipelineName))
            raise ConfigError(f"unknown pipeline {self.pipeline!r}; choose one of {choices}")
        update: dict[str, object] = {
            key: value
            for key, value in {
                "model": self.model,
                "base_url": self.base_url,
                "pipeline": self.pipeline,
                "prompt_version": self.prompt_version,
                "model_profile": self.profile,
            }.items()
            if value is not None
        }
        if self.api_key_env is not None:
            key = os.environ.get(self.api_key_env)
            if not key:
                raise ConfigError(f"environment variable {self.api_key_env} (the API key) is unset")
            update["api_key"] = SecretStr(key)
        update["result_cache"] = False
        return base.model_copy(update=update)


def default_label(
    model: str | None,
    pipeline: str | None,
    prompt_version: str | None,
    profile: str | None = None,
) -> str:
    parts = [
        model or "default-model",
        pipeline or "default",
        prompt_version or DEFAULT_PROMPT_VERSION,
    ]
    # The profile shows only when chosen, so existing run folders keep their names.
    return "-".join(parts + ([profile] if profile and profile != "auto" else []))


def slug(label: str) -> str:
    return _SLUG.sub("_", label).strip("_") or "run"
