from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from service.jobs.queue import LeaseQueue
from service.store.db import Database
from service.store.jobs import NewItem, cancel_job, create_job, get_job, job_items


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def queue(db: Database, clock: Clock) -> LeaseQueue:
    return LeaseQueue(db, lease_s=10.0, max_attempts=2, clock=clock)


def _job(db: Database, n: int, concurrency: int = 10) -> str:
    with db.session(write=True) as session:
        items = [NewItem("extract", {"n": i}) for i in range(n)]
        return create_job(
            session,
            kind="extract",
            items=items,
            principal="p",
            pipeline=None,
            concurrency=concurrency,
        ).id


def _store(result: str) -> object:
    def store(session: Session, item_id: int | None) -> str:
        return result

    return store


def _statuses(db: Database, job_id: str) -> list[str]:
    with db.session() as session:
        return [item.status for item in job_items(session, job_id)]


def test_claims_follow_job_age_then_item_order(db: Database, queue: LeaseQueue) -> None:
    first, second = _job(db, 2), _job(db, 1)
    claimed = [queue.claim("w") for _ in range(4)]
    assert [(c.job_id, c.seq) for c in claimed if c] == [(first, 0), (first, 1), (second, 0)]
    assert claimed[3] is None


@pytest.mark.parametrize("concurrency", [1, 2])
def test_per_job_concurrency_limit(db: Database, queue: LeaseQueue, concurrency: int) -> None:
    limited, other = _job(db, 5, concurrency), _job(db, 1)
    leases = [queue.claim(f"w{i}") for i in range(concurrency + 1)]
    assert [lease.job_id for lease in leases if lease] == [limited] * concurrency + [other]
    assert queue.claim("w") is None
    assert queue.complete(leases[0], _store("ex_1")).applied  # type: ignore[arg-type]
    assert queue.claim("w") is not None


def test_complete_records_result_and_finishes_job(db: Database, queue: LeaseQueue) -> None:
    job_id = _job(db, 2)
    a, b = queue.claim("w"), queue.claim("w")
    assert a
    assert b
    assert queue.complete(a, _store("ex_a")).job_status is None
    finished = queue.fail(b, "model_output_invalid", "bad")
    assert finished.applied
    assert finished.job_status == "completed"
    with db.session() as session:
        items = job_items(session, job_id)
        assert [i.result_id for i in items] == ["ex_a", None]
        assert items[1].error == {"code": "model_output_invalid", "message": "bad", "details": {}}
        assert get_job(session, job_id, owner=None).finished_at is not None


def test_expired_lease_returns_to_queue_and_old_owner_cannot_complete(
    db: Database, queue: LeaseQueue, clock: Clock
) -> None:
    job_id = _job(db, 1)
    stale = queue.claim("dead")
    assert stale
    assert queue.claim("other") is None
    clock.now += 11
    fresh = queue.claim("alive")
    assert fresh
    assert fresh.item_id == stale.item_id
    assert fresh.attempts == 2
    assert not queue.complete(stale, _store("ex_stale")).applied
    assert queue.complete(fresh, _store("ex_fresh")).applied
    with db.session() as session:
        assert [i.result_id for i in job_items(session, job_id)] == ["ex_fresh"]


def test_renewed_lease_does_not_expire(db: Database, queue: LeaseQueue, clock: Clock) -> None:
    _job(db, 1)
    lease = queue.claim("w")
    assert lease
    clock.now += 8
    assert queue.renew([lease]) == 1
    clock.now += 8
    assert queue.claim("other") is None


def test_item_that_keeps_losing_its_worker_fails(
    db: Database, queue: LeaseQueue, clock: Clock
) -> None:
    job_id = _job(db, 1)
    for _ in range(2):  # max_attempts
        assert queue.claim("doomed")
        clock.now += 11
    assert queue.claim("next") is None
    with db.session() as session:
        (item,) = job_items(session, job_id)
        assert item.status == "failed"
        assert item.error
        assert item.error["code"] == "worker_lost"
        assert get_job(session, job_id, owner=None).status == "failed"


def test_cancelled_job_discards_running_result(db: Database, queue: LeaseQueue) -> None:
    job_id = _job(db, 2)
    lease = queue.claim("w")
    assert lease
    with db.session(write=True) as session:
        cancel_job(session, job_id, owner=None)
    assert not queue.complete(lease, _store("ex_late")).applied
    assert queue.claim("w") is None
    assert _statuses(db, job_id) == ["cancelled", "cancelled"]


def test_depth_counts_waiting_and_leased(db: Database, queue: LeaseQueue) -> None:
    _job(db, 3)
    queue.claim("w")
    assert queue.depth() == {"queued": 2, "running": 1}


def test_retried_item_waits_its_delay_then_is_claimed_again(
    db: Database, queue: LeaseQueue, clock: Clock
) -> None:
    job_id = _job(db, 1)
    lease = queue.claim("w")
    assert lease
    assert queue.retry(lease, "backend_transport_error", "500s", delay_s=30.0).applied
    assert _statuses(db, job_id) == ["queued"]
    with db.session() as session:
        (item,) = job_items(session, job_id)
        assert item.error == {
            "code": "backend_transport_error",
            "message": "500s",
            "details": {"retry_in_s": 30.0},
        }
    assert queue.claim("w") is None
    clock.now += 30.0
    again = queue.claim("w")
    assert again
    assert again.attempts == 2
    assert again.principal == "p"
