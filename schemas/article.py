"""An article as it enters Evenhand (CLI file, API body, fixture)."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ArticleIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Seven soldiers were killed on Tuesday, the ministry said.",
                    "title": "Seven soldiers killed",
                    "publisher": "Example Wire",
                    "published_at": "2021-11-17T07:46:00Z",
                }
            ]
        },
    )

    text: str = Field(
        min_length=1,
        description="The article body, UTF-8 plain text: not blank, no NUL character, and "
        "control characters other than tab, newline, carriage return and form feed at most "
        "1% of it (binary data is refused). Longer than the server's limit is refused (422).",
    )
    id: str | None = Field(default=None, max_length=200, description="Caller's id, if any.")
    title: str | None = Field(default=None, max_length=1000, description="Headline.")
    publisher: str | None = Field(default=None, max_length=300, description="The outlet.")
    published_at: str | None = Field(
        default=None, max_length=40, description="ISO 8601 publication time."
    )
    url: str | None = Field(default=None, max_length=2000, description="Where it was read.")
    language: str | None = Field(
        default=None,
        max_length=20,
        description="BCP 47 language code of the text ('en'); unset means English.",
    )

    @field_validator("text")
    @classmethod
    def _looks_like_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("article text is empty")
        if "\x00" in value:
            raise ValueError("article text contains NUL bytes; binary data is not an article")
        controls = sum(1 for ch in value if ord(ch) < 32 and ch not in "\n\r\t\f")
        if controls > max(8, len(value) // 100):
            raise ValueError("article text is mostly control characters; binary data?")
        return value

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def resolved_id(self) -> str:
        return self.id or f"sha256:{self.sha256[:12]}"
