"""The tables. Change them only together with a new migration under `migrations/versions/`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import uuid4

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite hands back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class ArticleRow(Base):
    """Article texts, stored once per content hash whoever sends them."""

    __tablename__ = "articles"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    chars: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExtractionRow(Base):
    __tablename__ = "extractions"
    __table_args__ = (Index("ix_extractions_created", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    article_sha256: Mapped[str] = mapped_column(ForeignKey("articles.sha256"), index=True)
    article_id: Mapped[str] = mapped_column(String(200))
    pipeline: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(200))
    backend: Mapped[str] = mapped_column(String(40))
    prompt_version: Mapped[str] = mapped_column(String(40))
    incidents: Mapped[int] = mapped_column(Integer)
    claims: Mapped[int] = mapped_column(Integer)
    usage: Mapped[dict[str, Any]] = mapped_column()
    result: Mapped[dict[str, Any]] = mapped_column()
    # Unique: a job item stores at most one extraction, however often it is retried.
    job_item_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BriefingRow(Base):
    __tablename__ = "briefings"
    __table_args__ = (Index("ix_briefings_created", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    extraction_ids: Mapped[list[Any]] = mapped_column()
    model: Mapped[str] = mapped_column(String(200))
    briefing: Mapped[dict[str, Any]] = mapped_column()
    markdown: Mapped[str] = mapped_column(Text)
    job_item_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExtractionRevisionRow(Base):
    """A reviewer's correction of an extraction: the whole corrected record after one change.

    The model's output stays untouched in `extractions`; it is revision 0.
    """

    __tablename__ = "extraction_revisions"
    __table_args__ = (UniqueConstraint("extraction_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    extraction_id: Mapped[str] = mapped_column(
        ForeignKey("extractions.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(100))
    result: Mapped[dict[str, Any]] = mapped_column()
    # claim id -> 'accepted' | 'rejected' | 'edited' | 'added'; claims not listed are unreviewed
    status: Mapped[dict[str, Any]] = mapped_column()
    author: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobRow(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_created", "created_at", "id"),
        Index("ix_jobs_status", "status"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    pipeline: Mapped[str | None] = mapped_column(String(40))
    principal: Mapped[str] = mapped_column(String(64))
    concurrency: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()


class JobItemRow(Base):
    __tablename__ = "job_items"
    __table_args__ = (
        UniqueConstraint("job_id", "seq"),
        Index("ix_job_items_claim", "status", "lease_expires_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]] = mapped_column()
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    # Epoch seconds: compared numerically on both backends, no timezone or clock-type quirks.
    lease_expires_at: Mapped[float | None] = mapped_column(Float)
    result_id: Mapped[str | None] = mapped_column(String(40))
    error: Mapped[dict[str, Any] | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()


class IdempotencyRow(Base):
    __tablename__ = "idempotency_keys"

    principal: Mapped[str] = mapped_column(String(64), primary_key=True)
    scope: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_sha256: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict[str, Any]] = mapped_column()
    headers: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def new_id(prefix: str) -> str:
    """Public ids carry their kind ('ex_...', 'br_...', 'job_...') so a wrong one is obvious."""
    return f"{prefix}_{uuid4().hex}"
