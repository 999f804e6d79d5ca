"""Model profiles: what code decides instead of the model, per model family (quirks as data).

Measured on the fixtures, the 1.5B embedded model gave the outlet or a dateline as a figure's
party, guessed categories ("95 prisoners were released" as killed_or_injured), credited the
outlet for sentences that name their speaker and invented countries; on the demo pair it called
five of eight sentences of a ministry's statement background ("It said three Dolmari soldiers were
captured") and listed their figures under the wrong sentence. With the `small` profile
the parse's answer beats the model's wherever the parse has one; with `capable` the model's
answer is kept and the parse only fills what it left out, so a stronger backend can be measured
with and without the overrides (`EVENHAND_MODEL_PROFILE`, or `profiles:` in a sweep file).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from service.errors import ConfigError

ProfileName = Literal["auto", "small", "capable"]


@dataclass(frozen=True)
class ModelProfile:
    name: str
    # Substrings of model names (lower case) this profile is chosen for under "auto".
    families: tuple[str, ...]
    speaker_from_code: bool  # the parsed speaker beats the model's source
    category_from_code: bool  # the parsed category beats the model's
    party_from_code: bool  # the parsed party beats the model's
    country_from_entities: bool  # a country the article does not name as a place is dropped
    # A sentence that quotes someone or that the parse credits to a speaker is a claim, even when
    # the model calls it background.
    claims_from_parse: bool
    # A number the parse reads as an incident figure ("three Dolmari soldiers were captured") is
    # kept when the model lists no figure for it.
    figures_from_parse: bool


SMALL = ModelProfile(
    "small", ("1.5b", "135m", "0.5b", "qwen2.5-coder"), True, True, True, True, True, True
)
CAPABLE = ModelProfile(
    "capable",
    ("gpt-4", "gpt-5", "claude", "70b", "72b", "405b"),
    False, False, False, False, False, False,
)  # fmt: skip
PROFILES = {p.name: p for p in (SMALL, CAPABLE)}


def profile_for(model: str | None, forced: ProfileName = "auto") -> ModelProfile:
    """The forced profile, else the one whose family names the model; unknown models get
    `small`, whose checks are the ones measured."""
    if forced != "auto":
        if forced not in PROFILES:
            raise ConfigError(f"unknown model profile {forced!r}; choose one of {list(PROFILES)}")
        return PROFILES[forced]
    name = (model or "").lower()
    return next((p for p in PROFILES.values() if any(f in name for f in p.families)), SMALL)
