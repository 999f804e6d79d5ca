"""The one interface every model backend implements, and the usage meter they all feed.

A pipeline asks for one small structured object at a time::

    draft = model.generate(ClaimDraft, messages, max_tokens=200, usage=meter)

Backends: `service.llm.openai_backend` (any OpenAI-compatible endpoint, the embedded local
server included) and `service.llm.fake.FakeModel` (tests).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol, TypedDict, TypeVar, runtime_checkable

from pydantic import BaseModel

from schemas.result import Usage

T = TypeVar("T", bound=BaseModel)


class Message(TypedDict):
    role: str
    content: str


@dataclass(frozen=True)
class ModelInfo:
    name: str
    backend: str
    mode: str | None = None
    # Part of a model's identity for caching: another temperature makes it another call.
    temperature: float | None = None


# Which question a call belongs to ("incident", "claim"...), for per-stage cost reports. A context
# variable, not a meter attribute: calls of one run go out concurrently from several threads.
_stage: ContextVar[str] = ContextVar("evenhand_stage", default="")


@contextmanager
def recorded_as(name: str) -> Iterator[None]:
    """Calls made inside are recorded under `name` (see `CallRecord.stage`)."""
    token = _stage.set(name)
    try:
        yield
    finally:
        _stage.reset(token)


@dataclass
class CallStats:
    """What the server said one HTTP call cost; None where it does not say.

    ``cached_tokens`` are prompt tokens the server took from its cache instead of evaluating them
    (llama.cpp's ``timings.cache_n``, OpenAI's ``prompt_tokens_details.cached_tokens``);
    ``prompt_ms``/``decode_ms`` are llama.cpp's own ``timings`` of prompt evaluation and decoding.
    """

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int | None = None
    prompt_ms: float | None = None
    decode_ms: float | None = None


@dataclass(frozen=True)
class CallRecord:
    stage: str
    started: float  # time.perf_counter() at send and at answer
    ended: float
    stats: CallStats = field(default_factory=CallStats)


class UsageMeter:
    """Thread-safe running totals over every call, transport retry and re-ask, and one
    `CallRecord` per HTTP call (benchmarks break cost down by stage with them)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.calls = 0
        self.retries = 0
        self.model_time_s = 0.0
        self.records: list[CallRecord] = []

    def record_call(
        self,
        prompt_tokens: int,
        completion_tokens: int,
        seconds: float,
        *,
        stats: CallStats | None = None,
        started: float | None = None,
    ) -> None:
        ended = time.perf_counter()
        stats = stats or CallStats(prompt_tokens, completion_tokens)
        began = ended - seconds if started is None else started
        record = CallRecord(_stage.get(), began, ended, stats)
        with self._lock:
            self.calls += 1
            self.prompt_tokens += prompt_tokens
            self.completion_tokens += completion_tokens
            self.model_time_s += seconds
            self.records.append(record)

    def record_retry(self) -> None:
        with self._lock:
            self.retries += 1

    @contextmanager
    def timed_call(self) -> Iterator[CallStats]:
        """Time one call; the body fills in the `CallStats` the server reported."""
        stats = CallStats()
        started = time.perf_counter()
        try:
            yield stats
        finally:
            self.record_call(
                stats.prompt_tokens,
                stats.completion_tokens,
                time.perf_counter() - started,
                stats=stats,
                started=started,
            )

    def busy_s(self) -> float:
        """Wall time during which at least one call was in flight (the union of the calls'
        intervals): with concurrent calls, `model_time_s` counts overlapping time twice."""
        with self._lock:
            spans = sorted((r.started, r.ended) for r in self.records)
        total, reach = 0.0, float("-inf")
        for start, end in spans:
            if end > reach:
                total += end - max(start, reach)
                reach = end
        return total

    def snapshot(self) -> Usage:
        with self._lock:
            return Usage(
                prompt_tokens=self.prompt_tokens,
                completion_tokens=self.completion_tokens,
                calls=self.calls,
                retries=self.retries,
            )


class StructuredModel(Protocol):
    """A model that fills one pydantic object per request."""

    @property
    def info(self) -> ModelInfo: ...

    def generate(
        self,
        response_model: type[T],
        messages: Sequence[Message],
        *,
        max_tokens: int,
        usage: UsageMeter,
        max_retries: int | None = None,
    ) -> T:
        """Return a validated `response_model`.

        Raises `service.errors.ModelError` subclasses only. `max_retries` overrides the
        configured number of validation re-asks.
        """
        ...


@runtime_checkable
class SharesPrefix(Protocol):
    """A backend with parallel slots that can evaluate a prompt prefix once and copy it into
    its other slots, so that questions sent together after it all start warm."""

    def prime(self, messages: Sequence[Message], usage: UsageMeter) -> None:
        """Evaluate `messages` (the shared prefix of the questions to come) and copy that prompt
        state into the idle slots. Best effort: only a backend that cannot be reached raises."""
        ...
