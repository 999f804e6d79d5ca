from __future__ import annotations

import pytest

from service.text.align import locate

TEXT = (
    "MOSCOW (Sputnik) - the Armenian Defenсe Ministry added.\n"
    "\u201cSeven Azerbaijani servicemen were killed in the clashes, ten were wounded,\u201d "
    "the ministry said."
)


@pytest.mark.parametrize(
    ("quote", "method"),
    [
        ("the Armenian Defenсe Ministry added", "exact"),
        ("the Armenian Defence Ministry added", "normalized"),  # Latin c for Cyrillic с
        ('"Seven Azerbaijani servicemen were killed', "normalized"),  # straight quote
        ("Seven Azerbaijani servicemen were killed in the clash, ten were wounded", "fuzzy"),
    ],
)
def test_stages(quote: str, method: str) -> None:
    found = locate(quote, TEXT)
    assert found is not None
    assert found.method == method
    assert TEXT[found.start : found.end] == found.text


def test_fuzzy_match_extends_to_whole_words() -> None:
    found = locate("Seven Azerbaijani servicemen were killed in the clash, ten were wounded", TEXT)
    assert found is not None
    assert found.text.endswith("wounded")
    assert found.text.startswith("Seven")


@pytest.mark.parametrize(
    ("quote", "kwargs"),
    [
        ("nothing like this appears anywhere in the text", {}),
        ("", {}),
        ("the Armenian Defence Ministry added", {"normalized": False}),
        ("Seven Azerbaijani servicemen died in the clashes", {"fuzzy": False}),
        ("he said", {}),  # too short for a fuzzy match
    ],
)
def test_not_found(quote: str, kwargs: dict[str, bool]) -> None:
    assert locate(quote, TEXT, **kwargs) is None
