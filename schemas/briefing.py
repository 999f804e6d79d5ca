"""The public briefing: a reconciled, source-attributed record of one event across articles.

Everything but `headline` and `summary` is computed by deterministic code from extraction results
(`service.reconcile`); the summary is written by a model from that record and checked in code
(`service.briefing.checks`). Ids (`m1`, `s1`) are stable within one briefing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.result import FailedItem, Location, PromptRef, RunStatus, Usage
from schemas.vocab import ClaimKind, EventType, FigureCategory, Qualifier, SourceType

LinkedBy = Literal["extraction", "article_context", "none"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClaimRef(_Strict):
    article_id: str = Field(description="Article the claim was extracted from.")
    claim_id: str = Field(description="Claim id within that article's extraction result.")


class IncidentMember(_Strict):
    article_id: str = Field(description="Article the incident was extracted from.")
    incident_id: str = Field(description="Incident id within that article's extraction result.")
    title: str = Field(description="The incident's title in that article.")


class LinkDecision(_Strict):
    a: str = Field(description="One incident as '<article id>/<incident id>'.")
    b: str = Field(description="The other incident, from another article.")
    linked: bool = Field(description="True when both ended in one merged incident.")
    rule_match: bool = Field(
        description="True when the pair itself passes the linking rule (a pair may be linked "
        "through a third member, or not linked when a better match took the incident)."
    )
    reasons: list[str] = Field(description="What was compared: types, dates, place, actors.")


class MergedIncident(_Strict):
    id: str = Field(description="Id within this briefing, e.g. 'm1'.")
    title: str = Field(
        description="Neutral title built from event type, place and date for violent events "
        "and demonstrations; else the title of the member with most claims."
    )
    event_type: EventType = Field(
        description="ACLED event type decided over all members and figures (see reasons)."
    )
    date: str | None = Field(description="Most precise date among the members, or null.")
    location: Location = Field(description="Location of the member with most claims.")
    actors: list[str] = Field(description="Actors of all members, de-duplicated.")
    members: list[IncidentMember] = Field(description="Per-article incidents merged into this one.")
    reasons: list[str] = Field(
        description="Why each later member was merged (type, dates, location score, actors)."
    )
    decided_by: Literal["rule"] = Field(
        default="rule", description="What decided the merges; no model is consulted."
    )
    main: bool = Field(description="True for the incident(s) the briefing is about.")
    claim_count: int = Field(ge=0, description="Claims the extraction linked to this incident.")
    source_ids: list[str] = Field(description="Canonical sources with claims on this incident.")


class SourceEntry(_Strict):
    id: str = Field(description="Id within this briefing, e.g. 's1'.")
    name: str = Field(description="Canonical name, look-alike letters repaired.")
    type: SourceType = Field(description="Most frequent type among the merged mentions.")
    side: str | None = Field(description="Party the source belongs to; null for third parties.")
    aliases: list[str] = Field(description="Other names the source appears under, as written.")
    merge_reasons: list[str] = Field(description="Why each alias was judged the same source.")
    claims: list[ClaimRef] = Field(description="Claims made by this source.")


class BriefClaim(_Strict):
    ref: ClaimRef = Field(description="Where the claim comes from.")
    source_id: str = Field(description="Canonical source making the claim.")
    incident_id: str | None = Field(description="Merged incident it concerns, or null.")
    linked_by: LinkedBy = Field(
        description="'extraction': the extractor linked it; 'article_context': the claim had "
        "no incident and its article's incidents all belong to this one."
    )
    kind: ClaimKind = Field(description="What sort of assertion it is.")
    statement: str = Field(description="The claim in one sentence, as extracted.")
    evidence: str = Field(description="First verbatim quote from the article.")
    published_at: str | None = Field(description="Publication time of the article.")


class SourceValue(_Strict):
    source_id: str = Field(description="Canonical source that gives this value.")
    source: str = Field(description="Canonical source name (for readers of the JSON).")
    side: str | None = Field(description="Side of the source; null for third parties.")
    low: int | None = Field(description="Lower bound; null when open.")
    high: int | None = Field(description="Upper bound; null when open.")
    qualifier: Qualifier = Field(description="How the number was stated.")
    text: str = Field(description="The value as it reads, e.g. 'up to 70' or '17 (7 + 10)'.")
    claims: list[ClaimRef] = Field(description="Claim(s) stating it; several for a derived sum.")
    evidence: list[str] = Field(description="Verbatim quotes behind the value.")
    published_at: str | None = Field(description="Publication time of the article.")
    derived: bool = Field(
        default=False,
        description="True for a killed + injured sum compared with a combined figure.",
    )
    denied: bool = Field(
        default=False,
        description="True for a zero read from a denial ('no serviceman has been taken "
        "prisoner'): the source says none, which disputes any other source's number.",
    )
    status: Literal["current", "superseded", "repeated"] = Field(
        description="'superseded': a later report by the same source gave another value; "
        "'repeated': the same source said the same value again later."
    )


class ReconciledFigure(_Strict):
    id: str = Field(description="Id within this briefing, e.g. 'f1'.")
    incident_id: str = Field(description="Merged incident the figure is about.")
    category: FigureCategory = Field(description="What the number counts.")
    party: str | None = Field(description="Side whose people or materiel it counts.")
    group: str | None = Field(description="Who they were, or the materiel item.")
    label: str = Field(description="Readable row name, e.g. 'Armenia soldiers captured'.")
    values: list[SourceValue] = Field(description="Every source's value, superseded ones kept.")
    low: int | None = Field(description="Lowest lower bound among current values.")
    best: int | None = Field(description="Best estimate under `rule` (UCDP-style low/best/high).")
    high: int | None = Field(description="Highest upper bound among current values.")
    high_open: bool = Field(description="True when a source gives an open upper bound above high.")
    rule: str = Field(description="How low, best, high and contested were computed.")
    best_basis: str = Field(
        default="",
        description="Which values the best estimate was taken from, e.g. 'lower median of 2 "
        "party sources' values (no independent source)'.",
    )
    contested: bool = Field(description="True when current values from different sources clash.")
    contested_reason: str | None = Field(description="Why it is contested, or null.")


class UpdateStep(_Strict):
    text: str = Field(description="The value as it reads.")
    low: int | None = Field(description="Lower bound; null when open.")
    high: int | None = Field(description="Upper bound; null when open.")
    published_at: str | None = Field(description="Publication time of the article.")
    article_id: str = Field(description="Article the value was reported in.")
    claims: list[ClaimRef] = Field(description="Claim(s) stating it.")
    evidence: list[str] = Field(description="Verbatim quotes behind the value.")
    status: Literal["current", "superseded", "repeated"] = Field(
        description="As in `SourceValue.status`; the last step is current."
    )


class FigureUpdate(_Strict):
    """One source's figure changing over time (a toll rising 21 -> 31): a timeline, not a
    dispute, because a later report by the same source replaces its earlier one."""

    figure_id: str = Field(description="The reconciled figure, e.g. 'f1'.")
    incident_id: str = Field(description="Merged incident it concerns.")
    label: str = Field(description="Readable row name, e.g. 'Kestria civilians killed'.")
    source_id: str = Field(description="Canonical source that updated its figure.")
    source: str = Field(description="Canonical source name.")
    steps: list[UpdateStep] = Field(
        min_length=2, description="The source's values, oldest first (repeats kept)."
    )


class Position(_Strict):
    side: str | None = Field(description="Side holding this position; null for third parties.")
    source_ids: list[str] = Field(description="Sources stating it.")
    statements: list[str] = Field(description="What they say: values or claim statements.")
    claims: list[ClaimRef] = Field(description="Claims behind the position.")


class ContestedPoint(_Strict):
    incident_id: str = Field(description="Merged incident it concerns.")
    kind: Literal["figure", "claim"] = Field(description="A numeric or non-numeric dispute.")
    topic: str = Field(description="What is disputed, e.g. 'Armenia soldiers captured'.")
    figure_id: str | None = Field(description="The reconciled figure, for numeric disputes.")
    positions: list[Position] = Field(description="Each side's or source's position.")
    note: str | None = Field(description="Context for the reader, or null.")


class BriefingDraft(_Strict):
    """What the model writes from the reconciled record (validator messages go to the model)."""

    headline: str = Field(description="Neutral headline, at most 15 words, without numbers.")
    sentences: list[str] = Field(
        description="3 to 6 neutral sentences; each number attributed to its source in the "
        "same sentence ('according to X', 'X said')."
    )

    @field_validator("headline")
    @classmethod
    def _short_headline(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("Write a headline.")
        if len(value.split()) > 15:
            raise ValueError("Shorten the headline to at most 15 words.")
        return value.strip()

    @field_validator("sentences")
    @classmethod
    def _three_to_six(cls, value: list[str]) -> list[str]:
        kept = [s.strip() for s in value if s.strip()]
        if not 3 <= len(kept) <= 6:
            raise ValueError(f"Write between 3 and 6 sentences, not {len(kept)}.")
        if len(set(kept)) < len(kept):
            raise ValueError("Do not repeat a sentence.")
        if any(len(s.split()) > 60 for s in kept):
            raise ValueError("Keep every sentence under 60 words.")
        return kept


class Check(_Strict):
    name: str = Field(description="Check name, e.g. 'numbers_attributed'.")
    passed: bool = Field(description="True when the summary passes the check.")
    reasons: list[str] = Field(description="Each failure, as sent back to the model.")


class OtherItem(_Strict):
    incident_id: str = Field(description="Merged incident not covered by the briefing.")
    title: str = Field(description="Its title.")
    articles: list[str] = Field(description="Articles it appears in.")


class BriefingMeta(_Strict):
    model: str | None = Field(description="Model that wrote the summary; null without a model.")
    backend: str | None = Field(description="Model backend, or null without a model.")
    prompts: list[PromptRef] = Field(description="Prompts used for the summary.")
    usage: Usage = Field(description="Tokens and calls spent on the summary.")
    reasks: int = Field(ge=0, description="Re-asks sent because the draft failed checks.")
    summary_origin: Literal["model", "template"] = Field(
        description="'template': the deterministic summary replaced a failing or missing draft."
    )
    article_ids: list[str] = Field(description="Articles the briefing is built from.")
    reconcile_rule: str = Field(description="Version of the reconciliation rules.")
    status: RunStatus = Field(
        default="complete",
        description="'partial' when an extraction behind it is partial or the summary's model "
        "call failed (see `failures`); only complete briefings are cached.",
    )
    failures: list[FailedItem] = Field(
        default_factory=list,
        description="Failed model calls behind the briefing, items prefixed by article id.",
    )
    cached: bool = Field(default=False, description="True when served from the briefing cache.")
    warnings: list[str] = Field(description="Non-fatal problems, e.g. a model error.")


class Briefing(_Strict):
    headline: str = Field(description="Neutral headline.")
    summary: list[str] = Field(description="3-6 neutral, attributed sentences.")
    incidents: list[MergedIncident] = Field(description="Merged incidents, main ones first.")
    figures: list[ReconciledFigure] = Field(description="Reconciled figures of main incidents.")
    contested: list[ContestedPoint] = Field(description="Numeric and non-numeric disputes.")
    updates: list[FigureUpdate] = Field(
        default_factory=list,
        description="Figures a source changed over time (not disputes), as timelines.",
    )
    sources: list[SourceEntry] = Field(description="Canonical sources.")
    claims: list[BriefClaim] = Field(description="Every claim behind the briefing.")
    caveats: list[str] = Field(description="What the reader must keep in mind.")
    other_items: list[OtherItem] = Field(description="Incidents the briefing is not about.")
    linking: list[LinkDecision] = Field(
        default_factory=list,
        description="Every pair of incidents from different articles, linked or not, and why.",
    )
    checks: list[Check] = Field(description="Results of the code checks on the final summary.")
    meta: BriefingMeta = Field(description="Provenance and cost.")
