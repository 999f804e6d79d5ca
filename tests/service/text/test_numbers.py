from __future__ import annotations

import pytest

from service.text.numbers import find_numbers, parse_count

Row = tuple[str, int | None, int | None, str]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 soldiers captured", [("13", 13, 13, "exact")]),
        ("1,200 troops", [("1,200", 1200, 1200, "exact")]),
        ("1.2 million people", [("1.2 million", 1_200_000, 1_200_000, "exact")]),
        ("seven killed, ten wounded", [("seven", 7, 7, "exact"), ("ten", 10, 10, "exact")]),
        ("twenty-four troops", [("twenty-four", 24, 24, "exact")]),
        ("three hundred and twelve", [("three hundred and twelve", 312, 312, "exact")]),
        ("a dozen soldiers", [("a dozen", 12, 12, "exact")]),
        (
            "Seven-point-one million people",
            [("Seven-point-one million", 7_100_000, 7_100_000, "exact")],
        ),
        ("half a dozen", [("half a dozen", 6, 6, "exact")]),
        ("up to 70 troops", [("up to 70", None, 70, "up_to")]),
        ("as many as 30", [("as many as 30", None, 30, "up_to")]),
        ("at least 5 people", [("at least 5", 5, None, "at_least")]),
        ("more than 400 prisoners", [("more than 400", 400, None, "at_least")]),
        ("about 20 wounded", [("about 20", 20, 20, "about")]),
        ("nearly 200 passengers", [("nearly 200", 200, 200, "about")]),
        ("some 50 homes", [("some 50", 50, 50, "about")]),
        ("between 10 and 20 people", [("between 10 and 20", 10, 20, "range")]),
        ("10-20 people", [("10-20", 10, 20, "range")]),
        ("dozens of people", [("dozens", 24, None, "vague")]),
        ("tens of people", [("tens", 10, None, "vague")]),
        ("hundreds of people", [("hundreds", 100, None, "vague")]),
        ("several soldiers", [("several", 3, None, "vague")]),
        ("tens of thousands fled", [("tens of thousands", 10_000, None, "vague")]),
        ("None was killed", [("None", 0, 0, "exact")]),
        ("one killed", [("one", 1, 1, "exact")]),
    ],
)
def test_counts(text: str, expected: list[Row]) -> None:
    found = [(m.text, m.low, m.high, m.qualifier) for m in find_numbers(text)]
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "in 2021",
        "on March 14, 2025",
        "on 17 November",
        "As of 10.00 [06.00 GMT]",
        "07:46 GMT 17.11.2021",
        "at 10 a.m.",
        "50% of them",
        "50 percent",
        "$200 million",
        "a 30-day ceasefire",
        "14 years after",
        "the 23-year-old",
        "aged 34",
        "the 5th brigade",
        "one of the leaders",
        "F-16 jets and the SU 35",
        "COVID-19",
        "G7 ministers",
        "Resolution 2334",
        "none of them",
    ],
)
def test_not_counts(text: str) -> None:
    assert find_numbers(text) == []


def test_offsets_index_the_text() -> None:
    text = "Armenia claimed that up to 70 troops and four carriers were lost."
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.text


def test_year_followed_by_a_counted_noun_is_a_count() -> None:
    assert [m.value for m in find_numbers("2000 people fled")] == [2000]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("13", 13),
        ("seven", 7),
        ("Seven", 7),
        ("a dozen", 12),
        ("dozens", 24),
        ("x", None),
        ("", None),
    ],
)
def test_parse_count(written: str, value: int | None) -> None:
    assert parse_count(written) == value
