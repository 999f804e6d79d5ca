"""The FastAPI application factory.

``create_app()`` wires settings, the database (migrated on start), the model provider, telemetry
and, when asked, in-process job workers. Routes read settings through ``Depends(get_settings)``,
overridden by the settings `create_app` is given, so those a test passes win. Tests pass a
`model_provider` returning a FakeModel (or override `get_model_dep`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import Depends, FastAPI

import service
from service.api import docs, errors
from service.api.deps import Services, reject_unknown_query
from service.api.limits import BodyGuard, RateLimiter
from service.api.metrics import MetricsMiddleware
from service.api.routes import briefings, extractions, health, imports, jobs, stream
from service.api.routes.health import CachedProbe, model_readiness
from service.config import Settings, get_settings
from service.jobs.queue import LeaseQueue
from service.jobs.tasks import Executor, ModelProvider
from service.jobs.telemetry import Telemetry
from service.jobs.worker import Worker
from service.llm.base import StructuredModel
from service.review import api as review_api
from service.review import pages as review_pages
from service.store.db import Database
from service.store.migrate import upgrade

DESCRIPTION = """Source-attributed incidents, claims and neutral briefings from news articles.

Every error has the shape `{"error": {"code", "message", "details"}}`. A run in which no model
call succeeded is an error (502), never an empty result; a result whose calls partly failed is
returned with `status: "partial"` and lists the failures. When API keys are configured, send
`Authorization: Bearer <key>` (health endpoints stay open): what a key creates is visible to that
key only (others get 404), admin keys see everything, and repeated failed key checks from one
address get 429. Submissions accept an `Idempotency-Key` header: retrying with the same key and
body returns the first response, and concurrent twins wait for it instead of running again.
"""


def _embedded_or_remote(settings: Settings) -> ModelProvider:
    def provide() -> StructuredModel:
        from service.llm.factory import get_model

        return get_model(settings)

    return provide


def create_app(
    settings: Settings | None = None,
    *,
    model_provider: ModelProvider | None = None,
    model_check: Callable[[Settings], str] | None = None,
    workers: int = 0,
) -> FastAPI:
    """Build the app; `workers` > 0 runs that many job worker threads in this process.

    Given `settings` replace `get_settings()` for this app's routes too (tests, benchmarks).
    """
    given = settings
    settings = settings or get_settings()
    db = Database(settings.resolved_database_url)
    telemetry = Telemetry()
    queue = LeaseQueue(db, lease_s=settings.job_lease_s, max_attempts=settings.job_max_attempts)
    provider = model_provider or _embedded_or_remote(settings)
    resolved_settings = settings
    services = Services(
        db=db,
        queue=queue,
        executor=Executor(db, settings, provider, telemetry),
        telemetry=telemetry,
        limiter=RateLimiter(settings.rate_limit_per_minute),
        auth_failures=RateLimiter(settings.auth_failures_per_minute, what="failed key checks"),
        model_provider=provider,
        model_check=CachedProbe(
            model_check or ((lambda _: "ok") if model_provider else model_readiness),
            settings.readiness_cache_s,
        ),
    )
    telemetry.watch_queue(queue.depth)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(upgrade, db)
        if workers > 0:
            services.worker = Worker(
                queue,
                services.executor,
                telemetry,
                threads=workers,
                poll_s=resolved_settings.worker_poll_s,
                retry_delay_s=resolved_settings.job_retry_delay_s,
            )
            services.worker.start()
        try:
            yield
        finally:
            if services.worker is not None:
                await anyio.to_thread.run_sync(services.worker.stop, 10.0)
            db.dispose()

    app = FastAPI(
        title="Evenhand",
        version=service.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        dependencies=[Depends(reject_unknown_query)],
        docs_url=None,
        redoc_url=None,
    )
    app.state.services = services
    if given is not None:
        # Any override makes FastAPI re-inspect every dependency on every request (about
        # 0.3 ms of CPU), so the server (`evenhand serve`) passes none and the routes'
        # `get_settings()` returns the very object the app was built from.
        app.dependency_overrides[get_settings] = lambda: given
    errors.install(app)
    app.add_middleware(BodyGuard, max_bytes=settings.max_body_bytes)
    app.add_middleware(MetricsMiddleware, telemetry=telemetry)
    for module in (imports, extractions, stream, review_api, briefings, jobs, health, review_pages):
        app.include_router(module.router)
    app.mount("/review/static", review_pages.static_files, name="review-static")
    docs.install(app, settings)
    return app
