"""Incident countries from the article's entities: a country is a place the article names.

Measured on real news, the model's free text gave "Americans" (a party), "Taliban" (an armed
group) and "Central" (from the Central African Republic) as countries. A country is kept only
when the article names it as a place: a GPE/LOC entity with exactly that text, a nationality
the vocabulary maps to such a place, or a proper name the tagger left unlabelled (invented
countries), never part of a longer name or an entity of another kind.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span

from service.nlp import Document
from service.reconcile.names import country_of, fold
from service.text.dates import find_event_day

_PLACES = frozenset({"GPE", "LOC"})


def _name(entity: Span) -> str:
    return entity[1:].text if entity[0].lower_ == "the" and len(entity) > 1 else entity.text


def _occurrences(document: Document, words: list[str]) -> list[Span]:
    doc = document.doc
    n = len(words)
    return [
        doc[i : i + n]
        for i in range(len(doc) - n + 1)
        if [fold(t.text) for t in doc[i : i + n]] == words
    ]


def named_place(name: str | None, document: Document) -> str | None:
    """`name` as the article names it when it names a place (see module doc), else None."""
    if not name:
        return None
    key = fold(country_of(name, document.vocabulary) or name)
    for entity in document.entities(_PLACES):
        if fold(_name(entity)) == key:
            return _name(entity)
    for span in _occurrences(document, key.split()):
        if all(not t.ent_type_ and t.pos_ == "PROPN" for t in span):
            return span.text
    return None


def first_place(document: Document, start: int = 0, end: int | None = None) -> str | None:
    """The first GPE/LOC entity in ``start:end`` of the article."""
    stop = len(document.text) if end is None else end
    return next(
        (_name(e) for e in document.entities(_PLACES) if start <= e.start_char < stop), None
    )


def date_near(document: Document, place: str | None, published: date | None) -> str | None:
    """The first event day (not the day of a statement) in a sentence naming `place`: the
    model often names where an event happened but leaves its day ("on Sunday") out."""
    if not place:
        return None
    key = fold(place)
    found = find_event_day(document, published, where=lambda e: key in fold(e.sent.text))
    return found[1] if found else None
