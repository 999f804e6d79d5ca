"""Keyset pagination, newest first: the cursor is the (created_at, id) of the last row served."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute, Session

from service.errors import InputError

MAX_LIMIT = 100
# A cursor is URL-safe base64 of [created_at ISO time, id]: ~110 characters for ids of up to 40.
CURSOR_MAX_CHARS = 160
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"


class Listed(Protocol):
    created_at: Any
    id: Any


R = TypeVar("R", bound=Listed)


@dataclass(frozen=True)
class Page(Generic[R]):
    items: list[R]
    next_cursor: str | None


def encode_cursor(created_at: datetime, row_id: str) -> str:
    raw = json.dumps([created_at.isoformat(), row_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        when, row_id = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        return datetime.fromisoformat(when), str(row_id)
    except (ValueError, TypeError, binascii.Error, UnicodeError) as exc:
        raise InputError("invalid cursor; pass the next_cursor of a previous page") from exc


def paginate(
    session: Session,
    statement: Select[R],
    created_at: InstrumentedAttribute[datetime],
    row_id: InstrumentedAttribute[str],
    *,
    limit: int,
    cursor: str | None,
) -> Page[R]:
    if cursor is not None:
        when, last_id = decode_cursor(cursor)
        statement = statement.where(
            or_(created_at < when, and_(created_at == when, row_id < last_id))
        )
    statement = statement.order_by(created_at.desc(), row_id.desc()).limit(limit + 1)
    rows = list(session.scalars(statement))
    if len(rows) <= limit:
        return Page(rows, None)
    last = rows[limit - 1]
    return Page(rows[:limit], encode_cursor(last.created_at, last.id))
