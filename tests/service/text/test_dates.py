from __future__ import annotations

from datetime import date

import pytest

from service.text.dates import find_dateline, parse_published, resolve_event_date

PUBLISHED = date(2021, 11, 17)  # a Wednesday


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tuesday", "2021-11-16"),
        ("on Tuesday", "2021-11-16"),
        ("Wednesday", "2021-11-17"),
        ("Thursday", "2021-11-11"),
        ("Tuesday evening", "2021-11-16"),
        ("late on Tuesday", "2021-11-16"),
        ("Monday and Tuesday", None),  # two days: which one is not a day's question
        ("yesterday", "2021-11-16"),
        ("17 November", "2021-11-17"),
        ("November 16", "2021-11-16"),
        ("December 20", "2020-12-20"),
        ("16 November 2021", "2021-11-16"),
        ("2021-11-16", "2021-11-16"),
        ("2021-11", "2021-11"),
        ("2021-11-18", None),  # after publication
        ("someday", None),
        (None, None),
    ],
)
def test_resolve_event_date(value: str | None, expected: str | None) -> None:
    assert resolve_event_date(value, PUBLISHED) == expected


def test_weekday_without_publication_date_is_unknown() -> None:
    assert resolve_event_date("Tuesday", None) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("07:46 GMT 17.11.2021", "2021-11-17T07:46:00Z"),
        ("2021-11-17 07:46", "2021-11-17T07:46:00Z"),
        ("Published 17 November 2021", "2021-11-17"),
        ("March 14, 2025", "2025-03-14"),
        ("BREAKING: Oil Pipeline Hit", None),
    ],
)
def test_find_dateline(line: str, expected: str | None) -> None:
    assert find_dateline(line) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-11-17T07:46:00Z", PUBLISHED),
        ("2025-03-14 20:30:26Z", date(2025, 3, 14)),
        ("garbage", None),
        (None, None),
    ],
)
def test_parse_published(value: str | None, expected: date | None) -> None:
    assert parse_published(value) == expected
