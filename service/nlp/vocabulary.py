"""The one vocabulary of a language: the words extraction, reconciliation and briefing read.

Closed categories (event types, source types, claim kinds, figure categories) are the schema's
(`schemas.vocab`); this module holds the *words* of a language that point to them, as lemmas,
so every inflection ("said", "says", "told") is matched through the parser's lemmatizer and a
list is written once. A second language is a second `Vocabulary` next to `ENGLISH`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

from schemas.vocab import EventType, FigureCategory, SourceType
from service.errors import ConfigError


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _demonyms(path: Path) -> Mapping[str, str]:
    """A demonym table (country -> its other names) as lower-cased name -> country."""
    try:
        table = yaml.safe_load(path.read_text(encoding="utf-8"))["demonyms"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    return MappingProxyType(
        {
            str(form).lower(): str(country)
            for country, forms in table.items()
            for form in (country, *forms)
        }
    )


# eq=False: hashed by identity, so lookups built from a vocabulary can be cached per vocabulary.
@dataclass(frozen=True, eq=False)
class Vocabulary:
    language: str
    # Verbs whose subject is the speaker of what follows.
    reporting_verbs: frozenset[str]
    # Words that credit a figure or statement without a reporting verb ("according to", "put").
    attribution_words: frozenset[str]
    # Ordered: the first category whose cue is found wins (combined forms before their parts).
    category_cues: tuple[tuple[FigureCategory, frozenset[str]], ...]
    # Verb + object pairs that mean a category only together ("lose contact" -> missing).
    category_pairs: tuple[tuple[FigureCategory, str, frozenset[str]], ...]
    # What a counted noun must be for "three tanks" to be materiel.
    materiel: frozenset[str]
    # Members of a side that is not a state: "40 rebel fighters" count the armed group.
    armed_group_members: frozenset[str]
    # Last word of an organisation that is an armed group ("Northern Highlands Front").
    armed_group_heads: frozenset[str]
    # Ordered like `category_cues`: most specific first.
    event_cues: tuple[tuple[EventType, frozenset[str]], ...]
    source_cues: tuple[tuple[SourceType, frozenset[str]], ...]
    # Nouns that describe a person by role: "the diplomat" is the last person quoted.
    person_roles: frozenset[str]
    # Pronouns, by what they can refer to.
    person_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    own_side_possessives: frozenset[str]  # "its soldiers": the speaker's own side
    family_possessives: frozenset[str]  # "her two children": a family, not an incident count
    honorifics: frozenset[str]
    weekdays: tuple[str, ...]
    months: tuple[str, ...]
    # Lower-cased words naming a country that do not share its prefix: demonyms ("dutch" ->
    # Netherlands) and short or other names ("uk", "turkiye"), each country's own name too;
    # shared prefixes ("Armenian") need no entry. Read through `names.country_of`.
    demonyms: Mapping[str, str] = field(default_factory=dict)


ENGLISH = Vocabulary(
    language="en",
    reporting_verbs=_words(
        "say tell claim report accuse deny add announce state confirm insist warn allege urge "
        "blame acknowledge admit estimate note write post declare argue reject condemn demand "
        "vow pledge threaten assert maintain quote cite explain describe contend"
    ),
    attribution_words=_words("accord put give count figure"),
    category_cues=(
        ("killed_or_injured", _words("casualty")),
        ("captured", _words("capture captive prisoner abduct kidnap seize hostage")),
        ("missing", _words("missing unaccounted")),
        ("arrested", _words("arrest detain detention detainee")),
        ("displaced", _words("displace flee evacuate homeless refugee")),
        ("other", _words("release free exchange rescue")),
        ("killed", _words("kill killing dead die death body fatality")),
        ("injured", _words("injure wound hurt injury")),
    ),
    category_pairs=(
        ("missing", "lose", _words("communication contact")),
        ("killed", "lose", _words("life")),
    ),
    materiel=_words(
        "vehicle carrier tank aircraft plane jet helicopter drone truck artillery gun howitzer "
        "launcher ship boat vessel missile equipment weapon"
    ),
    armed_group_members=_words(
        "rebel militant insurgent attacker gunman fighter terrorist jihadist"
    ),
    armed_group_heads=_words("front army movement brigade brigades militia"),
    event_cues=(
        (
            "disaster",
            _words("earthquake flood landslide fire storm cyclone capsize drown collapse"),
        ),
        (
            "explosions_remote_violence",
            _words(
                "bomb bombing explosion explode blast airstrike strike shelling shell drone "
                "missile mortar rocket"
            ),
        ),
        ("protests", _words("protest protester march rally demonstration demonstrator")),
        ("riots", _words("riot rioter looting unrest")),
        ("violence_against_civilians", _words("massacre abduct abduction kidnap execute")),
        ("battles", _words("clash fight fighting battle attack ambush firefight offensive")),
        (
            "strategic_developments",
            _words(
                "talk agreement ceasefire exchange swap detain arrest release withdrawal "
                "withdraw law closure close"
            ),
        ),
    ),
    source_cues=(
        ("military", _words("defense defence army military force troop commander soldier")),
        (
            "government",
            _words(
                "police ministry minister government president ambassador diplomat spokesman "
                "spokeswoman spokesperson official embassy"
            ),
        ),
        ("armed_group", _words("rebel militant insurgent")),
        ("international_org", _words("un nations nato cross who")),
        ("witness", _words("witness resident")),
        ("medical", _words("hospital doctor medic medical")),
    ),
    person_roles=_words(
        "diplomat spokesman spokeswoman spokesperson official minister ambassador commander "
        "president officer general colonel witness resident doctor director envoy analyst "
        "chief leader governor mayor"
    ),
    person_pronouns=_words("he she"),
    thing_pronouns=_words("it they"),
    own_side_possessives=_words("its our their"),
    family_possessives=_words("his her my your"),
    honorifics=_words("dr mr mrs ms prof gen col maj capt lt sgt"),
    weekdays=("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    months=(
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    demonyms=_demonyms(Path(__file__).with_name("demonyms.en.yaml")),
)
