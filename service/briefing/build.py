"""`build_briefing`: reconcile extraction results, write and check the summary, assemble."""

from __future__ import annotations

from collections.abc import Sequence

from schemas.briefing import Briefing, BriefingMeta, OtherItem
from schemas.result import ExtractionResult
from service.briefing.caveats import caveats
from service.briefing.summary import write_summary
from service.config import Settings
from service.errors import InputError
from service.llm.base import StructuredModel, UsageMeter
from service.reconcile.record import RULE_VERSION, reconcile


def build_briefing(
    results: Sequence[ExtractionResult],
    *,
    model: StructuredModel | None,
    settings: Settings,
) -> Briefing:
    """A neutral briefing about the main incident(s) of `results`.

    `model` writes the summary from the reconciled record; with None (or when its drafts fail
    the checks) the deterministic template summary is used and `meta.summary_origin` says so.
    Raises InputError when there is nothing to brief.
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
            warnings=outcome.warnings,
        ),
    )
