"""Worker threads that claim job items, run them, and keep their leases alive.

`evenhand serve` runs a `Worker` inside the API process; `evenhand worker` runs one alone. A
stopped or killed worker leaves its leases to expire, and another worker picks the items up.

Retry policy: an item whose run failed in the model layer (`ModelError`: backend down, or no
model call succeeded, see `service.extract.run`) goes back to the queue after `retry_delay_s`,
doubled each time, until it has been tried `job_max_attempts` times; then it fails with the
last error and its details. Bad input (`InputError`) and other errors fail at once.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from uuid import uuid4

from service.config import Settings
from service.errors import EvenhandError, ModelError
from service.jobs.queue import Finished, Lease, LeaseQueue
from service.jobs.tasks import Executor, ModelProvider
from service.jobs.telemetry import Telemetry
from service.store.db import Database
from service.store.migrate import upgrade

log = logging.getLogger(__name__)


class Worker:
    def __init__(
        self,
        queue: LeaseQueue,
        executor: Executor,
        telemetry: Telemetry,
        *,
        threads: int = 1,
        poll_s: float = 1.0,
        retry_delay_s: float = 10.0,
    ) -> None:
        self.queue = queue
        self.executor = executor
        self.telemetry = telemetry
        self.threads = threads
        self.poll_s = poll_s
        self.retry_delay_s = retry_delay_s
        self.name = f"{socket.gethostname()}:{os.getpid()}:{uuid4().hex[:8]}"
        self._held: dict[int, Lease] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        self._stop.clear()
        self._threads = [
            threading.Thread(target=self._loop, args=(i,), name=f"evenhand-worker-{i}", daemon=True)
            for i in range(self.threads)
        ]
        self._threads.append(
            threading.Thread(target=self._heartbeat, name="evenhand-heartbeat", daemon=True)
        )
        for thread in self._threads:
            thread.start()
        log.info("worker %s started with %d thread(s)", self.name, self.threads)

    def stop(self, timeout: float | None = None) -> None:
        """Ask threads to stop after their current item; unfinished leases simply expire."""
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)

    def notify(self) -> None:
        """New work was submitted in this process: skip the rest of the poll interval."""
        self._wake.set()

    def run_once(self, slot: int = 0) -> Lease | None:
        """Claim and process one item; None when nothing was claimable."""
        lease = self.queue.claim(f"{self.name}/{slot}")
        if lease is None:
            return None
        with self._lock:
            self._held[lease.item_id] = lease
        try:
            self._record(self._process(lease))
        finally:
            with self._lock:
                del self._held[lease.item_id]
        return lease

    def _process(self, lease: Lease) -> Finished:
        try:
            store = self.executor.prepare_item(lease.kind, lease.payload, lease.principal)
        except ModelError as exc:
            if lease.attempts < self.queue.max_attempts:
                self.telemetry.job_items.labels("retried").inc()
                delay = self.retry_delay_s * 2 ** (lease.attempts - 1)
                return self.queue.retry(lease, exc.code, exc.message, delay)
            self.telemetry.job_items.labels("failed").inc()
            return self.queue.fail(lease, exc.code, exc.message, exc.details)
        except EvenhandError as exc:
            self.telemetry.job_items.labels("failed").inc()
            return self.queue.fail(lease, exc.code, exc.message, exc.details)
        except Exception as exc:
            # A bug must fail this item, not kill the worker thread that serves every job.
            log.exception("job item %s crashed", lease.item_id)
            self.telemetry.job_items.labels("failed").inc()
            return self.queue.fail(lease, "internal_error", f"{type(exc).__name__}: {exc}")
        finished = self.queue.complete(lease, store)
        self.telemetry.job_items.labels("done" if finished.applied else "lease_lost").inc()
        return finished

    def _record(self, finished: Finished) -> None:
        if finished.job_status is not None:
            self.telemetry.jobs_finished.labels(finished.job_status).inc()

    def _loop(self, slot: int) -> None:
        while not self._stop.is_set():
            try:
                processed = self.run_once(slot)
            except EvenhandError as exc:  # the database is down: wait and try again
                log.warning("worker %s/%d: %s", self.name, slot, exc)
                processed = None
            if processed is None:
                self._wake.wait(self.poll_s)
                self._wake.clear()

    def _heartbeat(self) -> None:
        interval = self.queue.lease_s / 3
        while not self._stop.wait(interval):
            with self._lock:
                leases = list(self._held.values())
            if not leases:
                continue
            try:
                self.queue.renew(leases)
            except EvenhandError as exc:
                log.warning("lease renewal failed: %s", exc)


def worker_from_settings(
    settings: Settings, model_provider: ModelProvider, *, threads: int | None = None
) -> Worker:
    """A standalone worker (its own database connection and telemetry), schema migrated."""
    db = Database(settings.resolved_database_url)
    upgrade(db)
    queue = LeaseQueue(db, lease_s=settings.job_lease_s, max_attempts=settings.job_max_attempts)
    telemetry = Telemetry()
    return Worker(
        queue,
        Executor(db, settings, model_provider, telemetry),
        telemetry,
        threads=threads or settings.worker_concurrency,
        poll_s=settings.worker_poll_s,
        retry_delay_s=settings.job_retry_delay_s,
    )


def run_until_signalled(worker: Worker, *, grace_s: float = 30.0) -> None:
    """Run until SIGINT or SIGTERM, then let current items finish for up to `grace_s`."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    worker.start()
    stop.wait()
    log.info("worker %s stopping", worker.name)
    worker.stop(grace_s)
