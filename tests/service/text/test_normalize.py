from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.text.normalize import normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Defenсe Ministry", "Defence Ministry"),  # Cyrillic es inside a Latin word
        ("Москва and Defenсe", "Москва and Defence"),  # a genuinely Cyrillic word stays
        ("“Seven,” he said — ‘ten’…", "\"Seven,\" he said - 'ten'..."),
        ("a \u00a0\n\t b", "a b"),
        ("Cafe\u0301", "Café"),  # decomposed accent composed (NFC)
        ("Αthens", "Athens"),  # Greek capital alpha in a Latin word
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


@pytest.mark.parametrize(
    ("raw", "needle", "original"),
    [
        ("the Armenian Defenсe  Ministry added", "defence ministry", "Defenсe  Ministry"),
        ("He said: “Seven were killed”.", '"seven were killed"', "“Seven were killed”"),
        ("wait… what", "... what", "… what"),
        ("Cafe\u0301 owner", "café owner", "Cafe\u0301 owner"),
    ],
)
def test_offsets_map_back_to_the_original(raw: str, needle: str, original: str) -> None:
    norm = normalize(raw, lower=True)
    at = norm.text.index(needle)
    start, end = norm.to_original(at, at + len(needle))
    assert raw[start:end] == original


def test_empty_span_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        normalize("abc").to_original(1, 1)


@given(st.text(max_size=200))
def test_every_normalised_character_maps_into_the_original(raw: str) -> None:
    norm = normalize(raw, lower=True)
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    for start, end in zip(norm.starts, norm.ends, strict=True):
        assert 0 <= start < end <= len(raw)
    assert list(norm.starts) == sorted(norm.starts)
