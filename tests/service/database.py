"""Database fixtures for storage, job and API tests: SQLite always, PostgreSQL when reachable.

PostgreSQL runs in a fresh schema per test session (dropped afterwards), emptied before each
test. Unreachable PostgreSQL skips its tests, except under ``CI`` or
``EVENHAND_REQUIRE_POSTGRES=1``, where it fails them loudly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from service.store.db import Database
from service.store.migrate import upgrade
from service.store.models import Base

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _postgres_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("EVENHAND_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    base = os.environ.get("EVENHAND_TEST_POSTGRES_URL", PG_DEFAULT)
    schema = f"evenhand_test_{uuid4().hex[:12]}"
    admin = create_engine(base)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except SQLAlchemyError as exc:
        admin.dispose()
        reason = f"PostgreSQL unreachable at {base}: {type(exc).__name__}"
        if _postgres_required():
            pytest.fail(f"{reason} (CI / EVENHAND_REQUIRE_POSTGRES=1 require it)")
        pytest.skip(reason)
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    db = Database(rendered)
    upgrade(db)
    db.dispose()
    try:
        yield rendered
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _empty(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        names = ", ".join(table.name for table in Base.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database of each backend."""
    if request.param == "postgres":
        url: str = request.getfixturevalue("postgres_url")
        _empty(url)
        return url
    url = f"sqlite:///{tmp_path / 'evenhand.db'}"
    db = Database(url)
    upgrade(db)
    db.dispose()
    return url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()
