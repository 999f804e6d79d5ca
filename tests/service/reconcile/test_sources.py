from __future__ import annotations

import pytest

from service.reconcile import reconcile
from service.reconcile.names import fold, is_party_word, same_party
from service.reconcile.sources import person_words, same_person
from tests.service.reconcile.builders import claim, incident, one_article, result, seed_results


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        ("Armenian Defenсe Ministry", "Armenian Defense Ministry", True),  # Cyrillic с
        ("Armenia’s Defence Ministry", "Armenia's Defense Ministry", True),
        ("Armenian Defence Ministry", "Armenian Foreign Ministry", False),
        ("Armoured vehicles", "armored vehicles", True),
    ],
)
def test_fold(a: str, b: str, equal: bool) -> None:
    assert (fold(a) == fold(b)) is equal


@pytest.mark.parametrize(
    ("word", "party", "expected"),
    [
        ("armenian", "Armenia", True),
        ("armed", "Armenia", False),
        ("azerbaijan", "Azerbaijani", True),
        ("iran", "Iraq", False),
        ("french", "France", True),
    ],
)
def test_is_party_word(word: str, party: str, expected: bool) -> None:
    assert is_party_word(word, party) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("Armenian side", "Armenia", True), ("Armenia", "Azerbaijan", False), (None, None, True)],
)
def test_same_party(a: str | None, b: str | None, expected: bool) -> None:
    assert same_party(a, b) is expected


def _names(results: list) -> dict[str, set[str]]:
    record = reconcile(results)
    return {s.name: {s.name, *s.aliases} for s in record.sources}


def test_seed_spellings_become_one_source_with_reasons() -> None:
    record = reconcile(seed_results())
    mod = next(s for s in record.sources if s.name == "Armenian Defence Ministry")
    assert {"Armenian Defense Ministry", "Armenian Defenсe Ministry", "the ministry"} <= set(
        mod.aliases
    )
    assert any("resolved by context" in r for r in mod.merge_reasons)
    assert any("look-alike" in r for r in mod.merge_reasons)
    aze = next(s for s in record.sources if s.name == "Azerbaijani Defence Ministry")
    assert {"Ministry of Defence of Azerbaijan", "Azerbaijan's Defense Ministry"} <= set(
        aze.aliases
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Armenian Foreign Ministry", "Armenian Defence Ministry"),
        ("Azerbaijani Defence Ministry", "Armenian Defence Ministry"),
    ],
)
def test_distinct_sources_stay_apart(first: str, second: str) -> None:
    side = {"Armenian": "Armenia", "Azerbaijani": "Azerbaijan"}
    results = one_article(
        claim("c1", first, side=side[first.split()[0]], at=10),
        claim("c2", second, side=side[second.split()[0]], at=50),
    )
    names = _names(results)
    assert first in names
    assert second in names


@pytest.mark.parametrize(
    ("side", "expected"),
    [("Armenia", "Armenian Defence Ministry"), ("Azerbaijan", "Azerbaijani Defence Ministry")],
)
def test_generic_name_resolved_by_side(side: str, expected: str) -> None:
    results = one_article(
        claim("c1", "Armenian Defence Ministry", side="Armenia", at=10),
        claim("c2", "Azerbaijani Defence Ministry", side="Azerbaijan", at=50),
        claim("c3", "the ministry", side=side, at=90),
    )
    record = reconcile(results)
    assert record.sources[[s.name for s in record.sources].index(expected)].aliases == [
        "the ministry"
    ]


def test_generic_name_without_candidate_stays_own_source() -> None:
    results = one_article(claim("c1", "the ministry", side="Armenia"))
    assert [s.name for s in reconcile(results).sources] == ["the ministry"]


def test_capital_named_source_is_shown_as_government() -> None:
    results = one_article(claim("c1", "Baku", side="Azerbaijan"))
    source = reconcile(results).sources[0]
    assert (source.name, source.aliases) == ("Government of Azerbaijan", ["Baku"])


def test_typo_merged_fuzzily_on_same_side_only() -> None:
    results = one_article(
        claim("c1", "Armenian Defence Ministry", side="Armenia", at=10),
        claim("c2", "Armenian Defence Minstry", side="Armenia", at=50),
    )
    (source,) = reconcile(results).sources
    assert source.aliases == ["Armenian Defence Minstry"]
    assert "alike" in source.merge_reasons[0]


@pytest.mark.parametrize(
    ("name", "side", "words"),
    [
        ("Colonel Daven Oskar", "Dolmar", ("daven", "oskar")),
        ("Maj. Gen. Ilse Marov", "Teralia", ("ilse", "marov")),
        ("Teralian army spokeswoman Ilse Marov", "Teralia", ("ilse", "marov")),
        ("Oskar", "Dolmar", ("oskar",)),
        ("Kestrian Defence Ministry", "Kestria", ()),
        ("the Dolmari spokesman", "Dolmar", ()),
    ],
)
def test_person_words(name: str, side: str, words: tuple[str, ...]) -> None:
    assert person_words(name, side) == words


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("daven", "oskar"), ("oskar",), True),
        (("daven", "oskar"), ("daven", "oskar"), True),
        (("daven", "oskar"), ("mira", "oskar"), False),
        (("daven", "oskar"), ("daven",), False),  # a first name is not a surname
        ((), ("oskar",), False),
    ],
)
def test_same_person(a: tuple[str, ...], b: tuple[str, ...], same: bool) -> None:
    assert same_person(a, b) is same


def test_person_merged_across_articles_with_titles_and_spokesman() -> None:
    results = [
        result("a1", [incident()], [
            claim("c1", "Colonel Daven Oskar", side="Dolmar", at=10),
            claim("c2", "the Dolmari spokesman", side="Dolmar", at=80),
        ]),
        result("a2", [incident()], [claim("c1", "Oskar", side="Dolmar", at=10)]),
    ]  # fmt: skip
    (source,) = reconcile(results).sources
    assert source.name == "Colonel Daven Oskar"
    assert sorted(source.aliases) == ["Oskar", "the Dolmari spokesman"]
    assert any("the same person (daven oskar)" in r for r in source.merge_reasons)
    assert any("resolved by context" in r for r in source.merge_reasons)


@pytest.mark.parametrize(
    ("names", "sources"),
    [
        # same surname, other side: two people
        ((("Colonel Daven Oskar", "Dolmar"), ("Oskar", "Kestria")), 2),
        # two people share the surname: a bare 'Oskar' is not given to either
        ((("Daven Oskar", "Dolmar"), ("Mira Oskar", "Dolmar"), ("Oskar", "Dolmar")), 3),
    ],
)
def test_persons_kept_apart(names: tuple[tuple[str, str], ...], sources: int) -> None:
    results = one_article(
        *(claim(f"c{n}", name, side=side, at=10 * n) for n, (name, side) in enumerate(names))
    )
    assert len(reconcile(results).sources) == sources
