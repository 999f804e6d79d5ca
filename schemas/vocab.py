"""Controlled vocabularies, identical to `shared/specs/fixture-format.md` (version 1).

Outputs and hand-labelled fixtures use the same words so they compare directly.
"""

from typing import Literal, get_args

EventType = Literal[
    "battles",
    "explosions_remote_violence",
    "violence_against_civilians",
    "protests",
    "riots",
    "strategic_developments",
    "disaster",
    "other",
]

SourceType = Literal[
    "government",
    "military",
    "armed_group",
    "international_org",
    "ngo",
    "media",
    "medical",
    "witness",
    "expert",
    "unnamed_official",
    "other",
]

# Sources that speak for a side of a conflict: their side is the party their name or title names
# ("Kestrian Defence Ministry"); a witness or a rights group living in a country is not a side.
SIDED_SOURCE_TYPES: frozenset[SourceType] = frozenset(
    {"government", "military", "armed_group", "unnamed_official"}
)

ClaimKind = Literal["casualty_report", "event_report", "accusation", "denial", "position", "other"]

FigureCategory = Literal[
    "killed",
    "injured",
    "killed_or_injured",
    "captured",
    "missing",
    "arrested",
    "displaced",
    "materiel",
    "other",
]

Qualifier = Literal["exact", "at_least", "up_to", "about", "range", "vague"]

EVENT_TYPES: tuple[str, ...] = get_args(EventType)
SOURCE_TYPES: tuple[str, ...] = get_args(SourceType)
CLAIM_KINDS: tuple[str, ...] = get_args(ClaimKind)
FIGURE_CATEGORIES: tuple[str, ...] = get_args(FigureCategory)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
