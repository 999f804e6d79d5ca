"""Paragraphs, sentences and quote units, as offsets into the original text.

A *quote unit* is a quoted passage plus its attribution: in
``"One killed. Two captured," the ministry said.`` both sentences belong to one unit, so the
first sentence can be attributed to the ministry. A quote may run over several paragraphs
(each continuation paragraph reopens it with a quote mark, as print style has it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that end with a period without ending the sentence.
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "cmdr", "adm",
    "gov", "sen", "rep", "rev", "st", "jr", "sr", "no", "nos", "vs", "etc", "inc", "ltd", "co",
    "corp", "dept", "univ", "approx", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "pres", "amb", "a.m", "p.m",
))  # fmt: skip
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?]+[\"'”’)\]]*$")
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$|^[A-Z]$")
_TERMINAL = re.compile(r"[.!?:;\"'”’)]\s*$")

_OPENERS = "“„«"
_CLOSERS = "”»"
_STRAIGHT = '"'
# A quote left open longer than this is treated as a stray quote mark, not a passage.
MAX_UNIT_SENTENCES = 8


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    unit: int  # sentences sharing `unit` form one quoted passage with its attribution

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty paragraphs as (start, end) spans.

    A line break ends a paragraph unless the text was hard-wrapped mid-sentence: a line without
    closing punctuation followed by one starting in lower case continues the paragraph.
    """
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = _strip_span(text, pos, pos + len(line))
        pos += len(line)
        if start < end:
            lines.append((start, end))
    result: list[tuple[int, int]] = []
    previous_end = -1
    for start, end in lines:
        joined = (
            result
            and text[start].islower()
            and not _TERMINAL.search(text[result[-1][0] : result[-1][1]])
            and "\n\n" not in text[previous_end:start].replace("\r", "")
        )
        if joined:
            result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
        previous_end = end
    return result


def _is_boundary(text: str, match: re.Match[str], end: int) -> bool:
    following = text[match.end() : match.end() + 2]
    if match.end() >= end or not following:
        return False
    first = following[0]
    if first in "\"'“‘([" and len(following) > 1:
        first = following[1]
    if not (first.isupper() or first.isdigit()):
        return False
    if match.group().startswith(("!", "?")):
        return True
    word = _WORD_BEFORE.search(text[max(0, match.start() - 20) : match.end()].rstrip())
    if word is None:
        return True
    token = word.group(1)
    return not (token.lower().rstrip(".") in _ABBREVIATIONS or _INITIALISM.match(token))


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if _is_boundary(text, match, end):
            spans.append(_strip_span(text, cursor, match.end()))
            cursor = match.end()
    spans.append(_strip_span(text, cursor, end))
    return [s for s in spans if s[0] < s[1]]


def _quote_state(piece: str, open_: bool, same_paragraph: bool) -> tuple[bool, bool]:
    """Quote state (at start, at end) of `piece`, given the state before it.

    A quote still open at a paragraph break continues only if the new paragraph reopens it
    with a quote mark (print style); otherwise the earlier mark was a stray one.
    """
    stripped = piece.lstrip()
    if open_ and not same_paragraph:
        if stripped[:1] in _OPENERS + _STRAIGHT:
            stripped = stripped[1:]
        else:
            open_ = False
    at_start = open_
    for ch in stripped:
        if ch in _OPENERS:
            open_ = True
        elif ch in _CLOSERS:
            open_ = False
        elif ch == _STRAIGHT:
            open_ = not open_
    return at_start, open_


def segment(text: str) -> list[Sentence]:
    """Sentences in order, each tagged with its paragraph and quote unit."""
    raw: list[tuple[int, int, int]] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs(text)):
        raw.extend((s, e, p_index) for s, e in _split_paragraph(text, p_start, p_end))
    open_at_start: list[bool] = []
    open_at_end: list[bool] = []
    state = False
    for i, (s, e, p) in enumerate(raw):
        same_paragraph = i > 0 and raw[i - 1][2] == p
        at_start, state = _quote_state(text[s:e], state, same_paragraph)
        open_at_start.append(at_start)
        open_at_end.append(state)
    units = list(range(len(raw)))
    i = 0
    while i < len(raw):
        j = i
        while j + 1 < len(raw) and open_at_start[j + 1] and j - i + 1 < MAX_UNIT_SENTENCES:
            j += 1
        if j > i and not open_at_end[j]:
            units[i : j + 1] = [i] * (j - i + 1)
            i = j + 1
        else:
            i += 1
    return [Sentence(s, e, p, u) for (s, e, p), u in zip(raw, units, strict=True)]
