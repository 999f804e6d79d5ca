"""Evidence as character spans of the article, recomputed here and never trusted from the output."""

from __future__ import annotations

from collections.abc import Iterable

from schemas.result import Claim

Span = tuple[int, int]


def occurrences(text: str, quote: str) -> list[Span]:
    """Every place `quote` occurs (a quote repeated in the article may be meant at either)."""
    spans = []
    start = text.find(quote)
    while start != -1 and quote:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


def gold_spans(text: str, quotes: Iterable[str]) -> list[Span]:
    return [span for quote in quotes for span in occurrences(text, quote)]


def located(claim: Claim, text: str) -> list[Span]:
    """Spans of a predicted claim's evidence that really index the text."""
    return [(ev.start, ev.end) for ev in claim.evidence if text[ev.start : ev.end] == ev.text]


def _covered(spans: Iterable[Span]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def dice(a: Iterable[Span], b: Iterable[Span]) -> float:
    """Character overlap of two span sets: 1 identical, 0 disjoint."""
    ca, cb = _covered(a), _covered(b)
    if not ca or not cb:
        return 0.0
    return 2 * len(ca & cb) / (len(ca) + len(cb))


def overlaps(span: Span, others: Iterable[Span]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in others)
