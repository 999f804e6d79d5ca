from __future__ import annotations

import pytest

from schemas.llm import FigureDraft
from schemas.result import Figure
from schemas.vocab import FigureCategory
from service.extract.checks import (
    cued_category,
    is_incident_count,
    match_number,
    supported,
    to_figure,
    worded,
)
from service.nlp import ENGLISH, analyzer_for
from service.text.numbers import find_numbers

PARSE = analyzer_for("en").parse

SENTENCE = "Armenia said up to 70 troops were killed, one Sandcat and 13 trucks lost, 13 captured."


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("up to 70", "up to 70"),
        ("70", "up to 70"),  # the qualifier belongs to the mention
        ("one", "one"),
        ("1", "one"),  # same value, other spelling
        ("13", "13"),
        ("1000", None),
        ("many", None),
    ],
)
def test_match_number(written: str, expected: str | None) -> None:
    found = match_number(written, find_numbers(SENTENCE), set())
    assert (found.text if found else None) == expected


def test_each_mention_is_used_once() -> None:
    mentions = find_numbers(SENTENCE)
    used: set[int] = set()
    first = match_number("13", mentions, used)
    second = match_number("13", mentions, used)
    assert first is not None
    assert second is not None
    assert first.start < second.start
    assert match_number("13", mentions, used) is None


@pytest.mark.parametrize(
    ("written", "bounds"),
    [
        ("up to 70", (None, 70, "up_to")),
        ("one", (1, 1, "exact")),
    ],
)
def test_bounds_come_from_code(written: str, bounds: tuple[int | None, int | None, str]) -> None:
    mention = match_number(written, find_numbers(SENTENCE), set())
    assert mention is not None
    draft = FigureDraft(number=written, category="killed", party="Azerbaijan", group="troops")
    figure = to_figure(draft, mention)
    assert (figure.low, figure.high, figure.qualifier) == bounds
    assert figure.text == mention.text
    assert figure.party == "Azerbaijan"


@pytest.mark.parametrize(
    ("low", "high", "evidence", "ok"),
    [
        (7, 7, "Seven servicemen were killed", True),
        (10, 10, "ten were wounded", True),
        (None, 70, "up to 70 were hurt", True),
        (24, None, "dozens were hurt", True),
        (12, 12, "13 were captured", False),
        (None, None, "13 were captured", False),
    ],
)
def test_supported(low: int | None, high: int | None, evidence: str, ok: bool) -> None:
    figure = Figure(category="killed", low=low, high=high, qualifier="exact")
    assert supported(figure, evidence) is ok


@pytest.mark.parametrize(
    ("category", "group", "stored"),
    [
        ("captured", "armoured personnel carriers", "materiel"),
        ("displaced", "other vehicles", "materiel"),
        ("captured", "soldiers", "captured"),
        ("killed", None, "killed"),
    ],
)
def test_equipment_is_materiel(category: str, group: str | None, stored: str) -> None:
    mention = find_numbers("four of them")[0]
    draft = FigureDraft.model_validate({"number": "four", "category": category, "group": group})
    assert to_figure(draft, mention).category == stored


_SEED_SIDE = '"On the Armenian side, one killed, 13 soldiers captured.'
_LOST = "Communication is lost with 24 soldiers, and 13 more troops were captured, it said."
_SPLIT = "seven soldiers were killed and 10 others got injured during the clashes"


@pytest.mark.parametrize(
    ("sentence", "number", "category"),
    [
        (_SEED_SIDE, "one", "killed"),
        (_SEED_SIDE, "13", "captured"),
        (_LOST, "24", "missing"),
        (_LOST, "13", "captured"),
        ("up to 70 troops were killed or injured during the clash", "70", "killed_or_injured"),
        (_SPLIT, "seven", "killed"),
        (_SPLIT, "10", "injured"),
        ("Yerevan reported 12 Armenian soldiers taken captive.", "12", "captured"),
        ("Both sides released 95 prisoners on Tuesday.", "95", "other"),
        ("Police detained 40 protesters.", "40", "arrested"),
        ("Two combat positions came under the control of the enemy", "Two", None),
        ("Our drone units destroyed three tanks and one armoured carrier.", "three", "materiel"),
        ("Our units destroyed three tanks and one armoured carrier.", "one", "materiel"),
        ("The coast guard seized seven Pellarian fishing boats.", "seven", "materiel"),
        ("Two soldiers and tanks were lost.", "Two", None),  # "and" ends the counted noun
        ("Communication is lost with 24 servicemen.", "24", "missing"),
        ("The blast killed 12 and wounded 30.", "30", "injured"),
        ("Thousands fled their homes.", "Thousands", "displaced"),
    ],
)
def test_cued_category(sentence: str, number: str, category: str | None) -> None:
    start = sentence.index(number)
    assert cued_category(PARSE(sentence), start, start + len(number)) == category


@pytest.mark.parametrize(
    ("sentence", "number", "counts"),
    [
        ("The mother of four was displaced.", "four", False),  # a family, not 4 displaced
        ("Her two children were killed.", "two", False),
        ("He was 45 years old.", "45", False),  # an age
        ("The war has lasted five years.", "five", False),  # a duration
        ("It cost $200 million.", "200", False),  # money
        ("He served in the 2nd battalion.", "2nd", False),  # a rank
        ("Two of its soldiers died.", "Two", True),
        ("13 soldiers were captured.", "13", True),
        ("The killing of four was condemned.", "four", True),
        ("Two U.S. defense officials told VOA the base was hit.", "Two", False),  # speakers
        ("Residents of two villages said the shooting lasted an hour.", "two", False),
        ("Two soldiers were killed, the ministry said.", "Two", True),
    ],
)
def test_incident_counts_by_structure(sentence: str, number: str, counts: bool) -> None:
    start = sentence.index(number)
    assert is_incident_count(PARSE(sentence), start, start + len(number)) is counts


def test_cue_beats_the_model_but_not_the_item() -> None:
    [mention] = find_numbers("13 soldiers")
    soldiers = FigureDraft(number="13", category="killed", party="Armenia", group="soldiers")
    tanks = FigureDraft(number="13", category="killed", party="Armenia", group="tanks")
    assert to_figure(soldiers, mention, "captured").category == "captured"
    assert to_figure(tanks, mention, "captured").category == "materiel"
    assert to_figure(soldiers, mention, None).category == "killed"


@pytest.mark.parametrize(
    ("sentence", "category", "expected"),
    [
        ("The three-judge bench heard the case.", "killed", False),
        ("More than 2,000 firefighters are on the ground.", "killed", False),
        ("Seven soldiers died in the clash.", "killed", True),
        ("Ten people lost their lives.", "killed", True),  # a verb and its object
        ("Four were killed and nine wounded.", "killed_or_injured", True),
        ("Four were killed.", "killed_or_injured", False),
        ("Police detained 40 protesters.", "arrested", True),
        ("Rebels destroyed three tanks.", "materiel", True),
        ("Rebels held three towns.", "materiel", False),
        ("The court heard five charges.", "other", True),
    ],
)
def test_a_category_the_sentence_has_no_word_for_is_not_kept(
    sentence: str, category: FigureCategory, expected: bool
) -> None:
    lemmas = {t.lemma_.lower() for t in PARSE(sentence).doc}
    assert worded(category, lemmas, ENGLISH) is expected
