"""`CachingModel` over `FakeModel`: keys, persistence, counters, failures, threads."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field

from service.errors import InvalidOutput
from service.llm.base import Message, ModelInfo, UsageMeter
from service.llm.cache import CachingModel, cache_key
from service.llm.fake import FakeModel
from tests.service.llm.models import MESSAGES, Figure

ANSWER = {"value": 13, "category": "captured", "quote": "13 soldiers were captured"}


class OtherFigure(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: int = Field(description="Another description: another question.")


def _ask(model: Any) -> tuple[Any, UsageMeter]:
    usage = UsageMeter()
    return model.generate(Figure, MESSAGES, max_tokens=60, usage=usage), usage


def test_second_identical_call_is_a_hit_and_costs_nothing(tmp_path: Path) -> None:
    fake = FakeModel(responder=lambda *_: ANSWER)
    model = CachingModel(fake, tmp_path / "c.sqlite3")
    first, _ = _ask(model)
    second, usage = _ask(model)
    assert type(second) is Figure
    assert second == first
    assert (model.hits, model.misses, len(fake.requests)) == (1, 1, 1)
    assert (usage.calls, usage.prompt_tokens) == (0, 0)


def test_hits_survive_a_new_process(tmp_path: Path) -> None:
    _ask(CachingModel(FakeModel([ANSWER]), tmp_path / "c.sqlite3"))
    again = CachingModel(FakeModel([]), tmp_path / "c.sqlite3")  # would fail on any real call
    assert _ask(again)[0].value == 13
    assert again.hits == 1


BASE = ModelInfo(name="m", backend="b", mode="json", temperature=0.0)


@pytest.mark.parametrize(
    ("info", "response_model", "messages", "max_tokens"),
    [
        (ModelInfo(name="m2", backend="b", mode="json", temperature=0.0), Figure, MESSAGES, 60),
        (ModelInfo(name="m", backend="b", mode="tools", temperature=0.0), Figure, MESSAGES, 60),
        (ModelInfo(name="m", backend="b", mode="json", temperature=0.7), Figure, MESSAGES, 60),
        (BASE, OtherFigure, MESSAGES, 60),
        (BASE, Figure, [*MESSAGES[:1], {"role": "user", "content": "other"}], 60),
        (BASE, Figure, MESSAGES, 61),
    ],
)
def test_every_ingredient_changes_the_key(
    info: ModelInfo, response_model: Any, messages: Any, max_tokens: int
) -> None:
    assert cache_key(info, response_model, messages, max_tokens) != cache_key(
        BASE, Figure, MESSAGES, 60
    )
    assert cache_key(BASE, Figure, list(MESSAGES), 60) == cache_key(BASE, Figure, MESSAGES, 60)


def test_disabled_cache_always_asks(tmp_path: Path) -> None:
    fake = FakeModel(responder=lambda *_: ANSWER)
    model = CachingModel(fake, tmp_path / "c.sqlite3", enabled=False)
    _ask(model)
    _ask(model)
    assert (len(fake.requests), model.hits, model.misses) == (2, 0, 0)
    assert not (tmp_path / "c.sqlite3").exists()


def test_failures_are_not_cached(tmp_path: Path) -> None:
    fake = FakeModel([InvalidOutput("bad"), ANSWER])
    model = CachingModel(fake, tmp_path / "c.sqlite3")
    with pytest.raises(InvalidOutput):
        _ask(model)
    assert _ask(model)[0].value == 13
    assert model.misses == 2


def test_stored_payload_that_no_longer_validates_is_asked_again(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    model = CachingModel(FakeModel([ANSWER, ANSWER]), path)
    _ask(model)
    model.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE responses SET payload = ?", ('{"value": "thirteen"}',))
    assert _ask(model)[0].value == 13
    assert (model.hits, model.misses) == (0, 2)


def test_threads_share_one_cache(tmp_path: Path) -> None:
    fake = FakeModel(responder=lambda *_: ANSWER)
    model = CachingModel(fake, tmp_path / "c.sqlite3")
    _ask(model)
    results: list[Any] = []
    threads = [threading.Thread(target=lambda: results.append(_ask(model)[0])) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert {result.value for result in results} == {13}
    assert (model.hits, model.misses) == (8, 1)


class _Slots(FakeModel):
    """A fake with parallel slots: records each prefix it is asked to evaluate."""

    def __init__(self) -> None:
        super().__init__(responder=lambda *_: ANSWER)
        self.primed: list[list[Message]] = []

    def prime(self, messages: Sequence[Message], usage: UsageMeter) -> None:
        self.primed.append(list(messages))


PREFIX = [MESSAGES[0], {"role": "user", "content": MESSAGES[1]["content"][:20]}]


@pytest.mark.parametrize(
    ("prefix", "primed"),
    [
        (PREFIX, 1),  # the question continues the prefix
        ([MESSAGES[0], {"role": "user", "content": "Another article"}], 0),
    ],
)
def test_a_prefix_is_primed_only_before_a_miss_that_continues_it(
    tmp_path: Path, prefix: list[Message], primed: int
) -> None:
    inner = _Slots()
    model = CachingModel(inner, tmp_path / "c.sqlite3")
    model.prime(prefix, UsageMeter())
    assert inner.primed == []  # nothing asked yet: maybe every answer is in the cache
    _ask(model)
    _ask(model)
    assert len(inner.primed) == primed


def test_an_article_answered_from_the_cache_primes_nothing(tmp_path: Path) -> None:
    _ask(CachingModel(_Slots(), tmp_path / "c.sqlite3"))
    inner = _Slots()
    model = CachingModel(inner, tmp_path / "c.sqlite3")
    model.prime(PREFIX, UsageMeter())
    _ask(model)
    assert (inner.primed, model.hits) == ([], 1)
