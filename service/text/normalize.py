"""Normalisation for matching only, with a map back to the original text.

Scraped news text mixes look-alike letters ("Defenсe" with a Cyrillic "с"), typographic quotes
and dashes, odd spaces and decomposed accents. Matching code works on the normalised form;
every position found there is mapped back through `Normalized.to_original`, so spans always
index the text as received and are never rewritten.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Cyrillic and Greek letters that render like Latin ones; replaced only inside words that also
# hold Latin letters, so genuine Russian or Greek words stay as they are.
_LOOKALIKES = {
    # Cyrillic
    "а": "a", "е": "e", "к": "k", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s",
    "і": "i", "ј": "j", "ԁ": "d", "ӏ": "l", "ԛ": "q",
    "ԝ": "w", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J",
    # Greek
    "α": "a", "ο": "o", "ν": "v", "ι": "i", "κ": "k", "ρ": "p", "τ": "t", "υ": "u", "Α": "A",
    "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip

_PUNCT = {
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "…": "...",
}  # fmt: skip


@dataclass(frozen=True)
class Normalized:
    """Normalised text; character ``i`` came from ``original[starts[i]:ends[i]]``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty span of the normalised text to the original text."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span {start}-{end} outside normalised text of {len(self.text)}")
        return self.starts[start], self.ends[end - 1]


def _is_latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _fold_lookalikes(text: str) -> str:
    """Replace look-alikes inside mixed-script words (same length in, same length out)."""
    out = list(text)
    i = 0
    while i < len(text):
        if not text[i].isalpha():
            i += 1
            continue
        j = i
        while j < len(text) and text[j].isalpha():
            j += 1
        word = text[i:j]
        if any(_is_latin_letter(c) for c in word) and any(c in _LOOKALIKES for c in word):
            for k in range(i, j):
                out[k] = _LOOKALIKES.get(text[k], text[k])
        i = j
    return "".join(out)


def _clusters(text: str) -> list[tuple[int, int]]:
    """Base character plus its combining marks: the unit NFC may compose."""
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if spans and unicodedata.combining(ch):
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return spans


def normalize(text: str, *, lower: bool = False) -> Normalized:
    """NFC, look-alikes to Latin, ASCII quotes/dashes, whitespace folded; optional lowercasing."""
    folded = _fold_lookalikes(text)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end in _clusters(folded):
        piece = unicodedata.normalize("NFC", folded[start:end])
        if len(piece) == 1:
            piece = _PUNCT.get(piece, piece)
            if piece.isspace():
                if chars and chars[-1] == " ":
                    ends[-1] = end
                    continue
                piece = " "
            elif lower and len(low := piece.lower()) == 1:
                piece = low
        for ch in piece:
            chars.append(ch)
            starts.append(start)
            ends.append(end)
    return Normalized("".join(chars), tuple(starts), tuple(ends))
