from __future__ import annotations

from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field

from service.llm.gbnf import compact_grammar


class _Item(BaseModel):
    n: str
    what: Literal["killed", "injured"]


class _Answer(BaseModel):
    who: str = Field(max_length=120)
    incident: int | None = None
    news: bool
    share: float
    items: list[_Item] = Field(default_factory=list, max_length=4)
    tags: list[str] = Field(min_length=1)
    fixed: Literal["v1"] = "v1"


GRAMMAR = compact_grammar(_Answer)


@pytest.mark.parametrize(
    "rule",
    [
        # Keys in schema order; no whitespace but an optional space after ':' and ','.
        'root ::= "{" "\\"who\\":" sp root-who "," sp "\\"incident\\":" sp root-incident',
        'sp ::= " "?',
        "root-incident ::= ( json-integer ) | ( json-null )",
        "root-news ::= json-boolean",
        'root-items ::= "[" ( item ( "," sp item ){0,3} )? "]"',
        'root-tags ::= "[" root-tags-item ( "," sp root-tags-item )* "]"',
        'item-what ::= "\\"killed\\"" | "\\"injured\\""',
        'root-fixed ::= "\\"v1\\""',
        "root-share ::= json-number",
    ],
)
def test_compact_grammar_rules(rule: str) -> None:
    assert rule in GRAMMAR


def test_no_length_bound_reaches_the_grammar() -> None:
    # As bounded repetitions of characters they made llama.cpp decode at 0.8 tokens/s.
    assert "{0,120}" not in GRAMMAR
    assert "{0,119}" not in GRAMMAR


def test_a_schema_it_cannot_write_is_an_error() -> None:
    class _Odd(BaseModel):
        blob: Any

    with pytest.raises(ValueError, match="no compact grammar"):
        compact_grammar(_Odd)
