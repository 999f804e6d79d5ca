"""Stored extraction results."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from schemas.article import ArticleIn
from schemas.result import ExtractionResult
from service.errors import NotFound
from service.store.articles import put_article
from service.store.models import ExtractionRow, new_id, utcnow
from service.store.pagination import Page, paginate

_INSERT = insert(ExtractionRow)


def save_extraction(
    session: Session,
    article: ArticleIn,
    result: ExtractionResult,
    *,
    job_item_id: int | None = None,
) -> ExtractionRow:
    """Insert one result and, unless already stored, its article's text; returns the row
    (not attached to the session)."""
    put_article(session, article)
    values = {
        "id": new_id("ex"),
        "article_sha256": result.article.sha256,
        "article_id": result.article.id,
        "pipeline": result.meta.pipeline,
        "model": result.meta.model,
        "backend": result.meta.backend,
        "prompt_version": result.meta.prompt_version,
        "incidents": len(result.incidents),
        "claims": len(result.claims),
        "usage": result.meta.usage.model_dump(mode="json"),
        "result": result.model_dump(mode="json"),
        "job_item_id": job_item_id,
        "created_at": utcnow(),
    }
    # Core insert with parameters: the ORM unit of work costs more than the insert on this path.
    session.connection().execute(_INSERT, values)
    return ExtractionRow(**values)


def get_extraction(session: Session, extraction_id: str) -> ExtractionRow:
    row = session.get(ExtractionRow, extraction_id)
    if row is None:
        raise NotFound(f"no extraction {extraction_id!r}", id=extraction_id)
    return row


def get_extractions(session: Session, ids: Sequence[str]) -> list[ExtractionRow]:
    """Rows in the order asked; every id must exist."""
    rows = {
        r.id: r for r in session.scalars(select(ExtractionRow).where(ExtractionRow.id.in_(ids)))
    }
    missing = [i for i in ids if i not in rows]
    if missing:
        raise NotFound(f"no extraction {missing[0]!r}", missing=missing)
    return [rows[i] for i in ids]


def list_extractions(session: Session, *, limit: int, cursor: str | None) -> Page[ExtractionRow]:
    return paginate(
        session,
        select(ExtractionRow),
        ExtractionRow.created_at,
        ExtractionRow.id,
        limit=limit,
        cursor=cursor,
    )
