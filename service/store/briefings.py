"""Stored briefings, each owned by the principal that created it (`owner` as in
`service.store.extractions`: another owner's briefing is missing; None reads all)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.errors import NotFound
from service.store.models import BriefingRow, new_id
from service.store.pagination import Page, paginate


def save_briefing(
    session: Session,
    *,
    briefing: dict[str, Any],
    markdown: str,
    extraction_ids: Sequence[str],
    model: str,
    owner: str,
    status: str,
    job_item_id: int | None = None,
) -> BriefingRow:
    row = BriefingRow(
        id=new_id("br"),
        owner=owner,
        status=status,
        extraction_ids=list(extraction_ids),
        model=model,
        briefing=briefing,
        markdown=markdown,
        job_item_id=job_item_id,
    )
    session.add(row)
    session.flush()
    return row


def get_briefing(session: Session, briefing_id: str, *, owner: str | None) -> BriefingRow:
    row = session.get(BriefingRow, briefing_id)
    if row is None or (owner is not None and row.owner != owner):
        raise NotFound(f"no briefing {briefing_id!r}", id=briefing_id)
    return row


def list_briefings(
    session: Session, *, owner: str | None, limit: int, cursor: str | None
) -> Page[BriefingRow]:
    statement = select(BriefingRow)
    if owner is not None:
        statement = statement.where(BriefingRow.owner == owner)
    return paginate(
        session,
        statement,
        BriefingRow.created_at,
        BriefingRow.id,
        limit=limit,
        cursor=cursor,
    )
