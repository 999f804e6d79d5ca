"""What routes depend on: the app's services, the caller (auth + rate limit), the model."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from service.api.auth import ANONYMOUS, authenticate
from service.api.limits import RateLimiter
from service.config import Settings, get_settings
from service.errors import ModelTimeout
from service.jobs.queue import LeaseQueue
from service.jobs.tasks import Executor, ModelProvider
from service.jobs.telemetry import Telemetry
from service.jobs.worker import Worker
from service.llm.base import StructuredModel
from service.store.db import Database

T = TypeVar("T")


@dataclass
class Services:
    """Everything one app instance owns; built by `create_app`, closed by its lifespan."""

    settings: Settings
    db: Database
    queue: LeaseQueue
    executor: Executor
    telemetry: Telemetry
    limiter: RateLimiter
    model_provider: ModelProvider
    model_check: Callable[[], str]
    model_pool: concurrent.futures.ThreadPoolExecutor
    worker: Worker | None = field(default=None)

    def notify_worker(self) -> None:
        if self.worker is not None:
            self.worker.notify()

    def run_model_work(self, work: Callable[[], T]) -> T:
        """Run model work within the request's time budget; past it, answer 504 at once.

        A thread cannot be interrupted, so the work finishes in the background and is dropped.
        """
        future = self.model_pool.submit(work)
        budget = self.settings.request_model_timeout_s
        try:
            return future.result(timeout=budget)
        except TimeoutError:
            future.cancel()
            raise ModelTimeout(
                f"the model did not finish within {budget:g} s; submit with ?wait=false "
                "to run it as a job",
                timeout_s=budget,
            ) from None


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

_bearer = HTTPBearer(auto_error=False, description="An API key; required when keys are configured.")


def get_principal(
    request: Request,
    services: ServicesDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """Who is calling (after the key check), charged one request against its rate limit."""
    header = f"Bearer {credentials.credentials}" if credentials else None
    principal = authenticate(header, settings.api_keys)
    client = request.client.host if request.client else "unknown"
    services.limiter.check(principal if principal != ANONYMOUS else f"ip:{client}")
    return principal


PrincipalDep = Annotated[str, Depends(get_principal)]


def get_model_dep(services: ServicesDep) -> StructuredModel:
    return services.model_provider()


ModelDep = Annotated[StructuredModel, Depends(get_model_dep)]


def require_json(
    content_type: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> None:
    media = (content_type or "").split(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise HTTPException(415, f"send the body as application/json, not {media or 'untyped'}")


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
