"""Prometheus metrics of model use, extractions, briefings and jobs (HTTP metrics: `service.api`).

One registry per app instance rather than the process-global default, so tests can build many
apps. Under several server processes each exposes its own counters; sum them in Prometheus.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from schemas.result import Usage
from service.errors import StoreError

log = logging.getLogger(__name__)


class _QueueDepth(Collector):
    """Read at scrape time from the database, so it is right whichever process did the work."""

    def __init__(self, depth: Callable[[], dict[str, int]]) -> None:
        self._depth = depth

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "evenhand_job_queue_depth", "Job items by state, over all jobs.", labels=["state"]
        )
        try:
            for state, n in self._depth().items():
                family.add_metric([state], n)
        except StoreError as exc:
            log.warning("queue depth unavailable: %s", exc)
        yield family


class Telemetry:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.model_calls = Counter(
            "evenhand_model_calls", "Model calls, retries included.", registry=r
        )
        self.model_tokens = Counter(
            "evenhand_model_tokens", "Tokens sent and received.", ["kind"], registry=r
        )
        self.model_retries = Counter(
            "evenhand_model_retries", "Transport retries and validation re-asks.", registry=r
        )
        self.extractions = Counter(
            "evenhand_extractions",
            "Extractions by outcome (ok, partial or error code).",
            ["outcome"],
            registry=r,
        )
        self.briefings = Counter(
            "evenhand_briefings",
            "Briefings by outcome (ok, partial or error code).",
            ["outcome"],
            registry=r,
        )
        self.job_items = Counter(
            "evenhand_job_items",
            "Job items finished: done, failed, or lease_lost (result discarded).",
            ["outcome"],
            registry=r,
        )
        self.jobs_finished = Counter(
            "evenhand_jobs_finished", "Jobs reaching a final status.", ["status"], registry=r
        )

    def record_usage(self, usage: Usage) -> None:
        self.model_calls.inc(usage.calls)
        self.model_retries.inc(usage.retries)
        self.model_tokens.labels("prompt").inc(usage.prompt_tokens)
        self.model_tokens.labels("completion").inc(usage.completion_tokens)

    def watch_queue(self, depth: Callable[[], dict[str, int]]) -> None:
        self.registry.register(_QueueDepth(depth))
