"""Folding names so that spellings of one name compare equal, and only those.

Look-alike letters are repaired by `service.text.normalize` (the one normaliser); this module adds
what name comparison needs on top: case, possessives, punctuation and British/American spelling.

"Armenian Defenсe Ministry" (Cyrillic с), "Armenian Defense Ministry" and "Armenia's Defence
Ministry" fold to the same tokens; "Armenian Foreign Ministry" does not. Party words (country
names and their adjectives) are recognised by stem so that "Armenia", "Armenian" and "Armenia's"
count as the same party without a gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from service.nlp.vocabulary import ENGLISH, Vocabulary
from service.text.normalize import normalize

# British spellings folded to American ones (only words that occur in source names and figures).
_SPELLINGS = {
    "defence": "defense",
    "offence": "offense",
    "armoured": "armored",
    "organisation": "organization",
    "organisations": "organizations",
    "centre": "center",
    "programme": "program",
    "labour": "labor",
    "honour": "honor",
    "neighbouring": "neighboring",
    "stabilised": "stabilized",
    "militarised": "militarized",
}

_STOPWORDS = frozenset({"the", "of", "and", "s", "for", "on", "in", "a", "an"})
_NON_WORD = re.compile(r"[^\w]+")
_POSSESSIVE = re.compile(r"'s\b|(?<=s)'(?=\s|$)")


def repair(text: str) -> str:
    """Look-alike letters inside Latin words, quotes, dashes and spaces made plain; case kept."""
    return normalize(text).text


def fold(text: str) -> str:
    """Lower-case, look-alikes repaired, possessives and punctuation dropped, US spelling."""
    lowered = _POSSESSIVE.sub("", repair(text).lower())
    words = _NON_WORD.sub(" ", lowered.replace("_", " ")).split()
    return " ".join(_SPELLINGS.get(w, w) for w in words)


def tokens(text: str) -> list[str]:
    """Folded content words, in order, without stopwords."""
    return [w for w in fold(text).split() if w not in _STOPWORDS]


@cache
def _countries(vocabulary: Vocabulary) -> dict[str, str]:
    return {fold(name): country for name, country in vocabulary.demonyms.items()}


def country_of(name: str, vocabulary: Vocabulary = ENGLISH) -> str | None:
    """The country a demonym or country name of the vocabulary's table names
    ('Ukrainian' -> 'Ukraine', 'U.K.' -> 'United Kingdom'); None for words it does not list."""
    return _countries(vocabulary).get(fold(name))


def _country(folded: str) -> str:
    """'british', 'uk' and 'united kingdom' -> 'united kingdom'."""
    return fold(country_of(folded) or folded)


def is_party_word(word: str, party: str) -> bool:
    """True when a folded word names `party`: 'armenian' and 'armenia' for 'Armenia'.

    Country and adjective share a long prefix ('azerbaijan'/'azerbaijani', 'iraq'/'iraqi');
    the prefix must cover all but two letters of the shorter word and be at least five letters
    unless it is the whole shorter word, which keeps 'armed' apart from 'armenia'.
    """
    folded = fold(party)
    if word == folded or _country(word) == _country(folded):
        return True
    head = folded.split()[-1] if folded else ""
    shorter = min(len(word), len(head))
    shared = next((i for i in range(shorter) if word[i] != head[i]), shorter)
    return shared >= 4 and shared >= shorter - 2 and (shared == shorter or shared >= 5)


_PARTY_FILLER = frozenset({"side", "forces", "government", "state", "republic", "people"})


def party_key(party: str) -> str:
    """'the Armenian side' -> 'armenian': the words that name the party itself."""
    return " ".join(w for w in tokens(party) if w not in _PARTY_FILLER)


def same_party(a: str | None, b: str | None) -> bool:
    """Party names equal after folding ('Armenia' == 'Armenian side'; 'Armenia' != 'Azerbaijan')."""
    if a is None or b is None:
        return a is b
    ka, kb = party_key(a), party_key(b)
    return ka == kb or (bool(ka) and bool(kb) and is_party_word(kb.split()[-1], ka))


def strip_party(words: Iterable[str], parties: Iterable[str | None]) -> list[str]:
    """Drop the words that name one of `parties` (a source's own side)."""
    named = [p for p in parties if p]
    return [w for w in words if not any(is_party_word(w, p) for p in named)]
