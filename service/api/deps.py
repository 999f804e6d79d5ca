"""What routes depend on: settings, the app's services, the caller (auth + rate limit), the model.

Dependencies are ``async`` and flat: FastAPI runs a plain ``def`` dependency in a worker thread,
and every dependency, sub-dependencies included, costs more per request than the check itself.
The exception is ``Depends(get_settings)``, the house accessor: one hop per request (about 0.1 ms
of CPU), cached for the request's other dependencies; `create_app` overrides it with the settings
it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Header, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.api.auth import ANONYMOUS, Caller, authenticate
from service.api.limits import RateLimiter
from service.config import Settings, get_settings
from service.errors import InputError, ModelTimeout, Unauthorized
from service.jobs.queue import LeaseQueue
from service.jobs.tasks import Executor, ModelProvider
from service.jobs.telemetry import Telemetry
from service.jobs.worker import Worker
from service.llm.base import StructuredModel
from service.store.db import Database
from service.store.pagination import CURSOR_MAX_CHARS, CURSOR_PATTERN, MAX_LIMIT

T = TypeVar("T")

SettingsDep = Annotated[Settings, Depends(get_settings)]


@dataclass
class Services:
    """Everything one app instance owns; built by `create_app`, closed by its lifespan."""

    db: Database
    queue: LeaseQueue
    executor: Executor
    telemetry: Telemetry
    limiter: RateLimiter
    auth_failures: RateLimiter
    model_provider: ModelProvider
    model_check: Callable[[Settings], str]
    worker: Worker | None = field(default=None)

    def notify_worker(self) -> None:
        if self.worker is not None:
            self.worker.notify()


async def run_submission(work: Callable[[], T], settings: Settings) -> T:
    """Run a submission's blocking work (database, model) in one worker thread, within the
    request's time budget; past it, answer 504 at once.

    A thread cannot be interrupted: timed-out work finishes in the background, unanswered.
    """
    budget = settings.request_model_timeout_s
    try:
        with anyio.fail_after(budget):
            return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    except TimeoutError:
        raise ModelTimeout(
            f"the model did not finish within {budget:g} s; submit with ?wait=false "
            "to run it as a job",
            timeout_s=budget,
        ) from None


async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]

_bearer = HTTPBearer(auto_error=False, description="An API key; required when keys are configured.")


async def get_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    settings: SettingsDep,
) -> Caller:
    """Who is calling (after the key check), charged one request against its rate limit.

    Failed key checks are counted per client address: past `auth_failures_per_minute`, that
    address gets 429 (with Retry-After) before its key is even looked at, right key or not.
    """
    header = f"Bearer {credentials.credentials}" if credentials else None
    return identify(request, header, settings)


def identify(request: Request, header: str | None, settings: Settings) -> Caller:
    """The caller behind an Authorization header value; shared by the API and the review pages
    (which may take the key from a cookie)."""
    services: Services = request.app.state.services
    client = f"ip:{request.client.host if request.client else 'unknown'}"
    services.auth_failures.refuse_if_spent(client)
    try:
        caller = authenticate(header, settings.api_keys, settings.admin_keys)
    except Unauthorized:
        services.auth_failures.spend(client)
        raise
    services.limiter.check(caller.principal if caller.principal != ANONYMOUS else client)
    return caller


CallerDep = Annotated[Caller, Depends(get_caller)]


async def get_model_dep(request: Request) -> StructuredModel:
    services: Services = request.app.state.services
    return services.model_provider()


ModelDep = Annotated[StructuredModel, Depends(get_model_dep)]


def _query_aliases(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_aliases(sub)
    return names


async def reject_unknown_query(request: Request) -> None:
    """A misspelt parameter (``?wiat=false``) must not be silently ignored."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    allowed = _query_aliases(route.dependant)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise InputError(
            f"unknown query parameter {unknown[0]!r}; "
            f"this endpoint takes: {', '.join(sorted(allowed)) or 'none'}",
            unknown=unknown,
        )


IdempotencyKey = Annotated[
    str | None,
    Header(
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="Makes the submission safe to retry: the same key with the same body "
        "returns the first response; with a different body, 409.",
    ),
]

PageLimit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
PageCursor = Annotated[
    str | None,
    Query(
        max_length=CURSOR_MAX_CHARS,
        pattern=CURSOR_PATTERN,
        description="The `next_cursor` of the previous page (opaque, URL-safe base64); omit "
        "for the first page.",
    ),
]
