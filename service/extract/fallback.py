"""An incident coded in code when the model listed none but the article's claims report one.

Measured on the fixtures: the 1.5B model sometimes answered `{"incidents": []}` for an article
whose every claim was about one event, which left those claims attached to nothing. The headline
and lead name the event ("Bomb at bus station kills eight"): their lemmas give its type (the
vocabulary's event cues), the first date entity of the lead that resolves against publication
its date, the first place entity its place, and the place or the party the figures count most
often its country.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Span

from schemas.result import Claim, Incident, Location
from schemas.vocab import EventType
from service.extract.layout import Layout, dateline_country
from service.extract.parties import ArticleParties
from service.extract.places import first_place
from service.nlp import Vocabulary, analyzer_for
from service.text.dates import parse_published, resolve_event_date

MAX_TITLE = 120


def event_type(spans: Sequence[Span], vocabulary: Vocabulary) -> tuple[EventType, str]:
    """The event type the first span with a cue names, and the cue word as written."""
    for span in spans:
        for kind, cues in vocabulary.event_cues:
            cue = next((t for t in span if t.lemma_.lower() in cues), None)
            if cue is not None:
                return kind, cue.text
    return "other", ""


def _title(cue: str, place: str | None, lead: str) -> str:
    """A neutral title from the event word and the place ('Bombing in Kabul'), not the lead."""
    if cue:
        return f"{cue[:1].upper()}{cue[1:].lower()}" + (f" in {place}" if place else "")
    return lead[:MAX_TITLE].strip()


def fallback_incident(layout: Layout, claims: Sequence[Claim]) -> Incident | None:
    """One incident from the headline and lead, or None when no claim reports an event."""
    reported = any(c.kind in ("casualty_report", "event_report") for c in claims)
    if not reported or not layout.sentences:
        return None
    document = layout.document
    lead = layout.sentences[0]
    published = parse_published(layout.published_at)
    dates = (e.text for e in document.entities(frozenset({"DATE"}))
             if lead.start <= e.start_char < lead.end)  # fmt: skip
    date = next((d for text in dates if (d := resolve_event_date(text, published))), None)
    vocabulary = document.vocabulary
    headline = (
        [analyzer_for(vocabulary.language).parse(layout.title).doc[:]] if layout.title else []
    )
    kind, cue = event_type([*headline, document.span(lead.start, lead.end)], vocabulary)
    place = first_place(document, layout.body_start, lead.end)
    article = ArticleParties(document, layout.publisher)
    parties = Counter(
        f.party for c in claims for f in c.figures if f.party and article.mentions(f.party)
    )
    country = dateline_country(layout.text) or (parties.most_common(1)[0][0] if parties else None)
    title = layout.title or _title(cue, place, lead.text_of(layout.text))
    return Incident(
        id="i1",
        title=title[:MAX_TITLE].strip(),
        event_type=kind,
        date=date,
        location=Location(name=place, country=country),
        actors=[],
    )
