"""Request limits: body type and size (checked while the body streams in), requests per key,
failed key checks per client address.

The rate limiters are in-process token buckets: with several server processes each enforces
its limit separately, so a key can get up to N times the rate (put a shared limiter such as a
proxy in front for a hard global limit).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from schemas.article import ArticleIn
from service.api.errors import error_response
from service.config import Settings
from service.errors import InputError, RateLimited

_MAX_BUCKETS = 10_000


def _is_json(content_type: bytes | None) -> bool:
    media = (content_type or b"").split(b";")[0].strip().lower()
    return media == b"application/json" or media.endswith(b"+json")


class BodyGuard:
    """Request bodies must be JSON (else 415) and within `max_bytes` (else 413): refused before
    reading when Content-Length says so, or as soon as a streamed (chunked) body passes the
    limit; the rest is never read into memory."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> str:
        return f"request body larger than {self.max_bytes} bytes; send fewer or shorter articles"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        has_body = b"transfer-encoding" in headers or (length not in (None, b"0"))
        if has_body and not _is_json(headers.get(b"content-type")):
            shown = (headers.get(b"content-type") or b"no content type").decode("latin-1")
            response = error_response(
                415, "unsupported_media_type", f"send the body as application/json, not {shown}"
            )
            await response(scope, receive, send)
            return
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            response = error_response(413, "payload_too_large", self._too_large())
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # FastAPI passes HTTPExceptions raised while reading the body to the handler.
                    raise HTTPException(413, self._too_large())
            return message

        await self.app(scope, limited, send)


class RateLimiter:
    """Token bucket per key: `per_minute` requests, refilled continuously, bursts up to that."""

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        what: str = "requests",
    ) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.what = what
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Spend one token for `key` or raise RateLimited with the wait until the next one."""
        self._take(key, spend=True)

    def refuse_if_spent(self, key: str) -> None:
        """Raise RateLimited when `key` has no token left; spend nothing."""
        self._take(key, spend=False)

    def spend(self, key: str) -> None:
        """Spend one token for `key` if it has one (the event already happened)."""
        with contextlib.suppress(RateLimited):
            self._take(key, spend=True)

    def _take(self, key: str, *, spend: bool) -> None:
        if self.capacity <= 0:
            return
        with self._lock:
            now = self._clock()
            if len(self._buckets) > _MAX_BUCKETS:
                # A full bucket carries no state: forget keys idle for a whole refill.
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60.0}
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                wait = (1.0 - tokens) / self.rate
                raise RateLimited(
                    f"rate limit of {int(self.capacity)} {self.what} per minute exceeded; "
                    f"retry in {wait:.1f} s",
                    retry_after_s=wait,
                )
            self._buckets[key] = (tokens - 1.0 if spend else tokens, now)


def check_articles(articles: Sequence[ArticleIn], settings: Settings) -> None:
    """Refuse oversized input before it is stored or queued (the pipeline would refuse it later)."""
    if len(articles) > settings.max_batch_articles:
        raise InputError(
            f"{len(articles)} articles in one request; the limit is {settings.max_batch_articles}",
            limit=settings.max_batch_articles,
        )
    for n, article in enumerate(articles):
        if len(article.text) > settings.max_article_chars:
            raise InputError(
                f"article {n} ({article.resolved_id}) has {len(article.text)} characters; "
                f"the limit is {settings.max_article_chars}",
                index=n,
                limit=settings.max_article_chars,
            )
