"""Test doubles shared by the storage, job and API tests (and the API benchmark)."""

from __future__ import annotations

import types
from collections.abc import Sequence
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from schemas.article import ArticleIn
from schemas.result import ExtractionResult
from service.config import Settings
from service.extract import extract
from service.llm.base import Message
from service.llm.fake import FakeModel


def _blank(annotation: Any, info: FieldInfo | None) -> Any:
    origin = get_origin(annotation)
    if origin is Literal:
        return "other" if "other" in get_args(annotation) else get_args(annotation)[0]
    if origin in (Union, types.UnionType):
        return None if type(None) in get_args(annotation) else _blank(get_args(annotation)[0], info)
    if origin is list:
        return []
    if annotation is bool:
        return False
    if annotation is int:
        return 0
    if annotation is str:
        lengths = [
            m.min_length for m in (info.metadata if info else []) if hasattr(m, "min_length")
        ]
        return "none".ljust(max(lengths, default=0), "x")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return blank(annotation)
    raise TypeError(f"no blank value for {annotation!r}")


def blank(model: type[BaseModel]) -> dict[str, Any]:
    """The emptiest valid answer: empty lists, false flags, 'other' categories, nulls."""
    return {
        name: _blank(field.annotation, field)
        for name, field in model.model_fields.items()
        if field.is_required()
    }


def blank_model(**answers: dict[str, Any]) -> FakeModel:
    """A FakeModel answering 'nothing here' (no incidents, no claims) to every question, except
    for the response models named in `answers` (by class name), which get those answers."""

    def respond(response_model: type[BaseModel], messages: Sequence[Message]) -> Any:
        return answers.get(response_model.__name__) or blank(response_model)

    return FakeModel(responder=respond)


def make_result(article: ArticleIn, *, pipeline: str = "default") -> ExtractionResult:
    """An extraction of `article` by the real pipeline with the blank model (nothing found)."""
    settings = Settings(result_cache=False)
    return extract(article, model=blank_model(), settings=settings, pipeline=pipeline)
