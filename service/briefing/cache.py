"""The briefing cache key: the same results briefed by the same model and prompts are free.

Entries live beside the extraction results (`service.extract.cache`, folder ``briefings``). The
key covers the results as reconciliation sees them (not their timing, cost or cache flag), the
model, the summary prompts, the reconciliation rules and the briefing code version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from schemas.result import ExtractionResult
from service.config import Settings
from service.llm.base import StructuredModel
from service.prompts import load_prompt
from service.reconcile.record import RULE_VERSION

FOLDER = "briefings"
# Bump when briefing code (checks, template, caveats, summary) changes what it produces.
# 2: a revised summary that pastes the failures sent back is not kept (summary.echoes).
BRIEFING_VERSION = "2"
_VOLATILE = {"meta": {"latency_s", "model_time_s", "usage", "cached"}}


def briefing_key(
    results: Sequence[ExtractionResult], model: StructuredModel | None, settings: Settings
) -> str:
    info = model.info if model is not None else None
    prompts = [
        load_prompt(name, settings.prompt_version, settings.prompts_dir).ref
        for name in ("briefing", "briefing/revise")
    ]
    material = {
        "results": [r.model_dump(mode="json", exclude=_VOLATILE) for r in results],
        "model": repr((info.name, info.backend, info.mode, info.temperature)) if info else None,
        "prompts": [(p.name, p.version, p.sha256) for p in prompts] if info else [],
        "rules": [RULE_VERSION, BRIEFING_VERSION],
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()
