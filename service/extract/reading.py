"""The article as the shared prompt prefix of every question about it (prompt set v2).

Every call about one part of the article renders the same prefix values (outlet, headline, the
part's text), so the server evaluates that part once and each question is a short suffix. Parts
end at paragraph boundaries and are sized so prefix, question and answer fit one slot's context:
a long article is read to its end, never cut; a short one is one part.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.extract.layout import Layout
from service.extract.run import untrusted
from service.text.segment import paragraphs

# Context taken by the instructions, a question and its answer; about 3.5 characters per token.
PROMPT_RESERVE_TOKENS = 2_300
CHARS_PER_TOKEN = 3.5
MAX_PART_CHARS = 9_000


def part_chars(n_ctx: int) -> int:
    return max(1_000, min(MAX_PART_CHARS, int((n_ctx - PROMPT_RESERVE_TOKENS) * CHARS_PER_TOKEN)))


def _pieces(layout: Layout, limit: int) -> list[tuple[int, int]]:
    """Paragraphs, with any paragraph over `limit` cut into sentence runs (or hard cuts)."""
    sentences = layout.sentences
    pieces: list[tuple[int, int]] = []
    for start, end in paragraphs(layout.text[layout.body_start :]):
        start, end = start + layout.body_start, end + layout.body_start
        if end - start <= limit:
            pieces.append((start, end))
            continue
        inside = [(s.start, s.end) for s in sentences if start <= s.start < end]
        for s_start, s_end in inside or [(start, end)]:
            pieces.extend((a, min(a + limit, s_end)) for a in range(s_start, s_end, limit))
    return pieces


def chunk_body(layout: Layout, limit: int) -> list[tuple[int, int]]:
    """Spans of the body, each at most `limit` characters, covering every paragraph."""
    chunks: list[tuple[int, int]] = []
    for start, end in _pieces(layout, limit):
        if chunks and end - chunks[-1][0] <= limit:
            chunks[-1] = (chunks[-1][0], end)
        else:
            chunks.append((start, end))
    return chunks


@dataclass(frozen=True)
class Reading:
    layout: Layout
    parts: list[tuple[int, int]]  # spans of the body

    @classmethod
    def of(cls, layout: Layout, n_ctx: int) -> Reading:
        return cls(layout, chunk_body(layout, part_chars(n_ctx)))

    def part_of(self, offset: int) -> int:
        """Index of the part holding this offset of the article (the last part if past it)."""
        return next(
            (n for n, (_, end) in enumerate(self.parts) if offset < end), len(self.parts) - 1
        )

    def prefix(self, part: int) -> dict[str, Any]:
        """Template values of the shared prefix (prompts/article) for one part."""
        start, end = self.parts[part]
        total = len(self.parts)
        return {
            "publisher": untrusted(self.layout.publisher or "unknown"),
            "title": untrusted(self.layout.title or "unknown"),
            "part": f" (part {part + 1} of {total})" if total > 1 else "",
            "text": untrusted(self.layout.text[start:end]),
        }
