"""On-disk result cache: the same article through the same model, prompts and pipeline is free.

The key covers everything that shapes the output: the article (text and the metadata the prompts
show), the model, every prompt's version and hash, the pipeline and its code version, and the
settings the pipeline reads. A damaged entry is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pydantic import ValidationError

from schemas.article import ArticleIn
from schemas.result import ExtractionResult, PromptRef
from service.config import Settings


def cache_key(
    article: ArticleIn,
    *,
    model: str,
    prompts: list[PromptRef],
    pipeline: str,
    pipeline_version: str,
    settings: Settings,
) -> str:
    material = {
        "article": article.model_dump(mode="json"),
        "model": model,
        "prompts": sorted((p.name, p.version, p.sha256) for p in prompts),
        "pipeline": [pipeline, pipeline_version],
        "settings": [
            settings.max_candidates,
            settings.temperature,
            settings.local_n_ctx,
            settings.model_profile,
        ],
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def _path(settings: Settings, key: str) -> Path:
    return settings.data_dir / "results" / key[:2] / f"{key}.json"


def load_cached(settings: Settings, key: str) -> ExtractionResult | None:
    path = _path(settings, key)
    try:
        return ExtractionResult.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return None


def store_cached(settings: Settings, key: str, result: ExtractionResult) -> None:
    path = _path(settings, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a concurrent reader never sees half a file.
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(result.model_dump_json(), encoding="utf-8")
    partial.replace(path)
