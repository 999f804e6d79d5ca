"""`POST /v1/extractions/import`: store an extraction made elsewhere (e.g. by the CLI)."""

from __future__ import annotations

import hashlib

import anyio.to_thread
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import Field

from schemas.article import ArticleIn
from schemas.result import ExtractionResult, verify_spans
from service.api.deps import PrincipalDep, ServicesDep, SettingsDep
from service.api.errors import error_responses
from service.api.models import ExtractionOut
from service.errors import InputError, NotFound
from service.store.articles import get_article_text
from service.store.extractions import save_extraction

router = APIRouter(prefix="/v1/extractions", tags=["extractions"])


class ExtractionImport(ExtractionResult):
    """The extraction JSON `evenhand extract` prints, plus the article text it was made from."""

    text: str | None = Field(
        default=None,
        description="The article text; may be left out when the server already stores it "
        "(same SHA-256).",
    )


def _text_of(body: ExtractionImport, stored: str | None) -> str:
    text = body.text if body.text is not None else stored
    if text is None:
        raise InputError(
            "the server has no article with this sha256; send its text in 'text'",
            sha256=body.article.sha256,
        )
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != body.article.sha256:
        raise InputError(
            "'text' is not the article this extraction was made from (article.sha256 differs)",
            sha256=body.article.sha256,
        )
    problems = verify_spans(body, text)
    if problems:
        raise InputError(
            f"{len(problems)} evidence span(s) do not match the text: {problems[0]}",
            problems=problems,
        )
    return text


@router.post(
    "/import",
    status_code=201,
    response_model=ExtractionOut,
    responses=error_responses(400, 401, 413, 415, 422, 429, 503),
    summary="Store an extraction produced elsewhere, after checking its spans against the text",
)
async def import_extraction(
    body: ExtractionImport, services: ServicesDep, _: PrincipalDep, settings: SettingsDep
) -> JSONResponse:
    if body.text is not None and len(body.text) > settings.max_article_chars:
        raise InputError(
            f"the article has {len(body.text):,} characters; the limit is "
            f"{settings.max_article_chars:,}"
        )
    result = ExtractionResult.model_validate(body.model_dump(exclude={"text"}))

    def store() -> ExtractionOut:
        with services.db.session(write=True) as session:
            stored: str | None = None
            if body.text is None:
                try:
                    stored = get_article_text(session, body.article.sha256)
                except NotFound:
                    stored = None
            text = _text_of(body, stored)
            article = ArticleIn(
                text=text,
                id=result.article.id,
                title=result.article.title,
                publisher=result.article.publisher,
                published_at=result.article.published_at,
                url=result.article.url,
            )
            row = save_extraction(session, article, result)
            return ExtractionOut.of(row, result)

    out = await anyio.to_thread.run_sync(store)
    return JSONResponse(out.model_dump(mode="json"), status_code=201)
