"""The real embedded model, end to end: weights → managed llama.cpp server → validated object.

Skipped (not failed) without llama_cpp or the weight packages; see `EVENHAND_REQUIRE_LIVE`.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field

from service.config import Settings
from service.errors import BackendUnavailable
from service.llm.base import UsageMeter
from service.llm.factory import get_model, stop_embedded
from service.llm.local.weights import CATALOGUE, locate_parts
from tests.service.llm.models import MESSAGES, Figure

pytestmark = pytest.mark.live


class Count(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: int = Field(description="The number of captured soldiers, as digits.")


def _require(settings: Settings) -> None:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama_cpp is not installed (pip install 'evenhand[local]')")
    try:
        locate_parts(CATALOGUE[settings.local_model])
    except BackendUnavailable as exc:
        pytest.skip(exc.message)


@pytest.mark.parametrize(
    ("local_model", "response_model", "check"),
    [
        ("qwen2.5-coder-1.5b", Figure, lambda r: (r.value, r.category) == (13, "captured")),
        # 135M parameters: only the plumbing is under test, the grammar guarantees the shape.
        ("smollm2-135m", Count, lambda r: isinstance(r.value, int)),
    ],
)
def test_embedded_model_returns_a_validated_object(
    settings: Settings, local_model: str, response_model: Any, check: Any
) -> None:
    settings = settings.model_copy(update={"local_model": local_model})
    _require(settings)
    usage = UsageMeter()
    try:
        result = get_model(settings).generate(response_model, MESSAGES, max_tokens=80, usage=usage)
    finally:
        stop_embedded()
    assert type(result) is response_model
    assert check(result)
    assert usage.calls >= 1
    assert usage.completion_tokens > 0
