"""Concurrent calls through the real OpenAI-client path: any OpenAI-compatible endpoint (vLLM,
llama-server with CUDA) set by EVENHAND_BASE_URL gets the independent questions of one article
together, at most `EVENHAND_CONCURRENCY` at a time. A loopback stub plays the GPU server."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest

from schemas.article import ArticleIn
from service.config import Settings
from service.extract import extract
from service.llm.factory import build_model
from tests.service.extract.conftest import SENTENCE, default_claim
from tests.service.llm.openai_stub import OpenAIStub, Reply, completion

# 32 candidate sentences: four calls of MAX_GROUP (8), asked with the incidents call.
TEXT = " ".join(
    f"The ministry said {n} soldiers were captured in the fighting." for n in range(2, 34)
)
DELAY_S = 0.3


class _GpuServer:
    """Answers after a fixed delay, counting the requests in flight at once."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.most_in_flight = 0
        self._lock = threading.Lock()

    def __call__(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        time.sleep(DELAY_S)
        with self._lock:
            self.in_flight -= 1
        question = body["messages"][-1]["content"]
        if 'Question "incidents"' in question:
            answer: dict[str, Any] = {
                "incidents": [{"title": "Clash", "event_type": "battles", "actors": []}]
            }
        else:
            answer = {
                key: default_claim(sentence, [n.strip('"') for n in numbers.split(" (")[:1]])
                for key, sentence, numbers in SENTENCE.findall(question)
            }
        reply = completion(json.dumps(answer), prompt_tokens=900, completion_tokens=40)
        reply.body["usage"]["prompt_tokens_details"] = {"cached_tokens": 800}
        return reply


@pytest.mark.parametrize("concurrency", [1, 4])
def test_independent_questions_go_out_together(settings: Settings, concurrency: int) -> None:
    gpu = _GpuServer()
    with OpenAIStub(responder=gpu) as stub:
        hosted = settings.model_copy(
            update={
                "base_url": stub.base_url,
                "model": "qwen2.5-7b-instruct",
                "mode": "json",
                "concurrency": concurrency,
                "result_cache": False,
            }
        )
        started = time.perf_counter()
        result = extract(ArticleIn(text=TEXT), model=build_model(hosted), settings=hosted)
        wall = time.perf_counter() - started
    assert len(result.claims) == 32
    assert [f.low for c in result.claims for f in c.figures] == list(range(2, 34))
    assert gpu.most_in_flight == concurrency
    calls = result.meta.usage.calls
    assert calls == 5
    # Time with a call in flight, not the sum over calls that overlapped.
    assert (2 if concurrency > 1 else 5) * DELAY_S <= result.meta.model_time_s <= wall
    assert result.meta.usage.prompt_tokens == 900 * calls
