"""Who a figure counts: one class per kind of people, and the nouns that count nothing.

'servicemen' and 'troops' count the same people (soldiers); materiel items stay as named.
"Residents of two villages" or "lasted two hours" carry a number that is not an incident figure:
their noun names a place or a span of time, so reconciliation leaves them out and says so.
"""

from __future__ import annotations

from service.reconcile.names import fold, repair

PEOPLE_GROUPS = {
    "soldiers": {"soldier", "soldiers", "servicemen", "serviceman", "troops", "troop",
                 "personnel", "military", "army", "service members", "servicemembers"},
    "civilians": {"civilian", "civilians", "residents", "villagers", "non combatants"},
    "fighters": {"fighter", "fighters", "militants", "militant", "combatants", "rebels"},
    "police": {"police", "policemen", "police officers", "officers"},
    "people": {"people", "persons", "person", ""},
}  # fmt: skip
ARMED = frozenset({"soldiers", "fighters", "police"})
NAMED_GROUPS = {"materiel", "other"}
_NOT_COUNTS = frozenset(
    {
        "village", "villages", "town", "towns", "city", "cities", "district", "districts",
        "region", "regions", "province", "provinces", "country", "countries", "hour", "hours",
        "day", "days", "week", "weeks", "month", "months", "year", "years", "minute", "minutes",
        "kilometer", "kilometers", "km", "mile", "miles", "meter", "meters", "percent", "times",
        "round", "rounds", "side", "sides",
    }
)  # fmt: skip


def group_class(category: str, group: str | None) -> str | None:
    """'servicemen' and 'troops' count the same people; materiel items stay as named."""
    folded = fold(group or "")
    if category in NAMED_GROUPS:
        return repair(group).strip() if group else None
    return next((name for name, words in PEOPLE_GROUPS.items() if folded in words), folded)


def people_word(words: list[str]) -> str | None:
    """The first word that names people ('serviceman' in 'korvenian serviceman has been')."""
    return next(
        (w for w in words if any(w in forms for forms in PEOPLE_GROUPS.values()) and w), None
    )


def counts_nothing(group: str | None) -> bool:
    """True when the counted noun is a place or a span of time, not people or materiel."""
    words = fold(group or "").split()
    return bool(words) and words[-1] in _NOT_COUNTS
