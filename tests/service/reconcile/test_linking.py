from __future__ import annotations

import pytest

from schemas.result import Incident
from service.reconcile import reconcile
from service.reconcile.linking import compare
from service.reconcile.parties import PartyIndex
from tests.service.reconcile.builders import claim, incident, result, seed_results

PARTIES = PartyIndex(["Armenia", "Azerbaijan"])
BASE = incident()


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (incident(), True),
        (incident(date="2021-11-17"), True),  # ±1 day
        (incident(date="2021-11"), True),  # partial date
        (incident(date=None), True),
        (incident(date="2021-11-19"), False),
        (incident(event_type="explosions_remote_violence"), True),  # compatible
        (incident(event_type="protests"), False),
        (incident(place="Tavush border", country="Armenia", actors=()), True),  # same country
        (  # each side places it on its own territory, but all actors and the date agree
            incident(
                place="Kalbajar", country="Azerbaijan", actors=("Azerbaijani Army", "Armenian army")
            ),
            True,
        ),
        (incident(place="Kalbajar", country="Azerbaijan", actors=("Azerbaijani Army",)), False),
    ],
)
def test_compare(other: Incident, same: bool) -> None:
    match = compare(BASE, other, PARTIES)
    assert match.ok is same
    assert match.reasons


def test_same_event_across_two_articles_is_merged_with_reasons() -> None:
    record = reconcile(seed_results())
    main = record.main
    assert len(main) == 1
    assert {(m.article_id, m.incident_id) for m in main[0].members} == {
        ("sputnik-2021-11-17", "i1"),
        ("caspian-2021-11-16", "i1"),
    }
    assert "same event_type battles" in main[0].reasons[0]
    assert "actors 2/2 shared" in main[0].reasons[0]


def test_stray_headline_stays_separate_and_is_not_main() -> None:
    record = reconcile(seed_results())
    others = [i for i in record.incidents if not i.main]
    assert [i.title for i in others] == ["Explosion or strike in southern Iran"]
    assert others[0].members[0].title == "Oil pipeline explosion in southern Iran"
    assert all(f.incident_id == main.id for f in record.figures for main in record.main)


def test_claim_without_incident_follows_its_articles_main_incident() -> None:
    results = [
        result(
            "a1",
            [incident()],
            [
                claim("c1", "Armenian Defence Ministry", side="Armenia"),
                claim("c2", "Azerbaijani Defence Ministry", side="Azerbaijan", incident=None),
            ],
        )
    ]
    linked = {c.ref.claim_id: (c.incident_id, c.linked_by) for c in reconcile(results).claims}
    assert linked == {"c1": ("m1", "extraction"), "c2": ("m1", "article_context")}
