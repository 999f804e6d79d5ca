"""Apply the Alembic migrations shipped inside this package (on start and `evenhand db upgrade`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from service.errors import StoreError
from service.store.db import Database, describe

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works; it only has to be the same in every Evenhand process.
_PG_LOCK = 0x45_76_65_6E


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the schema version: {describe(exc)}") from exc


def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the schema to `revision`; safe when several processes start at once."""
    config = _config()
    try:
        with db.engine.execution_options(evenhand_immediate=True).begin() as conn:
            if conn.dialect.name == "postgresql":
                # Two servers starting together would otherwise both try to create the tables.
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    except SQLAlchemyError as exc:
        raise StoreError(f"database migration failed: {describe(exc)}") from exc
