"""The language seam: an `Analyzer` turns an article's text into a parsed `Document`.

Extraction reads sentences, tokens, lemmas, dependencies and entities from the document and
words from its `Vocabulary`; neither knows the language. A language is an analyzer module (a
parser and a vocabulary), registered in `ANALYZERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from service.errors import InputError
from service.nlp.vocabulary import Vocabulary

DEFAULT_LANGUAGE = "en"
# Entities that never hold a count of people or things.
NOT_COUNTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
PLACES = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class Document:
    """One parsed article; every offset indexes the text as received."""

    doc: Doc
    vocabulary: Vocabulary
    language: str = DEFAULT_LANGUAGE  # to parse more text of the same language (analyzer_for)

    @property
    def text(self) -> str:
        return self.doc.text

    def span(self, start: int, end: int) -> Span:
        """The tokens covering characters ``start:end`` (widened to whole tokens)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:  # only for an empty or whitespace-only range
            return self.doc[0:0]
        return span

    def entities(self, labels: frozenset[str], before: int | None = None) -> Iterator[Span]:
        for ent in self.doc.ents:
            if ent.label_ in labels and (before is None or ent.end_char <= before):
                yield ent

    def entity_of(self, token: Token) -> Span | None:
        return next((e for e in self.doc.ents if e.start <= token.i < e.end), None)


class Analyzer(Protocol):
    language: str
    vocabulary: Vocabulary

    def parse(self, text: str) -> Document: ...


def _english() -> Analyzer:
    from service.nlp.english import EnglishAnalyzer

    return EnglishAnalyzer()


ANALYZERS: dict[str, Callable[[], Analyzer]] = {"en": _english}


def analyzer_for(language: str | None) -> Analyzer:
    """The analyzer of a language code ('en', 'en-GB'); one per process (models load once)."""
    code = (language or DEFAULT_LANGUAGE).lower().replace("_", "-").split("-")[0]
    if code not in ANALYZERS:
        raise InputError(
            f"language {language!r} is not supported; supported: {', '.join(sorted(ANALYZERS))}"
        )
    return _analyzer(code)


@cache
def _analyzer(code: str) -> Analyzer:
    return ANALYZERS[code]()
