"""How an article is laid out: header lines, the body's sentences, and what the header tells.

Scraped pages start with lines that are not the story: a headline, a dateline, sometimes an
unrelated headline from a sidebar ("BREAKING: Oil Pipeline in Southern Iran..." above a story on
the Armenia-Azerbaijan border). Header lines never yield claims. When the caller gave no title,
the header line that shares most words with the body is taken as the title and the others are
reported as unrelated; a dateline supplies the publication time and "MOSCOW (Sputnik) -" the
outlet when the caller did not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from schemas.article import ArticleIn
from service.nlp import Document, analyzer_for
from service.text.dates import find_dateline
from service.text.normalize import normalize
from service.text.segment import Sentence, paragraphs, segment

MAX_HEADER_LINES = 4
MAX_HEADER_CHARS = 200
TITLE_MIN_OVERLAP = 0.3
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")
_WIRE_TAG = re.compile(r"^[A-Z][\w .,'’-]{1,60}?\s*\(([^()]{2,40})\)\s*[-–—]")
_WORD = re.compile(r"[a-z]{4,}")
# "BELLAMY, Sorell (Harbour Ledger) - ": a wire dateline before the first sentence.
WIRE_DATELINE = re.compile(r"^[^\W\d_][\w .,'’-]{0,80}?\([^()]{2,40}\)\s*[-–—]\s*")
# "PORT ADRIS, Pellaria (Meridian Wire) -": the place line of a wire story, country after the comma.
_DATELINE_PLACE = re.compile(
    r"^[^\W\d_][\w .'’-]{0,60}?,\s*(?P<country>[^\W\d_][\w .'’-]{1,40}?)\s*\([^()]{2,40}\)\s*[-–—]"
)


@dataclass(frozen=True)
class Layout:
    text: str
    sentences: list[Sentence]  # body sentences only
    body_start: int
    title: str | None
    publisher: str | None
    published_at: str | None
    document: Document  # the whole text parsed once: sentences, lemmas, dependencies, entities
    warnings: list[str] = field(default_factory=list)


def _stems(text: str) -> set[str]:
    # Five-letter stems let "clash" meet "clashes" and "Defense" meet "Defence".
    return {w[:5] for w in _WORD.findall(normalize(text, lower=True).text)}


def overlap(line: str, reference: str) -> float:
    """Share of the line's content-word stems that also occur in `reference`."""
    words = _stems(line)
    return len(words & _stems(reference)) / len(words) if words else 0.0


def _header_count(text: str, spans: list[tuple[int, int]]) -> int:
    count = 0
    for start, end in spans[: min(MAX_HEADER_LINES, len(spans) - 1)]:
        line = text[start:end]
        if len(line) > MAX_HEADER_CHARS or _SENTENCE_END.search(line):
            break
        count += 1
    return count


def dateline_country(text: str) -> str | None:
    """The country of a wire dateline ("Pellaria" in "PORT ADRIS, Pellaria (Meridian Wire) -")
    at the start of one of the first paragraphs; None for "WASHINGTON -" or no dateline."""
    for start, end in paragraphs(text)[: MAX_HEADER_LINES + 1]:
        place = _DATELINE_PLACE.match(text[start:end])
        if place and not place.group("country").isupper():
            return place.group("country").strip()
    return None


def read_layout(article: ArticleIn) -> Layout:
    text = article.text
    spans = paragraphs(text)
    headers = spans[: _header_count(text, spans)]
    body_start = spans[len(headers)][0] if spans else 0
    body_head = text[body_start : body_start + 800]
    warnings: list[str] = []

    published_at = article.published_at
    lines = []
    for start, end in headers:
        line = text[start:end]
        if (stamp := find_dateline(line)) and len(_WORD.findall(line.lower())) < 3:
            published_at = published_at or stamp
        else:
            lines.append(line)

    title = article.title
    if title is None and lines:
        best = max(lines, key=lambda line: overlap(line, body_head))
        title = best if overlap(best, body_head) >= TITLE_MIN_OVERLAP else None
    for line in lines:
        if line != title and overlap(line, f"{title or ''} {body_head}") < TITLE_MIN_OVERLAP:
            warnings.append(f"ignored a header line unrelated to the story: {line[:80]!r}")

    publisher = article.publisher
    if publisher is None and (tag := _WIRE_TAG.match(body_head)):
        publisher = tag.group(1).strip()

    sentences = [s for s in segment(text) if s.start >= body_start]
    document = analyzer_for(article.language).parse(text)
    return Layout(text, sentences, body_start, title, publisher, published_at, document, warnings)
