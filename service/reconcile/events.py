"""What a merged incident was, and a title that names it without either side's verb.

Event type (ACLED definitions, decided once over all members and the reconciled figures):
- members of one disorder type are compared at that level when linking (`linking.DISORDER`);
- political violence in which armed people (soldiers, fighters, police) of two or more parties
  are counted is `battles` (armed, organised groups fighting each other), whatever each side
  called it ("attack on our patrol", "shelling"); ACLED codes violence against civilians only
  when the victims are unarmed, and explosions/remote violence when one side cannot respond;
- otherwise the type most members give (ties: the member with most claims).
Title: for political violence and demonstrations the title is built from the type, the place
and the date ("Armed clash near Harlo, 3 June 2024"): no actor is a subject, so no side's verb
("Kestrian troops attack Dolmari patrol") reaches it. Other events keep the lead member's title;
the briefing check `neutral_titles` still rejects one that takes a side's verb.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from schemas.briefing import MergedIncident, ReconciledFigure
from schemas.vocab import EventType
from service.reconcile.groups import ARMED
from service.reconcile.linking import DISORDER
from service.reconcile.names import fold

NOUNS: dict[str, str] = {
    "battles": "Armed clash",
    "explosions_remote_violence": "Explosion or strike",
    "violence_against_civilians": "Violence against civilians",
    "protests": "Protest",
    "riots": "Riot",
}


def decide_type(
    incident: MergedIncident, member_types: Sequence[EventType], figures: Sequence[ReconciledFigure]
) -> tuple[EventType, str]:
    """The incident's ACLED event type and why."""
    mine = [f for f in figures if f.incident_id == incident.id]
    armed = sorted({f.party for f in mine if f.party and f.group in ARMED})
    civilians = any(f.group == "civilians" for f in mine)
    if DISORDER[incident.event_type] == "political violence" and len(armed) >= 2 and not civilians:
        return "battles", (
            f"event_type battles: armed people of {', '.join(armed)} are counted "
            f"(members said {', '.join(sorted(set(member_types)))})"
        )
    counts = Counter(member_types)
    top = max(counts.values(), default=0)
    tied = [t for t in member_types if counts[t] == top]
    chosen = incident.event_type if incident.event_type in tied else tied[0]
    return chosen, f"event_type {chosen}: given by {top} of {len(member_types)} member(s)"


def neutral_title(incident: MergedIncident, date_words: str) -> str:
    """'Armed clash near Harlo, 3 June 2024' for violence and demonstrations, else as given."""
    noun = NOUNS.get(incident.event_type)
    if noun is None:
        return incident.title
    place = incident.location.name or incident.location.country
    country = incident.location.country
    # "near Harlo" for a named place; "in southern Iran" for a region or a country.
    where = (
        f" {'in' if place and (place == country or not place[:1].isupper()) else 'near'} {place}"
        if place
        else ""
    )
    if place and country and fold(country) not in fold(place):
        where += f", {country}"
    return f"{noun}{where}" + (f", {date_words}" if date_words else "")
