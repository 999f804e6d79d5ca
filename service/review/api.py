"""JSON endpoints behind the review pages: the current revision, corrections, fixture export."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from schemas.result import ExtractionResult
from service.api.deps import ServicesDep
from service.api.errors import error_responses
from service.review.access import ReviewerDep
from service.review.corrections import ClaimStatus, CorrectionRequest
from service.review.fixture import build_fixture, fixture_yaml
from service.review.records import correct, load
from service.store.reviews import revisions

router = APIRouter(prefix="/v1/extractions", tags=["review"])

ExtractionId = Annotated[str, Path(max_length=100, description="Extraction id ('ex_...').")]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RevisionInfo(_Out):
    number: int = Field(description="Revision number; 0 is the model's output.")
    action: str = Field(description="The correction: accept, reject, edit_claim, add_claim...")
    target: str | None = Field(description="Claim or incident id it changed.")
    author: str = Field(description="Principal of the key that made it.")
    created_at: datetime = Field(description="When it was stored (UTC).")


class ReviewOut(_Out):
    extraction_id: str = Field(description="Extraction id ('ex_...').")
    revision: int = Field(description="Current revision; 0 when nobody has corrected it.")
    result: ExtractionResult = Field(description="The record at the current revision.")
    status: dict[str, ClaimStatus] = Field(description="Review status per claim id.")
    history: list[RevisionInfo] = Field(description="Every revision after the model's, in order.")


@router.get(
    "/{extraction_id}/review",
    response_model=ReviewOut,
    responses=error_responses(401, 404, 422, 429, 503),
    summary="The reviewed record: current revision, claim statuses and history",
)
def read_review(extraction_id: ExtractionId, services: ServicesDep, who: ReviewerDep) -> ReviewOut:
    with services.db.session() as session:
        reviewed = load(session, extraction_id, who.owner)
        history = [
            RevisionInfo(
                number=r.number,
                action=r.action,
                target=r.target,
                author=r.author,
                created_at=r.created_at,
            )
            for r in revisions(session, extraction_id)
        ]
    state = reviewed.state
    return ReviewOut(
        extraction_id=extraction_id,
        revision=state.number,
        result=state.result,
        status=state.status,
        history=history,
    )


@router.post(
    "/{extraction_id}/revisions",
    status_code=201,
    response_model=RevisionInfo,
    responses=error_responses(400, 401, 404, 409, 413, 415, 422, 429, 503),
    summary="Correct an extraction: stores a new revision, never changes the model's output",
    description="`base` is the revision the change was made on; a stale base answers 409.",
)
async def create_revision(
    extraction_id: ExtractionId,
    request: CorrectionRequest,
    services: ServicesDep,
    who: ReviewerDep,
) -> JSONResponse:
    def store() -> dict[str, Any]:
        with services.db.session(write=True) as session:
            _, info = correct(
                session, extraction_id, request, owner=who.owner, author=who.principal
            )
            return info

    info = await anyio.to_thread.run_sync(store)
    return JSONResponse(RevisionInfo.model_validate(info).model_dump(mode="json"), 201)


@router.get(
    "/{extraction_id}/fixture",
    responses={
        200: {"content": {"application/yaml": {}}, "description": "The fixture file."},
        **error_responses(401, 404, 422, 429, 503),
    },
    response_class=Response,
    summary="The reviewed extraction as a format-1 fixture (YAML, article text inline)",
)
def export_fixture(
    extraction_id: ExtractionId,
    services: ServicesDep,
    who: ReviewerDep,
    fixture_id: Annotated[
        str | None,
        Query(max_length=100, description="Fixture id (kebab-case); default from the article."),
    ] = None,
) -> Response:
    with services.db.session() as session:
        reviewed = load(session, extraction_id, who.owner)
    fixture = build_fixture(reviewed.state, reviewed.text, fixture_id)
    return Response(
        fixture_yaml(fixture),
        media_type="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{fixture.id}.yaml"'},
    )
