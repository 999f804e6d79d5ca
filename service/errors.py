"""Every error Evenhand raises on purpose, in one tree.

    EvenhandError               base; `.code` is machine-readable, str() the one-line message
    ├── ConfigError             settings that cannot work (e.g. base_url without a model)
    ├── InputError              input a user can fix: missing, empty, binary, not UTF-8, too long
    ├── ModelError              anything from the model layer
    │   ├── BackendUnavailable  endpoint unreachable; embedded model cannot be prepared/started
    │   ├── AuthenticationFailed  the endpoint rejected the key (401/403)
    │   ├── TransportError      timeouts, 429 or 5xx still failing after the transport retries
    │   ├── TruncatedOutput     the model hit max_tokens (finish_reason=length); not retried
    │   ├── InvalidOutput       output still failing validation after the re-asks
    │   └── ModelTimeout        a request's model-time budget ran out (API: 504)
    ├── StoreError              the database failed
    │   └── NotFound            no such stored object
    ├── Conflict                state forbids the operation (e.g. cancelling a finished job)
    ├── RateLimited             too many requests for one API key
    ├── ServerError             the Evenhand server a CLI client talks to failed or refused
    └── Unauthorized            missing or unknown API key on a protected endpoint

Third-party exceptions (openai, httpx, instructor, SQLAlchemy) are translated into these at the
module that calls the library; nothing above that boundary catches library exceptions.
"""

from __future__ import annotations

from typing import Any


class EvenhandError(Exception):
    code = "error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = {k: v for k, v in details.items() if v is not None}


class ConfigError(EvenhandError):
    code = "config_error"


class InputError(EvenhandError):
    code = "invalid_input"


class ModelError(EvenhandError):
    code = "model_error"

    def __init__(
        self,
        message: str,
        *,
        attempts: int | None = None,
        status: int | None = None,
        last_output: str | None = None,
        **details: Any,
    ) -> None:
        super().__init__(
            message, attempts=attempts, status=status, last_output=last_output, **details
        )
        self.attempts = attempts
        self.status = status
        self.last_output = last_output


class BackendUnavailable(ModelError):
    code = "backend_unavailable"


class AuthenticationFailed(ModelError):
    code = "backend_auth_failed"


class TransportError(ModelError):
    code = "backend_transport_error"


class TruncatedOutput(ModelError):
    code = "model_output_truncated"


class InvalidOutput(ModelError):
    code = "model_output_invalid"


class StoreError(EvenhandError):
    code = "store_error"


class NotFound(StoreError):
    code = "not_found"


class Conflict(EvenhandError):
    code = "conflict"


class RateLimited(EvenhandError):
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after_s: float, **details: Any) -> None:
        super().__init__(message, retry_after_s=retry_after_s, **details)
        self.retry_after_s = retry_after_s


class ModelTimeout(ModelError):
    code = "model_timeout"


class ServerError(EvenhandError):
    code = "server_error"


class Unauthorized(EvenhandError):
    code = "unauthorized"
