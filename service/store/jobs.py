"""Jobs and their items: creation, reading, cancellation and the final status.

The lease operations that workers use live in `service.jobs.queue`. A job belongs to the
principal that submitted it: readers pass `owner` (another owner's job is missing; None reads
all, for admin keys and workers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from service.errors import Conflict, NotFound
from service.store.models import JobItemRow, JobRow, new_id, utcnow
from service.store.pagination import Page, paginate

JobKind = Literal["extract", "brief"]
JobStatus = Literal["queued", "running", "completed", "failed", "cancelled"]
ItemStatus = Literal["queued", "running", "done", "failed", "cancelled"]
ITEM_STATUSES: tuple[ItemStatus, ...] = ("queued", "running", "done", "failed", "cancelled")
FINAL_JOB_STATUSES = ("completed", "failed", "cancelled")


@dataclass(frozen=True)
class NewItem:
    kind: JobKind
    payload: dict[str, Any]


def create_job(
    session: Session,
    *,
    kind: JobKind,
    items: Sequence[NewItem],
    principal: str,
    pipeline: str | None,
    concurrency: int,
) -> JobRow:
    job = JobRow(
        id=new_id("job"),
        kind=kind,
        status="queued",
        pipeline=pipeline,
        principal=principal,
        concurrency=concurrency,
        total=len(items),
    )
    session.add(job)
    session.flush()
    session.add_all(
        JobItemRow(job_id=job.id, seq=seq, kind=item.kind, payload=item.payload, status="queued")
        for seq, item in enumerate(items)
    )
    session.flush()
    return job


def get_job(session: Session, job_id: str, *, owner: str | None, lock: bool = False) -> JobRow:
    job = session.get(JobRow, job_id, with_for_update=lock)
    if job is None or (owner is not None and job.principal != owner):
        raise NotFound(f"no job {job_id!r}", id=job_id)
    return job


def job_items(session: Session, job_id: str) -> list[JobItemRow]:
    return list(
        session.scalars(
            select(JobItemRow).where(JobItemRow.job_id == job_id).order_by(JobItemRow.seq)
        )
    )


def item_counts(session: Session, job_ids: Sequence[str]) -> dict[str, dict[str, int]]:
    """Per job: how many items are in each status (every status present, zeros included)."""
    counts: dict[str, dict[str, int]] = {j: dict.fromkeys(ITEM_STATUSES, 0) for j in job_ids}
    rows = session.execute(
        select(JobItemRow.job_id, JobItemRow.status, func.count())
        .where(JobItemRow.job_id.in_(job_ids))
        .group_by(JobItemRow.job_id, JobItemRow.status)
    )
    for job_id, status, n in rows:
        counts[job_id][status] = n
    return counts


def list_jobs(
    session: Session, *, owner: str | None, limit: int, cursor: str | None
) -> Page[JobRow]:
    statement = select(JobRow)
    if owner is not None:
        statement = statement.where(JobRow.principal == owner)
    return paginate(session, statement, JobRow.created_at, JobRow.id, limit=limit, cursor=cursor)


def finish_if_done(session: Session, job: JobRow) -> bool:
    """Set the final status once no item is queued or running; the caller holds the job lock."""
    counts = item_counts(session, [job.id])[job.id]
    if counts["queued"] or counts["running"] or job.status in FINAL_JOB_STATUSES:
        return False
    job.status = "failed" if counts["failed"] and not counts["done"] else "completed"
    job.finished_at = job.updated_at = utcnow()
    return True


def cancel_job(session: Session, job_id: str, *, owner: str | None) -> JobRow:
    """Cancel what has not finished; a running item's late result is discarded by the queue."""
    job = get_job(session, job_id, owner=owner, lock=True)
    if job.status in FINAL_JOB_STATUSES:
        raise Conflict(f"job {job_id} is already {job.status}", id=job_id, status=job.status)
    now = utcnow()
    session.execute(
        update(JobItemRow)
        .where(JobItemRow.job_id == job_id, JobItemRow.status.in_(("queued", "running")))
        .values(status="cancelled", lease_owner=None, lease_expires_at=None, finished_at=now)
    )
    job.status = "cancelled"
    job.finished_at = job.updated_at = now
    return job
