"""What the reader must keep in mind, derived from the record (no model)."""

from __future__ import annotations

from collections.abc import Sequence

from schemas.briefing import OtherItem
from schemas.result import ExtractionResult
from service.briefing.lexicon import state_outlet
from service.reconcile.names import same_party
from service.reconcile.record import Record


def _party_figures(record: Record) -> str | None:
    current = [v for f in record.figures for v in f.values if v.status == "current"]
    if not current:
        return None
    from_parties = sorted({v.source for v in current if v.side is not None})
    if len(from_parties) == len({v.source for v in current}):
        return "Every figure comes from a party to the conflict; none is independently confirmed."
    if from_parties:
        return f"Figures from {', '.join(from_parties)} come from parties to the conflict."
    return None


def _outlets(record: Record) -> list[str]:
    main_articles = {m.article_id for inc in record.main for m in inc.members}
    notes = []
    for article in record.articles:
        outlet = state_outlet(article.publisher)
        if outlet is None or article.id not in main_articles:
            continue
        note = f"Article {article.id} is from {article.publisher}, {outlet.description}"
        if any(same_party(outlet.country, side) for side in record.sides):
            note += f"; {outlet.country} is a party to the conflict"
        notes.append(note + ".")
    return notes


def _updated(record: Record) -> list[str]:
    return [
        f"{u.source} changed its figure for {u.label} over time "
        f"({' -> '.join(step.text for step in u.steps)}): an update, not a dispute; "
        "only the latest value is compared with other sources (see Updates)."
        for u in record.updates
    ]


def caveats(
    record: Record, results: Sequence[ExtractionResult], other_items: Sequence[OtherItem]
) -> list[str]:
    notes = [n for n in [_party_figures(record)] if n]
    notes += _outlets(record)
    notes += _updated(record)
    if other_items:
        titles = "; ".join(f"'{item.title}'" for item in other_items)
        notes.append(
            f"Other items in the same articles are not covered by this briefing: {titles}."
        )
    if record.left_out:
        notes.append(
            "Numbers left out as not incident figures: " + "; ".join(record.left_out) + "."
        )
    unlinked = sum(1 for c in record.claims if c.incident_id is None)
    if unlinked:
        notes.append(f"{unlinked} claim(s) are not linked to any incident and are not reconciled.")
    dropped = sum(r.meta.dropped.ungrounded_evidence for r in results)
    if dropped:
        notes.append(
            f"Extraction dropped {dropped} quote(s) that could not be found in the article text."
        )
    return notes
