"""`CachingModel`: a model-response cache in SQLite, for eval sweeps that replay the same calls.

The key is the SHA-256 of everything that decides an answer: model name, backend, mode and
temperature (`ModelInfo`), the messages, ``max_tokens`` and the hash of the response model's JSON
schema (a changed schema or field description is a different question). Only validated objects are
stored; failures are never cached. A hit costs no model call, so it records nothing in the caller's
`UsageMeter`; hits and misses are counted on the wrapper instead.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ValidationError

from service.config import Settings
from service.errors import StoreError
from service.llm.base import Message, ModelInfo, SharesPrefix, StructuredModel, T, UsageMeter

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    response_model TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at REAL NOT NULL
)
"""


def _starts_with(messages: Sequence[Message], prefix: Sequence[Message]) -> bool:
    """The messages continue the prefix: the same messages before its last, whose text the
    corresponding message's text starts with."""
    n = len(prefix)
    return (
        0 < n <= len(messages)
        and list(messages[: n - 1]) == list(prefix[: n - 1])
        and messages[n - 1]["role"] == prefix[n - 1]["role"]
        and messages[n - 1]["content"].startswith(prefix[n - 1]["content"])
    )


def default_cache_path(settings: Settings) -> Path:
    return settings.cache_dir / "model-responses.sqlite3"


def cache_key(
    info: ModelInfo, response_model: type[BaseModel], messages: Sequence[Message], max_tokens: int
) -> str:
    schema = json.dumps(response_model.model_json_schema(), sort_keys=True)
    material = {
        "model": info.name,
        "backend": info.backend,
        "mode": info.mode,
        "temperature": info.temperature,
        "messages": [dict(message) for message in messages],
        "max_tokens": max_tokens,
        "schema": hashlib.sha256(schema.encode()).hexdigest(),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


class CachingModel:
    def __init__(self, inner: StructuredModel, path: Path, enabled: bool = True) -> None:
        self.inner = inner
        self.path = path
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()
        self._priming = threading.Lock()  # held while a prime is out, so misses wait for it
        self._primes: list[tuple[list[Message], UsageMeter]] = []
        self._db: sqlite3.Connection | None = None

    @property
    def info(self) -> ModelInfo:
        return self.inner.info

    def _connection(self) -> sqlite3.Connection:
        # Called under the lock; one connection shared by threads, SQLite serialises processes.
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(_SCHEMA)
                db.commit()
            except (OSError, sqlite3.Error) as exc:
                raise StoreError(
                    f"cannot open the model-response cache {self.path}: {exc}"
                ) from exc
            self._db = db
        return self._db

    def _load(self, key: str) -> str | None:
        with self._lock:
            try:
                row = (
                    self._connection()
                    .execute("SELECT payload FROM responses WHERE key = ?", (key,))
                    .fetchone()
                )
            except sqlite3.Error as exc:
                raise StoreError(f"model-response cache {self.path}: {exc}") from exc
        return None if row is None else str(row[0])

    def _store(self, key: str, response_model: type[BaseModel], payload: str) -> None:
        with self._lock:
            db = self._connection()
            try:
                db.execute(
                    "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?)",
                    (key, self.info.name, response_model.__name__, payload, time.time()),
                )
                db.commit()
            except sqlite3.Error as exc:
                raise StoreError(f"model-response cache {self.path}: {exc}") from exc

    def _count(self, *, hit: bool) -> None:
        with self._lock:
            if hit:
                self.hits += 1
            else:
                self.misses += 1

    def generate(
        self,
        response_model: type[T],
        messages: Sequence[Message],
        *,
        max_tokens: int,
        usage: UsageMeter,
        max_retries: int | None = None,
    ) -> T:
        if not self.enabled:
            return self.inner.generate(
                response_model,
                messages,
                max_tokens=max_tokens,
                usage=usage,
                max_retries=max_retries,
            )
        key = cache_key(self.info, response_model, messages, max_tokens)
        payload = self._load(key)
        if payload is not None:
            try:
                result = response_model.model_validate_json(payload)
            except ValidationError:
                pass  # validators changed since it was stored: ask again, overwrite below
            else:
                self._count(hit=True)
                return result
        self._count(hit=False)
        if isinstance(self.inner, SharesPrefix):
            self._prime_for(messages)
        result = self.inner.generate(
            response_model, messages, max_tokens=max_tokens, usage=usage, max_retries=max_retries
        )
        self._store(key, response_model, result.model_dump_json())
        return result

    def prime(self, messages: Sequence[Message], usage: UsageMeter) -> None:
        """Passed on (see `SharesPrefix`) just before the first question after this prefix that
        misses the cache: an article answered from the cache starts no server and costs no prompt
        evaluation."""
        if isinstance(self.inner, SharesPrefix):
            with self._lock:
                self._primes.append((list(messages), usage))

    def _prime_for(self, messages: Sequence[Message]) -> None:
        """Send the pending prime whose prefix `messages` start with, once; a question arriving
        meanwhile waits for it, so it finds the prefix in its slot."""
        assert isinstance(self.inner, SharesPrefix)
        with self._priming:
            with self._lock:
                found = next((p for p in self._primes if _starts_with(messages, p[0])), None)
                if found is not None:
                    self._primes.remove(found)
            if found is not None:
                self.inner.prime(*found)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
