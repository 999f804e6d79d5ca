"""One name per party across articles: 'Armenia', 'Armenian side' and 'armenia' are one party."""

from __future__ import annotations

from collections.abc import Iterable

from service.reconcile.names import fold, is_party_word, repair, same_party


class PartyIndex:
    """Groups party names that `same_party` equates; shows each group by its shortest name.

    The shortest spelling is usually the country ('Armenia' rather than 'Armenian side'), which
    keeps the briefing's naming symmetric whatever words each extraction chose.
    """

    def __init__(self, names: Iterable[str | None]) -> None:
        self._groups: list[list[str]] = []
        for raw in names:
            if raw is None or not raw.strip():
                continue
            name = repair(raw).strip()
            group = next((g for g in self._groups if same_party(g[0], name)), None)
            if group is None:
                self._groups.append([name])
            elif name not in group:
                group.append(name)
        self._display = {
            fold(n): min(g, key=lambda x: (len(x), x)) for g in self._groups for n in g
        }

    def canonical(self, name: str | None) -> str | None:
        """The display name of `name`'s party; unknown names are returned repaired."""
        if name is None or not name.strip():
            return None
        repaired = repair(name).strip()
        known = self._display.get(fold(repaired))
        if known is not None:
            return known
        return next((g[0] for g in self.parties if same_party(g[0], repaired)), repaired)

    @property
    def parties(self) -> list[list[str]]:
        """Groups of spellings, display name first."""
        return [sorted(g, key=lambda x: (len(x), x)) for g in self._groups]

    def named_in(self, words: Iterable[str]) -> str | None:
        """The party that one of the folded `words` names, if exactly one does."""
        found = {group[0] for group in self.parties for w in words if is_party_word(w, group[0])}
        return found.pop() if len(found) == 1 else None
