"""Durable storage: SQLAlchemy 2 models, repositories and Alembic migrations.

One code path for the embedded default (a SQLite file in the data dir, WAL mode) and production
(PostgreSQL via ``EVENHAND_DATABASE_URL``). SQLAlchemy exceptions are translated into
`service.errors.StoreError` in `service.store.db`; nothing above this package sees them.
"""
