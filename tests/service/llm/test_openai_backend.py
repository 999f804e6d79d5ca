"""`OpenAICompatibleModel` over real HTTP to a scripted loopback server (faults injected)."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest
from pydantic import BaseModel, Field

from service.config import Settings
from service.errors import (
    AuthenticationFailed,
    BackendUnavailable,
    InvalidOutput,
    ModelError,
    TransportError,
    TruncatedOutput,
)
from service.llm.base import UsageMeter
from service.llm.openai_backend import (
    LLAMA_CPP_SCHEMA,
    OpenAICompatibleModel,
    resolve_wire_mode,
)
from tests.service.llm.models import MESSAGES, Figure, ShortFigure
from tests.service.llm.openai_stub import OpenAIStub, completion, error, recorded

GOOD = json.dumps({"value": 13, "category": "captured", "quote": "13 soldiers were captured"})
BAD_QUOTE = json.dumps({"value": 13, "category": "captured", "quote": "13 troops were taken"})


def _generate(model: Any, response_model: Any = Figure, **kwargs: Any) -> tuple[Any, UsageMeter]:
    usage = UsageMeter()
    result = model.generate(response_model, MESSAGES, max_tokens=80, usage=usage, **kwargs)
    return result, usage


def test_llama_cpp_request_carries_schema_and_result_is_plain_model(
    stub: OpenAIStub, make_model: Any
) -> None:
    stub.queue(completion(GOOD, prompt_tokens=120, completion_tokens=30))
    result, usage = _generate(make_model())
    assert type(result) is Figure
    assert result.value == 13
    (body,) = stub.bodies
    assert body["response_format"] == {"type": "json_object", "schema": Figure.model_json_schema()}
    assert body["model"] == "stub-model"
    assert body["max_tokens"] == 80
    assert body["temperature"] == 0.0
    assert usage.snapshot().model_dump() == {
        "prompt_tokens": 120,
        "completion_tokens": 30,
        "calls": 1,
        "retries": 0,
    }


@pytest.mark.parametrize(("setting", "schema_in_prompt"), [("auto", False), ("json", True)])
def test_schema_text_never_splits_the_shared_prefix(
    stub: OpenAIStub, make_model: Any, setting: Any, schema_in_prompt: bool
) -> None:
    """The system message goes out exactly as written, for every response model: instructor's
    schema text follows the question (or is left to the llama.cpp grammar)."""
    stub.queue(completion(GOOD), completion(GOOD))
    wire = resolve_wire_mode(setting, base_url=None, llama_cpp=True)
    _generate(make_model(wire))
    _generate(make_model(wire), ShortFigure)
    for body in stub.bodies:
        assert body["messages"][0] == MESSAGES[0]
        user = body["messages"][-1]["content"]
        assert user.startswith(MESSAGES[-1]["content"])
        assert ("json_schema" in user) is schema_in_prompt


@pytest.mark.parametrize(
    ("setting", "expect_format", "expect_tools"),
    [
        ("json", {"type": "json_object"}, False),
        ("json_schema", "json_schema", False),
        ("tools", None, True),
        ("md_json", None, False),
    ],
)
def test_wire_modes_shape_the_request(
    stub: OpenAIStub, make_model: Any, setting: Any, expect_format: Any, expect_tools: bool
) -> None:
    wire = resolve_wire_mode(setting, base_url=None, llama_cpp=True)
    reply = (
        completion(None, tool_arguments=GOOD)
        if expect_tools
        else completion(f"```json\n{GOOD}\n```" if setting == "md_json" else GOOD)
    )
    stub.queue(reply)
    result, _ = _generate(make_model(wire))
    assert result.value == 13
    body = stub.bodies[0]
    fmt = body.get("response_format")
    if isinstance(expect_format, str):
        assert fmt["type"] == expect_format
    else:
        assert fmt == expect_format
    assert ("tools" in body) is expect_tools


def test_invalid_output_is_reasked_compactly_then_accepted(
    stub: OpenAIStub, make_model: Any
) -> None:
    stub.queue(
        completion("{not json", prompt_tokens=100, completion_tokens=4),
        completion(GOOD, prompt_tokens=130, completion_tokens=30),
    )
    result, usage = _generate(make_model())
    assert result.quote == "13 soldiers were captured"
    first, second = stub.bodies
    assert second["messages"][: len(first["messages"])] == first["messages"]
    bad, feedback = second["messages"][len(first["messages"]) :]
    assert bad == {"role": "assistant", "content": "{not json"}
    assert feedback["role"] == "user"
    assert feedback["content"].startswith("Your answer was rejected:\n- ")
    assert "errors.pydantic.dev" not in feedback["content"]
    assert usage.snapshot().model_dump() == {
        "prompt_tokens": 230,
        "completion_tokens": 34,
        "calls": 2,
        "retries": 1,
    }


def test_reask_sends_validator_message_verbatim_and_never_grows(
    stub: OpenAIStub, make_model: Any
) -> None:
    stub.queue(*(completion(BAD_QUOTE) for _ in range(4)))
    with pytest.raises(InvalidOutput) as caught:
        _generate(make_model(), max_retries=3)
    assert caught.value.attempts == 4
    assert caught.value.last_output == BAD_QUOTE
    assert "Copy the quote exactly from the sentence." in caught.value.message
    assert "\n" not in caught.value.message  # the CLI prints it as one line
    sizes = [len(body["messages"]) for body in stub.bodies]
    assert sizes == [sizes[0], sizes[0] + 2, sizes[0] + 2, sizes[0] + 2]
    assert stub.bodies[-1]["messages"][-1]["content"] == (
        "Your answer was rejected:\n- quote: Copy the quote exactly from the sentence.\n"
        "Answer again with the corrected JSON only."
    )


def test_truncated_output_fails_at_once(stub: OpenAIStub, make_model: Any) -> None:
    stub.queue(completion('{"value": 13, "cat', finish_reason="length"))
    usage = UsageMeter()
    with pytest.raises(TruncatedOutput) as caught:
        make_model().generate(Figure, MESSAGES, max_tokens=80, usage=usage)
    assert caught.value.last_output == '{"value": 13, "cat'
    assert len(stub.received) == 1
    assert usage.calls == 1


@pytest.mark.parametrize("status", [401, 403])
def test_rejected_key_is_not_retried(stub: OpenAIStub, make_model: Any, status: int) -> None:
    stub.queue(error(status, "invalid api key"))
    usage = UsageMeter()
    with pytest.raises(AuthenticationFailed) as caught:
        make_model().generate(Figure, MESSAGES, max_tokens=80, usage=usage)
    assert caught.value.status == status
    assert "invalid api key" in caught.value.message
    assert len(stub.received) == 1
    assert (usage.calls, usage.retries) == (1, 0)


def test_other_client_error_is_a_model_error_with_status(stub: OpenAIStub, make_model: Any) -> None:
    stub.queue(error(400, "context window exceeded"))
    with pytest.raises(ModelError) as caught:
        _generate(make_model())
    assert type(caught.value) is ModelError
    assert caught.value.status == 400
    assert "context window exceeded" in caught.value.message
    assert len(stub.received) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_transient_status_then_success(stub: OpenAIStub, make_model: Any, status: int) -> None:
    stub.queue(error(status), completion(GOOD, prompt_tokens=50, completion_tokens=20))
    result, usage = _generate(make_model())
    assert result.value == 13
    assert usage.snapshot().model_dump() == {
        "prompt_tokens": 50,
        "completion_tokens": 20,
        "calls": 2,
        "retries": 1,
    }


def test_transient_status_exhausted(stub: OpenAIStub, make_model: Any) -> None:
    stub.queue(*(error(503) for _ in range(3)))
    usage = UsageMeter()
    with pytest.raises(TransportError) as caught:
        make_model().generate(Figure, MESSAGES, max_tokens=80, usage=usage)
    assert (caught.value.attempts, caught.value.status) == (3, 503)
    assert (usage.calls, usage.retries) == (3, 2)


@pytest.mark.parametrize(
    ("headers", "backoff_max_s", "low", "high"),
    [
        ({"Retry-After": "1"}, 5.0, 0.95, 2.0),  # honoured
        ({"Retry-After": "30"}, 0.3, 0.25, 1.0),  # capped by transport_backoff_max_s
        ({"retry-after-ms": "400"}, 5.0, 0.35, 1.0),
    ],
)
def test_rate_limit_waits_as_told(
    stub: OpenAIStub,
    make_model: Any,
    headers: dict[str, str],
    backoff_max_s: float,
    low: float,
    high: float,
) -> None:
    stub.queue(error(429, "slow down", **headers), completion(GOOD))
    result, usage = _generate(make_model(transport_backoff_max_s=backoff_max_s))
    assert result.value == 13
    waited = stub.received[1].at - stub.received[0].at
    assert low <= waited <= high
    assert usage.retries == 1


def test_timeout_is_retried(stub: OpenAIStub, make_model: Any) -> None:
    slow = completion(GOOD)
    slow.delay_s = 1.0
    stub.queue(slow, completion(GOOD, prompt_tokens=7, completion_tokens=3))
    result, usage = _generate(make_model(request_timeout_s=0.3))
    assert result.value == 13
    assert (usage.calls, usage.retries, usage.prompt_tokens) == (2, 1, 7)


def test_timeouts_exhausted(stub: OpenAIStub, make_model: Any) -> None:
    slow = completion(GOOD)
    slow.delay_s = 1.0
    stub.queue(slow, slow)
    with pytest.raises(TransportError) as caught:
        _generate(make_model(request_timeout_s=0.2, transport_retries=1))
    assert caught.value.attempts == 2
    assert caught.value.status is None
    assert "timed out" in caught.value.message


def test_connection_refused_is_backend_unavailable(fast: Settings) -> None:
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    model = OpenAICompatibleModel(
        base_url=f"http://127.0.0.1:{port}/v1", model="nobody", wire=LLAMA_CPP_SCHEMA, settings=fast
    )
    usage = UsageMeter()
    with pytest.raises(BackendUnavailable) as caught:
        model.generate(Figure, MESSAGES, max_tokens=80, usage=usage)
    assert caught.value.attempts == 3
    assert (usage.calls, usage.retries) == (3, 2)


# --- recorded llama.cpp responses, replayed into the real client path -------------------------


def test_recorded_success(stub: OpenAIStub, make_model: Any) -> None:
    (reply,) = recorded("figure_ok")
    stub.queue(reply)
    result, usage = _generate(make_model())
    assert (result.value, result.category) == (13, "captured")
    tokens = reply.body["usage"]
    assert (usage.prompt_tokens, usage.completion_tokens) == (
        tokens["prompt_tokens"],
        tokens["completion_tokens"],
    )


def test_recorded_truncation(stub: OpenAIStub, make_model: Any) -> None:
    stub.queue(*recorded("figure_truncated"))
    with pytest.raises(TruncatedOutput) as caught:
        _generate(make_model())
    assert caught.value.last_output == '{"value": 13'


def test_recorded_reask_exhausted(stub: OpenAIStub, make_model: Any) -> None:
    replies = recorded("figure_reask")
    stub.queue(*replies)
    with pytest.raises(InvalidOutput) as caught:
        _generate(make_model(), ShortFigure, max_retries=len(replies) - 1)
    assert caught.value.attempts == len(replies)
    assert "Copy the quote exactly" in caught.value.message


def test_recorded_reask_then_fixed(stub: OpenAIStub, make_model: Any) -> None:
    first = recorded("figure_reask")[0]
    fixed = json.dumps({"value": 13, "category": "captured", "quote": "13 soldiers were captured"})
    stub.queue(first, completion(fixed))
    result, usage = _generate(make_model(), ShortFigure)
    assert result.quote == "13 soldiers were captured"
    assert "Quote at most 40 characters" in stub.bodies[1]["messages"][-1]["content"]
    assert usage.retries == 1


class _Bounded(BaseModel):
    name: str = Field(min_length=2, max_length=5)
    tags: list[str] = Field(max_length=2)


@pytest.mark.parametrize(
    ("answer", "requests"),
    [('{"name": "Oskar", "tags": ["a"]}', 1), ('{"name": "Colonel Oskar", "tags": []}', 2)],
)
def test_length_bounds_are_checked_by_validation_not_by_the_grammar(
    stub: OpenAIStub, make_model: Any, answer: str, requests: int
) -> None:
    stub.queue(completion(answer), completion('{"name": "Oskar", "tags": []}'))
    result, _ = _generate(make_model(), _Bounded)
    assert result.name == "Oskar"
    assert len(stub.bodies) == requests  # a too-long name is re-asked
    sent = json.dumps(stub.bodies[0]["response_format"])
    assert "maxLength" not in sent  # as grammar rules, length bounds made decoding crawl
    assert "minLength" not in sent
    assert '"maxItems": 2' in sent  # cheap as a grammar rule: kept
