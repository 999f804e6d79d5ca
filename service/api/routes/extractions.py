"""Extractions: one article in, incidents and attributed claims out (or a job for long input)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from schemas.article import ArticleIn
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
from service.api.models import ExtractionOut, ExtractionPage, ExtractionSummary
from service.api.routes import EXTRACTION
from service.api.routes.jobs import JOB_ACCEPTED, enqueue
from service.config import PipelineName
from service.jobs.tasks import article_ref
from service.store.extractions import get_extraction, save_extraction
from service.store.extractions import list_extractions as list_rows
from service.store.jobs import NewItem

router = APIRouter(prefix="/v1/extractions", tags=["extractions"])

ExtractionId = Annotated[str, Path(max_length=100, description="Extraction id ('ex_...').")]


@router.post(
    "",
    response_model=ExtractionOut,
    responses={
        **JOB_ACCEPTED,
        **error_responses(400, 401, 409, 413, 415, 422, 429, 502, 503, 504),
    },
    summary="Extract incidents and claims from one article",
    description="Answers with the stored extraction (200), or, with `wait=false` or text longer "
    "than the synchronous limit, with a job (202) whose item holds the extraction id.",
)
async def create_extraction(
    article: ArticleIn,
    services: ServicesDep,
    caller: CallerDep,
    settings: SettingsDep,
    model: ModelDep,
    pipeline: Annotated[
        PipelineName | None, Query(description="Extraction pipeline; default from settings.")
    ] = None,
    wait: Annotated[
        bool, Query(description="false: always answer 202 with a job instead of waiting.")
    ] = True,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    check_articles([article], settings)
    chosen = pipeline or settings.pipeline
    submission = Submission(
        services.db,
        principal=caller.principal,
        scope="POST /v1/extractions",
        key=idempotency_key,
        stale_after_s=settings.request_model_timeout_s,
        body=article,
        params={"pipeline": chosen, "wait": wait},
    )

    def handle() -> JSONResponse:
        if not wait or len(article.text) > settings.sync_max_chars:
            item = NewItem("extract", {"article": article_ref(article), "pipeline": chosen})
            return enqueue(
                services,
                settings,
                submission,
                kind="extract",
                items=[item],
                principal=caller.principal,
                pipeline=chosen,
                articles=[article],
            )
        result = services.executor.extract(article, chosen, model)
        with services.db.session(write=True) as session:
            row = save_extraction(session, article, result, owner=caller.principal)
            return submission.respond(session, 200, ExtractionOut.of(row, result))

    return await run_submission(lambda: submission.run(handle), settings)


@router.get(
    f"/{EXTRACTION}",
    response_model=ExtractionOut,
    responses=error_responses(401, 404, 422, 429, 503),
    summary="One stored extraction",
)
def read_extraction(
    extraction_id: ExtractionId, services: ServicesDep, caller: CallerDep
) -> ExtractionOut:
    with services.db.session() as session:
        row = get_extraction(session, extraction_id, owner=caller.owner_filter)
        return ExtractionOut.of(row)


@router.get(
    "",
    response_model=ExtractionPage,
    responses=error_responses(401, 422, 429, 503),
    summary="Stored extractions, newest first",
)
def list_extractions(
    services: ServicesDep,
    caller: CallerDep,
    limit: PageLimit = 20,
    cursor: PageCursor = None,
) -> ExtractionPage:
    with services.db.session() as session:
        page = list_rows(session, owner=caller.owner_filter, limit=limit, cursor=cursor)
        return ExtractionPage(
            items=[ExtractionSummary.of(row) for row in page.items], next_cursor=page.next_cursor
        )
