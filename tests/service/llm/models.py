"""Small response models shaped like the pipeline's (closed vocabulary, verbatim quote)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

ARTICLE = "The ministry said 13 soldiers were captured and 7 were killed near the border."
MESSAGES = [
    {"role": "system", "content": "You extract one casualty figure from a news sentence."},
    {"role": "user", "content": f"Sentence: {ARTICLE}\nGive the number of captured soldiers."},
]


class Figure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: int = Field(description="The number, as digits.")
    category: Literal["killed", "injured", "captured"] = Field(
        description="What the number counts."
    )
    quote: str = Field(
        description="The words of the sentence that give the number, copied exactly."
    )

    @field_validator("quote")
    @classmethod
    def _in_sentence(cls, quote: str) -> str:
        if quote not in ARTICLE:
            raise ValueError("Copy the quote exactly from the sentence.")
        return quote


class ShortFigure(Figure):
    """Asks for less than the model tends to give: its first answer usually needs a re-ask."""

    @field_validator("quote")
    @classmethod
    def _short(cls, quote: str) -> str:
        if len(quote) > 40:
            raise ValueError("Quote at most 40 characters: only the words that give the number.")
        return quote
