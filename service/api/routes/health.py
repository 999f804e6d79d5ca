"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import httpx
from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from service.api.deps import CallerDep, ServicesDep, SettingsDep
from service.api.errors import ErrorBody, error_response, error_responses
from service.api.models import Health
from service.config import Settings
from service.errors import EvenhandError
from service.llm.local.weights import embedded_status

router = APIRouter(tags=["health"])


def model_readiness(settings: Settings) -> str:
    """'ok' when the backend answers, or for the embedded default could load; else the problem.

    The embedded model is not started here: a readiness probe must stay cheap.
    """
    if settings.base_url is None:
        return embedded_status(settings).problem or "ok"
    try:
        reply = httpx.get(f"{settings.base_url.rstrip('/')}/models", timeout=3.0)
    except httpx.HTTPError as exc:
        return f"model endpoint unreachable: {type(exc).__name__}"
    return "ok" if reply.status_code < 500 else f"model endpoint answered {reply.status_code}"


class CachedProbe:
    """A readiness probe answered from memory for `ttl_s` after each real check, so callers
    polling /readyz (or flooding it) do not reach the model backend on every request."""

    def __init__(
        self,
        probe: Callable[[Settings], str],
        ttl_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.probe = probe
        self.ttl_s = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._last: tuple[float, str] | None = None

    def __call__(self, settings: Settings) -> str:
        # One probe at a time: concurrent requests wait for it and share its answer.
        with self._lock:
            now = self._clock()
            if self._last is not None and now - self._last[0] < self.ttl_s:
                return self._last[1]
            state = self.probe(settings)
            self._last = (self._clock(), state)
            return state


@router.get("/healthz", response_model=Health, summary="The process is up")
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Health,
    responses={503: {"model": ErrorBody, "description": "A dependency is not ready."}},
    summary="The database is reachable and the model backend reachable or loadable",
)
def readyz(services: ServicesDep, settings: SettingsDep) -> Health | JSONResponse:
    checks: dict[str, str] = {}
    try:
        services.db.ping()
        checks["database"] = "ok"
    except EvenhandError as exc:
        checks["database"] = exc.message
    checks["model"] = services.model_check(settings)
    if all(state == "ok" for state in checks.values()):
        return Health(status="ok", checks=checks)
    failing = ", ".join(name for name, state in checks.items() if state != "ok")
    return error_response(503, "not_ready", f"not ready: {failing}", {"checks": checks})


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text format."},
        **error_responses(401, 429),
    },
    summary="Prometheus metrics",
)
def metrics(services: ServicesDep, _: CallerDep) -> Response:
    return Response(generate_latest(services.telemetry.registry), media_type=CONTENT_TYPE_LATEST)
