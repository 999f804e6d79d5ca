"""On-disk result cache: the same article through the same model, prompts and pipeline is free.

The key covers everything that shapes the output: the article (text and the metadata the prompts
show), the model, every prompt's version and hash, the pipeline and its code version, and the
settings the pipeline reads. A damaged entry is ignored and rewritten. Briefings use the same
files under their own folder (`service.briefing.cache` makes their key). Only complete results
are ever written (the callers check `status`).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from schemas.article import ArticleIn
from schemas.result import PromptRef
from service.config import Settings

M = TypeVar("M", bound=BaseModel)
FOLDER = "results"


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
        # 2: results carry `meta.status`; earlier entries may be partial runs stored as complete.
        "format": 2,
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


def _path(settings: Settings, key: str, folder: str) -> Path:
    return settings.data_dir / folder / key[:2] / f"{key}.json"


def load_cached(settings: Settings, key: str, kind: type[M], folder: str) -> M | None:
    path = _path(settings, key, folder)
    try:
        return kind.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return None


def store_cached(settings: Settings, key: str, result: BaseModel, folder: str) -> None:
    path = _path(settings, key, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a concurrent reader never sees half a file.
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(result.model_dump_json(), encoding="utf-8")
    partial.replace(path)
