from __future__ import annotations

import pytest

from schemas.result import Source
from service.extract.attribution import Speakers
from service.extract.parties import (
    ArticleParties,
    as_armed_group,
    cued_party,
    figure_party,
    side_named,
)
from service.nlp import analyzer_for

PARSE = analyzer_for("en").parse
ARTICLE = ArticleParties(
    PARSE(
        "Marenland and Tavrosa clashed. Harbour Ledger reports that 23 Tavrosan soldiers died. "
        "The Northern Highlands Front said it was not involved. Kalvar Border Police said little."
    ),
    "Harbour Ledger",
    {"Marenland", "Tavrosa"},
)
MINISTRY = Source(name="Marenland Defence Ministry", type="military", side="Marenland")
REBELS = Source(name="Northern Highlands Front", type="armed_group", side=None)


@pytest.mark.parametrize(
    ("sentence", "number", "cue"),
    [
        ("It said its forces killed 23 Tavrosan soldiers.", "23", "Tavrosa"),
        ("Tavrosa holds at least 600 Marenlanders, it said.", "600", "Marenland"),
        ('It holds "more than 400" other Tavrosan prisoners.', "400", "Tavrosa"),
        ("They seized three more Pellarian boats.", "three", "Pellarian"),  # as written
        ("Up to 40 rebel fighters were killed.", "40", "Northern Highlands Front"),
        ("Two of the attackers were killed.", "Two", "Northern Highlands Front"),
        ("Up to 40 terrorists were killed.", "40", "Northern Highlands Front"),
        (
            "The army said the rebel group put its own losses at three.",
            "three",
            "Northern Highlands Front",
        ),
        ("Two of our soldiers were lightly wounded.", "Two", True),
        ("The group said three of its fighters had been killed.", "three", True),
        ("The ministry put its own losses at three dead.", "three", True),
        ("Rebels killed 13 on Tuesday.", "13", None),  # a weekday is not a party
        ("Police said 11 people were detained.", "11", None),
        ("Seven Azerbaijani soldiers died.", "Seven", "Azerbaijani"),  # as written
        ("Armenia's 12 soldiers died.", "12", "Armenia"),
    ],
)
def test_cued_party(sentence: str, number: str, cue: str | bool | None) -> None:
    start = sentence.index(number)
    assert cued_party(PARSE(sentence), start, start + len(number), ARTICLE) == cue


@pytest.mark.parametrize(
    ("cue", "model_party", "source", "country", "party"),
    [
        ("Tavrosa", "Marenland", MINISTRY, None, "Tavrosa"),  # the sentence beats the model
        (True, "Tavrosa", MINISTRY, None, "Marenland"),  # "its soldiers": the source's side
        (True, None, REBELS, None, "Northern Highlands Front"),  # an armed group is its side
        (None, "Harbour Ledger", MINISTRY, "Tavrosa", "Tavrosa"),  # never the outlet
        (None, "Norway", MINISTRY, None, "Marenland"),  # not in the article: a guess
        (None, "Tavrosa (Harbour Ledger)", MINISTRY, None, "Marenland"),  # a dateline
        (None, "rebel group", MINISTRY, None, "Marenland"),  # a label, not a name
        (None, "Tavrosa", MINISTRY, "Marenland", "Tavrosa"),  # a known party is kept
        (None, "Kalvar Border Police", MINISTRY, "Tavrosa", "Tavrosa"),  # named, not a party
        (None, None, REBELS, None, "Northern Highlands Front"),
    ],
)
def test_figure_party(
    cue: str | bool | None,
    model_party: str | None,
    source: Source,
    country: str | None,
    party: str | None,
) -> None:
    assert figure_party(cue, model_party, source, ARTICLE, country) == party


@pytest.mark.parametrize(
    ("name", "mentioned"),
    [("Tavrosa", True), ("Tavrosan side", True), ("Norway", False), ("rebel group", False)],
)
def test_mentions(name: str, mentioned: bool) -> None:
    assert ARTICLE.mentions(name) is mentioned


@pytest.mark.parametrize(
    ("name", "becomes"),
    [("the group", "Northern Highlands Front"), ("The rebels", "Northern Highlands Front"),
     ("the army", "the army")],
)  # fmt: skip
def test_generic_group_source_is_the_armed_group(name: str, becomes: str) -> None:
    source = as_armed_group(Source(name=name, type="other", side=None), ARTICLE)
    assert source.name == becomes


def test_armed_group_only_when_the_article_names_one() -> None:
    two = ArticleParties(
        PARSE("The Ganora People's Army and the Northern Highlands Front met."), None
    )
    assert two.armed_group is None
    assert ArticleParties(PARSE("The Sorell army said."), None).armed_group is None


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        # Opening a sentence, the tagger calls "Kestrian" a PERSON; the article names Kestria.
        ("Kestria shelled the post. Kestrian Foreign Minister Alis Verren said it was calm.",
         ["Kestria"]),
        # A spokesman speaks for the organisation his title names, resolved to the one before.
        ("Dolmar denied it. The Dolmari Ministry of Defense said two died. Ministry spokesman "
         "Colonel Daven Oskar said the attack failed.", [None, "Dolmar", "Dolmar"]),
        ("Two U.S. defense officials told VOA that 40 detainees were moved.", ["United States"]),
        ("Residents said the shooting lasted an hour.", [None]),
    ],
)  # fmt: skip
def test_side_named_by_the_speaker(text: str, sides: list[str | None]) -> None:
    document = PARSE(text)
    article = ArticleParties(document, None)
    speakers = Speakers(document)
    found = [side_named(article, s.ranges) if s else None for _, s in speakers.resolved]
    assert found == sides
