"""Incidents: one model call per part of the article (`service.extract.reading`), merged.

Dates the model leaves as written ("Tuesday") are resolved against the publication date in code.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from schemas.llm import MAX_ACTORS, IncidentDraft, IncidentList
from schemas.result import Incident, Location
from service.extract.layout import dateline_country
from service.extract.parties import ArticleParties
from service.extract.places import date_near, named_place
from service.extract.reading import Reading
from service.extract.run import Run
from service.nlp import Document, analyzer_for
from service.nlp.grammar import carries_content
from service.reconcile.linking import DISORDER, actor_keys
from service.reconcile.parties import PartyIndex
from service.text.dates import parse_published, resolve_event_date
from service.text.normalize import normalize

# Room for the longest list the grammar admits (MAX_CHUNK_INCIDENTS, about 100 tokens each as the
# model indents them): at 600, 2 of 23 dev runs were cut mid-list and lost every incident.
INCIDENT_MAX_TOKENS = 900
MAX_INCIDENTS = 10
TITLE_SAME_EVENT = 85.0
# Actors within one article are compared by their words alone: no other article names parties.
_NO_PARTIES = PartyIndex(())


def _violent(draft: IncidentDraft) -> bool:
    return DISORDER[draft.event_type] == "political violence"


def _same_pair(a: IncidentDraft, b: IncidentDraft) -> bool:
    """Both name the same two or more actors ("Valdorian soldiers", "Valdorian forces"), keyed
    as incident linking keys them."""
    ka, kb = actor_keys(a.actors, _NO_PARTIES), actor_keys(b.actors, _NO_PARTIES)
    shared = len(ka & kb)
    return shared >= 2 and shared == min(len(ka), len(kb))


def _same_event(a: IncidentDraft, b: IncidentDraft) -> bool:
    same_place = bool(a.location and b.location and a.location.lower() == b.location.lower())
    if a.event_type != b.event_type:
        # ACLED's unit is one day, one place, one pair of actors: a capture the model lists as
        # its own strategic development, on the day and at the place of a clash between the
        # same parties, is part of the clash.
        return (
            (_violent(a) or _violent(b))
            and same_place
            and a.date is not None
            and a.date == b.date
            and _same_pair(a, b)
        )
    titles = fuzz.token_set_ratio(
        normalize(a.title, lower=True).text, normalize(b.title, lower=True).text
    )
    return titles >= TITLE_SAME_EVENT or (same_place and a.date == b.date)


def merge_incidents(drafts: Sequence[IncidentDraft]) -> tuple[list[IncidentDraft], list[int]]:
    """Distinct incidents (actors pooled), and for each draft the index it was merged into; a
    violent member gives the merged incident its title and type."""
    merged: list[IncidentDraft] = []
    into: list[int] = []
    for draft in drafts:
        twin = next((i for i, m in enumerate(merged) if _same_event(m, draft)), None)
        if twin is None:
            into.append(len(merged))
            merged.append(draft)
            continue
        into.append(twin)
        kept = merged[twin]
        lead = draft if _violent(draft) and not _violent(kept) else kept
        merged[twin] = kept.model_copy(
            update={
                "title": lead.title,
                "event_type": lead.event_type,
                "actors": list(dict.fromkeys([*kept.actors, *draft.actors]))[:MAX_ACTORS],
                "date": kept.date or draft.date,
                "location": kept.location or draft.location,
                "country": kept.country or draft.country,
            }
        )
    return merged, into


def ask_incidents(run: Run, reading: Reading) -> list[Incident]:
    """The incidents question after each part's shared prefix; parts asked together."""
    prompt = run.prompt("incident")
    layout = reading.layout
    parts = [reading.prefix(part) for part in range(len(reading.parts))]
    run.stage("incidents", len(parts))
    answers = run.ask_many(
        prompt,
        IncidentList,
        parts,
        max_tokens=INCIDENT_MAX_TOKENS,
        what=lambda values: f"incidents in{values['part'] or ' the article'}",
    )
    drafts = [draft for answer in answers if answer is not None for draft in answer.incidents]
    return to_incidents(run, drafts, layout.published_at, layout.document)[0]


def is_statement(title: str, document: Document) -> bool:
    """A title that only says someone spoke ("Ministry said on Tuesday", "Allies warn of
    cooperation"): a reporting verb heads it and nothing it governs says what was said or done.
    Asked for every event, the model sometimes lists the statement that reports one."""
    parsed = analyzer_for(document.language).parse(title)
    for root in (t for t in parsed.doc if t.dep_ == "ROOT"):
        if root.lemma_.lower() not in document.vocabulary.reporting_verbs:
            return False
        if carries_content(root):
            return False
    return True


def _country(run: Run, country: str | None, document: Document) -> str | None:
    if run.profile.country_from_entities:
        return named_place(country, document)
    return country if country and ArticleParties(document, None).mentions(country) else None


def to_incidents(
    run: Run, drafts: Sequence[IncidentDraft], published_at: str | None, document: Document
) -> tuple[list[Incident], list[str | None]]:
    """Merged, bounded public incidents with resolved dates, and each draft's incident id.

    A country the article does not name as a place is replaced by the dateline's ("PORT ADRIS,
    Pellaria (Meridian Wire) -"), or dropped: the 1.5B model filled unnamed countries with
    guesses ("Norway" for a fictional port, "Americans") and often left the dateline's out.
    """
    dateline = dateline_country(document.text)
    events = [d for d in drafts if not is_statement(d.title, document)]
    run.dropped.statements += len(drafts) - len(events)
    merged, into = merge_incidents(events)
    run.dropped.duplicates += len(drafts) - len(merged)
    if len(merged) > MAX_INCIDENTS:
        run.dropped.truncated += len(merged) - MAX_INCIDENTS
        merged = merged[:MAX_INCIDENTS]
    published = parse_published(published_at)
    incidents = [
        Incident(
            id=f"i{n}",
            title=d.title.strip(),
            event_type=d.event_type,
            date=(
                resolve_event_date(d.date, published) or date_near(document, d.location, published)
            ),
            location=Location(
                name=d.location, country=_country(run, d.country, document) or dateline
            ),
            actors=[a.strip() for a in d.actors if a.strip()],
        )
        for n, d in enumerate(merged, 1)
    ]
    return incidents, [f"i{i + 1}" if i < len(incidents) else None for i in into]
