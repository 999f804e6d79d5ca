"""Extraction results made without a model, for the storage tests."""

from __future__ import annotations

from schemas.article import ArticleIn
from schemas.result import ExtractionResult
from service.config import Settings
from service.extract import extract
from service.llm.fake import FakeModel


def make_result(article: ArticleIn, *, pipeline: str = "default") -> ExtractionResult:
    """An extraction of `article` by the real pipeline with `FakeModel.empty()` (nothing found)."""
    settings = Settings(result_cache=False)
    return extract(article, model=FakeModel.empty(), settings=settings, pipeline=pipeline)
