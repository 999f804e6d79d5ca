"""A fake model that replays queued structured responses (tests, benchmarks of our overhead).

Each queued item is one model call's answer:
- a pydantic object or a dict: validated into the requested model; a dict that fails validation
  is treated like invalid model output and triggers a re-ask (the next queued item answers it);
- an exception instance: raised from that call (e.g. `TransportError`);
- a callable ``(response_model, messages) -> object``: computed at call time.

When the queue is empty, `responder` (if given) answers; otherwise the call fails loudly so a test
never passes on answers it did not expect. `FakeModel.empty()` answers every question with the
emptiest valid answer ("nothing here"): the real pipeline runs end to end and finds nothing.
"""

from __future__ import annotations

import threading
import types
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from service.errors import InvalidOutput
from service.llm.base import Message, ModelInfo, T, UsageMeter

Responder = Callable[[type[BaseModel], Sequence[Message]], Any]


def _empty_value(annotation: Any, info: FieldInfo | None) -> Any:
    origin = get_origin(annotation)
    if origin is Literal:
        return "other" if "other" in get_args(annotation) else get_args(annotation)[0]
    if origin in (Union, types.UnionType):
        if type(None) in get_args(annotation):
            return None
        return _empty_value(get_args(annotation)[0], info)
    if origin is list:
        return []
    if annotation is bool:
        return False
    if annotation is int:
        return 0
    if annotation is str:
        lengths = [
            m.min_length for m in (info.metadata if info else []) if hasattr(m, "min_length")
        ]
        return "none".ljust(max(lengths, default=0), "x")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return empty_answer(annotation)
    raise TypeError(f"no empty value for {annotation!r}")


def empty_answer(model: type[BaseModel]) -> dict[str, Any]:
    """The emptiest valid answer: empty lists, false flags, 'other' categories, nulls."""
    return {
        name: _empty_value(field.annotation, field)
        for name, field in model.model_fields.items()
        if field.is_required()
    }


def empty_responder(**answers: dict[str, Any]) -> Responder:
    """Answers `empty_answer` to every question, except for the response models named in
    `answers` (by class name), which get those answers."""

    def respond(response_model: type[BaseModel], messages: Sequence[Message]) -> Any:
        return answers.get(response_model.__name__) or empty_answer(response_model)

    return respond


@dataclass
class FakeRequest:
    response_model: type[BaseModel]
    messages: list[Message]
    max_tokens: int


class FakeModel:
    def __init__(
        self,
        responses: Iterable[Any] = (),
        *,
        responder: Responder | None = None,
        name: str = "fake-model",
        max_retries: int = 1,
        tokens_per_call: tuple[int, int] = (100, 20),
    ) -> None:
        self._queue: deque[Any] = deque(responses)
        self._responder = responder
        self._lock = threading.Lock()
        self._info = ModelInfo(name=name, backend="fake", mode="fake")
        self._max_retries = max_retries
        self._tokens = tokens_per_call
        self.requests: list[FakeRequest] = []

    @classmethod
    def empty(cls, **answers: dict[str, Any]) -> FakeModel:
        """A model that finds nothing (see `empty_responder`)."""
        return cls(responder=empty_responder(**answers))

    @property
    def info(self) -> ModelInfo:
        return self._info

    def queue(self, *responses: Any) -> None:
        with self._lock:
            self._queue.extend(responses)

    @property
    def pending(self) -> int:
        return len(self._queue)

    def _next(self, response_model: type[BaseModel], messages: Sequence[Message]) -> Any:
        with self._lock:
            if self._queue:
                item = self._queue.popleft()
            elif self._responder is not None:
                item = self._responder
            else:
                raise AssertionError(
                    f"FakeModel: no queued response for {response_model.__name__} "
                    f"(call {len(self.requests)})"
                )
        if callable(item) and not isinstance(item, BaseModel | type):
            item = item(response_model, messages)
        return item

    def generate(
        self,
        response_model: type[T],
        messages: Sequence[Message],
        *,
        max_tokens: int,
        usage: UsageMeter,
        max_retries: int | None = None,
    ) -> T:
        retries = self._max_retries if max_retries is None else max_retries
        last_error = ""
        for attempt in range(retries + 1):
            self.requests.append(FakeRequest(response_model, list(messages), max_tokens))
            item = self._next(response_model, messages)
            usage.record_call(*self._tokens, 0.0)
            if attempt:
                usage.record_retry()
            if isinstance(item, BaseException):
                raise item
            payload = item.model_dump() if isinstance(item, BaseModel) else item
            try:
                return response_model.model_validate(payload)
            except ValidationError as exc:
                last_error = str(exc)
        raise InvalidOutput(
            f"{response_model.__name__} still invalid after {retries + 1} attempts",
            attempts=retries + 1,
            last_output=last_error,
        )
