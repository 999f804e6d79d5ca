"""Who says it: one consistent name, type and side per source across an article.

Sentence-by-sentence labelling sees "the ministry" and "the diplomat"; the model resolves most
of these from the earlier sentence it is shown, and code catches the rest: a generic
"the <noun>" becomes the most recent known source whose name holds that noun. A source seen
again keeps the type it was first given (and the first side that was not null), so one ministry
is never both "government" and "military" in one result.
"""

from __future__ import annotations

import re

from schemas.result import Source
from schemas.vocab import SourceType
from service.text.normalize import normalize

OUTLET_FALLBACK = "the outlet"
_OUTLET_WORDS = {
    "outlet", "the outlet", "article", "the article", "the report", "report", "publisher",
    "the publisher", "media", "the author", "author", "unknown", "none", "n/a", "reporter",
}  # fmt: skip
_GENERIC = re.compile(r"^(?:the|a|an|this|that)\s+([a-z][a-z\s-]{2,40})$")


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", normalize(name, lower=True).text).strip()


class KnownSources:
    def __init__(self, publisher: str | None) -> None:
        self.publisher = publisher
        self._seen: dict[str, Source] = {}  # by folded name, least recently used first

    def _resolve_generic(self, name: str) -> Source | None:
        match = _GENERIC.match(_key(name))
        if match is None:
            return None
        head = match.group(1).split()[-1]
        for source in reversed(self._seen.values()):
            if head in _key(source.name).split():
                return source
        return None

    def resolve(self, name: str, type_: SourceType, side: str | None) -> Source:
        key = _key(name)
        if key in _OUTLET_WORDS or (self.publisher and key == _key(self.publisher)):
            source = Source(name=self.publisher or OUTLET_FALLBACK, type="media", side=None)
        else:
            source = (
                self._seen.get(key)
                or self._resolve_generic(name)
                or Source(name=name.strip(), type=type_, side=side)
            )
        key = _key(source.name)
        known = self._seen.pop(key, source)  # keeps the first type; moves it to most recent
        if known.side is None and side is not None and known.type != "media":
            known = known.model_copy(update={"side": side})
        self._seen[key] = known
        return known
