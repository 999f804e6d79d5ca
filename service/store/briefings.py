"""Stored briefings."""

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
    job_item_id: int | None = None,
) -> BriefingRow:
    row = BriefingRow(
        id=new_id("br"),
        extraction_ids=list(extraction_ids),
        model=model,
        briefing=briefing,
        markdown=markdown,
        job_item_id=job_item_id,
    )
    session.add(row)
    session.flush()
    return row


def get_briefing(session: Session, briefing_id: str) -> BriefingRow:
    row = session.get(BriefingRow, briefing_id)
    if row is None:
        raise NotFound(f"no briefing {briefing_id!r}", id=briefing_id)
    return row


def list_briefings(session: Session, *, limit: int, cursor: str | None) -> Page[BriefingRow]:
    return paginate(
        session,
        select(BriefingRow),
        BriefingRow.created_at,
        BriefingRow.id,
        limit=limit,
        cursor=cursor,
    )
