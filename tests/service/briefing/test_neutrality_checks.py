"""The checks that catch what passed before: a one-sided title, a person without their name,
a side whose figures are missing, the outlet's voice as fact, numbers that are not figures.
Each check fails on its bad example and passes on the good summary."""

from __future__ import annotations

import pytest

from service.briefing.checks import run_checks
from service.reconcile import Record, reconcile
from tests.service.reconcile.builders import claim, fig, incident, result

KES, DOL = "Kestria", "Dolmar"
HEADLINE = "Armed clash near Harlo, 3 June 2024"
GOOD = [
    "Kestria and Dolmar reported an armed clash near Harlo on 3 June 2024.",
    "The Kestrian Defence Ministry said 2 Kestrian soldiers were killed; Colonel Daven Oskar "
    "said 6 Kestrian soldiers were killed.",
    "Oskar said 1 Dolmari soldier was killed.",
    "According to Meridian Wire, Kestrian troops crossed the line of contact before the clash.",
]


@pytest.fixture(scope="module")
def record() -> Record:
    harlo = incident(
        title="Armed clash near Harlo", date="2024-06-03", place="Harlo", country=KES,
        actors=("Kestrian army", "Dolmari army"),
    )  # fmt: skip
    return reconcile(
        [
            result(
                "a1",
                [harlo],
                [
                    claim(
                        "c1",
                        "Kestrian Defence Ministry",
                        side=KES,
                        at=10,
                        figures=[fig("killed", KES, 2)],
                    ),
                    claim(
                        "c2",
                        "Colonel Daven Oskar",
                        side=DOL,
                        at=100,
                        figures=[fig("killed", KES, 6)],
                    ),
                    claim("c3", "Oskar", side=DOL, at=200, figures=[fig("killed", DOL, 1)]),
                    claim(
                        "c4",
                        "Meridian Wire",
                        side=None,
                        type="media",
                        kind="event_report",
                        at=300,
                        statement="Kestrian troops crossed the line of contact before the clash.",
                    ),
                ],
                published_at="2024-06-04T09:00:00Z",
                publisher="Meridian Wire",
            )
        ]
    )


def _failed(record: Record, headline: str, sentences: list[str]) -> dict[str, list[str]]:
    return {c.name: c.reasons for c in run_checks(headline, sentences, record) if not c.passed}


def _swap(index: int, sentence: str) -> list[str]:
    return [sentence if i == index else s for i, s in enumerate(GOOD)]


def test_good_summary_passes_every_check(record: Record) -> None:
    assert _failed(record, HEADLINE, GOOD) == {}


@pytest.mark.parametrize(
    ("headline", "sentences", "check", "fragment"),
    [
        ("Kestrian troops attack Dolmari patrol near Harlo", GOOD, "neutral_titles",
         "the headline takes Kestria's verb 'attack'"),
        (HEADLINE, _swap(2, "According to the Oskar, 1 Dolmari soldier was killed."),
         "named_sources", "writes 'the Oskar'"),
        (HEADLINE, _swap(2, "The Colonel Daven Oskar said 1 Dolmari soldier was killed."),
         "named_sources", "writes 'The Colonel Daven Oskar'"),
        (HEADLINE, _swap(1, "According to officials, 2 Kestrian soldiers were killed and "
         "Colonel Daven Oskar said 6 were."), "named_sources", "names no source"),
        (HEADLINE, [GOOD[0], "The Kestrian Defence Ministry said 2 Kestrian soldiers were killed.",
         "Colonel Daven Oskar said the Kestrian side opened fire first.", GOOD[3]],
         "side_figures", "Dolmar's figures are missing from the summary"),
        (HEADLINE, _swap(3, "Kestrian troops crossed the line of contact before the clash."),
         "outlet_voice", "repeats what Meridian Wire wrote as fact"),
        (HEADLINE, _swap(3, "Kestrian troops attacked a Dolmari patrol near Harlo."),
         "outlet_voice", "states Kestria's action ('attacked') as fact"),
        (HEADLINE, _swap(3, "Residents of two villages fled, Kestria said."),
         "incident_figures", "'two' counts villages"),
        (HEADLINE, _swap(3, "Kestria said shells fell on three border towns."),
         "incident_figures", "'three' counts border towns"),
    ],
)  # fmt: skip
def test_each_check_fails_on_its_bad_example(
    record: Record, headline: str, sentences: list[str], check: str, fragment: str
) -> None:
    failed = _failed(record, headline, sentences)
    assert check in failed, failed
    assert any(fragment in reason for reason in failed[check]), failed[check]


def test_one_sided_incident_title_is_caught(record: Record) -> None:
    main = record.main[0]
    neutral = main.title
    try:
        main.title = "Kestrian troops attack Dolmari patrol"
        failed = _failed(record, HEADLINE, GOOD)
    finally:
        main.title = neutral
    assert failed.keys() == {"neutral_titles"}
    assert "incident title 'Kestrian troops attack Dolmari patrol'" in failed["neutral_titles"][0]


@pytest.mark.parametrize(
    "sentence",
    [
        "Colonel Daven Oskar said Kestrian troops attacked a Dolmari patrol.",  # attributed
        "The two sides blamed each other, Kestria and Dolmar said.",  # 'two' counts the sides
        "According to the Kestrian Defence Ministry, Kestrian troops crossed no line.",
    ],
)
def test_attributed_or_neutral_sentences_pass(record: Record, sentence: str) -> None:
    failed = _failed(record, HEADLINE, _swap(3, sentence))
    assert not {"outlet_voice", "incident_figures", "named_sources"} & failed.keys(), failed
