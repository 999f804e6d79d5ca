from __future__ import annotations

from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field

from service.llm.base import UsageMeter
from service.llm.fake import FakeModel, empty_answer


class Inner(BaseModel):
    flag: bool


class Shapes(BaseModel):
    kind: Literal["battle", "other"]
    first: Literal["a", "b"]
    note: str | None
    either: int | str
    items: list[str]
    flag: bool
    count: int
    name: str = Field(min_length=6)
    inner: Inner
    optional: str = "kept default"


def test_empty_answer_is_the_emptiest_valid_value_of_each_required_field() -> None:
    answer = empty_answer(Shapes)
    assert answer == {
        "kind": "other",
        "first": "a",
        "note": None,
        "either": 0,
        "items": [],
        "flag": False,
        "count": 0,
        "name": "nonexx",
        "inner": {"flag": False},
    }
    Shapes.model_validate(answer)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, {"flag": False}),
        ({"Inner": {"flag": True}}, {"flag": True}),
        ({"Shapes": {"flag": True}}, {"flag": False}),
    ],
)
def test_empty_model_answers_every_call_unless_told_otherwise(
    answers: dict[str, Any], expected: dict[str, Any]
) -> None:
    model = FakeModel.empty(**answers)
    for _ in range(2):
        reply = model.generate(Inner, [], max_tokens=10, usage=UsageMeter())
        assert reply.model_dump() == expected
