from __future__ import annotations

import pytest

from service.errors import Conflict, NotFound
from service.store.db import Database
from service.store.jobs import (
    NewItem,
    cancel_job,
    create_job,
    finish_if_done,
    get_job,
    item_counts,
    job_items,
    list_jobs,
)


def _job(db: Database, n: int = 3) -> str:
    with db.session(write=True) as session:
        items = [NewItem("extract", {"n": i}) for i in range(n)]
        return create_job(
            session, kind="extract", items=items, principal="p", pipeline="default", concurrency=2
        ).id


def test_created_job_has_queued_items_in_order(db: Database) -> None:
    job_id = _job(db)
    with db.session() as session:
        assert get_job(session, job_id, owner="p").status == "queued"
        assert [i.payload["n"] for i in job_items(session, job_id)] == [0, 1, 2]
        assert item_counts(session, [job_id])[job_id]["queued"] == 3


def test_cancel_then_cancel_again_conflicts(db: Database) -> None:
    job_id = _job(db)
    with db.session(write=True) as session:
        assert cancel_job(session, job_id, owner="p").status == "cancelled"
    with db.session() as session:
        assert {i.status for i in job_items(session, job_id)} == {"cancelled"}
    with pytest.raises(Conflict), db.session(write=True) as session:
        cancel_job(session, job_id, owner="p")


def test_missing_job_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound), db.session() as session:
        get_job(session, "job_nope", owner=None)


@pytest.mark.parametrize(
    ("statuses", "final"),
    [
        (["done", "done"], "completed"),
        (["done", "failed"], "completed"),
        (["failed", "failed"], "failed"),
        (["done", "queued"], None),
        (["running", "failed"], None),
    ],
)
def test_final_status_follows_items(db: Database, statuses: list[str], final: str | None) -> None:
    job_id = _job(db, len(statuses))
    with db.session(write=True) as session:
        for item, status in zip(job_items(session, job_id), statuses, strict=True):
            item.status = status
        job = get_job(session, job_id, owner=None, lock=True)
        assert finish_if_done(session, job) is (final is not None)
        assert job.status == (final or "queued")


def test_jobs_list_newest_first(db: Database) -> None:
    ids = [_job(db, 1) for _ in range(3)]
    with db.session() as session:
        page = list_jobs(session, owner="p", limit=2, cursor=None)
        assert [j.id for j in page.items] == ids[::-1][:2]
        rest = list_jobs(session, owner="p", limit=2, cursor=page.next_cursor)
        assert [j.id for j in rest.items] == [ids[0]]
        assert rest.next_cursor is None


def test_another_principals_job_is_missing_unlisted_and_uncancellable(db: Database) -> None:
    job_id = _job(db)
    with db.session() as session:
        with pytest.raises(NotFound):
            get_job(session, job_id, owner="q")
        assert list_jobs(session, owner="q", limit=10, cursor=None).items == []
    with pytest.raises(NotFound), db.session(write=True) as session:
        cancel_job(session, job_id, owner="q")
