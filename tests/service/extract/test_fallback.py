from __future__ import annotations

from collections.abc import Callable

import pytest

from schemas.article import ArticleIn
from service.config import Settings
from service.extract import extract
from service.extract.fallback import event_type
from service.llm.fake import FakeModel
from service.nlp import analyzer_for

ARTICLE = ArticleIn(
    title="Bomb at Varnholm bus station kills eight",
    publisher="Harbour Ledger",
    published_at="2024-03-08T09:00:00Z",
    text=(
        "A bomb exploded at the bus station in the Norvaskan city of Varnholm on Thursday, "
        "killing at least eight Norvaskan civilians, city police said.\n"
    ),
)


def test_claims_without_an_incident_get_one_from_the_headline(
    settings: Settings, scripted: Callable[..., FakeModel]
) -> None:
    result = extract(ARTICLE, model=scripted(incidents=[]), settings=settings)
    [incident] = result.incidents
    assert incident.title == ARTICLE.title
    assert incident.event_type == "explosions_remote_violence"
    assert incident.date == "2024-03-07"  # the Thursday before publication
    assert incident.location.country == "Norvaskan"  # the party the figures count
    assert result.claims
    assert all(c.incident_id == incident.id for c in result.claims)
    assert any("coded from the headline" in w for w in result.meta.warnings)


def test_no_claims_no_fallback(settings: Settings, scripted: Callable[..., FakeModel]) -> None:
    # Under the capable profile the model's "no claim" stands (under `small` the parse's
    # "city police said" would make it one).
    model = scripted(incidents=[], claim=lambda sentence, numbers: None)
    capable = settings.model_copy(update={"model_profile": "capable"})
    assert extract(ARTICLE, model=model, settings=capable).incidents == []


@pytest.mark.parametrize(
    ("headline", "kind"),
    [
        ("Earthquake kills 12 in southern Peru", "disaster"),
        ("Thousands march in Lodz to save hospital", "protests"),
        ("Inmates riot at Ndara prison", "riots"),
        ("Troops clash in the Kalvar Pass", "battles"),
        ("Marenland and Tavrosa swap prisoners", "strategic_developments"),
        ("A quiet week in the capital", "other"),
    ],
)
def test_event_type_from_lemmas(headline: str, kind: str) -> None:
    parsed = analyzer_for("en").parse(headline)
    assert event_type([parsed.doc[:]], parsed.vocabulary)[0] == kind
