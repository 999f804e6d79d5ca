"""Briefings: several articles and/or stored extractions in, one reconciled briefing out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from service.api.deps import (
    CallerDep,
    IdempotencyKey,
    ModelDep,
    PageCursor,
    PageLimit,
    ServicesDep,
    SettingsDep,
    run_submission,
)
from service.api.errors import error_responses
from service.api.idempotency import Submission
from service.api.limits import check_articles
from service.api.models import BriefingOut, BriefingPage, BriefingRequest, BriefingSummary
from service.api.routes.jobs import JOB_ACCEPTED, enqueue
from service.errors import InputError
from service.jobs.tasks import article_ref
from service.store.briefings import get_briefing
from service.store.briefings import list_briefings as list_rows
from service.store.extractions import get_extractions
from service.store.jobs import NewItem

router = APIRouter(prefix="/v1/briefings", tags=["briefings"])

BriefingId = Annotated[str, Path(max_length=100, description="Briefing id ('br_...').")]


@router.post(
    "",
    response_model=BriefingOut,
    responses={
        **JOB_ACCEPTED,
        **error_responses(400, 401, 404, 409, 413, 415, 422, 429, 502, 503, 504),
    },
    summary="Build a neutral briefing from articles and stored extractions",
    description="Answers with the stored briefing (200), or, with `wait=false` or more article "
    "text than the synchronous limit, with a job (202) whose single item holds the briefing id.",
)
async def create_briefing(
    request: BriefingRequest,
    services: ServicesDep,
    caller: CallerDep,
    settings: SettingsDep,
    model: ModelDep,
    wait: Annotated[
        bool, Query(description="false: always answer 202 with a job instead of waiting.")
    ] = True,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    check_articles(request.articles, settings)
    if len(request.articles) + len(request.extraction_ids) > settings.max_batch_articles:
        raise InputError(
            f"a briefing takes at most {settings.max_batch_articles} articles and extractions",
            limit=settings.max_batch_articles,
        )
    pipeline = request.pipeline or settings.pipeline
    submission = Submission(
        services.db,
        principal=caller.principal,
        scope="POST /v1/briefings",
        key=idempotency_key,
        stale_after_s=settings.request_model_timeout_s,
        body=request,
        params={"pipeline": pipeline, "wait": wait},
    )

    def handle() -> JSONResponse:
        with services.db.session() as session:
            # Unknown (or another key's) ids: 404 now, not in a job.
            get_extractions(session, request.extraction_ids, owner=caller.principal)
        if not wait or sum(len(a.text) for a in request.articles) > settings.sync_max_chars:
            payload = {
                "articles": [article_ref(a) for a in request.articles],
                "extraction_ids": request.extraction_ids,
                "pipeline": pipeline,
            }
            return enqueue(
                services,
                settings,
                submission,
                kind="brief",
                items=[NewItem("brief", payload)],
                principal=caller.principal,
                pipeline=pipeline,
                articles=request.articles,
            )
        store = services.executor.prepare_briefing(
            request.articles, request.extraction_ids, pipeline, model, caller.principal
        )
        with services.db.session(write=True) as session:
            row = get_briefing(session, store(session, None), owner=None)
            return submission.respond(session, 200, BriefingOut.of(row))

    return await run_submission(lambda: submission.run(handle), settings)


@router.get(
    "/{briefing_id}",
    response_model=BriefingOut,
    responses=error_responses(401, 404, 422, 429, 503),
    summary="One stored briefing",
)
def read_briefing(briefing_id: BriefingId, services: ServicesDep, caller: CallerDep) -> BriefingOut:
    with services.db.session() as session:
        return BriefingOut.of(get_briefing(session, briefing_id, owner=caller.owner_filter))


@router.get(
    "",
    response_model=BriefingPage,
    responses=error_responses(401, 422, 429, 503),
    summary="Stored briefings, newest first",
)
def list_briefings(
    services: ServicesDep,
    caller: CallerDep,
    limit: PageLimit = 20,
    cursor: PageCursor = None,
) -> BriefingPage:
    with services.db.session() as session:
        page = list_rows(session, owner=caller.owner_filter, limit=limit, cursor=cursor)
        return BriefingPage(
            items=[BriefingSummary.of(row) for row in page.items], next_cursor=page.next_cursor
        )
