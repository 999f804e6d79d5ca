"""Who a sentence names: sources (by any fair form of their name) and sides.

"Armenia's Defence Ministry", "the Armenian Defense Ministry" and "the Ministry of Defence of
Armenia" all name the source "Armenian Defence Ministry"; "both defence ministries" names none.
A name made only of proper words ("Vardan Toghanyan", "Baku") may be shortened to its last word.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.briefing import SourceEntry
from service.nlp import analyzer_for
from service.reconcile.names import fold, is_party_word, strip_party, tokens
from service.reconcile.tables import capitals

_GENERIC = frozenset(
    {"ministry", "government", "army", "military", "forces", "office", "police", "command",
     "service", "agency", "embassy", "spokesman", "spokesperson", "official", "officials",
     "authorities", "department", "committee", "council", "armed", "foreign", "defense"}
)  # fmt: skip


@dataclass(frozen=True)
class Spot:
    start: int  # folded-word index
    who: str  # source id or side name


def words_of(sentence: str) -> list[str]:
    return fold(sentence).split()


def has_attribution(sentence: str) -> bool:
    """True when the sentence credits someone: a reporting verb or 'according to', 'put'..."""
    parsed = analyzer_for("en").parse(sentence)
    words = parsed.vocabulary.reporting_verbs | parsed.vocabulary.attribution_words
    return any(t.lemma_.lower() in words for t in parsed.doc)


def _name_words(source: SourceEntry) -> list[str]:
    return strip_party(tokens(source.name), [source.side])


def source_spots(words: list[str], source: SourceEntry) -> list[Spot]:
    """Where in `words` the source is named."""
    spots = []
    # "the ministry" is an alias in the record, but in a summary it names no one in particular.
    forms = [
        fold(n).split() for n in (source.name, *source.aliases) if not set(tokens(n)) <= _GENERIC
    ]
    content = _name_words(source)
    proper = bool(content) and not set(content) & _GENERIC
    for form in forms:
        spots += [Spot(i, source.id) for i in _find(words, form) if len(form) > 1 or proper]
    if content and source.side:
        for i in _find(words, content):
            before = words[max(0, i - 2) : i]
            after = words[i + len(content) : i + len(content) + 3]
            near = [*before, *(after[1:] if after[:1] == ["of"] else [])]
            if any(is_party_word(w, source.side) for w in near):
                spots.append(Spot(i, source.id))
    if proper and len(content) > 1:
        spots += [Spot(i, source.id) for i in _find(words, content[-1:])]
    return spots


def side_spots(words: list[str], side: str) -> list[Spot]:
    """Where in `words` the side is named, by country, adjective or capital."""
    named = [i for i, w in enumerate(words) if is_party_word(w, side)]
    return [Spot(i, side) for i in sorted(named + capital_spots(words, side))]


def capital_spots(words: list[str], side: str) -> list[int]:
    return [i for capital in capitals(side) for i in _find(words, capital.split())]


def _find(words: list[str], phrase: list[str]) -> list[int]:
    n = len(phrase)
    if not n:
        return []
    return [i for i in range(len(words) - n + 1) if words[i : i + n] == phrase]
