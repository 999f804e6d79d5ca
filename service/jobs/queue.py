"""Lease operations on job items: claim, renew, complete, fail.

Every item-changing transaction takes the job row lock first (claims skip locked jobs), so the
per-job concurrency limit holds across processes and the last item to finish always sees the
others finished and sets the job's final status.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CursorResult, Update, and_, exists, func, or_, select, update
from sqlalchemy.orm import Session

from service.store.db import Database
from service.store.jobs import finish_if_done, get_job
from service.store.models import JobItemRow, JobRow, utcnow

StoreResult = Callable[[Session, int | None], str]


def _rowcount(session: Session, statement: Update) -> int:
    result = session.execute(statement)
    assert isinstance(result, CursorResult)
    return result.rowcount


@dataclass(frozen=True)
class Lease:
    item_id: int
    job_id: str
    seq: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    owner: str
    principal: str  # who submitted the job: the owner of what the item stores


@dataclass(frozen=True)
class Finished:
    """What a completion or failure changed: whether it counted, and the job's final status."""

    applied: bool
    job_status: str | None = None


class LeaseQueue:
    def __init__(
        self,
        db: Database,
        *,
        lease_s: float,
        max_attempts: int = 3,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.db = db
        self.lease_s = lease_s
        self.max_attempts = max_attempts
        self._clock = clock

    def _claimable(self, now: float) -> Any:
        # A queued item's `lease_expires_at`, when set, is the time its retry is due.
        return or_(
            and_(
                JobItemRow.status == "queued",
                or_(JobItemRow.lease_expires_at.is_(None), JobItemRow.lease_expires_at <= now),
            ),
            and_(JobItemRow.status == "running", JobItemRow.lease_expires_at <= now),
        )

    def claim(self, owner: str) -> Lease | None:
        """Lease the next item of the oldest job that is below its concurrency limit."""
        while True:
            with self.db.session(write=True) as session:
                now = self._clock()
                busy = (
                    select(func.count())
                    .where(
                        JobItemRow.job_id == JobRow.id,
                        JobItemRow.status == "running",
                        JobItemRow.lease_expires_at > now,
                    )
                    .scalar_subquery()
                )
                job_id = session.scalar(
                    select(JobRow.id)
                    .where(
                        JobRow.status.in_(("queued", "running")),
                        busy < JobRow.concurrency,
                        exists().where(JobItemRow.job_id == JobRow.id, self._claimable(now)),
                    )
                    .order_by(JobRow.created_at, JobRow.id)
                    .limit(1)
                    .with_for_update(skip_locked=True)
                )
                if job_id is None:
                    return None
                item = session.scalar(
                    select(JobItemRow)
                    .where(JobItemRow.job_id == job_id, self._claimable(now))
                    .order_by(JobItemRow.seq)
                    .limit(1)
                    .with_for_update(skip_locked=True)
                )
                if item is None:  # its items are locked by a transaction about to finish
                    return None
                job = get_job(session, job_id, owner=None)
                if item.status == "running" and item.attempts >= self.max_attempts:
                    # A worker died on it every time: likely the item kills workers; stop trying.
                    item.status = "failed"
                    item.lease_owner = None
                    item.finished_at = utcnow()
                    item.error = {
                        "code": "worker_lost",
                        "message": f"the worker processing this item stopped {item.attempts} "
                        "times before finishing it",
                    }
                    finish_if_done(session, job)
                    continue
                item.status = "running"
                item.lease_owner = owner
                item.lease_expires_at = now + self.lease_s
                item.attempts += 1
                item.started_at = utcnow()
                if job.status == "queued":
                    job.status = "running"
                    job.updated_at = utcnow()
                return Lease(
                    item_id=item.id,
                    job_id=job_id,
                    seq=item.seq,
                    kind=item.kind,
                    payload=dict(item.payload),
                    attempts=item.attempts,
                    owner=owner,
                    principal=job.principal,
                )

    def renew(self, leases: Iterable[Lease]) -> int:
        """Extend leases still held; returns how many were."""
        renewed = 0
        with self.db.session(write=True) as session:
            expires = self._clock() + self.lease_s
            for lease in leases:
                renewed += _rowcount(
                    session,
                    update(JobItemRow)
                    .where(
                        JobItemRow.id == lease.item_id,
                        JobItemRow.lease_owner == lease.owner,
                        JobItemRow.status == "running",
                    )
                    .values(lease_expires_at=expires),
                )
        return renewed

    def _finish(self, lease: Lease, values: dict[str, Any], store: StoreResult | None) -> Finished:
        with self.db.session(write=True) as session:
            job = get_job(session, lease.job_id, owner=None, lock=True)
            held = _rowcount(
                session,
                update(JobItemRow)
                .where(
                    JobItemRow.id == lease.item_id,
                    JobItemRow.lease_owner == lease.owner,
                    JobItemRow.status == "running",
                )
                .values(lease_owner=None, lease_expires_at=None, finished_at=utcnow(), **values),
            )
            if held != 1:
                # Lease lost (expired and re-claimed, or job cancelled): another outcome stands.
                return Finished(applied=False)
            if store is not None:
                result_id = store(session, lease.item_id)
                session.execute(
                    update(JobItemRow)
                    .where(JobItemRow.id == lease.item_id)
                    .values(result_id=result_id)
                )
            job.updated_at = utcnow()
            done = finish_if_done(session, job)
            return Finished(applied=True, job_status=job.status if done else None)

    def complete(self, lease: Lease, store: StoreResult) -> Finished:
        """Store the result and mark the item done, only if this owner still holds the lease."""
        return self._finish(lease, {"status": "done", "error": None}, store)

    def fail(
        self, lease: Lease, code: str, message: str, details: dict[str, Any] | None = None
    ) -> Finished:
        error = {"code": code, "message": message, "details": details or {}}
        return self._finish(lease, {"status": "failed", "error": error}, None)

    def retry(self, lease: Lease, code: str, message: str, delay_s: float) -> Finished:
        """Put the item back in the queue, claimable after `delay_s`, with the error that sent
        it back visible meanwhile; only if this owner still holds the lease."""
        with self.db.session(write=True) as session:
            get_job(session, lease.job_id, owner=None, lock=True)
            held = _rowcount(
                session,
                update(JobItemRow)
                .where(
                    JobItemRow.id == lease.item_id,
                    JobItemRow.lease_owner == lease.owner,
                    JobItemRow.status == "running",
                )
                .values(
                    status="queued",
                    lease_owner=None,
                    lease_expires_at=self._clock() + delay_s,
                    error={"code": code, "message": message, "details": {"retry_in_s": delay_s}},
                ),
            )
            return Finished(applied=held == 1)

    def depth(self) -> dict[str, int]:
        """Items waiting and items leased, over all jobs (for the queue-depth gauge)."""
        with self.db.session() as session:
            rows = session.execute(
                select(JobItemRow.status, func.count())
                .where(JobItemRow.status.in_(("queued", "running")))
                .group_by(JobItemRow.status)
            )
            counts = {"queued": 0, "running": 0}
            counts.update({status: n for status, n in rows})  # noqa: C416 (rows are not pairs to dict())
            return counts
