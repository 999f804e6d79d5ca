"""Whose people or equipment a figure counts, read from the words next to the number.

Measured on the fixtures, the 1.5B model's party was often the outlet ("Harbour Ledger"), a
label ("rebel group") or a country the article never names, while the sentence usually says it:
"23 Tavrosan soldiers" names the party, "two of its soldiers" is the source's own side. Code
reads those cues first; the model's party is kept only when it names something the article
mentions, and the incident's country stands in for unmarked people ("12 people were killed").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Token

from schemas.result import Source
from service.extract.layout import dateline_country
from service.nlp import Document
from service.nlp.analyzer import NOT_COUNTS
from service.nlp.grammar import counted_noun, governor, number_token
from service.reconcile.names import country_of, fold, is_party_word, party_key, same_party

_PARTY_ENTITIES = frozenset({"NORP", "GPE", "ORG"})
# The tagger's guesses on invented names vary ("Tavrosan" as PERSON); dates and counts are sure.
_NOT_NAMES = NOT_COUNTS | {"CARDINAL"}
_NAMES = frozenset({"NORP", "GPE", "ORG", "PERSON", "LOC", "FAC"})
MAX_PARTY_WORDS = 6


@dataclass(frozen=True)
class ArticleParties:
    """What one article mentions, to tell a name from a guess, and the parties seen in it."""

    document: Document
    publisher: str | None
    # Sides of the sources and countries of the incidents, added as the pipeline learns them.
    sides: set[str] = field(default_factory=set, compare=False)

    @property
    def text(self) -> str:
        return self.document.text

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

    @cached_property
    def _proper(self) -> frozenset[str]:
        """Proper words of the article: names and the words of named entities."""
        doc = self.document.doc
        return frozenset(t.text for t in doc if t.pos_ == "PROPN" or t.ent_type_ in _NAMES)

    def mentions(self, name: str) -> bool:
        """True when `name` is a proper name whose every word occurs in the article (as a
        party word or plainly): 'Azerbaijan' for 'Azerbaijani troops', not 'rebel group'."""
        key = party_key(name).split()
        return (
            bool(key)
            and any(w[:1].isupper() for w in name.split())
            and all(
                w in self._words or any(is_party_word(v, w) for v in self._words if v[:3] == w[:3])
                for w in key
            )
        )

    def canonical(self, word: str) -> str:
        """The shortest proper word of the article naming the same party: 'Marenland' for
        'Marenlanders', when the article names the country itself."""
        folded = fold(word)
        if country := country_of(folded, self.document.vocabulary):
            return country
        same = [
            n for n in self._proper if is_party_word(fold(n), folded) or is_party_word(folded, n)
        ]
        return min(same, key=lambda n: (len(n), n)) if same else word

    @cached_property
    def armed_group(self) -> str | None:
        """The one armed group the article names ("Northern Highlands Front"), if only one."""
        heads = self.document.vocabulary.armed_group_heads
        names = set()
        for token in self.document.doc:
            if token.pos_ == "PROPN" and token.lower_ in heads and token.i > token.left_edge.i:
                name = self.document.doc[token.left_edge.i : token.i + 1]
                names.add(name[1:].text if name[0].lower_ == "the" else name.text)
        return names.pop() if len(names) == 1 else None

    def is_outlet(self, name: str) -> bool:
        return self.publisher is not None and fold(name) == fold(self.publisher)


def _possessive(noun: Token) -> Token | None:
    """'its' in 'two of its soldiers', or in 'put its own losses at three'."""
    owners = [c for c in noun.children if c.dep_ == "poss"]
    verb = governor(noun)
    if not owners and verb is not None:
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.i != noun.i]
        owners = [c for o in objects for c in o.children if c.dep_ == "poss"]
    return owners[0] if owners else None


def _names_a_party(token: Token) -> bool:
    """A nationality or organisation entity, or a capitalised name the tagger left unlabelled
    ("Tavrosan" in an invented country's story); a sentence's first word proves nothing."""
    if token.ent_type_ in _PARTY_ENTITIES:
        return True
    return (
        token.ent_type_ not in _NOT_NAMES
        and token.is_title
        and token.pos_ in ("PROPN", "ADJ", "NOUN")
        and token.i != token.sent.start
    )


def cued_party(
    document: Document, start: int, end: int, article: ArticleParties
) -> str | bool | None:
    """The party the parse names for the number at ``start:end`` ("23 Tavrosan soldiers" ->
    "Tavrosa" when the article names Tavrosa), True for the source's own side ("two of its
    soldiers"), None when it says nothing."""
    number = number_token(document, start, end)
    if number is None:
        return None
    vocabulary = document.vocabulary
    noun = counted_noun(number)
    owner = _possessive(noun)
    if owner is not None and owner.lower_ in vocabulary.own_side_possessives:
        verb = governor(noun)
        subjects = [c for c in verb.children if c.dep_ == "nsubj"] if verb is not None else []
        if article.armed_group and any(
            {s.lemma_.lower(), *(c.lemma_.lower() for c in s.children)}
            & (vocabulary.armed_group_members | {"group"})
            for s in subjects
        ):
            return article.armed_group  # "the rebel group put its own losses at three"
        return True
    modifiers = [noun, *(c for c in noun.children if c.dep_ in ("amod", "compound", "poss"))]
    for token in modifiers:
        if token.i != number.i and _names_a_party(token):
            entity = document.entity_of(token)
            return article.canonical(entity.text if entity is not None else token.text)
    if any(t.lemma_.lower() in vocabulary.armed_group_members for t in modifiers):
        return article.armed_group
    return None


def side_named(article: ArticleParties, ranges: Iterable[tuple[int, int]]) -> str | None:
    """The party the first of `ranges` to name one names: "Kestria" for "Kestrian Defence
    Ministry", "United States" for "Two U.S. defense officials"."""
    document = article.document
    for start, end in ranges:
        for token in document.span(start, end):
            if token.ent_type_ in ("GPE", "NORP"):
                entity = document.entity_of(token)
                return article.canonical(entity.text if entity is not None else token.text)
            # An adjective of a country the article names ("Dolmari"), whatever the tagger
            # made of it ("Kestrian" opening a sentence is tagged PERSON).
            if (
                token.is_title
                and token.ent_type_ not in _NOT_NAMES
                and (party := article.canonical(token.text)) != token.text
            ):
                return party
    return None


def _is_name(party: str, article: ArticleParties) -> bool:
    # Seen: the outlet, and a dateline ("NDARA, Kethia (Meridian Wire)") copied as the party.
    return (
        not article.is_outlet(party)
        and len(party.split()) <= MAX_PARTY_WORDS
        and not any(c.isdigit() or c in "(),:;" for c in party)
    )


def own_side(source: Source) -> str | None:
    # An armed group speaks for itself; a ministry's side is its country.
    return source.side or (source.name if source.type == "armed_group" else None)


def as_armed_group(source: Source, article: ArticleParties) -> Source:
    """'the group', 'the rebels' as a source: the one armed group the article names."""
    words = set(fold(source.name).split()) - {"the", "armed"}
    members = article.document.vocabulary.armed_group_members
    if (
        article.armed_group
        and words
        and all(w.removesuffix("s") in members | {"group"} for w in words)
    ):
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
