"""Stored extraction results, each owned by the principal that created it.

Readers pass `owner`: another owner's row is reported as missing (404, never 403, so ids
reveal nothing); ``owner=None`` reads every owner's rows (admin keys).
"""

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
    owner: str,
    job_item_id: int | None = None,
) -> ExtractionRow:
    """Insert one result and, unless already stored, its article's text; returns the row
    (not attached to the session)."""
    put_article(session, article)
    values = {
        "id": new_id("ex"),
        "owner": owner,
        "status": result.meta.status,
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


def get_extraction(session: Session, extraction_id: str, *, owner: str | None) -> ExtractionRow:
    row = session.get(ExtractionRow, extraction_id)
    if row is None or (owner is not None and row.owner != owner):
        raise NotFound(f"no extraction {extraction_id!r}", id=extraction_id)
    return row


def get_extractions(
    session: Session, ids: Sequence[str], *, owner: str | None
) -> list[ExtractionRow]:
    """Rows in the order asked; every id must exist and belong to `owner`."""
    statement = select(ExtractionRow).where(ExtractionRow.id.in_(ids))
    if owner is not None:
        statement = statement.where(ExtractionRow.owner == owner)
    rows = {r.id: r for r in session.scalars(statement)}
    missing = [i for i in ids if i not in rows]
    if missing:
        raise NotFound(f"no extraction {missing[0]!r}", missing=missing)
    return [rows[i] for i in ids]


def list_extractions(
    session: Session, *, owner: str | None, limit: int, cursor: str | None
) -> Page[ExtractionRow]:
    statement = select(ExtractionRow)
    if owner is not None:
        statement = statement.where(ExtractionRow.owner == owner)
    return paginate(
        session,
        statement,
        ExtractionRow.created_at,
        ExtractionRow.id,
        limit=limit,
        cursor=cursor,
    )
