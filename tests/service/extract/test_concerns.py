from __future__ import annotations

import pytest

from schemas.result import Incident, Location
from service.extract.concerns import Concerns
from service.nlp import analyzer_for

TEXT = (
    "Kestrian and Dolmari troops clashed near Harlo on Monday. "
    "Police in Vessa arrested a journalist on Tuesday. "
    "The ministry said the fighting near Harlo had stopped. "
    "Officials said the reporter was released on bail. "
    "The weather was mild."
)
INCIDENTS = [
    Incident(
        id="i1",
        title="Armed clash near Harlo",
        event_type="battles",
        location=Location(name="Harlo", country="Kestria"),
        actors=["Kestrian troops", "Dolmari troops"],
    ),
    Incident(
        id="i2",
        title="Police arrest journalist",
        event_type="strategic_developments",
        location=Location(name="Vessa"),
        actors=["police"],
    ),
]


@pytest.mark.parametrize(
    ("sentence", "counts", "incident"),
    [
        ("Kestrian and Dolmari troops clashed near Harlo on Monday.", False, "i1"),
        ("Police in Vessa arrested a journalist on Tuesday.", False, "i2"),
        ("The ministry said the fighting near Harlo had stopped.", False, "i1"),  # the place
        # Nothing shared: the main news, unless it states counts (a false dispute there).
        ("Officials said the reporter was released on bail.", False, "i1"),
        ("Officials said the reporter was released on bail.", True, None),
        ("The weather was mild.", False, "i1"),
    ],
)
def test_a_sentence_concerns_the_incident_it_shares_words_with(
    sentence: str, counts: bool, incident: str | None
) -> None:
    document = analyzer_for("en").parse(TEXT)
    start = TEXT.index(sentence)
    concerns = Concerns.of(INCIDENTS, document)
    assert concerns.incident_of(document, start, start + len(sentence), counts=counts) == incident


@pytest.mark.parametrize(("incidents", "expected"), [(INCIDENTS[1:], "i2"), ([], None)])
def test_with_one_incident_or_none_there_is_no_choice(
    incidents: list[Incident], expected: str | None
) -> None:
    document = analyzer_for("en").parse(TEXT)
    assert Concerns.of(incidents, document).incident_of(document, 0, 10, counts=True) == expected


def test_a_tie_goes_to_the_incident_listed_first() -> None:
    text = "Troops moved."
    twins = [i.model_copy(update={"title": "Troops moved", "actors": []}) for i in INCIDENTS]
    document = analyzer_for("en").parse(text)
    assert Concerns.of(twins, document).incident_of(document, 0, len(text), counts=True) == "i1"
