"""Corrections a reviewer makes, and how each turns one revision of a record into the next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evals.gold import GoldFigure, GoldIncident
from schemas.result import Claim, Evidence, ExtractionResult, Figure, Incident, Source
from schemas.vocab import ClaimKind
from service.errors import InputError

ClaimStatus = Literal["accepted", "rejected", "edited", "added"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClaimFields(_Strict):
    """What a reviewer may set on a claim; its evidence is the model's or the selection's."""

    source: Source
    kind: ClaimKind
    statement: str = Field(min_length=1)
    incident_id: str | None = None
    figures: list[Figure] = Field(default_factory=list)


class Accept(_Strict):
    op: Literal["accept"]
    claim_id: str


class Reject(_Strict):
    op: Literal["reject"]
    claim_id: str


class EditClaim(_Strict):
    op: Literal["edit_claim"]
    claim_id: str
    claim: ClaimFields


class AddClaim(_Strict):
    op: Literal["add_claim"]
    start: int = Field(ge=0, description="Offset of the selection in the article text.")
    end: int = Field(ge=0, description="End offset (exclusive) of the selection.")
    text: str = Field(min_length=1, description="The selected text, checked against the offsets.")
    claim: ClaimFields


class EditIncident(_Strict):
    op: Literal["edit_incident"]
    incident: Incident = Field(description="An existing incident's new fields, or a new id.")


Change = Annotated[Accept | Reject | EditClaim | AddClaim | EditIncident, Field(discriminator="op")]


class CorrectionRequest(_Strict):
    base: int = Field(ge=0, description="Revision the change was made on (0: the model's).")
    change: Change


@dataclass(frozen=True)
class ReviewState:
    """One revision: the record, each claim's review status, and its number."""

    result: ExtractionResult
    status: dict[str, ClaimStatus]
    number: int

    def kept_claims(self) -> list[Claim]:
        return [c for c in self.result.claims if self.status.get(c.id) != "rejected"]


def _claim(result: ExtractionResult, claim_id: str) -> Claim:
    for claim in result.claims:
        if claim.id == claim_id:
            return claim
    raise InputError(f"no claim {claim_id!r} in this extraction", claim_id=claim_id)


def _check_fields(result: ExtractionResult, fields: ClaimFields) -> None:
    incidents = {i.id for i in result.incidents}
    if fields.incident_id is not None and fields.incident_id not in incidents:
        raise InputError(
            f"no incident {fields.incident_id!r}; known: {', '.join(sorted(incidents)) or 'none'}"
        )
    for i, figure in enumerate(fields.figures):
        # The fixture format's rules (qualifier vs bounds) apply to a reviewed figure too, so
        # every correction exports as a valid fixture.
        try:
            GoldFigure.model_validate(figure.model_dump(exclude={"text"}))
        except ValidationError as exc:
            message = exc.errors()[0]["msg"].removeprefix("Value error, ")
            raise InputError(f"figures[{i}]: {message}", figure=i) from None


def _next_claim_id(result: ExtractionResult) -> str:
    taken = {c.id for c in result.claims}
    n = len(taken) + 1
    while f"c{n}" in taken:
        n += 1
    return f"c{n}"


def _with_claim(result: ExtractionResult, claim: Claim) -> ExtractionResult:
    claims = [claim if c.id == claim.id else c for c in result.claims]
    if claim.id not in {c.id for c in result.claims}:
        claims.append(claim)
    return result.model_copy(update={"claims": claims})


def apply(state: ReviewState, change: Change, text: str) -> tuple[ReviewState, str | None]:
    """The next revision after `change`, and the claim or incident id it touched."""
    result, status = state.result, dict(state.status)
    target: str | None
    if isinstance(change, Accept | Reject):
        target = _claim(result, change.claim_id).id
        status[target] = "accepted" if isinstance(change, Accept) else "rejected"
    elif isinstance(change, EditClaim):
        old = _claim(result, change.claim_id)
        _check_fields(result, change.claim)
        target = old.id
        result = _with_claim(result, old.model_copy(update=dict(change.claim)))
        result = ExtractionResult.model_validate(result.model_dump())
        status[target] = "edited"
    elif isinstance(change, AddClaim):
        if text[change.start : change.end] != change.text:
            raise InputError(
                f"the selection {change.start}-{change.end} does not match the article text; "
                "select the words again",
                start=change.start,
                end=change.end,
            )
        _check_fields(result, change.claim)
        target = _next_claim_id(result)
        evidence = Evidence(text=change.text, start=change.start, end=change.end)
        claim = Claim(id=target, evidence=[evidence], **dict(change.claim))
        result = ExtractionResult.model_validate(_with_claim(result, claim).model_dump())
        status[target] = "added"
    else:
        incident = change.incident
        try:
            GoldIncident.model_validate({"key": incident.id, **incident.model_dump(exclude={"id"})})
        except ValidationError as exc:
            message = exc.errors()[0]["msg"].removeprefix("Value error, ")
            raise InputError(f"incident {incident.id}: {message}") from None
        target = incident.id
        incidents = [incident if i.id == incident.id else i for i in result.incidents]
        if incident.id not in {i.id for i in result.incidents}:
            incidents.append(incident)
        result = result.model_copy(update={"incidents": incidents})
    return ReviewState(result, status, state.number + 1), target
