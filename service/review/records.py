"""Reading the current revision of a record and storing the next one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy.orm import Session

from schemas.result import ExtractionResult
from service.errors import Conflict
from service.review.corrections import ClaimStatus, CorrectionRequest, ReviewState, apply
from service.store.articles import get_article_text
from service.store.models import ExtractionRow
from service.store.reviews import add_revision, latest_revision, readable_extraction


@dataclass(frozen=True)
class Reviewed:
    row: ExtractionRow
    text: str
    model: ExtractionResult  # revision 0, the model's output
    state: ReviewState  # the latest revision


def load(session: Session, extraction_id: str, owner: str | None) -> Reviewed:
    row = readable_extraction(session, extraction_id, owner)
    model = ExtractionResult.model_validate(row.result)
    latest = latest_revision(session, extraction_id)
    if latest is None:
        state = ReviewState(model, {}, 0)
    else:
        status = cast(dict[str, ClaimStatus], dict(latest.status))
        state = ReviewState(ExtractionResult.model_validate(latest.result), status, latest.number)
    return Reviewed(row, get_article_text(session, row.article_sha256), model, state)


def correct(
    session: Session,
    extraction_id: str,
    request: CorrectionRequest,
    *,
    owner: str | None,
    author: str,
) -> tuple[ReviewState, dict[str, Any]]:
    """Store the revision after `request.change`; Conflict when it was made on an older one."""
    current = load(session, extraction_id, owner)
    if request.base != current.state.number:
        raise Conflict(
            f"the change was made on revision {request.base}, but the record is at revision "
            f"{current.state.number}; reload and apply it again",
            base=request.base,
            current=current.state.number,
        )
    state, target = apply(current.state, request.change, current.text)
    row = add_revision(
        session,
        extraction_id=extraction_id,
        number=state.number,
        action=request.change.op,
        target=target,
        result=state.result.model_dump(mode="json"),
        status=dict(state.status),
        author=author,
    )
    return state, {
        "number": row.number,
        "action": row.action,
        "target": row.target,
        "author": row.author,
        "created_at": row.created_at.isoformat(),
    }
