"""Claims as soon as they are ready: one extraction in a worker thread, read as an iterator.

    for item in stream_extraction(article, model=model, settings=settings):
        ...  # `Claim`s as their answers arrive, then the final `ExtractionResult`

The streamed claims are provisional (ids and de-duplication, a quotation's speaker carried over
to its other sentences, come with the final result); the result is what `extract` returns. An
error of the run is raised from the iterator after the claims streamed before it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any

from schemas.article import ArticleIn
from schemas.result import Claim, ExtractionResult
from service.config import Settings
from service.extract import extract
from service.llm.base import StructuredModel


def stream_extraction(
    article: ArticleIn,
    *,
    model: StructuredModel,
    settings: Settings,
    pipeline: str | None = None,
) -> Iterator[Claim | ExtractionResult]:
    ready: queue.Queue[Claim | ExtractionResult | BaseException] = queue.Queue()

    def work() -> None:
        try:
            result = extract(
                article, model=model, settings=settings, pipeline=pipeline, on_claim=ready.put
            )
            ready.put(result)
        except BaseException as exc:  # handed to the reader, who raises it
            ready.put(exc)

    threading.Thread(target=work, name="extract-stream", daemon=True).start()
    while True:
        item = ready.get()
        if isinstance(item, BaseException):
            raise item
        yield item
        if isinstance(item, ExtractionResult):
            return


def event(item: Claim | ExtractionResult, article_id: str) -> tuple[str, dict[str, Any]]:
    """(event name, JSON-ready payload) of one streamed item: 'claim' or 'result'."""
    if isinstance(item, Claim):
        return "claim", {"article": article_id, "claim": item.model_dump(mode="json")}
    return "result", {"result": item.model_dump(mode="json")}
