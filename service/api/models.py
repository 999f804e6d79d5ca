"""Request and response bodies of the HTTP API (the stored objects, as clients see them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.article import ArticleIn
from schemas.briefing import Briefing
from schemas.result import ExtractionResult, RunStatus
from service.api import examples
from service.config import PipelineName
from service.store.jobs import ItemStatus, JobKind, JobStatus
from service.store.models import BriefingRow, ExtractionRow, JobItemRow, JobRow

_EXAMPLE_ARTICLE = ArticleIn.model_config["json_schema_extra"]["examples"][0]  # type: ignore[index]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExtractionSummary(_Out):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.EXTRACTION_SUMMARY]})

    id: str = Field(description="Extraction id ('ex_...').")
    created_at: datetime = Field(description="When it was stored (UTC).")
    article_id: str = Field(description="Caller's article id, or 'sha256:<12 hex>'.")
    article_sha256: str = Field(description="SHA-256 of the article text.")
    pipeline: str = Field(description="Pipeline that produced it.")
    model: str = Field(description="Model that produced it.")
    prompt_version: str = Field(description="Prompt set version used.")
    incidents: int = Field(description="Number of incidents found.")
    claims: int = Field(description="Number of claims found.")
    status: RunStatus = Field(
        description="'complete', or 'partial' when some model calls failed "
        "(`result.meta.failures` lists them)."
    )

    @classmethod
    def of(cls, row: ExtractionRow) -> ExtractionSummary:
        return cls(
            id=row.id,
            status=cast(RunStatus, row.status),
            created_at=row.created_at,
            article_id=row.article_id,
            article_sha256=row.article_sha256,
            pipeline=row.pipeline,
            model=row.model,
            prompt_version=row.prompt_version,
            incidents=row.incidents,
            claims=row.claims,
        )


class ExtractionOut(ExtractionSummary):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.EXTRACTION]})

    result: ExtractionResult = Field(description="The extraction result.")

    @classmethod
    def of(cls, row: ExtractionRow, result: ExtractionResult | None = None) -> ExtractionOut:
        """`result`: the object just stored, sparing a re-validation of its JSON."""
        summary = ExtractionSummary.of(row).model_dump()
        return cls(**summary, result=result or ExtractionResult.model_validate(row.result))


class ExtractionPage(_Out):
    items: list[ExtractionSummary] = Field(description="Newest first.")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at end.")


class BriefingRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"articles": [_EXAMPLE_ARTICLE], "extraction_ids": []}],
            # The smallest body names one article or one stored extraction.
            "anyOf": [
                {"required": ["articles"], "properties": {"articles": {"minItems": 1}}},
                {
                    "required": ["extraction_ids"],
                    "properties": {"extraction_ids": {"minItems": 1}},
                },
            ],
        },
    )

    articles: list[ArticleIn] = Field(
        default_factory=list, description="Articles to extract and brief on."
    )
    extraction_ids: list[str] = Field(
        default_factory=list, description="Stored extractions to include ('ex_...')."
    )
    pipeline: PipelineName | None = Field(
        default=None, description="Extraction pipeline for `articles`; default from settings."
    )

    @model_validator(mode="after")
    def _something(self) -> BriefingRequest:
        if not self.articles and not self.extraction_ids:
            raise ValueError("give at least one article or extraction id")
        return self


class BriefingSummary(_Out):
    id: str = Field(description="Briefing id ('br_...').")
    created_at: datetime = Field(description="When it was stored (UTC).")
    headline: str = Field(description="The briefing's headline.")
    extraction_ids: list[str] = Field(description="Extractions it was built from.")
    model: str = Field(description="Model that wrote the summary, or 'none'.")
    status: RunStatus = Field(
        description="'complete', or 'partial' (`briefing.meta.failures` says what failed)."
    )

    @classmethod
    def of(cls, row: BriefingRow) -> BriefingSummary:
        return cls(
            id=row.id,
            status=cast(RunStatus, row.status),
            created_at=row.created_at,
            headline=str(row.briefing.get("headline", "")),
            extraction_ids=list(row.extraction_ids),
            model=row.model,
        )


class BriefingOut(BriefingSummary):
    briefing: Briefing = Field(description="The briefing.")
    markdown: str = Field(description="The briefing rendered as Markdown.")

    @classmethod
    def of(cls, row: BriefingRow) -> BriefingOut:
        summary = BriefingSummary.of(row).model_dump()
        return cls(**summary, briefing=Briefing.model_validate(row.briefing), markdown=row.markdown)


class BriefingPage(_Out):
    items: list[BriefingSummary] = Field(description="Newest first.")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at end.")


class JobRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"articles": [_EXAMPLE_ARTICLE], "pipeline": "default"}]},
    )

    articles: list[ArticleIn] = Field(
        min_length=1, description="Articles to extract, one item each."
    )
    pipeline: PipelineName | None = Field(
        default=None, description="Extraction pipeline; default from settings."
    )
    concurrency: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="Items of this job run at once; default from settings.",
    )


class ItemError(_Out):
    code: str = Field(description="Error code, as in error responses.")
    message: str = Field(description="What went wrong.")
    details: dict[str, Any] = Field(
        default_factory=dict,
        description="Structured context, e.g. the failed model calls, or `retry_in_s` while "
        "a failed item waits in the queue for its retry.",
    )


class JobItemOut(_Out):
    seq: int = Field(description="Position of the item in the submission, from 0.")
    kind: JobKind = Field(description="'extract' (one article) or 'brief' (a whole briefing).")
    status: ItemStatus = Field(description="Item state.")
    attempts: int = Field(description="Times a worker took the item (more after a crash).")
    article_id: str | None = Field(description="Caller's article id for 'extract' items.")
    result_id: str | None = Field(description="Extraction or briefing id once done.")
    error: ItemError | None = Field(description="Why the item failed, if it did.")

    @classmethod
    def of(cls, row: JobItemRow) -> JobItemOut:
        meta: dict[str, Any] = row.payload.get("article", {}).get("meta", {})
        article_id = meta.get("id") or (
            f"sha256:{row.payload['article']['sha256'][:12]}" if "article" in row.payload else None
        )
        return cls(
            seq=row.seq,
            kind=row.kind,
            status=row.status,
            attempts=row.attempts,
            article_id=article_id,
            result_id=row.result_id,
            error=ItemError.model_validate(row.error) if row.error else None,
        )


class JobProgress(_Out):
    total: int = Field(description="Items in the job.")
    queued: int = Field(description="Items waiting for a worker.")
    running: int = Field(description="Items being processed.")
    done: int = Field(description="Items finished with a result.")
    failed: int = Field(description="Items finished with an error.")
    cancelled: int = Field(description="Items cancelled before finishing.")


class JobSummary(_Out):
    id: str = Field(description="Job id ('job_...').")
    kind: JobKind = Field(description="'extract' (a batch of articles) or 'brief'.")
    status: JobStatus = Field(
        description="'completed' (some items may have failed), 'failed' (all failed), "
        "'cancelled', or still 'queued'/'running'."
    )
    pipeline: str | None = Field(description="Extraction pipeline.")
    created_at: datetime = Field(description="Submission time (UTC).")
    updated_at: datetime = Field(description="Last change (UTC).")
    finished_at: datetime | None = Field(description="When it reached a final status.")
    progress: JobProgress = Field(description="Items by state.")

    @classmethod
    def of(cls, row: JobRow, counts: dict[str, int]) -> JobSummary:
        return cls(
            id=row.id,
            kind=row.kind,
            status=row.status,
            pipeline=row.pipeline,
            created_at=row.created_at,
            updated_at=row.updated_at,
            finished_at=row.finished_at,
            progress=JobProgress(total=row.total, **counts),
        )


class JobOut(JobSummary):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.JOB]})

    items: list[JobItemOut] = Field(description="Every item with its result or error.")


class JobPage(_Out):
    items: list[JobSummary] = Field(description="Newest first.")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at end.")


class Health(_Out):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.HEALTH]})

    status: str = Field(description="'ok' or 'unavailable'.")
    checks: dict[str, str] = Field(
        default_factory=dict, description="Each dependency and its state ('ok' or the problem)."
    )
