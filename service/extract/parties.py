"""Whose people or equipment a figure counts, read from the words next to the number.

Measured on the fixtures, the 1.5B model's party was often the outlet ("Harbour Ledger"), a
label ("rebel group") or a country the article never names, while the sentence usually says it:
"23 Tavrosan soldiers" names the party, "two of its soldiers" is the source's own side. Code
reads those cues first; the model's party is kept only when it names something the article
mentions, and the incident's country stands in for unmarked people ("12 people were killed").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from schemas.result import Source
from service.extract.layout import dateline_country
from service.reconcile.names import fold, is_party_word, party_key, same_party

_OWN_AFTER = re.compile(r"^\s+(?:of\s+)?(?:its|our|their)\s", re.IGNORECASE)
_OWN_BEFORE = re.compile(r"\b(?:its|our|their)\s+own\b[^.;,]{0,30}$", re.IGNORECASE)
# The first word after the number, or the second after a word like "more": "23 Tavrosan
# soldiers", "three more Pellarian boats".
_NAME_AFTER = re.compile(
    r"^[\"”’]?\s+(?:(?:more|other|further|additional)\s+)?(?P<name>[A-Z][\w'’-]+)", re.UNICODE
)
# Fighters of the side that is not a state: the armed group the article names, if it names one.
_FIGHTERS_AFTER = re.compile(
    r"^[\"”’]?\s+(?:\w+\s+){0,2}?(?:rebels?|militants?|insurgents?|attackers?|gunmen|fighters|terrorists?)\b",
    re.IGNORECASE,
)
_GROUP_OWN_BEFORE = re.compile(
    r"\b(?:group|rebels?|militants?|insurgents?|front|movement)\s+(?:\w+\s+){0,2}"
    r"(?:its|their)\s+own\b[^.;,]{0,30}$",
    re.IGNORECASE,
)
_ARMED_GROUP = re.compile(
    r"\b(?:(?!The\b)[A-Z][\w'’]+\s+){1,3}(?:Front|Army|Movement|Brigades?|Militia|Vanguard)\b"
)
_NOT_PARTIES = frozenset(
    re.findall(
        r"\w+",
        "monday tuesday wednesday thursday friday saturday sunday january february march april "
        "may june july august september october november december i the a",
    )
)
_PROPER_WORD = re.compile(r"\b[A-Z][\w'’-]+")
_POSSESSIVE = re.compile(r"['’]s?$")
_GENERIC_GROUP = re.compile(
    r"^(?:the\s+)?(?:rebel\s+|armed\s+)?(?:group|rebels|militants|insurgents)$", re.IGNORECASE
)
_NOT_A_NAME = re.compile(r"[(),:;\d]")
MAX_PARTY_WORDS = 6


@dataclass(frozen=True)
class ArticleParties:
    """What one article mentions, to tell a name from a guess, and the parties seen in it."""

    text: str
    publisher: str | None
    # Sides of the sources and countries of the incidents, added as the pipeline learns them.
    sides: set[str] = field(default_factory=set, compare=False)

    def is_party(self, name: str) -> bool:
        """True when `name` is a side seen so far, the dateline's country or the armed group:
        the model's "Dalmeri district police" for officers in Kethia is none of these."""
        known = [*self.sides, self.armed_group, self.dateline_country]
        return any(k is not None and same_party(name, k) for k in known)

    @cached_property
    def dateline_country(self) -> str | None:
        return dateline_country(self.text)

    @cached_property
    def _words(self) -> frozenset[str]:
        return frozenset(fold(self.text).split())

    def mentions(self, name: str) -> bool:
        """True when `name` is a proper name whose every word occurs in the article (as a
        party word or plainly): 'Azerbaijan' for 'Azerbaijani troops', not 'rebel group'."""
        key = party_key(name).split()
        return (
            bool(key)
            and bool(_PROPER_WORD.search(name))
            and all(
                w in self._words or any(is_party_word(v, w) for v in self._words if v[:3] == w[:3])
                for w in key
            )
        )

    def canonical(self, word: str) -> str:
        """The shortest proper word of the article naming the same party: 'Marenland' for
        'Marenlanders', when the article names the country itself."""
        folded = fold(word)
        names = {_POSSESSIVE.sub("", m.group()) for m in _PROPER_WORD.finditer(self.text)}
        same = [n for n in names if is_party_word(fold(n), folded) or is_party_word(folded, n)]
        return min(same, key=lambda n: (len(n), n)) if same else word

    @cached_property
    def armed_group(self) -> str | None:
        """The one armed group the article names ("Northern Highlands Front"), if only one."""
        names = {m.group() for m in _ARMED_GROUP.finditer(self.text)}
        return names.pop() if len(names) == 1 else None

    def is_outlet(self, name: str) -> bool:
        return self.publisher is not None and fold(name) == fold(self.publisher)


def cued_party(sentence: str, start: int, end: int, article: ArticleParties) -> str | bool | None:
    """The party the words around ``sentence[start:end]`` name ("23 Tavrosan soldiers" ->
    "Tavrosa" when the article names Tavrosa), True for the source's own side ("two of its
    soldiers"), None when they say nothing."""
    after, before = sentence[end:], sentence[:start]
    if _GROUP_OWN_BEFORE.search(before) and article.armed_group:
        # "the rebel group put its own losses at three": "its" is the group's, not the source's.
        return article.armed_group
    if _OWN_AFTER.match(after) or _OWN_BEFORE.search(before):
        return True
    named = _NAME_AFTER.match(after)
    if named and named.group("name").lower() not in _NOT_PARTIES:
        return article.canonical(named.group("name"))
    if _FIGHTERS_AFTER.match(after):
        return article.armed_group
    return None


def _is_name(party: str, article: ArticleParties) -> bool:
    # Seen: the outlet, and a dateline ("NDARA, Kethia (Meridian Wire)") copied as the party.
    return (
        not article.is_outlet(party)
        and len(party.split()) <= MAX_PARTY_WORDS
        and not _NOT_A_NAME.search(party)
    )


def own_side(source: Source) -> str | None:
    # An armed group speaks for itself; a ministry's side is its country.
    return source.side or (source.name if source.type == "armed_group" else None)


def as_armed_group(source: Source, article: ArticleParties) -> Source:
    """'the group', 'the rebels' as a source: the one armed group the article names."""
    if article.armed_group and _GENERIC_GROUP.match(source.name):
        return Source(name=article.armed_group, type="armed_group", side=None)
    return source


def figure_party(
    cue: str | bool | None,
    model_party: str | None,
    source: Source,
    article: ArticleParties,
    country: str | None,
) -> str | None:
    """Cue in the sentence, then the model's party if it is a party of the article, then the
    incident's `country` (for people the sentence does not qualify), then the source's side."""
    if isinstance(cue, str):
        return cue
    if cue and (side := own_side(source)):
        return side
    if (
        model_party
        and _is_name(model_party, article)
        and article.mentions(model_party)
        and article.is_party(model_party)
    ):
        return model_party
    if country and article.mentions(country):
        return country
    return own_side(source)
