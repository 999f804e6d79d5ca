"""``Idempotency-Key`` handling for submissions: run once, replay the first response, 409 on
reuse with another body.

Concurrent twins (same key and body) do not run the work twice: the first claims the key
(`service.store.idempotency.begin`), the others poll until its response is stored and replay
it; if the first fails, its claim is dropped and the next twin runs the work itself.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from service.errors import Conflict
from service.store.db import Database
from service.store.idempotency import Pending, StoredResponse, begin, release, remember

_POLL_S = 0.05


class Submission:
    """One POST; without a key `run` just runs the work and `respond` builds the response."""

    def __init__(
        self,
        db: Database,
        *,
        principal: str,
        scope: str,
        key: str | None,
        body: BaseModel,
        params: dict[str, Any],
        stale_after_s: float,
    ) -> None:
        self.db = db
        self.principal = principal
        self.scope = scope
        self.key = key
        self.stale_after_s = stale_after_s
        canonical = json.dumps(
            {"body": body.model_dump(mode="json"), "params": params}, sort_keys=True
        )
        self.request_sha256 = hashlib.sha256(canonical.encode()).hexdigest()

    def _where(self) -> dict[str, str]:
        assert self.key is not None
        return {"principal": self.principal, "scope": self.scope, "key": self.key}

    def run(self, work: Callable[[], JSONResponse]) -> JSONResponse:
        """The stored response to an earlier identical request, or `work`'s (run only when
        this request holds the key). Blocks while a twin holds it."""
        if self.key is None:
            return work()
        give_up = time.monotonic() + self.stale_after_s
        while True:
            with self.db.session(write=True) as session:
                state = begin(
                    session,
                    **self._where(),
                    request_sha256=self.request_sha256,
                    stale_after_s=self.stale_after_s,
                )
            if isinstance(state, StoredResponse):
                return JSONResponse(
                    state.body,
                    status_code=state.status_code,
                    headers={**state.headers, "Idempotent-Replayed": "true"},
                )
            if state is None:
                break
            assert isinstance(state, Pending)
            if time.monotonic() > give_up:
                raise Conflict(
                    "a request with this Idempotency-Key is still running; send it again later",
                    key=self.key,
                )
            time.sleep(_POLL_S)
        try:
            return work()
        except BaseException:
            with self.db.session(write=True) as session:
                release(session, **self._where())
            raise

    def respond(
        self,
        session: Session,
        status_code: int,
        body: BaseModel,
        headers: dict[str, str] | None = None,
    ) -> JSONResponse:
        """Build the response and, with a key, record it in the same transaction as the work."""
        content = body.model_dump(mode="json")
        if self.key is not None:
            remember(
                session,
                **self._where(),
                request_sha256=self.request_sha256,
                response=StoredResponse(status_code, content, headers or {}),
            )
        return JSONResponse(content, status_code=status_code, headers=headers)
