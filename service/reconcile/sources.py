"""Canonical sources across articles: one entry per real source, with its aliases and why.

Rules, in order:
1. A name is folded (`names.fold`: look-alike letters, possessives, British/American spelling)
   and its own party's words are dropped, so "Armenian Defenсe Ministry", "Armenia's Defense
   Ministry" and "Ministry of Defence" said by Armenia all become Armenia + {defense, ministry}.
   Same side and same words: same source.
2. Same side and sorted words at least `FUZZY_MIN` alike (rapidfuzz ratio): same source (typos).
   Different sides are never merged, and differing words (foreign vs defense) stay apart.
3. A source named by its side's capital ("Baku") is shown as that side's government.
4. A person is known by the proper words of the name, titles dropped ("Colonel Daven Oskar" ->
   daven oskar): a shorter form ending in the same surname ("Oskar") by a compatible side (equal,
   or one unknown) is the same person, in any article.
5. A generic name ("the ministry", "the diplomat") is resolved by context: the nearest earlier
   mention in the same article by a compatible side whose words contain the generic ones, or,
   for a personal role ("the spokesman", "he"), the nearest earlier named person (the nearest
   later one if none precedes); otherwise it stays a source of its own.
6. Side and type are decided once per source: the side most of its mentions give (a mention
   without a side follows the others), the type most of them give, 'other' only if none
   gives another.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from schemas.briefing import ClaimRef, SourceEntry
from schemas.result import ExtractionResult
from schemas.vocab import SourceType
from service.reconcile.names import fold, repair, strip_party, tokens
from service.reconcile.parties import PartyIndex
from service.reconcile.tables import capitals

FUZZY_MIN = 90

_GENERIC = frozenset(
    {
        "ministry", "spokesman", "spokeswoman", "spokesperson", "official", "officials",
        "army", "military", "government", "police", "diplomat", "statement", "office",
        "authorities", "agency", "source", "sources", "command", "forces", "armed", "troops",
        "embassy", "ambassador", "minister", "president", "service", "side", "department",
        "he", "she", "they", "it", "spokesmen", "representative",
    }
)  # fmt: skip


# Words that say what someone is, not who: dropped to find a person's own name.
_TITLES = frozenset(
    {
        "colonel", "col", "general", "gen", "lieutenant", "lt", "major", "maj", "captain", "capt",
        "sergeant", "admiral", "commander", "dr", "doctor", "mr", "mrs", "ms", "prof",
        "professor", "president", "prime", "minister", "foreign", "defense", "interior",
        "deputy", "chief", "head", "secretary", "senator", "sen", "representative", "rep",
        "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson", "mayor", "governor",
        "special", "former", "acting", "us", "u", "s", "state", "leader", "director", "republican",
        "democratic", "democrat", "senior", "top", "official", "ministry", "press",
    }
)  # fmt: skip
# Generic names that stand for a person, so they resolve to the nearest named person.
_PERSONAL = frozenset(
    {
        "spokesman", "spokeswoman", "spokesperson", "spokesmen", "he", "she", "official",
        "minister", "ambassador", "diplomat", "president", "representative",
    }
)  # fmt: skip
_PROPER = re.compile(r"\b[A-Z][\w'’.-]*")


def person_words(name: str, side: str | None) -> tuple[str, ...]:
    """The proper words of a person's name, titles and party words dropped; () when none.

    'Colonel Daven Oskar' -> ('daven', 'oskar'); 'Kestrian Defence Ministry' -> ().
    """
    proper = [w for m in _PROPER.finditer(repair(name)) for w in tokens(m.group())]
    kept = [w for w in strip_party(proper, [side]) if w not in _TITLES and w not in _GENERIC]
    return tuple(kept) if len(kept) == len(set(kept)) else tuple(dict.fromkeys(kept))


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """'Oskar' and 'Daven Oskar': one name is the other's tail (same surname, fewer names)."""
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return long[-len(short) :] == short


@dataclass
class Mention:
    ref: ClaimRef
    name: str
    type: SourceType
    side: str | None
    article_index: int
    position: int
    words: frozenset[str] = frozenset()
    person: tuple[str, ...] = ()

    @property
    def generic(self) -> bool:
        return self.words <= _GENERIC


@dataclass
class _Group:
    side: str | None
    words: frozenset[str]
    mentions: list[Mention] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    person: tuple[str, ...] = ()

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self.side = self.side or mention.side
        if len(mention.person) > len(self.person):
            self.person = mention.person


@dataclass
class SourceIndex:
    entries: list[SourceEntry]
    by_claim: dict[tuple[str, str], str]

    def source_of(self, article_id: str, claim_id: str) -> SourceEntry:
        wanted = self.by_claim[(article_id, claim_id)]
        return next(e for e in self.entries if e.id == wanted)


def _mentions(results: Sequence[ExtractionResult], parties: PartyIndex) -> list[Mention]:
    mentions = []
    for index, result in enumerate(results):
        for claim in result.claims:
            side = parties.canonical(claim.source.side)
            words = tokens(claim.source.name)
            # A name that carries its party ("Armenian X") matches X said by that party even
            # when the extractor left the side empty.
            match_side = side or parties.named_in(words)
            mentions.append(
                Mention(
                    ref=ClaimRef(article_id=result.article.id, claim_id=claim.id),
                    name=claim.source.name,
                    type=claim.source.type,
                    side=match_side,
                    article_index=index,
                    position=claim.evidence[0].start,
                    words=frozenset(strip_party(words, [match_side])),
                    person=person_words(claim.source.name, match_side),
                )
            )
    return mentions


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _resolve_generic(mention: Mention, specific: list[Mention]) -> Mention | None:
    personal = bool(mention.words) and mention.words <= _PERSONAL
    same_article = [
        m
        for m in specific
        if m.article_index == mention.article_index
        and _compatible(m.side, mention.side)
        and (mention.words <= m.words or (personal and bool(m.person)))
    ]
    earlier = [m for m in same_article if m.position <= mention.position]
    if earlier:
        return max(earlier, key=lambda m: m.position)
    return min(same_article, key=lambda m: m.position, default=None)


def _group_specific(specific: list[Mention]) -> list[_Group]:
    groups: list[_Group] = []
    for mention in specific:
        exact = next(
            (g for g in groups if g.side == mention.side and g.words == mention.words), None
        )
        if exact is not None:
            exact.add(mention)
            continue
        people = [
            g
            for g in groups
            if _compatible(g.side, mention.side) and same_person(g.person, mention.person)
        ]
        if len(people) == 1:
            people[0].add(mention)
            people[0].reasons.append(
                f"{mention.name!r} = {people[0].mentions[0].name!r}: the same person "
                f"({' '.join(people[0].person)}), titles dropped, side "
                f"{people[0].side or 'unknown'}"
            )
            continue
        scored = [
            (fuzz.ratio(" ".join(sorted(g.words)), " ".join(sorted(mention.words))), g)
            for g in groups
            if g.side == mention.side
        ]
        score, best = max(scored, key=lambda sg: sg[0], default=(0.0, None))
        if best is not None and score >= FUZZY_MIN:
            best.add(mention)
            best.reasons.append(
                f"{mention.name!r} ~ {best.mentions[0].name!r}: same side, names {score:.0f}% alike"
            )
        else:
            groups.append(_Group(mention.side, mention.words, [mention], person=mention.person))
    return groups


def _entry(number: int, group: _Group) -> SourceEntry:
    written = [repair(m.name).strip() for m in group.mentions if not m.generic]
    written = written or [repair(m.name).strip() for m in group.mentions]
    counts = Counter(written)
    canonical = max(counts, key=lambda n: (counts[n], -written.index(n)))
    if group.person and all(person_words(n, group.side) for n in written):
        # A person is named in full ('Colonel Daven Oskar'), however often 'Oskar' appears.
        canonical = max(written, key=lambda n: (len(person_words(n, group.side)), -len(n)))
    reasons = list(dict.fromkeys(group.reasons))
    if group.side and fold(canonical) in capitals(group.side):
        # "Baku said" is the government speaking; naming it so keeps the parties symmetric.
        reasons.append(f"{canonical!r} is the capital of {group.side}: named as its government")
        canonical = f"Government of {group.side}"
    aliases = sorted({m.name for m in group.mentions} - {canonical})
    reasons.extend(
        f"{alias!r}: same name once look-alike letters, spelling and possessives are folded"
        for alias in aliases
        if frozenset(strip_party(tokens(alias), [group.side])) == group.words
    )
    return SourceEntry(
        id=f"s{number}",
        name=canonical,
        type=_decided_type(group),
        side=_decided_side(group, reasons),
        aliases=aliases,
        merge_reasons=reasons,
        claims=[m.ref for m in sorted(group.mentions, key=lambda m: (m.article_index, m.position))],
    )


def _decided_side(group: _Group, reasons: list[str]) -> str | None:
    sides = Counter(m.side for m in group.mentions if m.side is not None)
    if not sides:
        return None
    side = sides.most_common(1)[0][0]
    if len(sides) > 1 or len(group.mentions) > sides.total():
        reasons.append(f"side {side}: given by {sides[side]} of {len(group.mentions)} mentions")
    return side


def _decided_type(group: _Group) -> SourceType:
    types = Counter(m.type for m in group.mentions)
    named = [(t, n) for t, n in types.most_common() if t != "other"]
    return named[0][0] if named else "other"


def canonicalise(results: Sequence[ExtractionResult], parties: PartyIndex) -> SourceIndex:
    """One `SourceEntry` per real source over all results; see the module rules."""
    mentions = _mentions(results, parties)
    specific = [m for m in mentions if not m.generic]
    groups = _group_specific(specific)
    for mention in (m for m in mentions if m.generic):
        target = _resolve_generic(mention, specific)
        if target is None:
            own = next(
                (g for g in groups if (g.side, g.words) == (mention.side, mention.words)), None
            )
            if own is None:
                groups.append(_Group(mention.side, mention.words, [mention]))
            else:
                own.add(mention)
            continue
        group = next(g for g in groups if target in g.mentions)
        group.add(mention)
        group.reasons.append(
            f"{mention.name!r} resolved by context in article {mention.ref.article_id}: "
            f"nearest mention by side {mention.side or 'unknown'} is {target.name!r}"
        )
    groups.sort(key=lambda g: min((m.article_index, m.position) for m in g.mentions))
    entries = [_entry(n, g) for n, g in enumerate(groups, start=1)]
    by_claim = {
        (ref.article_id, ref.claim_id): entry.id for entry in entries for ref in entry.claims
    }
    return SourceIndex(entries=entries, by_claim=by_claim)
