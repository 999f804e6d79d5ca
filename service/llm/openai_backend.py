"""`OpenAICompatibleModel`: any OpenAI-compatible endpoint (the embedded llama.cpp server too).

Two retry layers, each with its own job:
- transport (`service.llm.transport`) retries the single raw HTTP call on timeouts, 429 and 5xx;
- validation re-asks are instructor's (`max_retries`): the bad output and the error go back to
  the model. Each re-ask is compacted to the original messages + the last bad output + a short
  error list, so history never grows and a small context window never overflows.
A completion cut off at ``max_tokens`` (finish_reason ``length``) is `TruncatedOutput` at once:
re-asking would only hit the same limit again.

Wire formats (`WireMode`): llama.cpp's server takes ``{"type": "json_object", "schema": ...}`` and
turns the schema into a grammar, so the model cannot emit anything else (string length bounds are
left to validation: as grammar rules they slowed decoding to under 1 token/s); other endpoints get
instructor's usual modes.

Prompt prefix: instructor's JSON modes append the response model's schema to the system message,
which would make every question with another response model diverge from the shared prefix
(instructions, then the article) right after the instructions. The schema text is moved after
the question instead, or dropped where the server's grammar enforces the schema anyway.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import instructor
import openai
from instructor.core.exceptions import (
    InstructorError,
    InstructorRetryException,
    ResponseParsingError,
)
from instructor.core.hooks import Hooks
from openai.types.chat import ChatCompletion, ChatCompletionMessage
from pydantic import BaseModel, ValidationError

from service.config import InstructorModeName, Settings
from service.errors import InvalidOutput, ModelError, TruncatedOutput
from service.llm import transport
from service.llm.base import Message, ModelInfo, T, UsageMeter

_PARSE_ERRORS = (ValidationError, json.JSONDecodeError, ResponseParsingError)

# instructor logs every failed attempt at ERROR level (tracebacks of expected re-asks included);
# those failures are translated and reported by this module, so its log would only be noise.
logging.getLogger("instructor").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class WireMode:
    """How requests are shaped for one backend; ``label`` is what `ModelInfo.mode` records."""

    label: str
    instructor_mode: instructor.Mode
    schema_in_response_format: bool = False


# llama.cpp's own schema conversion lets the model indent its JSON. A grammar of our own without
# whitespace between tokens was measured and dropped: held strictly compact, the 1.5B model
# answered a one-sentence incident question with an empty list; with an optional space after
# ':' and ',' it wrote about as many completion tokens (2,293 vs 2,304 on the seed, 2,590 vs
# 2,860 on story 6204080) but took 195 / 319 s instead of 153 / 184 s, with re-asks and, on
# story 6180705, a failed call.
LLAMA_CPP_SCHEMA = WireMode("json_object_schema", instructor.Mode.JSON, True)
_BY_SETTING: dict[str, WireMode] = {
    "json": WireMode("json", instructor.Mode.JSON),
    "json_schema": WireMode("json_schema", instructor.Mode.JSON_SCHEMA),
    "tools": WireMode("tools", instructor.Mode.TOOLS),
    "md_json": WireMode("md_json", instructor.Mode.MD_JSON),
}


def resolve_wire_mode(
    configured: InstructorModeName, *, base_url: str | None, llama_cpp: bool
) -> WireMode:
    """`settings.mode` wins unless 'auto'; auto picks per backend."""
    if configured != "auto":
        return _BY_SETTING[configured]
    if llama_cpp:
        return LLAMA_CPP_SCHEMA
    if base_url is not None and urlsplit(base_url).hostname == "api.openai.com":
        return _BY_SETTING["tools"]
    # json_object is what vLLM, Ollama and most other compatible servers support.
    return _BY_SETTING["json"]


# String length bounds, which llama.cpp writes into the grammar as bounded repetitions: with
# them, one sentence-group answer decoded at 0.8 tokens/s on 2 cores (sharing them with an
# extraction for most of the run), without them at 14.5 on quiet cores (same 500 tokens,
# `evenhand` schema, llama-server 0.3.36). Pydantic still checks every bound after
# decoding and instructor re-asks when one is broken.
_UNGRAMMATICAL = frozenset({"maxLength", "minLength"})


def _without_length_bounds(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_length_bounds(v) for k, v in node.items() if k not in _UNGRAMMATICAL}
    if isinstance(node, list):
        return [_without_length_bounds(v) for v in node]
    return node


@lru_cache(maxsize=256)
def _grammar_schema(response_model: type[BaseModel]) -> dict[str, Any]:
    """The response model's JSON schema as the server's grammar gets it (see above)."""
    schema: dict[str, Any] = _without_length_bounds(response_model.model_json_schema())
    return schema


def describe_error(error: BaseException | None) -> list[str]:
    """The validation failure as short items, validator messages verbatim (written to the model)."""
    if isinstance(error, ValidationError):
        return [
            f"{'.'.join(str(part) for part in item['loc']) or '(whole object)'}: "
            f"{item['msg'].removeprefix('Value error, ')}"
            for item in error.errors(include_url=False, include_input=False)
        ]
    if isinstance(error, json.JSONDecodeError):
        return [f"not valid JSON: {error.msg} at character {error.pos}"]
    return [str(error) if error is not None else "the answer did not match the schema"]


def _output_text(message: ChatCompletionMessage) -> str:
    if message.tool_calls:
        call = message.tool_calls[0]
        arguments = getattr(getattr(call, "function", None), "arguments", None)
        if isinstance(arguments, str):
            return arguments
    return message.content or ""


class _Exchange:
    """One `generate` call: its raw requests, the re-ask compaction and the last output."""

    def __init__(
        self,
        model: OpenAICompatibleModel,
        response_model: type[BaseModel],
        usage: UsageMeter,
        max_tokens: int,
        system: str | None = None,
    ) -> None:
        self._model = model
        self._system = system  # our system text, before instructor appends anything
        self._response_model = response_model
        self._usage = usage
        self._max_tokens = max_tokens
        self._original: list[Any] | None = None
        self._seen = 0
        self.requests = 0
        self.last_output: str | None = None
        self.last_error: BaseException | None = None

    def on_parse_error(self, error: BaseException, **_metadata: Any) -> None:
        self.last_error = error

    def _schema_after_question(self, messages: list[Any]) -> list[Any]:
        """The system message as we wrote it; what instructor appended to it goes after the last
        user message, or nowhere when the server's grammar enforces the schema."""
        first = messages[0] if messages else {}
        content = first.get("content")
        if first.get("role") != "system" or not isinstance(content, str) or self._system is None:
            return messages
        appended = content.removeprefix(self._system)
        if appended == content or not appended.strip():
            return messages
        moved = [{**first, "content": self._system}, *(dict(m) for m in messages[1:])]
        if not self._model.wire.schema_in_response_format:
            users = [n for n, m in enumerate(moved) if m.get("role") == "user"]
            last = users[-1] if users else len(moved) - 1
            moved[last]["content"] = f"{moved[last]['content']}{appended}"
        return moved

    def _compact(self, messages: list[Any]) -> list[Any]:
        """Original messages + only what instructor appended for this re-ask (error rewritten)."""
        if self._original is None:
            outgoing = self._original = self._schema_after_question(messages)
        else:
            appended = [dict(message) for message in messages[self._seen :]]
            feedback = (
                "Your answer was rejected:\n"
                + "".join(f"- {item}\n" for item in describe_error(self.last_error))
                + "Answer again with the corrected JSON only."
            )
            for message in appended:
                if message.get("role") in {"user", "tool"}:
                    message["content"] = feedback
            outgoing = self._original + appended
        self._seen = len(messages)
        return outgoing

    def create(self, **kwargs: Any) -> ChatCompletion:
        """The raw call instructor drives; runs once per attempt."""
        kwargs["messages"] = self._compact(list(kwargs["messages"]))
        if self.requests:
            self._usage.record_retry()
        self.requests += 1
        if self._model.wire.schema_in_response_format:
            kwargs["response_format"] = {
                "type": "json_object",
                "schema": _grammar_schema(self._response_model),
            }
        completion = self._model.send(kwargs, self._usage)
        if not completion.choices:
            raise ModelError(f"{self._model.endpoint} returned no choices")
        choice = completion.choices[0]
        self.last_output = _output_text(choice.message)
        if choice.finish_reason == "length":
            raise TruncatedOutput(
                f"{self._response_model.__name__} output hit max_tokens={self._max_tokens}",
                attempts=self.requests,
                last_output=self.last_output,
            )
        return completion


class OpenAICompatibleModel:
    """A `StructuredModel` over the openai SDK (its retries off) wrapped by instructor."""

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        wire: WireMode,
        settings: Settings,
        backend: str = "openai-compatible",
        api_key: str | None = None,
    ) -> None:
        # Local servers ignore the key, but the SDK refuses to start without one.
        self._client = openai.OpenAI(
            base_url=base_url,
            api_key=api_key or "not-needed",
            timeout=settings.request_timeout_s,
            max_retries=0,
        )
        self.endpoint = base_url
        self.wire = wire
        self._model = model
        self._policy = transport.RetryPolicy.from_settings(settings)
        self._validation_retries = settings.validation_retries
        self._temperature = settings.temperature
        self._info = ModelInfo(
            name=model, backend=backend, mode=wire.label, temperature=settings.temperature
        )

    @property
    def info(self) -> ModelInfo:
        return self._info

    def send(self, request: dict[str, Any], usage: UsageMeter) -> ChatCompletion:
        """One raw chat completion under the transport retry layer."""
        return transport.send(
            lambda: self._client.chat.completions.create(**request),
            policy=self._policy,
            usage=usage,
            endpoint=self.endpoint,
        )

    def generate(
        self,
        response_model: type[T],
        messages: Sequence[Message],
        *,
        max_tokens: int,
        usage: UsageMeter,
        max_retries: int | None = None,
    ) -> T:
        system = messages[0]["content"] if messages and messages[0]["role"] == "system" else None
        exchange = _Exchange(self, response_model, usage, max_tokens, system)
        hooks = Hooks()
        hooks.on("parse:error", exchange.on_parse_error)
        create = instructor.patch(create=exchange.create, mode=self.wire.instructor_mode)
        try:
            result = create(
                response_model=response_model,
                messages=[dict(message) for message in messages],
                max_retries=self._validation_retries if max_retries is None else max_retries,
                hooks=hooks,
                model=self._model,
                max_tokens=max_tokens,
                temperature=self._temperature,
            )
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if isinstance(cause, ModelError):  # from our own create(): already translated
                raise cause from cause.__cause__
            if not isinstance(cause, _PARSE_ERRORS):
                raise ModelError(f"{self.endpoint}: {cause or exc}") from exc
            raise InvalidOutput(
                f"{response_model.__name__} still invalid after {exc.n_attempts} attempts: "
                + "; ".join(describe_error(exchange.last_error)),
                attempts=exc.n_attempts,
                last_output=exchange.last_output,
            ) from exc
        except InstructorError as exc:
            raise ModelError(f"instructor failed for {response_model.__name__}: {exc}") from exc
        # instructor hands back a subclass carrying the raw response; callers get their class.
        return response_model.model_construct(
            _fields_set=result.model_fields_set,
            **{name: getattr(result, name) for name in response_model.model_fields},
        )
