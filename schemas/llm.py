"""What the model is asked to fill: small objects, bounded lists, closed vocabularies.

These are not the public result (`schemas.result`): code turns them into it, adding spans,
low/high bounds and ids. Validator messages are sent back to the model verbatim on a re-ask,
so they are written to it: short, imperative, saying what to write instead. Common near-misses
("wounded", "Killed", "army") are mapped onto the vocabulary instead of costing a re-ask.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from annotated_types import MaxLen
from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from schemas.vocab import (
    CLAIM_KINDS,
    EVENT_TYPES,
    FIGURE_CATEGORIES,
    QUALIFIERS,
    SOURCE_TYPES,
    ClaimKind,
    EventType,
    FigureCategory,
    Qualifier,
    SourceType,
)

MAX_FIGURES = 4
MAX_ACTORS = 5
MAX_CHUNK_INCIDENTS = 6
MAX_BASELINE_INCIDENTS = 5
MAX_BASELINE_CLAIMS = 20

_SYNONYMS = {
    # figure categories
    "dead": "killed", "deaths": "killed", "death": "killed", "died": "killed",
    "fatalities": "killed", "wounded": "injured", "hurt": "injured", "injuries": "injured",
    "casualties": "killed_or_injured", "killed_and_injured": "killed_or_injured",
    "killed_or_wounded": "killed_or_injured", "taken_captive": "captured",
    "captive": "captured", "prisoners": "captured", "hostages": "captured",
    "detained": "arrested", "arrests": "arrested", "refugees": "displaced",
    "equipment": "materiel", "material": "materiel", "vehicles": "materiel",
    # source types
    "ministry": "government", "official": "government", "army": "military",
    "armed_forces": "military", "rebels": "armed_group", "militia": "armed_group",
    "un": "international_org", "international_organization": "international_org",
    "outlet": "media", "news": "media", "journalist": "media", "newspaper": "media",
    "hospital": "medical", "doctor": "medical", "eyewitness": "witness",
    "analyst": "expert", "anonymous": "unnamed_official",
    # claim kinds
    "casualties_report": "casualty_report", "casualty": "casualty_report",
    "event": "event_report", "report": "event_report", "statement": "position",
    "stance": "position", "opinion": "position", "assessment": "position",
    "accuse": "accusation", "blame": "accusation", "deny": "denial", "rejection": "denial",
    # event types
    "battle": "battles", "clash": "battles", "clashes": "battles", "fighting": "battles",
    "explosion": "explosions_remote_violence", "airstrike": "explosions_remote_violence",
    "protest": "protests", "riot": "riots", "accident": "disaster",
    "diplomacy": "strategic_developments", "agreement": "strategic_developments",
}  # fmt: skip


def _clip(value: Any, limit: int) -> Any:
    """A long string cut at a word boundary (or at the bound, with no space to cut at)."""
    if not isinstance(value, str) or len(value.strip()) <= limit:
        return value
    cut = value.strip()[: limit + 1]
    return cut[: cut.rfind(" ")].rstrip(" ,;:-") if " " in cut else cut[:limit]


def _first(value: Any, limit: int) -> Any:
    """A list over its bound keeps its first items (asked for most important first)."""
    return value[:limit] if isinstance(value, list) else value


def _choice(value: Any, allowed: tuple[str, ...], field: str, fallback: str) -> str:
    if isinstance(value, str):
        key = re.sub(r"[\s\-/]+", "_", value.strip().lower())
        key = _SYNONYMS.get(key, key)
        if key in allowed:
            return key
    raise ValueError(f"{field} must be one of: {', '.join(allowed)}; use '{fallback}' if unsure")


def _none_if_blank(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in {"", "null", "none", "n/a", "unknown"}:
        return None
    return value


def _named(value: str, field: str, where: str) -> str:
    if value.strip().lower() in {"he", "she", "they", "it", "we", "i", "you", "him", "her"}:
        raise ValueError(
            f"{field} must be a name or title, not a pronoun; find who it is in the "
            f"{where}, or use the outlet's name"
        )
    return value.strip()


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _within_bounds(cls, data: Any) -> Any:
        """A string over its field's bound is cut at a word, a list keeps its first items, instead
        of costing the whole answer: the 1.5B model wrote titles of 120+ characters for 3 of 12
        real stories once the grammar stopped counting characters, and six number labels over 40
        characters that cost a group of seven sentences; re-asked, it did again."""
        if not isinstance(data, dict):
            return data
        bounded = dict(data)
        for name, field in cls.model_fields.items():
            limit = next((m.max_length for m in field.metadata if isinstance(m, MaxLen)), None)
            if limit is not None and name in bounded:
                bounded[name] = _first(_clip(bounded[name], limit), limit)
        return bounded


class FigureDraft(_Out):
    number: str = Field(
        max_length=40, description="The number exactly as written in the sentence, e.g. '13'."
    )
    category: FigureCategory = Field(description="What the number counts.")
    party: str | None = Field(
        default=None, max_length=60, description="Country or group whose people/equipment."
    )
    group: str | None = Field(
        default=None, max_length=60, description="'soldiers', 'civilians', ... or the item."
    )

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, value: Any) -> str:
        return _choice(value, FIGURE_CATEGORIES, "category", "other")

    @field_validator("party", "group", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return _none_if_blank(value)


class _SourceFields(_Out):
    source: str = Field(
        min_length=2, max_length=120, description="Who makes the claim, full name or title."
    )
    source_type: SourceType = Field(description="Kind of source.")
    side: str | None = Field(
        default=None, max_length=60, description="Country or party of the source; null if none."
    )
    kind: ClaimKind = Field(description="What sort of assertion it is.")
    statement: str = Field(
        min_length=3, max_length=300, description="What is claimed, at most 15 words, neutral."
    )

    @field_validator("source")
    @classmethod
    def _not_a_pronoun(cls, value: str) -> str:
        return _named(value, "source", "earlier sentence")

    @field_validator("source_type", mode="before")
    @classmethod
    def _source_type(cls, value: Any) -> str:
        return _choice(value, SOURCE_TYPES, "source_type", "other")

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> str:
        return _choice(value, CLAIM_KINDS, "kind", "other")

    @field_validator("side", mode="before")
    @classmethod
    def _blank_side(cls, value: Any) -> Any:
        return _none_if_blank(value)


class ClaimDraft(_SourceFields):
    """One candidate sentence's answer as code reads it (the v1 answer; `SentenceLabel.draft`
    makes one). The incident it concerns is code's (`service.extract.concerns`)."""

    is_claim: bool = Field(
        description="false when the sentence is background that nobody asserts as news."
    )
    figures: list[FigureDraft] = Field(
        default_factory=list,
        max_length=MAX_FIGURES,
        description="One per listed number that counts people or equipment.",
    )


TITLE_CHARS = 120


class IncidentDraft(_Out):
    title: str = Field(
        min_length=3, max_length=TITLE_CHARS, description="Short neutral event title."
    )
    event_type: EventType = Field(description="Kind of event.")
    date: str | None = Field(
        default=None,
        max_length=30,
        description="The day as worded in the text ('Tuesday', '17 November'), or null.",
    )
    location: str | None = Field(default=None, max_length=100, description="Place name.")
    country: str | None = Field(default=None, max_length=60, description="Country.")
    actors: list[str] = Field(
        default_factory=list, max_length=MAX_ACTORS, description="Parties involved."
    )

    @field_validator("event_type", mode="before")
    @classmethod
    def _event_type(cls, value: Any) -> str:
        return _choice(value, EVENT_TYPES, "event_type", "other")

    @field_validator("date", "location", "country", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return _none_if_blank(value)


class IncidentList(_Out):
    incidents: list[IncidentDraft] = Field(
        default_factory=list,
        max_length=MAX_CHUNK_INCIDENTS,
        description="Distinct real-world events reported; empty if none.",
    )


class BaselineFigure(_Out):
    category: FigureCategory = Field(description="What the number counts.")
    party: str | None = Field(default=None, max_length=60, description="Whose people/equipment.")
    group: str | None = Field(default=None, max_length=60, description="Who or what.")
    low: int | None = Field(default=None, ge=0, description="Lower bound; null when open.")
    high: int | None = Field(default=None, ge=0, description="Upper bound; null when open.")
    qualifier: Qualifier = Field(description="How the number was stated.")

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, value: Any) -> str:
        return _choice(value, FIGURE_CATEGORIES, "category", "other")

    @field_validator("qualifier", mode="before")
    @classmethod
    def _qualifier(cls, value: Any) -> str:
        return _choice(value, QUALIFIERS, "qualifier", "exact")


class BaselineClaim(_SourceFields):
    evidence: str = Field(min_length=3, max_length=600, description="Exact quote from the article.")
    incident: int | None = Field(
        default=None, ge=1, description="Number of the incident in your list; null if none."
    )
    figures: list[BaselineFigure] = Field(
        default_factory=list, max_length=MAX_FIGURES, description="Numbers stated."
    )


class BaselineExtraction(_Out):
    incidents: list[IncidentDraft] = Field(
        default_factory=list, max_length=MAX_BASELINE_INCIDENTS, description="Events reported."
    )
    claims: list[BaselineClaim] = Field(
        default_factory=list, max_length=MAX_BASELINE_CLAIMS, description="Claims by source."
    )


# --- prompt set v2: labels, not prose; short keys; several sentences per call ----------------
MAX_GROUP = 8
NUMBER_CHARS = 40
NAME_CHARS = 60
SOURCE_CHARS = 120


class FigureLabel(_Out):
    """A listed number and what it counts (v2); code supplies bounds and checks it."""

    n: str = Field(max_length=NUMBER_CHARS, description="The number as listed.")
    what: FigureCategory = Field(description="What it counts.")
    whose: str | None = Field(
        default=None, max_length=NAME_CHARS, description="Whose people/equipment."
    )
    group: str | None = Field(
        default=None, max_length=NAME_CHARS, description="Who or what is counted."
    )

    @field_validator("what", mode="before")
    @classmethod
    def _what(cls, value: Any) -> str:
        return _choice(value, FIGURE_CATEGORIES, "what", "other")

    @field_validator("whose", "group", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return _none_if_blank(value)

    def draft(self) -> FigureDraft:
        return FigureDraft(number=self.n, category=self.what, party=self.whose, group=self.group)


class SentenceLabel(_Out):
    """The answer for one candidate sentence (prompt set v4): who claims it and what its numbers
    count. Which incident it concerns is code's (`service.extract.concerns`)."""

    who: str = Field(min_length=2, max_length=SOURCE_CHARS, description="Who makes the claim.")
    type: SourceType = Field(description="Kind of source.")
    side: str | None = Field(default=None, max_length=NAME_CHARS, description="Country or party.")
    kind: ClaimKind = Field(description="What sort of assertion it is.")
    news: bool = Field(description="false for background nobody asserts as news.")
    figures: list[FigureLabel] = Field(default_factory=list, max_length=MAX_FIGURES)

    @field_validator("who")
    @classmethod
    def _not_a_pronoun(cls, value: str) -> str:
        return _named(value, "who", "article")

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: Any) -> str:
        return _choice(value, SOURCE_TYPES, "type", "other")

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> str:
        return _choice(value, CLAIM_KINDS, "kind", "other")

    @field_validator("side", mode="before")
    @classmethod
    def _blank_side(cls, value: Any) -> Any:
        return _none_if_blank(value)

    def draft(self, statement: str) -> ClaimDraft:
        """As the v1 answer, with the statement code derived from the evidence (not the model's
        words, so not held to the limits written for the model) and no incident."""
        return ClaimDraft.model_construct(
            source=self.who,
            source_type=self.type,
            side=self.side,
            kind=self.kind,
            statement=statement,
            is_claim=self.news,
            figures=[f.draft() for f in self.figures],
        )


def sentence_key(n: int) -> str:
    return f"s{n}"


@lru_cache(maxsize=MAX_GROUP)
def sentence_group(size: int) -> type[BaseModel]:
    """The answer for `size` listed sentences: keys s1..sN, each a `SentenceLabel`. Fixed keys
    (not a list) so that a schema grammar makes the model answer every sentence, in order."""
    if not 1 <= size <= MAX_GROUP:
        raise ValueError(f"a sentence group has 1 to {MAX_GROUP} sentences, not {size}")
    fields: dict[str, Any] = {sentence_key(n): (SentenceLabel, ...) for n in range(1, size + 1)}
    model: type[BaseModel] = create_model(f"SentenceGroup{size}", __base__=_Out, **fields)
    return model
