"""Incidents as reported, made comparable before linking: dates, places and countries.

Extraction may leave an incident's date empty although its article says "Monday evening", or
give a place as "Harlo, Dolmari". Before incidents are compared:
- a missing date is resolved from the incident's title, then from the evidence of its claims in
  text order (then of the article's claims when it has one incident): the first date entity
  of the parse that dates an event ("late on Monday", "Monday evening", "last week"; not the
  day a reporting verb governs, "said on Tuesday"), against the article's publication date
  (`service.text.dates.find_event_day`);
- "Place, Country" is split, and a country given as a demonym or adjective becomes the country
  through the one demonym table (`names.country_of`) or the parties of the articles
  ('Dolmari' -> 'Dolmar').
Each change is written down, so `brief --explain` can show it.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.result import ExtractionResult, Incident, Location
from service.nlp import analyzer_for
from service.reconcile.names import country_of, fold, tokens
from service.reconcile.parties import PartyIndex
from service.text.dates import find_event_day, parse_published


@dataclass(frozen=True)
class Reported:
    article_id: str
    incident: Incident
    notes: tuple[str, ...]


def country(name: str | None, parties: PartyIndex) -> str | None:
    """'Dolmari' -> 'Dolmar', 'Ukrainian' -> 'Ukraine'; unknown names are kept as written."""
    if not name or not name.strip():
        return None
    known = country_of(name)
    if known is not None:
        return known
    words = tokens(name)
    party = parties.named_in(words) if len(words) == 1 else None
    return party or parties.canonical(name)


def _is_country(name: str, parties: PartyIndex) -> bool:
    words = tokens(name)
    return country_of(name) is not None or (len(words) == 1 and parties.named_in(words) is not None)


def _location(location: Location, parties: PartyIndex, notes: list[str]) -> Location:
    name, given = location.name, location.country
    if name and "," in name:
        head, tail = (part.strip() for part in name.rsplit(",", 1))
        if head and _is_country(tail, parties):
            notes.append(f"place {name!r} read as {head!r} in {tail!r}")
            name, given = head, given or tail
    resolved = country(given, parties)
    if given and resolved and fold(resolved) != fold(given):
        notes.append(f"country {given!r} is {resolved!r}")
    return Location(name=name, country=resolved)


def _texts(result: ExtractionResult, incident: Incident) -> list[str]:
    own = [c for c in result.claims if c.incident_id == incident.id]
    if not own and len(result.incidents) == 1:
        own = list(result.claims)
    ordered = sorted(own, key=lambda c: c.evidence[0].start)
    return [incident.title, *(e.text for c in ordered for e in c.evidence)]


def _date(result: ExtractionResult, incident: Incident, notes: list[str]) -> str | None:
    if incident.date:
        return incident.date
    published = parse_published(result.article.published_at)
    analyzer = analyzer_for(None)  # extraction records do not keep the article's language
    for text in _texts(result, incident):
        found = find_event_day(analyzer.parse(text), published)
        if found is not None:
            expression, resolved = found
            notes.append(f"date {resolved} from {expression!r} and publication date {published}")
            return resolved
    return None


def normalise(result: ExtractionResult, parties: PartyIndex) -> list[Reported]:
    """The result's incidents with dates resolved and places normalised, each with its notes."""
    out = []
    for incident in result.incidents:
        notes: list[str] = []
        fixed = incident.model_copy(
            update={
                "date": _date(result, incident, notes),
                "location": _location(incident.location, parties, notes),
            }
        )
        out.append(Reported(result.article.id, fixed, tuple(notes)))
    return out
