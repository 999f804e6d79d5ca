"""A sweep file: the cross product models x prompt versions x pipelines x model profiles.

Paths in the file are relative to the file itself, so a sweep runs the same from any folder.
Each configuration gets its own run folder under `out`; `out/sweep.json` lists them.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evals.loader import field_path
from evals.runs.config import DEFAULT_PROMPT_VERSION, RunConfig, default_label, slug
from evals.splits import Selector
from service.errors import InputError
from service.llm.profiles import ProfileName


class ModelSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, description="Model name; null: the settings' default.")
    base_url: str | None = Field(default=None, description="Endpoint; null: settings/embedded.")
    api_key_env: str | None = Field(default=None, description="Variable holding the API key.")
    label: str | None = Field(default=None, description="Short name for tables.")


class SweepSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Name of the sweep.")
    fixtures: Path = Field(default=Path("../fixtures"), description="Fixture folder.")
    out: Path = Field(description="Folder receiving one run folder per configuration.")
    models: list[ModelSpec] = Field(min_length=1, description="Models to compare.")
    prompt_versions: list[str] = Field(
        default=[DEFAULT_PROMPT_VERSION], min_length=1, description="Prompt sets."
    )
    pipelines: list[str] = Field(default=["default"], min_length=1, description="Pipelines.")
    profiles: list[ProfileName] = Field(
        default=["auto"], min_length=1, description="Model profiles (service/llm/profiles.py)."
    )
    concurrency: int = Field(default=1, ge=1, le=64, description="Fixtures in flight at once.")
    cache: bool = Field(default=True, description="Reuse cached model responses.")
    briefings: bool = Field(default=False, description="Also build and check briefings.")
    split: Selector | None = Field(default=None, description="Only this split (e.g. real-dev).")
    ids: list[str] | None = Field(default=None, description="Only these fixture ids.")
    limit: int | None = Field(default=None, ge=1, description="At most this many fixtures.")

    def configs(self) -> list[tuple[RunConfig, Path]]:
        """Every configuration of the cross product with its run folder."""
        out = []
        for model, version, pipeline, profile in itertools.product(
            self.models, self.prompt_versions, self.pipelines, self.profiles
        ):
            label = default_label(model.label or model.name, pipeline, version, profile)
            config = RunConfig(
                label=label,
                fixtures=self.fixtures,
                model=model.name,
                base_url=model.base_url,
                api_key_env=model.api_key_env,
                pipeline=pipeline,
                prompt_version=version,
                profile=profile,
                cache=self.cache,
                concurrency=self.concurrency,
                briefings=self.briefings,
                split=self.split,
                ids=self.ids,
                limit=self.limit,
            )
            out.append((config, self.out / slug(label)))
        labels = [c.label for c, _ in out]
        if len(set(labels)) != len(labels):
            raise InputError("sweep configurations share a label; give the models distinct labels")
        return out


def load_sweep(path: Path) -> SweepSpec:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"no such sweep file: {path}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a readable YAML file: {exc}") from None
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(f"{path}: {field_path(first['loc'])}: {first['msg']}") from None
    base = path.parent
    return spec.model_copy(update={"fixtures": base / spec.fixtures, "out": base / spec.out})


def write_index(spec: SweepSpec, runs: list[tuple[str, Path]]) -> Path:
    index = spec.out / "sweep.json"
    index.parent.mkdir(parents=True, exist_ok=True)
    payload = {"name": spec.name, "runs": [{"label": label, "folder": str(f)} for label, f in runs]}
    index.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return index
