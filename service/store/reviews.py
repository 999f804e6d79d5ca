"""Reviewers' revisions of extractions, and the searchable lists behind the review pages.

Access goes through `owner`: None sees every record (no API keys, or an admin); a key's
principal sees only its own. Until records carry an owner column (key ownership), every
record is visible to every key; `_owned` is the one place that reads that column.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, Text, cast, func, or_, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.errors import Conflict, NotFound
from service.store.models import BriefingRow, ExtractionRevisionRow, ExtractionRow
from service.store.pagination import Page, paginate


def _owned(
    model: type[ExtractionRow] | type[BriefingRow], owner: str | None
) -> ColumnElement[bool]:
    column = getattr(model, "owner", None)
    if owner is None or column is None:
        return true()
    return column == owner  # type: ignore[no-any-return]


def readable_extraction(session: Session, extraction_id: str, owner: str | None) -> ExtractionRow:
    """The row, or NotFound when it does not exist or is another key's (no existence leak)."""
    row = session.scalar(
        select(ExtractionRow).where(ExtractionRow.id == extraction_id, _owned(ExtractionRow, owner))
    )
    if row is None:
        raise NotFound(f"no extraction {extraction_id!r}", id=extraction_id)
    return row


def readable_briefing(session: Session, briefing_id: str, owner: str | None) -> BriefingRow:
    row = session.scalar(
        select(BriefingRow).where(BriefingRow.id == briefing_id, _owned(BriefingRow, owner))
    )
    if row is None:
        raise NotFound(f"no briefing {briefing_id!r}", id=briefing_id)
    return row


def revisions(session: Session, extraction_id: str) -> list[ExtractionRevisionRow]:
    return list(
        session.scalars(
            select(ExtractionRevisionRow)
            .where(ExtractionRevisionRow.extraction_id == extraction_id)
            .order_by(ExtractionRevisionRow.number)
        )
    )


def latest_revision(session: Session, extraction_id: str) -> ExtractionRevisionRow | None:
    return session.scalar(
        select(ExtractionRevisionRow)
        .where(ExtractionRevisionRow.extraction_id == extraction_id)
        .order_by(ExtractionRevisionRow.number.desc())
        .limit(1)
    )


def add_revision(
    session: Session,
    *,
    extraction_id: str,
    number: int,
    action: str,
    target: str | None,
    result: dict[str, Any],
    status: dict[str, str],
    author: str,
) -> ExtractionRevisionRow:
    """Insert revision `number`; a concurrent reviewer who stored that number first wins."""
    row = ExtractionRevisionRow(
        extraction_id=extraction_id,
        number=number,
        action=action,
        target=target,
        result=result,
        status=status,
        author=author,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            f"revision {number} of {extraction_id} was stored by someone else first; "
            "reload and apply the change again",
            extraction_id=extraction_id,
            revision=number,
        ) from exc
    return row


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _day(column: Any, prefix: str) -> ColumnElement[str]:
    """The stored time as text cut to the prefix's length ('2021-11-17' on both backends)."""
    return func.substr(cast(column, Text), 1, len(prefix))


def _search_extractions(statement: Select[Any], query: str | None, date: str | None) -> Select[Any]:
    article = ExtractionRow.result["article"]
    if query:
        pattern = _like(query)
        statement = statement.where(
            or_(
                article["title"].as_string().ilike(pattern, escape="\\"),
                article["publisher"].as_string().ilike(pattern, escape="\\"),
                ExtractionRow.article_id.ilike(pattern, escape="\\"),
            )
        )
    if date:
        statement = statement.where(
            or_(
                article["published_at"].as_string().startswith(date, autoescape=True),
                _day(ExtractionRow.created_at, date) == date,
            )
        )
    return statement


def list_extractions(
    session: Session,
    *,
    owner: str | None,
    query: str | None,
    date: str | None,
    limit: int,
    cursor: str | None,
) -> Page[ExtractionRow]:
    """Newest first; `query` matches title, publisher or article id, `date` a date prefix."""
    statement = _search_extractions(
        select(ExtractionRow).where(_owned(ExtractionRow, owner)), query, date
    )
    return paginate(
        session, statement, ExtractionRow.created_at, ExtractionRow.id, limit=limit, cursor=cursor
    )


def list_briefings(
    session: Session,
    *,
    owner: str | None,
    query: str | None,
    date: str | None,
    limit: int,
    cursor: str | None,
) -> Page[BriefingRow]:
    """Newest first; `query` matches the headline, `date` a creation-date prefix."""
    statement = select(BriefingRow).where(_owned(BriefingRow, owner))
    if query:
        statement = statement.where(
            BriefingRow.briefing["headline"].as_string().ilike(_like(query), escape="\\")
        )
    if date:
        statement = statement.where(_day(BriefingRow.created_at, date) == date)
    return paginate(
        session, statement, BriefingRow.created_at, BriefingRow.id, limit=limit, cursor=cursor
    )
