from __future__ import annotations

import pytest

from service.errors import Conflict
from service.store.db import Database
from service.store.idempotency import StoredResponse, lookup, remember

KEY = {"principal": "p", "scope": "POST /v1/jobs", "key": "k1"}
RESPONSE = StoredResponse(202, {"id": "job_1"}, {"Location": "/v1/jobs/job_1"})


def test_new_key_then_replay(db: Database) -> None:
    with db.session(write=True) as session:
        assert lookup(session, **KEY, request_sha256="a") is None
        remember(session, **KEY, request_sha256="a", response=RESPONSE)
    with db.session() as session:
        assert lookup(session, **KEY, request_sha256="a") == RESPONSE


def test_same_key_other_body_conflicts(db: Database) -> None:
    with db.session(write=True) as session:
        remember(session, **KEY, request_sha256="a", response=RESPONSE)
    with db.session() as session, pytest.raises(Conflict):
        lookup(session, **KEY, request_sha256="b")


@pytest.mark.parametrize("other", [{"principal": "q"}, {"scope": "POST /v1/briefings"}])
def test_keys_are_scoped_per_caller_and_endpoint(db: Database, other: dict[str, str]) -> None:
    with db.session(write=True) as session:
        remember(session, **KEY, request_sha256="a", response=RESPONSE)
    with db.session() as session:
        assert lookup(session, **{**KEY, **other}, request_sha256="b") is None


def test_concurrent_twin_gets_conflict_and_rolls_back(db: Database) -> None:
    with db.session(write=True) as session:
        remember(session, **KEY, request_sha256="a", response=RESPONSE)
    with pytest.raises(Conflict), db.session(write=True) as session:
        remember(session, **KEY, request_sha256="a", response=RESPONSE)
