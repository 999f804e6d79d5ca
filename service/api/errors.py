"""One JSON error shape for every failure, the status code of each error class, and their docs.

{"error": {"code": "not_found", "message": "no extraction 'ex_1'", "details": {...}}}
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException
from starlette.routing import Match

from service.errors import (
    BackendUnavailable,
    Conflict,
    EvenhandError,
    InputError,
    ModelError,
    ModelTimeout,
    NotFound,
    RateLimited,
    StoreError,
    Unauthorized,
)

log = logging.getLogger(__name__)

# Most specific first: the first matching class decides.
_STATUS: tuple[tuple[type[EvenhandError], int], ...] = (
    (ModelTimeout, 504),
    (BackendUnavailable, 503),
    (ModelError, 502),
    (NotFound, 404),
    (StoreError, 503),
    (InputError, 422),
    (Conflict, 409),
    (RateLimited, 429),
    (Unauthorized, 401),
)

_HTTP_CODES = {
    400: "malformed_body",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


class ErrorInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(description="Machine-readable error name, e.g. 'not_found'.")
    message: str = Field(description="What went wrong and how to fix it, for people.")
    details: dict[str, Any] = Field(default_factory=dict, description="Structured context.")


class ErrorBody(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "error": {
                        "code": "not_found",
                        "message": "no extraction 'ex_0'",
                        "details": {"id": "ex_0"},
                    }
                }
            ]
        },
    )

    error: ErrorInfo = Field(description="The error.")


_DESCRIPTIONS = {
    400: "Malformed request body (not JSON, not UTF-8).",
    401: "Missing or unknown API key.",
    404: "No such object.",
    409: "Conflict: Idempotency-Key reused with another body, or the state forbids it.",
    413: "Request body larger than the configured limit.",
    415: "Request body is not application/json.",
    422: "Invalid input: validation errors, empty or binary text, too many or too long articles.",
    429: "Too many requests for this API key; see Retry-After.",
    502: "The model failed: invalid or truncated output, backend errors after retries.",
    503: "The database or the model backend is unavailable.",
    504: "The model did not finish within the request's time budget.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for these error statuses."""
    return {s: {"model": ErrorBody, "description": _DESCRIPTIONS[s]} for s in statuses}


def status_of(exc: EvenhandError) -> int:
    return next((status for cls, status in _STATUS if isinstance(exc, cls)), 500)


def error_response(
    status: int,
    code: str,
    message: str,
    details: dict[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = ErrorBody(error=ErrorInfo(code=code, message=message, details=details or {}))
    return JSONResponse(
        body.model_dump(mode="json"), status_code=status, headers=dict(headers or {})
    )


def _jsonable(details: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v if isinstance(v, int | float | bool | str | list | dict) else str(v)
        for k, v in details.items()
    }


async def _evenhand_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, EvenhandError)
    status = status_of(exc)
    headers = None
    if isinstance(exc, RateLimited):
        headers = {"Retry-After": str(max(1, math.ceil(exc.retry_after_s)))}
    elif isinstance(exc, Unauthorized):
        headers = {"WWW-Authenticate": "Bearer"}
    if status >= 500:
        log.warning("%s %s -> %d %s: %s", request.method, request.url.path, status, exc.code, exc)
    return error_response(status, exc.code, exc.message, _jsonable(exc.details), headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "loc": list(e.get("loc", ())),
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
    if any(e["type"] == "json_invalid" for e in errors):
        return error_response(
            400, "malformed_json", "the request body is not valid JSON", {"errors": errors}
        )
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(part) for part in first["loc"])
    return error_response(
        422,
        "validation_error",
        f"{where}: {first['msg']}" if where else str(first["msg"]),
        {"errors": errors},
    )


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def _allowed_methods(request: Request) -> str:
    """Every method some route serves on this path, found by asking each route whether it would
    take the request with that method (FastAPI's included routers expose no `.methods`)."""
    return ", ".join(
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.routes
        )
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    return error_response(exc.status_code, code, str(exc.detail), headers=headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(500, "internal_error", "internal error; the server log has the details")


def install(app: FastAPI) -> None:
    app.add_exception_handler(EvenhandError, _evenhand_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
