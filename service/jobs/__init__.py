"""Durable background jobs: a lease-based queue in the application database, and its workers.

Decision: a lean SQLAlchemy lease queue (`queue.py`) instead of a task library.
- procrastinate: PostgreSQL only (LISTEN/NOTIFY, PL/pgSQL), so no embedded SQLite default.
- RQ, Dramatiq, arq, Celery: need Redis or RabbitMQ, a second service for a single-user install,
  and their at-least-once delivery would still need our own per-item bookkeeping (progress,
  per-item errors, cancellation, idempotent results) in the database.
- huey's SQLite storage has no PostgreSQL equivalent with row leases.
The queue is two tables already needed for job status (`jobs`, `job_items`), one code path for
both databases: PostgreSQL claims with ``SELECT ... FOR UPDATE SKIP LOCKED``; SQLite has a single
writer and claims inside ``BEGIN IMMEDIATE``. Leases expire unless the heartbeat renews them, so a
killed process's items return to the queue; completion is a conditional update on the lease
owner, so several processes never complete one item twice.
"""
