"""Stored responses to submissions that carried an ``Idempotency-Key``.

A key is claimed before the work starts: `begin` inserts a pending record (status 0) in its own
transaction, so a concurrent twin, in this process or another, finds it and waits for the
response (`Pending`) instead of running the work again. `remember` fills the record in the
work's own transaction; `release` drops a pending record whose work failed, so a retry runs
it. A pending record older than `stale_after_s` (its process died) may be taken over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.errors import Conflict
from service.store.models import IdempotencyRow, utcnow

_PENDING = 0


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass(frozen=True)
class Pending:
    """Another request with this key is still working on it."""


def _row(session: Session, principal: str, scope: str, key: str) -> IdempotencyRow | None:
    return session.scalar(
        select(IdempotencyRow).where(
            IdempotencyRow.principal == principal,
            IdempotencyRow.scope == scope,
            IdempotencyRow.key == key,
        )
    )


def _same_request(row: IdempotencyRow, request_sha256: str, key: str) -> None:
    if row.request_sha256 != request_sha256:
        raise Conflict(
            "this Idempotency-Key was already used with a different request body; "
            "use a new key for a new request",
            key=key,
        )


def begin(
    session: Session,
    *,
    principal: str,
    scope: str,
    key: str,
    request_sha256: str,
    stale_after_s: float,
) -> StoredResponse | Pending | None:
    """Claim the key for this request (None: go ahead and do the work), or say why not: the
    stored response, or Pending while a twin works on it."""
    row = _row(session, principal, scope, key)
    if row is not None:
        _same_request(row, request_sha256, key)
        if row.status_code != _PENDING:
            return StoredResponse(row.status_code, row.response, dict(row.headers))
        if utcnow() - row.created_at < timedelta(seconds=stale_after_s):
            return Pending()
        row.created_at = utcnow()  # its request died without answering: take it over
        return None
    try:
        with session.begin_nested():
            session.add(
                IdempotencyRow(
                    principal=principal,
                    scope=scope,
                    key=key,
                    request_sha256=request_sha256,
                    status_code=_PENDING,
                    response={},
                    headers={},
                    created_at=utcnow(),
                )
            )
    except IntegrityError:
        return Pending()  # a twin claimed it between our read and our insert
    return None


def remember(
    session: Session,
    *,
    principal: str,
    scope: str,
    key: str,
    request_sha256: str,
    response: StoredResponse,
) -> None:
    """Record the response in the caller's transaction (filling the pending claim, if any)."""
    row = _row(session, principal, scope, key)
    if row is not None and row.status_code != _PENDING:
        raise Conflict(
            "another request with this Idempotency-Key finished first; "
            "send it again to get that request's response",
            key=key,
        )
    if row is None:
        row = IdempotencyRow(principal=principal, scope=scope, key=key)
        session.add(row)
    row.request_sha256 = request_sha256
    row.status_code = response.status_code
    row.response = response.body
    row.headers = response.headers
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "another request with this Idempotency-Key finished first; "
            "send it again to get that request's response",
            key=key,
        ) from exc


def release(session: Session, *, principal: str, scope: str, key: str) -> None:
    """Drop a pending claim whose work failed (a stored response stays)."""
    session.execute(
        delete(IdempotencyRow).where(
            IdempotencyRow.principal == principal,
            IdempotencyRow.scope == scope,
            IdempotencyRow.key == key,
            IdempotencyRow.status_code == _PENDING,
        )
    )
