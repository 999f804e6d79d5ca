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
from dataclasses import dataclass
from typing import Protocol, TypedDict, TypeVar

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


class UsageMeter:
    """Thread-safe running totals over every call, transport retry and re-ask."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.calls = 0
        self.retries = 0
        self.model_time_s = 0.0

    def record_call(self, prompt_tokens: int, completion_tokens: int, seconds: float) -> None:
        with self._lock:
            self.calls += 1
            self.prompt_tokens += prompt_tokens
            self.completion_tokens += completion_tokens
            self.model_time_s += seconds

    def record_retry(self) -> None:
        with self._lock:
            self.retries += 1

    @contextmanager
    def timed_call(self) -> Iterator[list[int]]:
        """Time one call; the body appends [prompt_tokens, completion_tokens] when known."""
        tokens: list[int] = []
        started = time.perf_counter()
        try:
            yield tokens
        finally:
            prompt, completion = [*tokens, 0, 0][:2]
            self.record_call(prompt, completion, time.perf_counter() - started)

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
