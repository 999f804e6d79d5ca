"""Who says it: one consistent name, type and side per source across an article.

Sentence-by-sentence labelling sees "the ministry" and "the diplomat"; the model resolves most
of these from the earlier sentence it is shown, and code catches the rest: a generic
"the <noun>" becomes the most recent known source whose name holds that noun, and a shorter or
longer form of a known name ("Oskar", "Colonel Daven Oskar") the known source. A source seen
again keeps the type it was first given (and the first side that was not null), so one ministry
is never both "government" and "military" in one result.
"""

from __future__ import annotations

from schemas.result import Source
from schemas.vocab import SourceType
from service.reconcile.names import fold

OUTLET_FALLBACK = "the outlet"
_OUTLET_WORDS = {
    "outlet", "the outlet", "article", "the article", "the report", "report", "publisher",
    "the publisher", "media", "the author", "author", "unknown", "none", "n a", "reporter",
}  # fmt: skip
_DETERMINERS = frozenset({"the", "a", "an", "this", "that"})


def _key(name: str) -> str:
    return fold(name)


def same_speaker(a: str, b: str) -> bool:
    """One name's words all within the other's: 'the ministry' and 'Azerbaijani Defence
    Ministry', 'Oskar' and 'Colonel Daven Oskar'."""
    wa, wb = set(_key(a).split()) - _DETERMINERS, set(_key(b).split()) - _DETERMINERS
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


class KnownSources:
    def __init__(self, publisher: str | None) -> None:
        self.publisher = publisher
        self._seen: dict[str, Source] = {}  # by folded name, least recently used first
        self._fullest: dict[str, str] = {}  # a known source's key -> its longest name seen

    def _resolve_known(self, name: str) -> Source | None:
        """A known source this name refers to, the latest first: 'the ministry' -> the latest
        source whose name holds 'ministry'; 'Oskar' or 'Colonel Daven Oskar' -> 'Daven Oskar'
        (one name's words within the other's, ending alike)."""
        words = name.split()
        generic = len(words) > 1 and words[0].lower() in _DETERMINERS and name[-1:].islower()
        last = _key(name).split()[-1:]
        for source in reversed(self._seen.values()):
            if source.type == "media" or not same_speaker(name, source.name):
                continue
            if generic or _key(source.name).split()[-1:] == last:
                return source
        return None

    def resolve(self, name: str, type_: SourceType, side: str | None) -> Source:
        key = _key(name)
        if key in _OUTLET_WORDS or (self.publisher and key == _key(self.publisher)):
            source = Source(name=self.publisher or OUTLET_FALLBACK, type="media", side=None)
        else:
            source = (
                self._seen.get(key)
                or self._resolve_known(name)
                or Source(name=name.strip(), type=type_, side=side)
            )
        key = _key(source.name)
        known = self._seen.pop(key, source)  # keeps the first type; moves it to most recent
        if known.side is None and side is not None and known.type != "media":
            known = known.model_copy(update={"side": side})
        self._seen[key] = known
        name = name.strip()
        longest = self._fullest.get(key, known.name)
        if known.type != "media" and name[:1].isupper() and len(name) > len(longest):
            self._fullest[key] = name
        return known

    def final(self, source: Source) -> Source:
        """A source as the whole article knows it: the longest name it was given ("Colonel
        Daven Oskar" for "Daven Oskar") and the side learnt after it was first seen."""
        key = _key(source.name)
        known = self._seen.get(key, source)
        return known.model_copy(update={"name": self._fullest.get(key, known.name)})
