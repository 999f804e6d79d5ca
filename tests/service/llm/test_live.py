"""The real embedded model, end to end: weights → managed llama.cpp server → validated object.

Skipped (not failed) without llama_cpp or the weight packages; see `EVENHAND_REQUIRE_LIVE`.
"""

from __future__ import annotations

import importlib.util

import pytest

from service.config import Settings
from service.errors import BackendUnavailable
from service.llm.base import UsageMeter
from service.llm.factory import get_model, stop_embedded
from service.llm.local.weights import CATALOGUE, locate_parts
from tests.service.llm.models import MESSAGES, Figure


@pytest.mark.live
def test_embedded_model_returns_a_validated_object(settings: Settings) -> None:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama_cpp is not installed (pip install 'evenhand[local]')")
    try:
        locate_parts(CATALOGUE[settings.local_model])
    except BackendUnavailable as exc:
        pytest.skip(exc.message)
    usage = UsageMeter()
    try:
        result = get_model(settings).generate(Figure, MESSAGES, max_tokens=80, usage=usage)
    finally:
        stop_embedded()
    assert type(result) is Figure
    assert (result.value, result.category) == (13, "captured")
    assert usage.calls >= 1
    assert usage.completion_tokens > 0
