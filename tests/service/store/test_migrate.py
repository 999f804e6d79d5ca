from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from service.errors import StoreError
from service.store.db import Database
from service.store.migrate import current_revision, head_revision, upgrade
from service.store.models import Base


def test_upgrade_creates_every_table_and_records_head(db: Database) -> None:
    assert current_revision(db) == head_revision()
    tables = set(inspect(db.engine).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= tables


def test_upgrade_twice_is_a_no_op(db: Database) -> None:
    upgrade(db)
    assert current_revision(db) == head_revision()


def test_concurrent_upgrades_of_a_fresh_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    errors: list[BaseException] = []

    def run() -> None:
        db = Database(url)
        try:
            upgrade(db)
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert current_revision(Database(url)) == head_revision()


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'wal.db'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def _open_and_ping(url: str) -> None:
    Database(url).ping()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1",
        "not a url",
    ],
)
def test_unusable_database_is_a_store_error(url: str) -> None:
    with pytest.raises(StoreError):
        _open_and_ping(url)


def test_rows_from_before_owners_belong_to_anonymous_and_are_complete(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(db, "0001")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO articles VALUES ('a', 'text', 4, '2021-01-01')"))
        conn.execute(
            text(
                "INSERT INTO extractions (id, article_sha256, article_id, pipeline, model, "
                "backend, prompt_version, incidents, claims, usage, result, created_at) VALUES "
                "('ex_1', 'a', 'a', 'default', 'm', 'fake', 'v1', 0, 0, '{}', '{}', '2021-01-01')"
            )
        )
    upgrade(db)
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT owner, status FROM extractions")).all()
    assert [tuple(row) for row in rows] == [("anonymous", "complete")]
    db.dispose()
