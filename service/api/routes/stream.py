"""`POST /v1/extractions/stream`: one article's claims as Server-Sent Events, as they are ready.

Events: ``claim`` (``{"article", "claim"}``, provisional: see `service.extract.stream`) for each
claim as its answer arrives, then ``result`` (``{"result"}``, the final extraction, stored like
`POST /v1/extractions` stores it, with its ``id``), or ``error`` (the usual error body) if the run
fails after the stream began. Input errors are refused before the stream starts, as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from schemas.article import ArticleIn
from schemas.result import ExtractionResult
from service.api.deps import CallerDep, ModelDep, ServicesDep, SettingsDep
from service.api.errors import error_responses
from service.api.limits import check_articles
from service.api.models import ExtractionOut
from service.config import PipelineName
from service.errors import EvenhandError
from service.extract.stream import event, stream_extraction
from service.store.extractions import save_extraction

router = APIRouter(prefix="/v1/extractions", tags=["extractions"])


def _sse(name: str, payload: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(payload)}\n\n"


@router.post(
    "/stream",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "claim... then result"},
        **error_responses(400, 401, 413, 415, 422, 429),
    },
    summary="Extract one article, streaming each claim as it is ready (SSE)",
)
def stream_extraction_events(
    article: ArticleIn,
    services: ServicesDep,
    caller: CallerDep,
    settings: SettingsDep,
    model: ModelDep,
    pipeline: Annotated[
        PipelineName | None, Query(description="Extraction pipeline; default from settings.")
    ] = None,
) -> StreamingResponse:
    check_articles([article], settings)

    def events() -> Iterator[str]:
        try:
            for item in stream_extraction(
                article, model=model, settings=settings, pipeline=pipeline
            ):
                if isinstance(item, ExtractionResult):
                    with services.db.session(write=True) as session:
                        row = save_extraction(session, article, item, owner=caller.principal)
                        final = ExtractionOut.of(row, item).model_dump(mode="json")
                    yield _sse("result", {"result": final})
                else:
                    yield _sse(*event(item, article.resolved_id))
        except EvenhandError as exc:
            body = {"code": exc.code, "message": exc.message, "details": exc.details}
            yield _sse("error", {"error": body})

    return StreamingResponse(events(), media_type="text/event-stream")
