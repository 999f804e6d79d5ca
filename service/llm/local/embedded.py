"""`EmbeddedModel`: the local default as a `StructuredModel`.

Nothing happens at construction: weights are assembled and the server started on the first
`generate`, so commands that never call the model (``evenhand model info``, API start-up) stay
instant. A server that died is restarted by the next call.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from service.config import Settings
from service.errors import AuthenticationFailed, BackendUnavailable, ModelError
from service.llm.base import Message, ModelInfo, T, UsageMeter, recorded_as
from service.llm.local.server import ManagedServer, shared_server
from service.llm.local.weights import CATALOGUE, ensure_weights
from service.llm.openai_backend import OpenAICompatibleModel, resolve_wire_mode

BACKEND = "embedded"


class EmbeddedModel:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._wire = resolve_wire_mode(settings.mode, base_url=None, llama_cpp=True)
        self._info = ModelInfo(
            name=CATALOGUE[settings.local_model].alias,
            backend=BACKEND,
            mode=self._wire.label,
            temperature=settings.temperature,
        )
        self._lock = threading.Lock()
        self._server: ManagedServer | None = None
        self._client: OpenAICompatibleModel | None = None

    @property
    def info(self) -> ModelInfo:
        return self._info

    def _ready(self) -> tuple[ManagedServer, OpenAICompatibleModel]:
        with self._lock:
            if self._server is None:
                self._server = shared_server(self._settings, ensure_weights(self._settings))
            base_url = self._server.ensure_running()
            if self._client is None or self._client.endpoint != base_url:
                self._client = OpenAICompatibleModel(
                    base_url=base_url,
                    model=self._info.name,
                    wire=self._wire,
                    settings=self._settings,
                    backend=BACKEND,
                )
            return self._server, self._client

    def endpoint(self) -> str:
        """Base URL of the running server (started if needed)."""
        return self._ready()[1].endpoint

    def prime(self, messages: Sequence[Message], usage: UsageMeter) -> None:
        """One token of answer after the prefix, then the slot copied (`ManagedServer.share_slot`).
        A failed prime only costs each question its own evaluation of the prefix."""
        server, client = self._ready()
        try:
            request = {"model": self._info.name, "messages": [dict(m) for m in messages]}
            with recorded_as("prefix"):
                client.send({**request, "max_tokens": 1}, usage)
        except (BackendUnavailable, AuthenticationFailed):
            raise
        except ModelError:
            return
        server.share_slot()

    def generate(
        self,
        response_model: type[T],
        messages: Sequence[Message],
        *,
        max_tokens: int,
        usage: UsageMeter,
        max_retries: int | None = None,
    ) -> T:
        server, client = self._ready()
        try:
            return client.generate(
                response_model,
                messages,
                max_tokens=max_tokens,
                usage=usage,
                max_retries=max_retries,
            )
        except BackendUnavailable as exc:
            if server.running:
                raise
            raise server.failure("lost the embedded model mid-request") from exc
