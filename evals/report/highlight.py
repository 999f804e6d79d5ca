"""The article with evidence spans marked; overlapping spans split into non-nested segments."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str  # class name, e.g. 'gold-hit'
    title: str  # tooltip: who said it, what status


def highlight(text: str, marks: Sequence[Mark]) -> str:
    """Escaped `text` with each character wrapped in the classes of every mark covering it."""
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    out = []
    for start, end in itertools.pairwise(cuts):
        covering = [m for m in valid if m.start <= start and end <= m.end]
        piece = escape(text[start:end])
        if not covering:
            out.append(piece)
            continue
        classes = " ".join(sorted({m.css for m in covering}))
        title = escape(" | ".join(dict.fromkeys(m.title for m in covering)))
        out.append(f'<span class="{classes}" title="{title}">{piece}</span>')
    return "".join(out)
