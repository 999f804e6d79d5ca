"""Word lists kept in the repository: the loaded-language lexicon and known state media.

`lexicon.yaml`: value-laden labels, intensifiers, hedged-doubt words and side verbs (see its
header).
`state_media.yaml`: outlets run by a state, for the briefing's caveats.
Both are matched on folded text (`service.reconcile.names.fold`), whole words only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from service.errors import ConfigError
from service.reconcile.names import fold
from service.reconcile.tables import load_table

_HERE = Path(__file__).resolve().parent
CATEGORIES = ("value_laden", "intensifiers", "hedged_doubt", "side_verbs")


@dataclass(frozen=True)
class Hit:
    term: str
    category: str
    start: int  # word index in the folded text
    end: int


@dataclass(frozen=True)
class StateOutlet:
    name: str
    country: str
    description: str


def _phrase_pattern(term: str) -> re.Pattern[str]:
    words = fold(term).split()
    return re.compile(r"\b" + r"\s+".join(map(re.escape, words)) + r"(?:s|es)?\b")


@cache
def _lexicon() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    data = load_table(_HERE / "lexicon.yaml")
    missing = [c for c in CATEGORIES if not isinstance(data.get(c), list)]
    if missing:
        raise ConfigError(f"lexicon.yaml: missing categories {missing}")
    return tuple((str(t), c, _phrase_pattern(str(t))) for c in CATEGORIES for t in data[c])


def find_terms(text: str, categories: tuple[str, ...] = CATEGORIES) -> list[Hit]:
    """Lexicon terms in `text`, positions counted in folded words."""
    folded = fold(text)
    hits = []
    for term, category, pattern in _lexicon():
        if category not in categories:
            continue
        for match in pattern.finditer(folded):
            start = len(folded[: match.start()].split())
            hits.append(Hit(term, category, start, start + len(match.group().split())))
    return sorted(hits, key=lambda h: h.start)


def state_outlet(publisher: str | None) -> StateOutlet | None:
    """The state outlet `publisher` names, if it is on the list."""
    if not publisher:
        return None
    folded = f" {fold(publisher)} "
    for entry in _state_media():
        if f" {fold(entry['name'])} " in folded:
            return StateOutlet(entry["name"], entry["country"], entry["description"])
    return None


@cache
def _state_media() -> list[dict[str, str]]:
    entries = load_table(_HERE / "state_media.yaml").get("state_media")
    if not isinstance(entries, list):
        raise ConfigError("state_media.yaml: expected a 'state_media' list")
    return entries
