from __future__ import annotations

import pytest

from service.extract.sources import KnownSources


def test_generic_names_resolve_to_the_latest_matching_source() -> None:
    sources = KnownSources("Sputnik")
    sources.resolve("Armenian Defence Ministry", "military", "Armenia")
    sources.resolve("Vardan Toghanyan, Armenian ambassador", "government", "Armenia")
    sources.resolve("Azerbaijani Defence Ministry", "military", "Azerbaijan")
    resolved = sources.resolve("the ministry", "government", None)
    assert resolved.name == "Azerbaijani Defence Ministry"
    assert sources.resolve("The ambassador", "other", None).name.startswith("Vardan")


@pytest.mark.parametrize(
    ("publisher", "name", "expected"),
    [
        ("Sputnik", "the outlet", "Sputnik"),
        ("Sputnik", "sputnik", "Sputnik"),
        (None, "unknown", "the outlet"),
    ],
)
def test_outlet_claims_get_the_publisher(publisher: str | None, name: str, expected: str) -> None:
    source = KnownSources(publisher).resolve(name, "government", "Russia")
    assert (source.name, source.type, source.side) == (expected, "media", None)


def test_a_source_keeps_its_first_type_and_side() -> None:
    sources = KnownSources(None)
    sources.resolve("Armenian Defence Ministry", "military", None)
    sources.resolve("Armenian Defence Ministry", "government", "Armenia")
    again = sources.resolve("Armenian Defenсe Ministry", "government", None)  # look-alike с
    assert (again.name, again.type, again.side) == (
        "Armenian Defence Ministry",
        "military",
        "Armenia",
    )


def test_unknown_generic_name_is_kept_as_given() -> None:
    assert KnownSources(None).resolve("the ministry", "government", None).name == "the ministry"


@pytest.mark.parametrize(
    ("names", "merged", "final"),
    [
        (["Daven Oskar", "Colonel Daven Oskar", "Oskar"], True, "Colonel Daven Oskar"),
        (["Colonel Daven Oskar", "Oskar"], True, "Colonel Daven Oskar"),
        # A country's name inside a ministry's is no short form of it.
        (["Dolmari Ministry of Defense", "Dolmari"], False, "Dolmari Ministry of Defense"),
        (["Joe Biden", "Hunter Biden"], False, "Joe Biden"),
    ],
)
def test_short_and_long_forms_of_a_name_are_one_source(
    names: list[str], merged: bool, final: str
) -> None:
    sources = KnownSources(None)
    resolved = [sources.resolve(n, "military", None) for n in names]
    assert (len({s.name for s in resolved}) == 1) is merged
    assert sources.final(resolved[0]).name == final


def test_final_gives_the_side_learnt_later() -> None:
    sources = KnownSources(None)
    first = sources.resolve("Daven Oskar", "military", None)
    sources.resolve("Oskar", "military", "Dolmar")
    assert sources.final(first).side == "Dolmar"
