"""Extraction: one article in, one `ExtractionResult` out.

    extract(article, model=..., settings=..., pipeline=None, progress=None) -> ExtractionResult

Pipelines: `default` (candidates in code, small focused model calls) and `baseline` (one call
per article, the yardstick). Whatever the pipeline, the result is de-duplicated, bounded, its
spans verified against the article, and, when complete, cached on disk when
`settings.result_cache` is on. What makes a run partial or failed: `service.extract.run`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from schemas.article import ArticleIn
from schemas.result import Article, Claim, ExtractionResult, Incident, Usage, verify_spans
from service.config import Settings
from service.errors import InputError
from service.extract import baseline, default
from service.extract.cache import FOLDER, cache_key, load_cached, store_cached
from service.extract.dedupe import dedupe_claims
from service.extract.run import ClaimSink, ProgressHook, Run
from service.llm.base import StructuredModel
from service.prompts import load_prompt

__all__ = ["PIPELINES", "Pipeline", "extract"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pipeline:
    name: str
    version: str
    prompts: tuple[str, ...]
    run: Callable[[Run, ArticleIn], tuple[list[Incident], list[Claim]]]


PIPELINES = {
    "default": Pipeline("default", default.VERSION, default.PROMPTS, default.run_default),
    "baseline": Pipeline("baseline", baseline.VERSION, baseline.PROMPTS, baseline.run_baseline),
}


def _article_record(article: ArticleIn) -> Article:
    return Article(
        id=article.resolved_id,
        title=article.title,
        publisher=article.publisher,
        published_at=article.published_at,
        url=article.url,
        sha256=article.sha256,
        chars=len(article.text),
    )


def extract(
    article: ArticleIn,
    *,
    model: StructuredModel,
    settings: Settings,
    pipeline: str | None = None,
    progress: ProgressHook | None = None,
    on_claim: ClaimSink | None = None,
) -> ExtractionResult:
    """Incidents and source-attributed claims of one article.

    `on_claim` sees each claim as soon as the model's answer for it is in (streaming); the
    returned result is the final word (de-duplicated, quotations' speakers carried over).

    Raises InputError for input that cannot be used (too long, unknown pipeline) and
    ModelError subclasses when the backend cannot serve the run at all or no call succeeded.
    `progress` is told each stage's calls as they finish.
    """
    started = time.perf_counter()
    name = pipeline or settings.pipeline
    chosen = PIPELINES.get(name)
    if chosen is None:
        raise InputError(f"unknown pipeline {name!r}; choose one of: {', '.join(PIPELINES)}")
    if len(article.text) > settings.max_article_chars:
        raise InputError(
            f"article {article.resolved_id} has {len(article.text):,} characters; the limit is "
            f"{settings.max_article_chars:,} (EVENHAND_MAX_ARTICLE_CHARS)"
        )
    refs = [
        load_prompt(p, settings.prompt_version, settings.prompts_dir).ref for p in chosen.prompts
    ]
    info = model.info
    key = cache_key(
        article,
        # Same weights behind another backend, mode or temperature answer differently.
        model=repr((info.name, info.backend, info.mode, info.temperature)),
        prompts=refs,
        pipeline=chosen.name,
        pipeline_version=chosen.version,
        settings=settings,
    )
    hit = load_cached(settings, key, ExtractionResult, FOLDER) if settings.result_cache else None
    if hit is not None and hit.meta.status == "complete":
        meta = hit.meta.model_copy(
            update={
                "cached": True,
                "usage": Usage(),
                "model_time_s": 0.0,
                "latency_s": time.perf_counter() - started,
            }
        )
        return hit.model_copy(update={"meta": meta})

    run = Run(model, settings, chosen.name, progress, on_claim)
    incidents, claims = chosen.run(run, article)
    run.finish()
    claims, merged = dedupe_claims(claims)
    run.dropped.duplicates += merged
    result = ExtractionResult(
        article=_article_record(article),
        incidents=incidents,
        claims=claims,
        meta=run.meta(chosen.version),
    )
    if problems := verify_spans(result, article.text):
        # A bug, not bad input: never hand out a span that does not index the article.
        raise AssertionError("; ".join(problems))
    if settings.result_cache and result.meta.status == "complete":
        try:
            store_cached(settings, key, result, FOLDER)
        except OSError as exc:
            log.warning("result cache not written (%s): %s", key[:12], exc)
    return result
