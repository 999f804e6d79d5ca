"""HTTP metrics (requests by route and status, latency) beside the telemetry registry."""

from __future__ import annotations

import time

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.jobs.telemetry import Telemetry

_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)


class MetricsMiddleware:
    """Labels by route template ('/v1/jobs/{job_id}'), never the raw path, to bound cardinality."""

    def __init__(self, app: ASGIApp, telemetry: Telemetry) -> None:
        self.app = app
        self.requests = Counter(
            "evenhand_http_requests",
            "HTTP requests by method, route and status.",
            ["method", "route", "status"],
            registry=telemetry.registry,
        )
        self.latency = Histogram(
            "evenhand_http_request_duration_seconds",
            "HTTP request latency by method and route.",
            ["method", "route"],
            buckets=_BUCKETS,
            registry=telemetry.registry,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            route = getattr(scope.get("route"), "path_format", "unmatched")
            self.requests.labels(scope["method"], route, str(status)).inc()
            self.latency.labels(scope["method"], route).observe(time.perf_counter() - started)
