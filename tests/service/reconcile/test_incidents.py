"""Incidents made comparable before linking: relative dates resolved, places normalised, and
the event type decided once over members and figures."""

from __future__ import annotations

from datetime import date

import pytest

from schemas.result import ExtractionResult, Figure
from service.nlp import analyzer_for
from service.reconcile import reconcile
from service.text.dates import find_event_day
from tests.service.reconcile.builders import claim, fig, incident, result

TUESDAY = date(2024, 6, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shelled a border post late on Monday", ("Monday", "2024-06-03")),
        ("the attack on Monday evening", ("Monday", "2024-06-03")),  # "evening" is a TIME
        ("fighting broke out yesterday", ("yesterday", "2024-06-03")),
        ("troops massed on the border last week", ("last week", "2024-05-27/2024-06-02")),
        ("the ministry said on Tuesday that the clash on Sunday night killed two",
         ("Sunday night", "2024-06-02")),
        ("the ministry said on Tuesday", None),  # the day of the statement, not of the event
        ("the ministry said in a statement on Tuesday", None),
        ("calm was restored by Tuesday morning", None),
        ("talks are planned next Friday", None),
    ],
)  # fmt: skip
def test_find_event_day(text: str, expected: tuple[str, str] | None) -> None:
    assert find_event_day(analyzer_for("en").parse(text), TUESDAY) == expected


def test_find_event_day_needs_a_publication_date() -> None:
    assert find_event_day(analyzer_for("en").parse("late on Monday"), None) is None


def _article(
    aid: str, side: str, *, date_: str | None, evidence: str, place: str, country: str | None
) -> ExtractionResult:
    return result(
        aid,
        [
            incident(
                date=date_, place=place, country=country, actors=("Kestrian army", "Dolmari army")
            )
        ],
        [claim("c1", f"{side} Defence Ministry", side=side, evidence=evidence)],
        published_at="2024-06-04T09:00:00Z",
    )


def test_relative_date_and_demonym_place_let_two_reports_link() -> None:
    record = reconcile(
        [
            _article("k", "Kestria", date_="2024-06-03", evidence="shelling near Harlo",
                     place="Harlo", country="Kestria"),
            _article("d", "Dolmar", date_=None,
                     evidence="Kestrian troops attacked on Monday evening",
                     place="Harlo, Dolmari", country=None),
        ]
    )  # fmt: skip
    (main,) = record.main
    assert main.date == "2024-06-03"
    assert len(main.members) == 2
    assert "d/i1: date 2024-06-03 from 'Monday' and publication date 2024-06-04" in (main.reasons)
    assert "d/i1: place 'Harlo, Dolmari' read as 'Harlo' in 'Dolmari'" in main.reasons
    assert "d/i1: country 'Dolmari' is 'Dolmar'" in main.reasons
    (decision,) = record.linking
    assert decision.linked
    assert decision.rule_match


@pytest.mark.parametrize(
    ("types", "figures", "expected"),
    [
        # armed people of two parties counted: battles, whatever each side called it
        (("explosions_remote_violence", "violence_against_civilians"),
         [fig("killed", "Kestria", 2), fig("captured", "Dolmar", 3)], "battles"),
        # civilians counted too: ACLED would not call it a battle; most members decide
        (("violence_against_civilians", "violence_against_civilians"),
         [fig("killed", "Kestria", 2), fig("killed", "Dolmar", 3, group="civilians")],
         "violence_against_civilians"),
        # one party's soldiers only: most members decide
        (("explosions_remote_violence", "explosions_remote_violence"),
         [fig("killed", "Kestria", 2)], "explosions_remote_violence"),
        # not political violence: armed people counted change nothing
        (("protests", "protests"), [fig("arrested", "Kestria", 5, group="police"),
                                    fig("injured", "Dolmar", 2, group="police")], "protests"),
    ],
)  # fmt: skip
def test_event_type_decided_once(
    types: tuple[str, str], figures: list[Figure], expected: str
) -> None:
    results = [
        result(
            aid,
            [incident(event_type=kind, place="Harlo", country="Kestria",
                      actors=("Kestrian army", "Dolmari army"))],
            [claim("c1", f"Ministry {aid}", side=None, figures=figures if aid == "a" else [])],
        )
        for aid, kind in zip("ab", types, strict=True)
    ]  # fmt: skip
    (main,) = reconcile(results).main
    assert main.event_type == expected
    assert any(r.startswith(f"event_type {expected}") for r in main.reasons)
