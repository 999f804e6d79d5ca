"""Batch jobs: submit articles, follow progress, read per-item results, cancel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from schemas.article import ArticleIn
from service.api.deps import (
    CallerDep,
    IdempotencyKey,
    PageCursor,
    PageLimit,
    Services,
    ServicesDep,
    SettingsDep,
    run_submission,
)
from service.api.errors import error_responses
from service.api.idempotency import Submission
from service.api.limits import check_articles
from service.api.models import JobItemOut, JobOut, JobPage, JobRequest, JobSummary
from service.config import Settings
from service.jobs.tasks import article_ref
from service.store.articles import put_article
from service.store.jobs import JobKind, NewItem, cancel_job, create_job, get_job, item_counts
from service.store.jobs import job_items as load_items
from service.store.jobs import list_jobs as list_job_rows
from service.store.models import JobRow

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])

JobId = Annotated[str, Path(max_length=100, description="Job id ('job_...').")]
JOB_ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {
        "model": JobOut,
        "description": "Accepted as a job; poll the Location header's URL.",
        "headers": {"Location": {"description": "URL of the job.", "schema": {"type": "string"}}},
    }
}


def job_out(session: Session, job: JobRow) -> JobOut:
    counts = item_counts(session, [job.id])[job.id]
    summary = JobSummary.of(job, counts).model_dump()
    return JobOut(**summary, items=[JobItemOut.of(item) for item in load_items(session, job.id)])


def enqueue(
    services: Services,
    settings: Settings,
    submission: Submission,
    *,
    kind: JobKind,
    items: list[NewItem],
    principal: str,
    pipeline: str | None,
    articles: Sequence[ArticleIn],
    concurrency: int | None = None,
) -> JSONResponse:
    """Commit the job, its article texts and its idempotency record before answering 202."""
    with services.db.session(write=True) as session:
        for article in articles:
            put_article(session, article)
        job = create_job(
            session,
            kind=kind,
            items=items,
            principal=principal,
            pipeline=pipeline,
            concurrency=concurrency or settings.job_concurrency,
        )
        response = submission.respond(
            session, 202, job_out(session, job), {"Location": f"/v1/jobs/{job.id}"}
        )
    services.notify_worker()
    return response


@router.post(
    "",
    status_code=202,
    response_model=JobOut,
    responses={**JOB_ACCEPTED, **error_responses(400, 401, 409, 413, 415, 422, 429, 503)},
    summary="Submit a batch of articles for extraction",
)
async def submit_job(
    request: JobRequest,
    services: ServicesDep,
    caller: CallerDep,
    settings: SettingsDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    check_articles(request.articles, settings)
    submission = Submission(
        services.db,
        principal=caller.principal,
        scope="POST /v1/jobs",
        key=idempotency_key,
        stale_after_s=settings.request_model_timeout_s,
        body=request,
        params={},
    )
    pipeline = request.pipeline or settings.pipeline
    items = [
        NewItem("extract", {"article": article_ref(a), "pipeline": pipeline})
        for a in request.articles
    ]

    def handle() -> JSONResponse:
        return enqueue(
            services,
            settings,
            submission,
            kind="extract",
            items=items,
            principal=caller.principal,
            pipeline=pipeline,
            articles=request.articles,
            concurrency=request.concurrency,
        )

    return await run_submission(lambda: submission.run(handle), settings)


@router.get(
    "/{job_id}",
    response_model=JobOut,
    responses=error_responses(401, 404, 422, 429, 503),
    summary="A job's status, progress and per-item results",
)
def read_job(job_id: JobId, services: ServicesDep, caller: CallerDep) -> JobOut:
    with services.db.session() as session:
        return job_out(session, get_job(session, job_id, owner=caller.owner_filter))


@router.get(
    "",
    response_model=JobPage,
    responses=error_responses(401, 422, 429, 503),
    summary="Jobs, newest first",
)
def list_jobs(
    services: ServicesDep,
    caller: CallerDep,
    limit: PageLimit = 20,
    cursor: PageCursor = None,
) -> JobPage:
    with services.db.session() as session:
        page = list_job_rows(session, owner=caller.owner_filter, limit=limit, cursor=cursor)
        counts = item_counts(session, [job.id for job in page.items])
        return JobPage(
            items=[JobSummary.of(job, counts[job.id]) for job in page.items],
            next_cursor=page.next_cursor,
        )


@router.post(
    "/{job_id}/cancel",
    response_model=JobOut,
    responses=error_responses(401, 404, 409, 413, 415, 422, 429, 503),
    summary="Cancel a job's unfinished items",
)
def cancel(job_id: JobId, services: ServicesDep, caller: CallerDep) -> JobOut:
    with services.db.session(write=True) as session:
        return job_out(session, cancel_job(session, job_id, owner=caller.owner_filter))
