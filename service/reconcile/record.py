"""The reconciled record: everything a briefing states, computed from extraction results alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from schemas.briefing import (
    BriefClaim,
    ClaimRef,
    ContestedPoint,
    FigureUpdate,
    LinkDecision,
    MergedIncident,
    ReconciledFigure,
    SourceEntry,
)
from schemas.result import Article, ExtractionResult
from service.reconcile.disputes import claim_disputes, figure_disputes
from service.reconcile.events import decide_type, neutral_title
from service.reconcile.figures import reconcile_figures, stated_figures
from service.reconcile.linking import link
from service.reconcile.parties import PartyIndex
from service.reconcile.sources import canonicalise
from service.reconcile.updates import updates
from service.text.dates import date_text

RULE_VERSION = "reconcile/v2"


@dataclass
class Record:
    articles: list[Article]
    incidents: list[MergedIncident]
    sources: list[SourceEntry]
    claims: list[BriefClaim]
    figures: list[ReconciledFigure]
    contested: list[ContestedPoint]
    linking: list[LinkDecision]
    left_out: list[str]
    # A source's figure over time; empty for a record rebuilt from a stored briefing's parts.
    updates: list[FigureUpdate] = field(default_factory=list)

    @property
    def main(self) -> list[MergedIncident]:
        return [i for i in self.incidents if i.main]

    @property
    def main_claims(self) -> list[BriefClaim]:
        main = {i.id for i in self.main}
        return [c for c in self.claims if c.incident_id in main]

    def source(self, source_id: str) -> SourceEntry:
        return next(s for s in self.sources if s.id == source_id)

    @property
    def sides(self) -> list[str]:
        """Sides with claims on the main incident(s), in order of first appearance."""
        sides = (self.source(c.source_id).side for c in self.main_claims)
        return list(dict.fromkeys(s for s in sides if s is not None))


def reconcile(results: Sequence[ExtractionResult]) -> Record:
    """Canonical sources, merged incidents, per-source figures and disputes (no model)."""
    parties = PartyIndex(
        [c.source.side for r in results for c in r.claims]
        + [f.party for r in results for c in r.claims for f in c.figures]
    )
    sources = canonicalise(results, parties)
    linking = link(results, sources, parties)
    by_id = {s.id: s for s in sources.entries}
    source_of = {key: by_id[sid] for key, sid in sources.by_claim.items()}
    claims = []
    for result in results:
        aid = result.article.id
        for claim in result.claims:
            incident_id, linked_by = linking.claim_incident[(aid, claim.id)]
            claims.append(
                BriefClaim(
                    ref=ClaimRef(article_id=aid, claim_id=claim.id),
                    source_id=source_of[(aid, claim.id)].id,
                    incident_id=incident_id,
                    linked_by=linked_by,
                    kind=claim.kind,
                    statement=claim.statement,
                    evidence=claim.evidence[0].text,
                    published_at=result.article.published_at,
                )
            )
    main_ids = [i.id for i in linking.incidents if i.main]
    stated, left_out = stated_figures(results, linking.claim_incident, source_of, parties)
    figures = reconcile_figures(s for s in stated if s.key.incident_id in main_ids)
    _settle_incidents(linking.incidents, results, figures)
    contested = figure_disputes(figures) + claim_disputes(claims, by_id, main_ids)
    return Record(
        articles=[r.article for r in results],
        incidents=linking.incidents,
        sources=sources.entries,
        claims=claims,
        figures=figures,
        contested=contested,
        updates=updates(figures),
        linking=linking.decisions,
        left_out=left_out,
    )


def _settle_incidents(
    incidents: Sequence[MergedIncident],
    results: Sequence[ExtractionResult],
    figures: Sequence[ReconciledFigure],
) -> None:
    """Event type decided over members and figures; a title that takes no side's verb."""
    types = {(r.article.id, inc.id): inc.event_type for r in results for inc in r.incidents}
    for incident in incidents:
        member_types = [types[(m.article_id, m.incident_id)] for m in incident.members]
        if member_types:
            incident.event_type, reason = decide_type(incident, member_types, figures)
            incident.reasons.append(reason)
        incident.title = neutral_title(incident, date_text(incident.date))
