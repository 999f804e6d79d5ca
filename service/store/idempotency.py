"""Stored responses to submissions that carried an ``Idempotency-Key``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.errors import Conflict
from service.store.models import IdempotencyRow


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: dict[str, Any]
    headers: dict[str, str]


def lookup(
    session: Session, *, principal: str, scope: str, key: str, request_sha256: str
) -> StoredResponse | None:
    """The earlier response to the same request, None if the key is new, Conflict if reused."""
    row = session.scalar(
        select(IdempotencyRow).where(
            IdempotencyRow.principal == principal,
            IdempotencyRow.scope == scope,
            IdempotencyRow.key == key,
        )
    )
    if row is None:
        return None
    if row.request_sha256 != request_sha256:
        raise Conflict(
            "this Idempotency-Key was already used with a different request body; "
            "use a new key for a new request",
            key=key,
        )
    return StoredResponse(row.status_code, row.response, dict(row.headers))


def remember(
    session: Session,
    *,
    principal: str,
    scope: str,
    key: str,
    request_sha256: str,
    response: StoredResponse,
) -> None:
    """Record the response in the caller's transaction; a concurrent twin gets Conflict."""
    session.add(
        IdempotencyRow(
            principal=principal,
            scope=scope,
            key=key,
            request_sha256=request_sha256,
            status_code=response.status_code,
            response=response.body,
            headers=response.headers,
        )
    )
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "another request with this Idempotency-Key finished first; "
            "send it again to get that request's response",
            key=key,
        ) from exc
