from __future__ import annotations

from typing import Any

import pytest

from schemas.llm import IncidentDraft
from service.config import Settings
from service.extract.incidents import is_statement, merge_incidents, to_incidents
from service.extract.run import Run
from service.llm.fake import FakeModel
from service.nlp import analyzer_for


def _draft(**values: Any) -> IncidentDraft:
    base = {"title": "Border clash", "event_type": "battles", "date": "Tuesday",
            "location": "Dresk", "country": "Valdoria", "actors": ["A"]}  # fmt: skip
    return IncidentDraft.model_validate({**base, **values})


def test_merge_pools_actors_and_maps_drafts() -> None:
    drafts = [
        _draft(actors=["Valdoria", "Korvenia"]),
        _draft(title="Fighting in Ostin", location="Ostin", actors=["Militia"]),
        _draft(title="Ceasefire talks", event_type="strategic_developments"),
        _draft(title="Clash at the border", location=None, actors=["Korvenia", "Militia"]),
        _draft(title="Shelling", location="Dresk", date="Tuesday"),  # same place and day
    ]
    merged, into = merge_incidents(drafts)
    assert [m.title for m in merged] == ["Border clash", "Fighting in Ostin", "Ceasefire talks"]
    assert into == [0, 1, 2, 0, 0]
    assert merged[0].actors == ["Valdoria", "Korvenia", "Militia", "A"]


CAPTURE = {
    "title": "Valdorian forces capture four Korvenian soldiers",
    "event_type": "strategic_developments",
    "actors": ["Valdorian forces", "Korvenian troops"],
}


@pytest.mark.parametrize(
    ("second", "one_event"),
    [
        (CAPTURE, True),  # ACLED: one day, one place, one actor pair
        ({**CAPTURE, "date": "Monday"}, False),
        ({**CAPTURE, "location": "Ostin"}, False),
        ({**CAPTURE, "actors": ["Valdorian forces", "Pellarian police"]}, False),
    ],
)
def test_a_capture_on_the_day_and_at_the_place_of_a_clash_is_part_of_it(
    second: dict[str, Any], one_event: bool
) -> None:
    clash = _draft(
        title="Soldiers killed in border clash",
        event_type="violence_against_civilians",
        actors=["Valdorian soldiers", "Korvenian troops"],
    )
    merged, _ = merge_incidents([_draft(**second), clash])
    assert (len(merged) == 1) is one_event
    if one_event:  # the violent member names and types it
        assert (merged[0].title, merged[0].event_type) == (clash.title, clash.event_type)


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("Valdoria", "Valdoria"),  # named in the article
        ("Norway", "Korvenia"),  # a guess: the dateline's country instead
        (None, "Korvenia"),
    ],
)
def test_incident_country_is_one_the_article_names(
    settings: Settings, country: str | None, expected: str
) -> None:
    text = "DRESK, Korvenia (Meridian Wire) - Valdoria and Korvenia clashed on Tuesday."
    run = Run(FakeModel(), settings, "default")
    document = analyzer_for("en").parse(text)
    [incident], _ = to_incidents(run, [_draft(country=country)], None, document)
    assert incident.location.country == expected


def test_an_undated_incident_takes_the_date_of_the_sentence_naming_its_place(
    settings: Settings,
) -> None:
    text = "A bomb exploded in Kabul on Sunday, police said. In 2016, Herat was calm."
    run = Run(FakeModel(), settings, "default")
    draft = _draft(country=None, location="Kabul", date=None)
    document = analyzer_for("en").parse(text)
    [incident], _ = to_incidents(run, [draft], "2024-03-08T09:00:00Z", document)
    assert incident.date == "2024-03-03"  # the Sunday before publication


@pytest.mark.parametrize(
    ("title", "statement"),
    [
        ("Dolmari Ministry of Defense said on Tuesday", True),
        ("US and allies warn of North Korea-Russia military cooperation", True),
        ("Government announces martial law", False),  # a measure: what was announced is there
        ("Ministry says 13 soldiers were captured", False),
        ("Kestrian troops attack Dolmari patrol", False),
        ("Armed clash near Harlo", False),  # no verb at all
    ],
)  # fmt: skip
def test_a_title_that_only_reports_speech_is_no_incident(title: str, statement: bool) -> None:
    assert is_statement(title, analyzer_for("en").parse("Text.")) is statement
