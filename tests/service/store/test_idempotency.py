from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from service.errors import Conflict
from service.store.db import Database
from service.store.idempotency import Pending, StoredResponse, begin, release, remember
from service.store.models import IdempotencyRow, utcnow

KEY = {"principal": "p", "scope": "POST /v1/jobs", "key": "k1"}
RESPONSE = StoredResponse(202, {"id": "job_1"}, {"Location": "/v1/jobs/job_1"})


def _begin(db: Database, sha: str = "a", **where: Any) -> StoredResponse | Pending | None:
    with db.session(write=True) as session:
        return begin(session, **{**KEY, **where}, request_sha256=sha, stale_after_s=60)


def test_new_key_is_claimed_then_twins_wait_then_replay(db: Database) -> None:
    assert _begin(db) is None
    assert _begin(db) == Pending()
    with db.session(write=True) as session:
        remember(session, **KEY, request_sha256="a", response=RESPONSE)
    assert _begin(db) == RESPONSE


def test_same_key_other_body_conflicts(db: Database) -> None:
    assert _begin(db) is None
    with pytest.raises(Conflict):
        _begin(db, sha="b")


@pytest.mark.parametrize("other", [{"principal": "q"}, {"scope": "POST /v1/briefings"}])
def test_keys_are_scoped_per_caller_and_endpoint(db: Database, other: dict[str, str]) -> None:
    with db.session(write=True) as session:
        remember(session, **KEY, request_sha256="a", response=RESPONSE)
    assert _begin(db, sha="b", **other) is None


def test_released_claim_lets_the_next_twin_run(db: Database) -> None:
    assert _begin(db) is None
    with db.session(write=True) as session:
        release(session, **KEY)
    assert _begin(db) is None


def test_stale_claim_is_taken_over(db: Database) -> None:
    assert _begin(db) is None
    with db.session(write=True) as session:
        session.execute(update(IdempotencyRow).values(created_at=utcnow() - timedelta(seconds=61)))
    assert _begin(db) is None


def test_a_second_response_for_a_finished_key_conflicts_and_rolls_back(db: Database) -> None:
    with db.session(write=True) as session:
        remember(session, **KEY, request_sha256="a", response=RESPONSE)
    with pytest.raises(Conflict), db.session(write=True) as session:
        remember(session, **KEY, request_sha256="a", response=RESPONSE)
