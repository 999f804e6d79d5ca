"""The article with evidence spans marked; overlapping spans split into non-nested segments."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str  # class name, e.g. 'gold-hit'
    title: str  # tooltip: who said it, what status
    # data-* attributes; a segment under several marks gets each key's values joined by spaces
    data: dict[str, str] = field(default_factory=dict)


def _data_attrs(covering: Sequence[Mark]) -> str:
    merged: dict[str, list[str]] = {}
    for mark in covering:
        for key, value in mark.data.items():
            merged.setdefault(key, [])
            if value not in merged[key]:
                merged[key].append(value)
    return "".join(f' data-{key}="{escape(" ".join(v))}"' for key, v in merged.items())


def highlight(text: str, marks: Sequence[Mark], *, tag: str = "span") -> str:
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
        attrs = _data_attrs(covering)
        out.append(f'<{tag} class="{classes}" title="{title}"{attrs}>{piece}</{tag}>')
    return "".join(out)
