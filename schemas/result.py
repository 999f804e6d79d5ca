"""The public extraction result: what Evenhand returns for one article.

Every evidence span indexes the *original* article text: ``text[start:end] == evidence.text``
always holds (see `verify_spans`). Ids are stable within one result.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.vocab import ClaimKind, EventType, FigureCategory, Qualifier, SourceType


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Article(_Strict):
    id: str = Field(description="Caller's id, or 'sha256:<first 12 hex>' when none.")
    title: str | None = Field(default=None, description="Headline as given by the caller.")
    publisher: str | None = Field(default=None, description="The outlet that published it.")
    published_at: str | None = Field(default=None, description="ISO 8601 publication time.")
    url: str | None = Field(default=None, description="Where the article was read, if known.")
    sha256: str = Field(description="SHA-256 (hex) of the UTF-8 article text as received.")
    chars: int = Field(ge=0, description="Length of the article text in characters.")


class Location(_Strict):
    name: str | None = Field(default=None, description="Place as named in the text.")
    country: str | None = Field(default=None, description="Country the place is in.")


class Incident(_Strict):
    id: str = Field(description="Stable id within this result, e.g. 'i1'.")
    title: str = Field(description="Short neutral title of the event.")
    event_type: EventType = Field(description="ACLED-style event type.")
    date: str | None = Field(
        default=None, description="ISO date of the event, partial ('2021-11') or null."
    )
    location: Location = Field(default_factory=Location, description="Where it happened.")
    actors: list[str] = Field(default_factory=list, description="Parties involved, as named.")


class Source(_Strict):
    name: str = Field(description="Who makes the claim, e.g. 'Armenian Defence Ministry'.")
    type: SourceType = Field(description="Kind of source.")
    side: str | None = Field(
        default=None, description="Party the source belongs to; null for third parties."
    )


class Evidence(_Strict):
    text: str = Field(min_length=1, description="Verbatim text from the article.")
    start: int = Field(ge=0, description="Start offset (characters) in the original article.")
    end: int = Field(ge=0, description="End offset (exclusive) in the original article.")

    @model_validator(mode="after")
    def _length_matches(self) -> Evidence:
        if self.end - self.start != len(self.text):
            raise ValueError("evidence end - start must equal len(text)")
        return self


class Figure(_Strict):
    category: FigureCategory = Field(description="What the number counts.")
    party: str | None = Field(default=None, description="Side whose people or materiel it counts.")
    group: str | None = Field(
        default=None, description="Who they were ('soldiers', 'civilians') or the materiel item."
    )
    low: int | None = Field(default=None, ge=0, description="Lower bound; null when open.")
    high: int | None = Field(default=None, ge=0, description="Upper bound; null when open.")
    qualifier: Qualifier = Field(description="How the number was stated.")
    text: str | None = Field(
        default=None, description="The number as written in the evidence, e.g. 'up to 70'."
    )


class Claim(_Strict):
    id: str = Field(description="Stable id within this result, e.g. 'c1'.")
    incident_id: str | None = Field(description="Incident the claim concerns, or null.")
    source: Source = Field(description="Who says it.")
    kind: ClaimKind = Field(description="What sort of assertion it is.")
    statement: str = Field(description="What is claimed, in one neutral sentence.")
    evidence: list[Evidence] = Field(min_length=1, description="Where the article says it.")
    figures: list[Figure] = Field(default_factory=list, description="Numbers the claim states.")


class Usage(_Strict):
    prompt_tokens: int = Field(default=0, ge=0, description="Prompt tokens over all calls.")
    completion_tokens: int = Field(default=0, ge=0, description="Completion tokens over all calls.")
    calls: int = Field(default=0, ge=0, description="HTTP/model calls made, retries included.")
    retries: int = Field(default=0, ge=0, description="Transport retries plus validation re-asks.")


class PromptRef(_Strict):
    name: str = Field(description="Prompt file name under prompts/, e.g. 'claim'.")
    version: str = Field(description="Prompt version, e.g. 'v1'.")
    sha256: str = Field(description="SHA-256 of the prompt file's content (first 16 hex).")


class Dropped(_Strict):
    ungrounded_evidence: int = Field(default=0, ge=0, description="Quotes not found in the text.")
    unsupported_figures: int = Field(
        default=0, ge=0, description="Figures whose number is not in their evidence."
    )
    duplicates: int = Field(default=0, ge=0, description="Duplicate incidents or claims merged.")
    truncated: int = Field(default=0, ge=0, description="Lists cut at their length bound.")
    statements: int = Field(
        default=0, ge=0, description="Incidents dropped because they only report a statement."
    )
    failed_calls: int = Field(
        default=0, ge=0, description="Model calls that failed after all retries (item skipped)."
    )


RunStatus = Literal["complete", "partial", "failed"]


class FailedItem(_Strict):
    item: str = Field(description="What the failed model call was for, e.g. 'sentence at 0-57'.")
    code: str = Field(description="Error code of the failure, e.g. 'model_output_invalid'.")
    message: str = Field(description="Why it failed, after all retries.")


class Meta(_Strict):
    model: str = Field(description="Model name as sent to the backend.")
    backend: str = Field(description="'openai-compatible', 'embedded' or 'fake'.")
    mode: str | None = Field(default=None, description="Instructor mode used, e.g. 'json'.")
    prompt_version: str = Field(description="Version of the prompt set used, e.g. 'v1'.")
    prompts: list[PromptRef] = Field(default_factory=list, description="Every prompt used.")
    pipeline: str = Field(description="'default' or 'baseline'.")
    pipeline_version: str = Field(description="Version of the pipeline code.")
    model_profile: str | None = Field(
        default=None, description="What code decided instead of the model ('small', 'capable')."
    )
    usage: Usage = Field(default_factory=Usage, description="Token and call accounting.")
    latency_s: float = Field(ge=0, description="Wall time of the extraction in seconds.")
    model_time_s: float = Field(default=0.0, ge=0, description="Time spent waiting on the model.")
    dropped: Dropped = Field(default_factory=Dropped, description="What checks removed.")
    cached: bool = Field(default=False, description="True when served from the result cache.")
    status: RunStatus = Field(
        default="complete",
        description="'complete': every model call answered; 'partial': some failed (see "
        "`failures`; never cached). A run where no call succeeded is an error, not a result.",
    )
    failures: list[FailedItem] = Field(
        default_factory=list, description="Each item skipped because its model call failed."
    )
    warnings: list[str] = Field(default_factory=list, description="Non-fatal problems seen.")


class ExtractionResult(_Strict):
    article: Article = Field(description="The article the result is about.")
    incidents: list[Incident] = Field(default_factory=list, description="Events reported.")
    claims: list[Claim] = Field(default_factory=list, description="Per-source claims.")
    meta: Meta = Field(description="Provenance, cost and quality counters.")


def verify_spans(result: ExtractionResult, text: str) -> list[str]:
    """Return one message per evidence span that does not index `text` exactly (empty if fine)."""
    problems = []
    for claim in result.claims:
        for ev in claim.evidence:
            if text[ev.start : ev.end] != ev.text:
                problems.append(f"claim {claim.id}: span {ev.start}-{ev.end} != {ev.text!r}")
    return problems
