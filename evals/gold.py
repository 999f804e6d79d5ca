"""The hand-labelled fixture format, version 1 (`shared/specs/fixture-format.md`).

These models check one fixture file on its own (vocabularies, figure qualifiers, key references).
Checks that need the article text (verbatim evidence) and checks across files (duplicate ids) are
in `evals.loader`. A loaded fixture always carries its text inline (`article.text`), so a copy
stored in a run folder scores without the original files.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from schemas.vocab import ClaimKind, EventType, FigureCategory, Qualifier, SourceType

KEBAB_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldArticle(_Strict):
    title: str | None = Field(default=None, description="Headline.")
    publisher: str | None = Field(default=None, description="The outlet, or null.")
    published_at: str | None = Field(default=None, description="ISO 8601 time, or null.")
    text: str | None = Field(default=None, description="The article text, inline.")
    text_file: str | None = Field(
        default=None, description="Article text file, relative to the fixture file."
    )

    @model_validator(mode="after")
    def _one_text(self) -> GoldArticle:
        if (self.text is None) == (self.text_file is None):
            raise ValueError("give exactly one of 'text' and 'text_file'")
        if self.text is not None and not self.text.strip():
            raise ValueError("'text' is empty")
        return self


class GoldLocation(_Strict):
    name: str | None = Field(default=None, description="Place as named in the text.")
    country: str | None = Field(default=None, description="Country the place is in.")


class GoldIncident(_Strict):
    key: str = Field(description="Fixture-local handle used by claims and contested entries.")
    title: str = Field(description="Short title of the event.")
    event_type: EventType = Field(description="One of the event types.")
    date: str | None = Field(default=None, description="ISO date, partial date, or null.")
    location: GoldLocation = Field(default_factory=GoldLocation, description="Where.")
    actors: list[str] = Field(default_factory=list, description="Parties involved.")
    optional: bool = Field(default=False, description="Neither rewarded nor penalised if missed.")

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _PARTIAL_DATE.match(value):
            raise ValueError("date must be YYYY-MM-DD, YYYY-MM, YYYY or null")
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            dt.date(parts[0], parts[1], parts[2])
        except ValueError as exc:
            raise ValueError(f"not a real date: {exc}") from None
        return value


class GoldSource(_Strict):
    name: str = Field(min_length=1, description="Canonical source name.")
    aliases: list[str] = Field(default_factory=list, description="Other names in the text.")
    type: SourceType = Field(description="One of the source types.")
    side: str | None = Field(default=None, description="Party the source belongs to, or null.")

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class GoldFigure(_Strict):
    category: FigureCategory = Field(description="What the number counts.")
    party: str | None = Field(default=None, description="Side whose people/materiel it counts.")
    group: str | None = Field(default=None, description="Who they were, or the materiel item.")
    low: int | None = Field(default=None, ge=0, description="Lower bound, or null.")
    high: int | None = Field(default=None, ge=0, description="Upper bound, or null.")
    qualifier: Qualifier = Field(description="How the number was stated.")

    @model_validator(mode="after")
    def _bounds_fit_qualifier(self) -> GoldFigure:
        low, high, q = self.low, self.high, self.qualifier
        if low is not None and high is not None and low > high:
            raise ValueError(f"low ({low}) is greater than high ({high})")
        rules: dict[str, tuple[bool, bool, str]] = {
            # qualifier: (low set, high set, what the spec says)
            "exact": (True, True, "low = high = the number"),
            "about": (True, True, "low = high = the stated number"),
            "range": (True, True, "low and high set"),
            "at_least": (True, False, "low set, high null"),
            "vague": (True, False, "low set ('dozens' = 24), high null"),
            "up_to": (False, True, "high set, low null"),
        }
        want_low, want_high, rule = rules[q]
        if (low is not None) != want_low or (high is not None) != want_high:
            raise ValueError(f"qualifier {q!r} needs {rule}; got low={low}, high={high}")
        if q in ("exact", "about") and low != high:
            raise ValueError(f"qualifier {q!r} needs low = high; got low={low}, high={high}")
        return self


class GoldClaim(_Strict):
    incident: str | None = Field(description="Incident key, or null when it concerns none.")
    source: GoldSource = Field(description="Who says it.")
    kind: ClaimKind = Field(description="One of the claim kinds.")
    statement: str = Field(description="What is claimed.")
    evidence: list[str] = Field(min_length=1, description="Verbatim substrings of the article.")
    figures: list[GoldFigure] = Field(default_factory=list, description="Numbers stated.")
    optional: bool = Field(default=False, description="Neither rewarded nor penalised if missed.")

    @field_validator("evidence", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("evidence")
    @classmethod
    def _not_blank(cls, value: list[str]) -> list[str]:
        if any(not quote.strip() for quote in value):
            raise ValueError("evidence quotes must not be empty")
        return value


class ContestedValue(_Strict):
    source: str = Field(min_length=1, description="Source name as in the claims.")
    low: int | None = Field(default=None, ge=0, description="Lower bound, or null.")
    high: int | None = Field(default=None, ge=0, description="Upper bound, or null.")

    @model_validator(mode="after")
    def _ordered(self) -> ContestedValue:
        if self.low is None and self.high is None:
            raise ValueError("give low, high or both")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low}) is greater than high ({self.high})")
        return self


class GoldContested(_Strict):
    incident: str | None = Field(description="Incident key, or null.")
    category: FigureCategory = Field(description="Figure category in dispute.")
    party: str | None = Field(default=None, description="Side whose figure is disputed.")
    values: list[ContestedValue] = Field(min_length=2, description="Each source's value.")


class Fixture(_Strict):
    format: Literal[1] = Field(description="Fixture format version.")
    id: str = Field(description="Unique kebab-case id; the file is named '<id>.yaml'.")
    article: GoldArticle = Field(description="The article and its metadata.")
    incidents: list[GoldIncident] = Field(default_factory=list, description="Events reported.")
    claims: list[GoldClaim] = Field(default_factory=list, description="Attributed assertions.")
    contested: list[GoldContested] = Field(default_factory=list, description="Disputed figures.")
    notes: str | None = Field(default=None, description="For the labeller; not scored.")

    @field_validator("id")
    @classmethod
    def _kebab(cls, value: str) -> str:
        if not KEBAB_ID.match(value):
            raise ValueError("id must be kebab-case: lower-case letters, digits and '-'")
        return value

    @model_validator(mode="after")
    def _keys_resolve(self) -> Fixture:
        keys = [incident.key for incident in self.incidents]
        seen: set[str] = set()
        for i, key in enumerate(keys):
            if key in seen:
                raise ValueError(f"incidents[{i}].key: duplicate incident key {key!r}")
            seen.add(key)
        refs = [(f"claims[{i}]", c.incident) for i, c in enumerate(self.claims)]
        refs += [(f"contested[{i}]", c.incident) for i, c in enumerate(self.contested)]
        for where, ref in refs:
            if ref is not None and ref not in seen:
                raise ValueError(
                    f"{where}.incident: unknown incident key {ref!r} "
                    f"(known: {', '.join(keys) or 'none'})"
                )
        return self

    @property
    def text(self) -> str:
        """The article text; set inline by the loader."""
        if self.article.text is None:
            raise ValueError(f"fixture {self.id}: text not loaded")
        return self.article.text

    def incident(self, key: str | None) -> GoldIncident | None:
        return next((i for i in self.incidents if i.key == key), None)
