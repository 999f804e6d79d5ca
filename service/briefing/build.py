"""`build_briefing`: reconcile extraction results, write and check the summary, assemble."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from schemas.briefing import Briefing, BriefingMeta, OtherItem
from schemas.result import ExtractionResult, FailedItem, Usage
from service.briefing.cache import FOLDER, briefing_key
from service.briefing.caveats import caveats
from service.briefing.summary import write_summary
from service.config import Settings
from service.errors import InputError
from service.extract.cache import load_cached, store_cached
from service.llm.base import StructuredModel, UsageMeter
from service.reconcile.record import RULE_VERSION, reconcile

log = logging.getLogger(__name__)


def build_briefing(
    results: Sequence[ExtractionResult],
    *,
    model: StructuredModel | None,
    settings: Settings,
) -> Briefing:
    """A neutral briefing about the main incident(s) of `results`.

    `model` writes the summary from the reconciled record; with None (or when its drafts fail
    the checks) the deterministic template summary is used and `meta.summary_origin` says so.
    The briefing is `partial` when a result behind it is, or when the summary's model call
    failed (a draft failing the checks is not a failure). With `settings.result_cache`, a
    complete briefing is cached on disk like an extraction. Raises InputError when there is
    nothing to brief.
    """
    if not results:
        raise InputError("no extraction results to brief")
    if len(results) > settings.max_batch_articles:
        raise InputError(
            f"{len(results)} articles exceed the limit of {settings.max_batch_articles}"
        )
    ids = [r.article.id for r in results]
    if len(set(ids)) < len(ids):
        raise InputError("the same article id appears twice; give each article its own id")
    if not settings.result_cache:
        return _build(results, ids, model, settings)
    key = briefing_key(results, model, settings)
    if (hit := load_cached(settings, key, Briefing, FOLDER)) and hit.meta.status == "complete":
        meta = hit.meta.model_copy(update={"cached": True, "usage": Usage()})
        return hit.model_copy(update={"meta": meta})
    briefing = _build(results, ids, model, settings)
    if briefing.meta.status == "complete":
        try:
            store_cached(settings, key, briefing, FOLDER)
        except OSError as exc:
            log.warning("briefing cache not written (%s): %s", key[:12], exc)
    return briefing


def _build(
    results: Sequence[ExtractionResult],
    ids: list[str],
    model: StructuredModel | None,
    settings: Settings,
) -> Briefing:
    record = reconcile(results)
    usage = UsageMeter()
    outcome = write_summary(record, model=model, settings=settings, usage=usage)
    other_items = [
        OtherItem(
            incident_id=inc.id,
            title=inc.title,
            articles=list(dict.fromkeys(m.article_id for m in inc.members)),
        )
        for inc in record.incidents
        if not inc.main
    ]
    failed = [
        FailedItem(item=f"{r.article.id}: {f.item}", code=f.code, message=f.message)
        for r in results
        for f in r.meta.failures
    ]
    if outcome.model_error is not None:
        error = outcome.model_error
        failed.append(FailedItem(item="summary", code=error.code, message=error.message))
    notes = caveats(record, results, other_items)
    if outcome.origin == "template" and model is not None:
        notes.append("The summary is a deterministic template: the model's draft failed checks.")
    return Briefing(
        headline=outcome.draft.headline,
        summary=outcome.draft.sentences,
        incidents=record.incidents,
        figures=record.figures,
        contested=record.contested,
        updates=record.updates,
        sources=record.sources,
        claims=record.claims,
        caveats=notes,
        other_items=other_items,
        linking=record.linking,
        checks=outcome.checks,
        meta=BriefingMeta(
            model=model.info.name if model else None,
            backend=model.info.backend if model else None,
            prompts=outcome.prompts,
            usage=usage.snapshot(),
            reasks=outcome.reasks,
            summary_origin=outcome.origin,
            article_ids=ids,
            reconcile_rule=RULE_VERSION,
            status="partial"
            if failed or any(r.meta.status != "complete" for r in results)
            else "complete",
            failures=failed,
            warnings=outcome.warnings,
        ),
    )
