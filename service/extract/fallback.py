"""An incident coded in code when the model listed none but the article's claims report one.

Measured on the fixtures: the 1.5B model sometimes answered `{"incidents": []}` for an article
whose every claim was about one event, which left those claims attached to nothing. The headline
and lead sentence name the event ("Bomb at bus station kills eight"), so keywords give its type,
the first day word of the lead its date, and the party the figures count most often its country.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from schemas.result import Claim, Incident, Location
from schemas.vocab import EventType
from service.extract.layout import Layout
from service.extract.parties import ArticleParties
from service.text.dates import parse_published, resolve_event_date

# Most specific first: "riot police" is a riot only if nothing else matched before it.
_TYPES: tuple[tuple[EventType, str], ...] = (
    ("disaster", r"earthquake|flood|landslide|fire\b|storm|cyclone|capsiz|drown|collaps"),
    ("explosions_remote_violence", r"bomb|explo|air\s?strike|shell(?:ing|ed)|drone|missile|mortar"),
    ("protests", r"protest|march(?:ed|ers)?\b|rally|demonstrat"),
    ("riots", r"riot|looting|unrest"),
    ("violence_against_civilians", r"massacre|abduct|kidnap|execut"),
    ("battles", r"clash|fight|battle|attack|ambush|firefight"),
    ("strategic_developments", r"talks|agreement|ceasefire|exchange|swap|detain|arrest|releas"),
)
_TYPE_CUES = tuple((kind, re.compile(cue, re.IGNORECASE)) for kind, cue in _TYPES)
_DAY = re.compile(
    r"\b(?:yesterday|(?:[Mm]on|[Tt]ues|[Ww]ednes|[Tt]hurs|[Ff]ri|[Ss]atur|[Ss]un)day|"
    r"\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2})\b"
)
MAX_TITLE = 120


def _event_type(*texts: str) -> EventType:
    for text in texts:
        for kind, cue in _TYPE_CUES:
            if cue.search(text):
                return kind
    return "other"


def fallback_incident(layout: Layout, claims: Sequence[Claim]) -> Incident | None:
    """One incident from the headline and lead, or None when no claim reports an event."""
    reported = any(c.kind in ("casualty_report", "event_report") for c in claims)
    if not reported or not layout.sentences:
        return None
    lead = layout.sentences[0].text_of(layout.text)
    headline = layout.title or lead
    published = parse_published(layout.published_at)
    date = next(
        (d for m in _DAY.finditer(lead) if (d := resolve_event_date(m.group(), published))), None
    )
    article = ArticleParties(layout.text, layout.publisher)
    parties = Counter(
        f.party for c in claims for f in c.figures if f.party and article.mentions(f.party)
    )
    return Incident(
        id="i1",
        title=headline[:MAX_TITLE].strip(),
        event_type=_event_type(headline, lead),
        date=date,
        location=Location(name=None, country=parties.most_common(1)[0][0] if parties else None),
        actors=[],
    )
