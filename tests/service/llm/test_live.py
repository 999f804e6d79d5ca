"""The real embedded model, end to end: weights → managed llama.cpp server → validated object.

Skipped (not failed) without llama-server or the weight packages; see `EVENHAND_REQUIRE_LIVE`.
"""

from __future__ import annotations

import pytest

from service.config import Settings
from service.llm.base import UsageMeter
from service.llm.factory import get_model
from tests.service.llm.models import MESSAGES, Figure


@pytest.mark.live
def test_embedded_model_returns_a_validated_object(live_settings: Settings) -> None:
    usage = UsageMeter()
    result = get_model(live_settings).generate(Figure, MESSAGES, max_tokens=80, usage=usage)
    assert type(result) is Figure
    assert (result.value, result.category) == (13, "captured")
    assert usage.calls >= 1
    assert usage.completion_tokens > 0
