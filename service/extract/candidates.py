"""Candidate sentences: found in code, so the model only ever structures one sentence at a time.

A sentence is a candidate when it reports speech (a reporting verb), states counts, or quotes
someone (including every sentence of a quoted passage whose attribution comes later). Sentences
that read like instructions to a model are skipped: the article is untrusted data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from service.extract.checks import is_incident_count
from service.extract.layout import Layout
from service.nlp import Document
from service.text.numbers import NumberMention, find_numbers
from service.text.segment import Sentence

_QUOTE_MARKS = frozenset('"“”«»')
_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.]{0,40}\b(?:instructions?|prompts?|rules)\b"
    r"|\byou\s+are\s+(?:now\s+)?(?:an?|the)\s+(?:ai|assistant|language\s+model|chatbot)\b"
    r"|\bsystem\s+prompt\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    sentence: Sentence
    text: str
    previous: str | None  # the sentence before, to resolve "the ministry", "the diplomat"
    attributed_by: Sentence | None  # closing sentence of a quoted passage attributed later
    numbers: tuple[NumberMention, ...]  # offsets index the article text
    reports: bool  # has a reporting verb ("said", "according to")

    @property
    def start(self) -> int:
        return self.sentence.start

    @property
    def end(self) -> int:
        return self.sentence.end


@dataclass(frozen=True)
class Selection:
    candidates: list[Candidate]
    truncated: int
    warnings: list[str]


def numbers_in(text: str, start: int, end: int) -> tuple[NumberMention, ...]:
    """Counts stated in ``text[start:end]``, with offsets into `text`."""
    return tuple(
        replace(m, start=m.start + start, end=m.end + start) for m in find_numbers(text[start:end])
    )


def counts_in(document: Document, start: int, end: int) -> tuple[NumberMention, ...]:
    """The numbers of ``start:end`` that may count people or things of an incident."""
    return tuple(
        m for m in numbers_in(document.text, start, end)
        if is_incident_count(document, m.start, m.end)
    )  # fmt: skip


def reports_speech(document: Document, start: int, end: int) -> bool:
    words = document.vocabulary.reporting_verbs | document.vocabulary.attribution_words
    return any(t.lemma_.lower() in words for t in document.span(start, end))


def _priority(candidate: Candidate) -> int:
    return 2 * bool(candidate.numbers) + bool(candidate.attributed_by) + candidate.reports


def select_candidates(layout: Layout, limit: int) -> Selection:
    text = layout.text
    sentences = layout.sentences
    units: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        units.setdefault(sentence.unit, []).append(sentence)
    flagged = {s.unit for s in sentences if _INJECTION.search(s.text_of(text))}
    warnings = [
        f"skipped text that reads like instructions to a model (possible prompt injection) "
        f"at characters {units[u][0].start}-{units[u][-1].end}"
        for u in sorted(flagged)
    ]
    found: list[Candidate] = []
    previous: str | None = None
    for sentence in sentences:
        if sentence.unit in flagged:
            continue  # neither a candidate nor anybody's context
        before, previous = previous, sentence.text_of(text)
        body = sentence.text_of(text)
        unit = units[sentence.unit]
        numbers = counts_in(layout.document, sentence.start, sentence.end)
        quoted = len(unit) > 1 or bool(_QUOTE_MARKS & set(body))
        reports = reports_speech(layout.document, sentence.start, sentence.end)
        if not (numbers or quoted or reports):
            continue
        attributed_by = unit[-1] if unit[-1] is not sentence else None
        found.append(Candidate(sentence, body, before, attributed_by, numbers, reports))
    if len(found) <= limit:
        return Selection(found, 0, warnings)
    keep = sorted(sorted(found, key=_priority, reverse=True)[:limit], key=lambda c: c.start)
    warnings.append(f"{len(found) - limit} candidate sentences over the limit of {limit} skipped")
    return Selection(keep, len(found) - limit, warnings)
