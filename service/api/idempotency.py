"""``Idempotency-Key`` handling for submissions: replay the first response, or 409 on reuse."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from service.store.db import Database
from service.store.idempotency import StoredResponse, lookup, remember


class Submission:
    """One POST; without a key every method is a no-op and `respond` just builds the response."""

    def __init__(
        self,
        db: Database,
        *,
        principal: str,
        scope: str,
        key: str | None,
        body: BaseModel,
        params: dict[str, Any],
    ) -> None:
        self.db = db
        self.principal = principal
        self.scope = scope
        self.key = key
        canonical = json.dumps(
            {"body": body.model_dump(mode="json"), "params": params}, sort_keys=True
        )
        self.request_sha256 = hashlib.sha256(canonical.encode()).hexdigest()

    def _where(self) -> dict[str, str]:
        assert self.key is not None
        return {"principal": self.principal, "scope": self.scope, "key": self.key}

    def replay(self) -> JSONResponse | None:
        """The stored response to an earlier identical request, if any."""
        if self.key is None:
            return None
        with self.db.session() as session:
            stored = lookup(session, **self._where(), request_sha256=self.request_sha256)
        if stored is None:
            return None
        return JSONResponse(
            stored.body,
            status_code=stored.status_code,
            headers={**stored.headers, "Idempotent-Replayed": "true"},
        )

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
