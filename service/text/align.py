"""Locate a quote in an article: exact, then normalised, then fuzzy.

Models copy quotes nearly verbatim but drift on punctuation, quote marks and look-alike letters.
Whatever stage finds the quote, the span returned indexes the original text, so
``text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from service.text.normalize import normalize

Method = Literal["exact", "normalized", "fuzzy"]
FUZZY_THRESHOLD = 90.0
# Fuzzy matches of very short quotes are noise ("he said" matches anywhere).
MIN_FUZZY_CHARS = 12


@dataclass(frozen=True)
class Located:
    start: int
    end: int
    text: str
    method: Method
    score: float


def locate(
    quote: str,
    text: str,
    *,
    normalized: bool = True,
    fuzzy: bool = True,
    threshold: float = FUZZY_THRESHOLD,
) -> Located | None:
    """Where `quote` stands in `text`, or None when no stage finds it well enough."""
    quote = quote.strip()
    if not quote:
        return None
    at = text.find(quote)
    if at >= 0:
        return Located(at, at + len(quote), quote, "exact", 100.0)
    if not normalized:
        return None
    norm_text = normalize(text, lower=True)
    norm_quote = normalize(quote, lower=True).text.strip()
    if not norm_quote:
        return None
    at = norm_text.text.find(norm_quote)
    method: Method = "normalized"
    score = 100.0
    if at >= 0:
        span = (at, at + len(norm_quote))
    elif fuzzy and len(norm_quote) >= MIN_FUZZY_CHARS:
        found = fuzz.partial_ratio_alignment(norm_quote, norm_text.text, score_cutoff=threshold)
        if found is None or found.dest_end <= found.dest_start:
            return None
        span, method, score = (found.dest_start, found.dest_end), "fuzzy", found.score
    else:
        return None
    start, end = norm_text.to_original(*span)
    if method == "fuzzy":
        # Partial alignment stops mid-word; evidence reads better as whole words.
        while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
            end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Located(start, end, text[start:end], method, score)
