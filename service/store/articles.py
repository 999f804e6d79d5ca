"""Article texts, deduplicated by content hash."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from schemas.article import ArticleIn
from service.errors import NotFound
from service.store.models import ArticleRow, utcnow

# Built once: a statement made per call (``.values(...)``) costs more than the insert itself.
_PUT = {
    "postgresql": pg_insert(ArticleRow).on_conflict_do_nothing(index_elements=["sha256"]),
    "sqlite": sqlite_insert(ArticleRow).on_conflict_do_nothing(index_elements=["sha256"]),
}


def put_article(session: Session, article: ArticleIn) -> str:
    """Store the text once (concurrent writers of the same text are fine); return its hash."""
    sha = article.sha256
    connection = session.connection()
    connection.execute(
        _PUT[connection.dialect.name],
        {"sha256": sha, "text": article.text, "chars": len(article.text), "created_at": utcnow()},
    )
    return sha


def get_article_text(session: Session, sha256: str) -> str:
    text = session.scalar(select(ArticleRow.text).where(ArticleRow.sha256 == sha256))
    if text is None:
        raise NotFound(f"no stored article with sha256 {sha256}", sha256=sha256)
    return text
