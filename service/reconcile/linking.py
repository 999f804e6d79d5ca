"""Linking incidents from several articles that report the same real-world event.

Incidents are first made comparable (`incidents.normalise`: dates resolved from "Monday
evening" and the publication date, "Harlo, Dolmari" -> Harlo in Dolmar). Two incidents from
different articles are the same event when (no model is consulted):
- their event types belong to one ACLED disorder type (`DISORDER`: battles, explosions/remote
  violence and violence against civilians are all political violence, which each side codes
  its own way), and
- their dates do not conflict (as day intervals, a partial date or "last week" spanning its
  days, at most one day apart; an unknown date conflicts with nothing), and
- either the place matches (rapidfuzz token-set ratio of the place names ≥ `LOCATION_MIN`, or the
  same country) and at least one actor is shared (or one lists none), or the dates agree
  and every actor of the shorter list (at least two) is shared: each side of a border clash may
  place it on its own territory.
Incidents are taken in article order; each joins the best-matching existing group that has no
member from its own article (the extractor already separated those), else starts a new group.
The reasons are recorded on the merged incident, e.g. "same event_type battles; dates
2021-11-16/2021-11-16; location match 92; actors 2/2 shared", and every pair of incidents from
different articles is kept as a `LinkDecision`, linked or not, with its reasons.

When no article yielded an incident, one placeholder ("Unidentified event") holds every claim.
The main incident(s) are the group with most claims (then most sources) and any group with at
least half as many claims and two or more sources; the rest are other items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz

from schemas.briefing import IncidentMember, LinkDecision, LinkedBy, MergedIncident
from schemas.result import ExtractionResult, Incident, Location
from service.reconcile.incidents import Reported, normalise
from service.reconcile.names import fold, same_party, tokens
from service.reconcile.parties import PartyIndex
from service.reconcile.sources import SourceIndex

LOCATION_MIN = 80
# ACLED's disorder types: the level at which two accounts of one event agree on what it was.
DISORDER: dict[str, str] = {
    "battles": "political violence",
    "explosions_remote_violence": "political violence",
    "violence_against_civilians": "political violence",
    "protests": "demonstrations",
    "riots": "demonstrations",
    "strategic_developments": "strategic developments",
    "disaster": "disaster",
    "other": "other",
}
_ACTOR_FILLER = frozenset({"armed", "forces", "army", "military", "troops", "soldiers", "units"})


@dataclass(frozen=True)
class Match:
    ok: bool
    score: float
    reasons: tuple[str, ...]


@dataclass
class Linking:
    incidents: list[MergedIncident]
    decisions: list[LinkDecision]
    by_member: dict[tuple[str, str], str]
    claim_incident: dict[tuple[str, str], tuple[str | None, LinkedBy]]


def _parse(value: str | None) -> tuple[int, ...] | None:
    if not value:
        return None
    try:
        parts = tuple(int(p) for p in value[:10].split("-"))
    except ValueError:
        return None
    return parts if 1 <= len(parts) <= 3 else None


def _span(value: str | None) -> tuple[date, date] | None:
    """The days a date stands for: one day, a month, a year, or a 'first/last' week."""
    if value and "/" in value:
        first, last = (_span(part) for part in value.split("/", 1))
        return (first[0], last[1]) if first and last else None
    parts = _parse(value)
    if parts is None:
        return None
    try:
        if len(parts) == 3:
            day = date(*parts)
            return day, day
        if len(parts) == 2:
            start = date(parts[0], parts[1], 1)
            following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return start, following - timedelta(days=1)
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except ValueError:
        return None


def _dates(a: str | None, b: str | None) -> tuple[bool | None, str]:
    """(True: agree, False: conflict, None: unknown), with the reason text."""
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return None, f"dates {a or '?'}/{b or '?'} (unknown)"
    gap = max(sa[0] - sb[1], sb[0] - sa[1], timedelta(0))
    return gap <= timedelta(days=1), f"dates {a}/{b}" + (
        "" if gap <= timedelta(days=1) else f" ({gap.days} days apart)"
    )


def actor_keys(actors: Sequence[str], parties: PartyIndex) -> set[str]:
    """One key per actor: the party it names, else its words less 'troops', 'forces', ..."""
    keys = set()
    for actor in actors:
        words = tokens(actor)
        party = parties.named_in(words)
        keys.add(party or " ".join(w for w in words if w not in _ACTOR_FILLER) or fold(actor))
    return keys


def _types(a: Incident, b: Incident) -> tuple[bool, str]:
    if a.event_type == b.event_type:
        return True, f"same event_type {a.event_type}"
    if DISORDER[a.event_type] == DISORDER[b.event_type]:
        return True, (f"event_types {a.event_type}/{b.event_type}: both {DISORDER[a.event_type]}")
    return False, f"event_types differ {a.event_type}/{b.event_type}"


def compare(a: Incident, b: Incident, parties: PartyIndex) -> Match:
    """Whether `a` and `b` are one event under the module rule, with the reasons."""
    type_ok, type_reason = _types(a, b)
    dates_ok, date_reason = _dates(a.date, b.date)
    reasons = [type_reason, date_reason]
    if not type_ok or dates_ok is False:
        return Match(False, 0.0, tuple(reasons))
    place = 0.0
    if a.location.name and b.location.name:
        place = fuzz.token_set_ratio(fold(a.location.name), fold(b.location.name))
        reasons.append(f"location match {place:.0f}")
    same_country = bool(a.location.country and b.location.country) and same_party(
        a.location.country, b.location.country
    )
    if same_country:
        reasons.append(f"same country {a.location.country}")
    keys_a, keys_b = actor_keys(a.actors, parties), actor_keys(b.actors, parties)
    shared = len(keys_a & keys_b)
    if keys_a or keys_b:
        reasons.append(f"actors {shared}/{max(len(keys_a), len(keys_b))} shared")
    place_ok = place >= LOCATION_MIN or same_country
    actors_ok = shared >= 1 or not (keys_a and keys_b)
    all_actors = shared >= 2 and shared == min(len(keys_a), len(keys_b))
    ok = (place_ok and actors_ok) or (dates_ok is True and all_actors)
    return Match(ok, place + 20 * shared + (10 if dates_ok else 0), tuple(reasons))


def _precision(value: str | None) -> int:
    parsed = None if value and "/" in value else _parse(value)
    return len(parsed) if parsed else (1 if value and "/" in value else 0)


def _merged(
    number: int,
    members: list[tuple[str, Incident]],
    reasons: list[str],
    claims: Counter[tuple[str, str]],
    sources: dict[tuple[str, str], set[str]],
) -> MergedIncident:
    lead = max(members, key=lambda m: claims[(m[0], m[1].id)])[1]
    dated = max(members, key=lambda m: _precision(m[1].date))[1]
    countries = {fold(c): c for _, inc in members if (c := inc.location.country)}
    place = Location(
        name=lead.location.name,
        # Each side may place a border clash on its own territory: no country is then chosen.
        country=next(iter(countries.values())) if len(countries) == 1 else None,
    )
    if len(countries) > 1:
        reasons = [
            *reasons,
            "country left open: members place it in " + ", ".join(sorted(countries.values())),
        ]
    actors = list(dict.fromkeys(actor for _, inc in members for actor in inc.actors))
    source_ids = sorted(set().union(*(sources[(aid, inc.id)] for aid, inc in members)))
    return MergedIncident(
        id=f"m{number}",
        title=lead.title,
        event_type=lead.event_type,
        date=lead.date if _precision(lead.date) >= _precision(dated.date) else dated.date,
        location=place,
        actors=actors,
        members=[
            IncidentMember(article_id=aid, incident_id=inc.id, title=inc.title)
            for aid, inc in members
        ],
        reasons=reasons,
        main=False,
        claim_count=sum(claims[(aid, inc.id)] for aid, inc in members),
        source_ids=sorted(source_ids, key=lambda s: int(s[1:])),
    )


def _group(
    reported: Sequence[Reported], parties: PartyIndex
) -> list[tuple[list[tuple[str, Incident]], list[str]]]:
    groups: list[tuple[list[tuple[str, Incident]], list[str]]] = []
    for item in reported:
        aid, incident = item.article_id, item.incident
        best: tuple[float, int, Match] | None = None
        for index, (members, _) in enumerate(groups):
            if any(m_aid == aid for m_aid, _ in members):
                continue
            match = max(
                (compare(inc, incident, parties) for _, inc in members), key=lambda m: m.score
            )
            if match.ok and (best is None or match.score > best[0]):
                best = (match.score, index, match)
        if best is None:
            groups.append(([(aid, incident)], [f"{aid}/{incident.id}: {n}" for n in item.notes]))
        else:
            members, reasons = groups[best[1]]
            members.append((aid, incident))
            reasons.extend(f"{aid}/{incident.id}: {n}" for n in item.notes)
            reasons.append(f"{aid}/{incident.id}: " + "; ".join(best[2].reasons))
    return groups


def _decisions(
    reported: Sequence[Reported], parties: PartyIndex, by_member: dict[tuple[str, str], str]
) -> list[LinkDecision]:
    """Every pair of incidents from different articles, linked or not, with the reasons."""
    out = []
    for i, a in enumerate(reported):
        for b in reported[i + 1 :]:
            if a.article_id == b.article_id:
                continue
            match = compare(a.incident, b.incident, parties)
            ka, kb = (a.article_id, a.incident.id), (b.article_id, b.incident.id)
            out.append(
                LinkDecision(
                    a=f"{ka[0]}/{ka[1]}",
                    b=f"{kb[0]}/{kb[1]}",
                    linked=by_member[ka] == by_member[kb],
                    rule_match=match.ok,
                    reasons=list(match.reasons),
                )
            )
    return out


def link(results: Sequence[ExtractionResult], sources: SourceIndex, parties: PartyIndex) -> Linking:
    """Merge incidents across articles and assign every claim to a merged incident (or none)."""
    claims: Counter[tuple[str, str]] = Counter()
    source_sets: dict[tuple[str, str], set[str]] = {}
    for result in results:
        aid = result.article.id
        for incident in result.incidents:
            source_sets[(aid, incident.id)] = set()
        for claim in result.claims:
            if claim.incident_id is not None and (aid, claim.incident_id) in source_sets:
                claims[(aid, claim.incident_id)] += 1
                source_sets[(aid, claim.incident_id)].add(sources.by_claim[(aid, claim.id)])
    reported = [item for result in results for item in normalise(result, parties)]
    groups = _group(reported, parties)
    merged = [
        _merged(n, members, reasons, claims, source_sets)
        for n, (members, reasons) in enumerate(groups, start=1)
    ]
    if not merged:
        merged = [_placeholder(results, sources)]
    ranked = sorted(merged, key=lambda m: (-m.claim_count, -len(m.source_ids), int(m.id[1:])))
    if ranked:
        top = ranked[0]
        for inc in ranked:
            inc.main = inc is top or (
                inc.claim_count * 2 >= top.claim_count and len(inc.source_ids) >= 2
            )
    by_member = {(m.article_id, m.incident_id): inc.id for inc in merged for m in inc.members}
    return Linking(
        incidents=ranked,
        decisions=_decisions(reported, parties, by_member),
        by_member=by_member,
        claim_incident=_assign_claims(results, by_member, [i for i in ranked if i.main]),
    )


def _placeholder(results: Sequence[ExtractionResult], sources: SourceIndex) -> MergedIncident:
    """Stands in when no article yielded an incident, so their claims can still be briefed."""
    source_ids = sorted({e.id for e in sources.entries}, key=lambda s: int(s[1:]))
    return MergedIncident(
        id="m1",
        title="Unidentified event",
        event_type="other",
        date=None,
        location=Location(),
        actors=[],
        members=[],
        reasons=["no incident was extracted from the articles; their claims are grouped here"],
        main=True,
        claim_count=sum(len(r.claims) for r in results),
        source_ids=source_ids,
    )


def _assign_claims(
    results: Sequence[ExtractionResult],
    by_member: dict[tuple[str, str], str],
    main: list[MergedIncident],
) -> dict[tuple[str, str], tuple[str | None, LinkedBy]]:
    """Claims follow their incident; a claim without one joins the main incident its article is
    about when that is unambiguous (all of the article's main-incident members are in one)."""
    assigned: dict[tuple[str, str], tuple[str | None, LinkedBy]] = {}
    main_ids = {m.id for m in main}
    for result in results:
        aid = result.article.id
        article_main = {
            by_member[(aid, inc.id)]
            for inc in result.incidents
            if by_member[(aid, inc.id)] in main_ids
        }
        if not result.incidents and len(main_ids) == 1:
            article_main = set(main_ids)
        for claim in result.claims:
            key = (aid, claim.id)
            if claim.incident_id is not None and (aid, claim.incident_id) in by_member:
                assigned[key] = (by_member[(aid, claim.incident_id)], "extraction")
            elif len(article_main) == 1:
                assigned[key] = (next(iter(article_main)), "article_context")
            else:
                assigned[key] = (None, "none")
    return assigned
