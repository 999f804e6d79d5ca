"""Transport retry layer: one raw chat-completion HTTP call, retried only for transient failures.

This is the lower of the two retry layers (the upper one, validation re-asks, lives in
`service.llm.openai_backend`). It retries timeouts, connection errors, 429 and 5xx with
exponential backoff and jitter, honouring ``Retry-After`` (seconds or HTTP-date) up to the backoff
ceiling; the openai SDK's own retries are off so the two never multiply. Every HTTP attempt is
metered, successful or not, and each retry counts in ``UsageMeter.retries``.

openai exceptions are translated here and nowhere else:
401/403 → `AuthenticationFailed` (never retried); other 4xx → `ModelError` carrying the status;
unreachable after the retries → `BackendUnavailable`; timeouts, 429, 5xx still failing →
`TransportError(attempts=, status=)`.
"""

from __future__ import annotations

import email.utils
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import openai
from openai.types.chat import ChatCompletion
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from service.config import Settings
from service.errors import (
    AuthenticationFailed,
    BackendUnavailable,
    ModelError,
    TransportError,
)
from service.llm.base import CallStats, UsageMeter

_RETRYABLE_STATUS = frozenset({408, 429})  # 408: the server's own request timeout


@dataclass(frozen=True)
class RetryPolicy:
    retries: int
    backoff_max_s: float
    backoff_initial_s: float = 0.5

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(
            retries=settings.transport_retries, backoff_max_s=settings.transport_backoff_max_s
        )


def _status(exc: BaseException) -> int | None:
    return exc.status_code if isinstance(exc, openai.APIStatusError) else None


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    status = _status(exc)
    return status is not None and (status in _RETRYABLE_STATUS or status >= 500)


def retry_after_s(headers: Mapping[str, str], *, now: datetime | None = None) -> float | None:
    """Seconds the server asked us to wait, from ``retry-after-ms`` or ``Retry-After``."""
    if (millis := headers.get("retry-after-ms")) is not None:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


class _Wait:
    """Exponential backoff with jitter, unless the server said how long to wait; both capped."""

    def __init__(self, policy: RetryPolicy) -> None:
        self._policy = policy

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = (
            retry_after_s(exc.response.headers) if isinstance(exc, openai.APIStatusError) else None
        )
        if asked is None:
            initial = self._policy.backoff_initial_s
            asked = initial * 2 ** (state.attempt_number - 1) + random.uniform(0, initial)
        return min(asked, self._policy.backoff_max_s)


def _message(exc: openai.OpenAIError) -> str:
    if isinstance(exc, openai.APIStatusError):
        body = exc.body
        if isinstance(body, dict):
            detail = body.get("message") or body.get("error") or body
            if isinstance(detail, dict):
                detail = detail.get("message", detail)
            return str(detail)[:300]
    return str(exc)[:300]


def _translate(exc: openai.OpenAIError, *, endpoint: str, attempts: int) -> ModelError:
    status = _status(exc)
    detail = _message(exc)
    if status in {401, 403}:
        return AuthenticationFailed(
            f"{endpoint} rejected the API key (HTTP {status}): {detail}",
            attempts=attempts,
            status=status,
        )
    if isinstance(exc, openai.APITimeoutError):
        return TransportError(f"{endpoint} timed out on all {attempts} attempts", attempts=attempts)
    if isinstance(exc, openai.APIConnectionError):
        return BackendUnavailable(
            f"cannot reach {endpoint} after {attempts} attempts: {detail}", attempts=attempts
        )
    if status is not None and _is_transient(exc):
        return TransportError(
            f"{endpoint} still answered HTTP {status} after {attempts} attempts: {detail}",
            attempts=attempts,
            status=status,
        )
    if status is not None:
        return ModelError(
            f"{endpoint} refused the request (HTTP {status}): {detail}",
            attempts=attempts,
            status=status,
        )
    return ModelError(f"{endpoint}: {detail}", attempts=attempts)


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def read_stats(completion: ChatCompletion, stats: CallStats) -> None:
    """Token counts and, where the server reports them, cache reuse and timings."""
    if (usage := completion.usage) is not None:
        stats.prompt_tokens = usage.prompt_tokens
        stats.completion_tokens = usage.completion_tokens
        details = usage.prompt_tokens_details
        if details is not None and details.cached_tokens is not None:
            stats.cached_tokens = details.cached_tokens
    # llama.cpp's server adds `timings` beside `usage`; the SDK keeps unknown fields as extras.
    timings = (completion.model_extra or {}).get("timings")
    if isinstance(timings, dict):
        cache_n = _number(timings.get("cache_n"))
        if cache_n is not None:
            stats.cached_tokens = int(cache_n)
        stats.prompt_ms = _number(timings.get("prompt_ms"))
        stats.decode_ms = _number(timings.get("predicted_ms"))


def send(
    request: Callable[[], ChatCompletion],
    *,
    policy: RetryPolicy,
    usage: UsageMeter,
    endpoint: str,
) -> ChatCompletion:
    """Run ``request`` (one HTTP call) under the transport retry policy."""
    attempts = 0

    def attempt() -> ChatCompletion:
        nonlocal attempts
        attempts += 1
        with usage.timed_call() as stats:
            completion = request()
            read_stats(completion, stats)
        return completion

    retrying = Retrying(
        stop=stop_after_attempt(policy.retries + 1),
        wait=_Wait(policy),
        retry=retry_if_exception(_is_transient),
        before_sleep=lambda _state: usage.record_retry(),
        reraise=True,
    )
    try:
        return retrying(attempt)
    except openai.OpenAIError as exc:
        raise _translate(exc, endpoint=endpoint, attempts=attempts) from exc
