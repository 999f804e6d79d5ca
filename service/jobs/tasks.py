"""The work behind an extraction or briefing, shared by the API's synchronous path and workers.

Model work runs outside any database transaction; it returns a `StoreResult` that writes the
outcome in the caller's transaction (a worker's completes the item in that same transaction).
Extraction and briefing code is imported lazily: those packages load prompts and models.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from schemas.article import ArticleIn
from schemas.briefing import Briefing
from schemas.result import ExtractionResult
from service.config import Settings
from service.errors import EvenhandError, InputError
from service.jobs.queue import StoreResult
from service.jobs.telemetry import Telemetry
from service.llm.base import StructuredModel
from service.store.articles import get_article_text
from service.store.briefings import save_briefing
from service.store.db import Database
from service.store.extractions import get_extractions, save_extraction

ModelProvider = Callable[[], StructuredModel]


def article_ref(article: ArticleIn) -> dict[str, Any]:
    """How a job item names its article: the stored text's hash plus the caller's metadata."""
    return {"sha256": article.sha256, "meta": article.model_dump(exclude={"text"})}


def load_article(session: Session, ref: dict[str, Any]) -> ArticleIn:
    return ArticleIn(text=get_article_text(session, ref["sha256"]), **ref["meta"])


def _outcome(status: str) -> str:
    return "ok" if status == "complete" else status


class Executor:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        model_provider: ModelProvider,
        telemetry: Telemetry,
    ) -> None:
        self.db = db
        self.settings = settings
        self.model_provider = model_provider
        self.telemetry = telemetry

    def extract(
        self, article: ArticleIn, pipeline: str | None, model: StructuredModel
    ) -> ExtractionResult:
        from service.extract import extract

        try:
            result = extract(article, model=model, settings=self.settings, pipeline=pipeline)
        except EvenhandError as exc:
            self.telemetry.extractions.labels(exc.code).inc()
            raise
        self.telemetry.extractions.labels(_outcome(result.meta.status)).inc()
        if not result.meta.cached:
            self.telemetry.record_usage(result.meta.usage)
        return result

    def prepare_extraction(
        self, article: ArticleIn, pipeline: str | None, model: StructuredModel, owner: str
    ) -> StoreResult:
        result = self.extract(article, pipeline, model)

        def store(session: Session, item_id: int | None) -> str:
            return save_extraction(session, article, result, owner=owner, job_item_id=item_id).id

        return store

    def prepare_briefing(
        self,
        articles: Sequence[ArticleIn],
        extraction_ids: Sequence[str],
        pipeline: str | None,
        model: StructuredModel,
        owner: str,
    ) -> StoreResult:
        """Extract `articles`, brief them with `owner`'s stored `extraction_ids`; the stored
        briefing and new extractions belong to `owner`."""
        from service.briefing import build_briefing, render_markdown

        with self.db.session() as session:
            stored = [
                ExtractionResult.model_validate(row.result)
                for row in get_extractions(session, extraction_ids, owner=owner)
            ]
        fresh = [(article, self.extract(article, pipeline, model)) for article in articles]
        try:
            briefing: Briefing = build_briefing(
                [*stored, *(result for _, result in fresh)],
                model=model,
                settings=self.settings,
            )
        except EvenhandError as exc:
            self.telemetry.briefings.labels(exc.code).inc()
            raise
        self.telemetry.briefings.labels(_outcome(briefing.meta.status)).inc()
        self.telemetry.record_usage(briefing.meta.usage)
        markdown = render_markdown(briefing)

        def store(session: Session, item_id: int | None) -> str:
            new_ids = [save_extraction(session, a, r, owner=owner).id for a, r in fresh]
            return save_briefing(
                session,
                briefing=briefing.model_dump(mode="json"),
                markdown=markdown,
                extraction_ids=[*extraction_ids, *new_ids],
                model=briefing.meta.model or "none",
                owner=owner,
                status=briefing.meta.status,
                job_item_id=item_id,
            ).id

        return store

    def prepare_item(self, kind: str, payload: dict[str, Any], owner: str) -> StoreResult:
        """Do a job item's work; what it stores depends on its kind and belongs to `owner`."""
        pipeline = payload.get("pipeline")
        if kind == "extract":
            with self.db.session() as session:
                article = load_article(session, payload["article"])
            return self.prepare_extraction(article, pipeline, self.model_provider(), owner)
        if kind == "brief":
            with self.db.session() as session:
                articles = [load_article(session, ref) for ref in payload["articles"]]
            return self.prepare_briefing(
                articles, payload["extraction_ids"], pipeline, self.model_provider(), owner
            )
        raise InputError(f"unknown job item kind {kind!r}")
