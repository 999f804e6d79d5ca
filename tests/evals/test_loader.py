"""Fixture loading: valid fixtures load; each kind of bad fixture is refused with file, field and
reason."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from evals.loader import FixtureError, load_fixture, load_fixtures
from service.errors import InputError
from tests.evals.conftest import DATA

Data = dict[str, Any]


def _base() -> Data:
    data = yaml.safe_load((DATA / "clash-north.yaml").read_text(encoding="utf-8"))
    data["article"]["text_file"] = str((DATA / "clash-north.txt").resolve())
    return data


def _write(folder: Path, data: Data, name: str = "clash-north") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_loads_both_text_forms() -> None:
    loaded = {f.id: f for f in load_fixtures(DATA)}
    assert sorted(loaded) == ["clash-north", "flood-delta"]
    assert loaded["clash-north"].fixture.text.startswith("Northland Says")
    assert loaded["flood-delta"].fixture.claims[1].evidence == [
        "Aid group Relief Now said at least 12 people had died."
    ]
    assert len(loaded["clash-north"].sha256) == 64


def _set(path: str, value: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value

    return change


REJECTIONS: list[tuple[str, Callable[[Data], None], str, str]] = [
    (
        "evidence not in text",
        _set("claims.0.evidence", "Three Northland soldiers were killed"),
        "claims[0].evidence[0]",
        "not a verbatim substring",
    ),
    (
        # The article has a Cyrillic "с" in "Defenсe"; the label typed a Latin one.
        "evidence differs by a look-alike letter",
        _set(
            "claims.0.evidence",
            "near the village of Arden on Monday, the Northland Defence Ministry said.",
        ),
        "claims[0].evidence[0]",
        "not verbatim (normalized match only)",
    ),
    (
        "unknown event type",
        _set("incidents.0.event_type", "war"),
        "incidents[0].event_type",
        "battles",
    ),
    (
        "unknown source type",
        _set("claims.1.source.type", "army"),
        "claims[1].source.type",
        "military",
    ),
    ("unknown claim kind", _set("claims.1.kind", "claim"), "claims[1].kind", "casualty_report"),
    (
        "unknown figure category",
        _set("claims.0.figures.0.category", "dead"),
        "claims[0].figures[0].category",
        "killed",
    ),
    (
        "claim incident key does not exist",
        _set("claims.2.incident", "other-clash"),
        "claims[2].incident",
        "unknown incident key 'other-clash'",
    ),
    (
        "contested incident key does not exist",
        _set("contested.0.incident", "nowhere"),
        "contested[0].incident",
        "unknown incident key",
    ),
    (
        "low greater than high",
        _set("claims.0.figures.0.low", 3),
        "claims[0].figures[0]",
        "low (3) is greater than high (2)",
    ),
    (
        "at_least with a high bound",
        _set("claims.0.figures.0.qualifier", "at_least"),
        "claims[0].figures[0]",
        "qualifier 'at_least' needs low set, high null",
    ),
    (
        "up_to with a low bound",
        _set("claims.0.figures.0.qualifier", "up_to"),
        "claims[0].figures[0]",
        "qualifier 'up_to' needs high set, low null",
    ),
    (
        "exact with low != high",
        _set(
            "claims.0.figures.1",
            {
                "category": "injured",
                "party": "Northland",
                "low": 5,
                "high": 6,
                "qualifier": "exact",
            },
        ),
        "claims[0].figures[1]",
        "needs low = high",
    ),
    (
        "contested value low greater than high",
        _set("contested.0.values.0", {"source": "Southland army", "low": 5, "high": 4}),
        "contested[0].values[0]",
        "greater than high",
    ),
    (
        "contested source is no claim source",
        _set("contested.0.values.0.source", "Southland navy"),
        "contested[0].values[0].source",
        "not the name or alias",
    ),
    ("bad date", _set("incidents.0.date", "2024-02-30"), "incidents[0].date", "not a real date"),
    ("date not ISO", _set("incidents.0.date", "Monday"), "incidents[0].date", "YYYY-MM-DD"),
    ("unknown field", _set("claims.0.confidence", 0.9), "claims[0].confidence", "Extra inputs"),
    ("format version", _set("format", 2), "format", "1"),
    ("id not kebab-case", _set("id", "Clash_North"), "id", "kebab-case"),
    ("id does not match file name", _set("id", "clash-south"), "id", "clash-south.yaml"),
    (
        "missing text file",
        _set("article.text_file", "nope.txt"),
        "article.text_file",
        "no such file",
    ),
    ("both text forms", _set("article.text", "inline"), "article", "exactly one"),
    (
        "duplicate incident key",
        lambda d: d["incidents"].append(copy.deepcopy(d["incidents"][0])),
        "incidents[1].key",
        "duplicate incident key",
    ),
]


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [r[1:] for r in REJECTIONS],
    ids=[r[0] for r in REJECTIONS],
)
def test_rejects_bad_fixture(
    tmp_path: Path, change: Callable[[Data], None], field: str, reason: str
) -> None:
    data = _base()
    change(data)
    path = _write(tmp_path, data)
    with pytest.raises(FixtureError) as caught:
        load_fixture(path)
    problems = caught.value.problems
    assert any(p.file == path and p.field == field and reason in p.reason for p in problems), [
        str(p) for p in problems
    ]
    assert str(path) in caught.value.message


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _write(tmp_path / "a", _base())
    second = _write(tmp_path / "b", _base())
    with pytest.raises(FixtureError) as caught:
        load_fixtures(tmp_path)
    (problem,) = caught.value.problems
    assert problem.file == second
    assert problem.field == "id"
    assert "duplicate fixture id 'clash-north'" in problem.reason


def test_reports_every_bad_file_at_once(tmp_path: Path) -> None:
    bad = _base()
    bad["incidents"][0]["event_type"] = "war"
    _write(tmp_path, bad)
    (tmp_path / "broken.yaml").write_text("format: 1\nid: [unclosed\n", encoding="utf-8")
    with pytest.raises(FixtureError) as caught:
        load_fixtures(tmp_path)
    files = sorted(p.file.name for p in caught.value.problems)
    assert files == ["broken.yaml", "clash-north.yaml"]
    assert any("invalid YAML" in p.reason for p in caught.value.problems)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: None, "fixtures folder not found"),
        (lambda d: d.mkdir(), "no fixtures"),
    ],
)
def test_folder_errors(tmp_path: Path, setup: Callable[[Path], None], message: str) -> None:
    folder = tmp_path / "fixtures"
    setup(folder)
    with pytest.raises(InputError, match=message):
        load_fixtures(folder)


def test_ids_and_limit_select() -> None:
    assert [f.id for f in load_fixtures(DATA, ids=["flood-delta"])] == ["flood-delta"]
    assert len(load_fixtures(DATA, limit=1)) == 1
    with pytest.raises(InputError, match="no fixture with id nope"):
        load_fixtures(DATA, ids=["nope"])
