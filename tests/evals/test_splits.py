"""Real and invented fixtures: tagging by folder, dev/test halves from splits.yaml, selection,
and the reserved stories the loader refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals import reserved
from evals.loader import FixtureError, load_fixture, load_fixtures
from evals.splits import shown_groups
from service.errors import InputError
from tests.evals.conftest import REAL_DATA

# Any reserved story, taken from the one list of them (never named again here).
HELD_OUT = min(reserved.RESERVED)


def test_tags_every_fixture(mixed: Path) -> None:
    splits = {f.id: f.split for f in load_fixtures(mixed)}
    assert splits == {
        "clash-north": "invented",
        "flood-delta": "invented",
        "voa-9000001": "real-test",
        "voa-9000002": "real-dev",
    }


@pytest.mark.parametrize(
    ("split", "ids"),
    [
        (None, ["clash-north", "flood-delta", "voa-9000001", "voa-9000002"]),
        ("real", ["voa-9000001", "voa-9000002"]),
        ("real-test", ["voa-9000001"]),
        ("real-dev", ["voa-9000002"]),
        ("invented", ["clash-north", "flood-delta"]),
    ],
)
def test_selects_a_split(mixed: Path, split: str | None, ids: list[str]) -> None:
    assert [f.id for f in load_fixtures(mixed, split=split)] == ids  # type: ignore[arg-type]


def test_id_outside_the_selected_split(mixed: Path) -> None:
    with pytest.raises(InputError, match="no fixture with id clash-north in real-test"):
        load_fixtures(mixed, split="real-test", ids=["clash-north"])


def _problems(folder: Path) -> list[str]:
    with pytest.raises(FixtureError) as caught:
        load_fixtures(folder)
    return [str(p) for p in caught.value.problems]


SPLITS_PROBLEMS = [
    ("missing from splits", "test: [voa-9000001]\ndev: []\n", "in neither dev nor test"),
    ("in both halves", "test: [voa-9000001]\ndev: [voa-9000002, voa-9000001]\n", "listed twice"),
    (
        "reserved id listed",
        f"test: [voa-9000001, voa-{HELD_OUT}]\ndev: [voa-9000002]\n",
        f"story {HELD_OUT} is reserved",
    ),
    ("unknown key", "test: []\ndev: []\nheld_out: []\n", "held_out"),
]


@pytest.mark.parametrize(
    ("content", "reason"), [c[1:] for c in SPLITS_PROBLEMS], ids=[c[0] for c in SPLITS_PROBLEMS]
)
def test_splits_file_problems(mixed: Path, content: str, reason: str) -> None:
    (mixed / "real" / "splits.yaml").write_text(content, encoding="utf-8")
    assert any(reason in p for p in _problems(mixed)), _problems(mixed)


def test_real_fixture_names_its_story(mixed: Path) -> None:
    path = mixed / "real" / "voa-9000001.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "text_file: voa-9000001.txt", "text_file: voa-9000002.txt"
        ),
        encoding="utf-8",
    )
    assert any("its own story's text, 'voa-9000001.txt'" in p for p in _problems(mixed))


def _real_fixture(folder: Path, story: str, text_name: str | None = None) -> Path:
    """A copy of voa-9000002 as story `story`, its text in `text_name` (default its own)."""
    folder.mkdir(exist_ok=True)
    text_name = text_name or f"voa-{story}.txt"
    (folder / text_name).write_bytes((REAL_DATA / "voa-9000002.txt").read_bytes())
    source = (REAL_DATA / "voa-9000002.yaml").read_text(encoding="utf-8")
    path = folder / f"voa-{story}.yaml"
    path.write_text(
        source.replace("voa-9000002.txt", text_name).replace("voa-9000002", f"voa-{story}"),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("in_real_folder", [True, False])
def test_refuses_a_reserved_story_by_id(tmp_path: Path, in_real_folder: bool) -> None:
    if in_real_folder:
        tmp_path.mkdir(exist_ok=True)
        (tmp_path / "splits.yaml").write_text(
            f"test: []\ndev: [voa-{HELD_OUT}]\n", encoding="utf-8"
        )
    path = _real_fixture(tmp_path, HELD_OUT)
    with pytest.raises(FixtureError) as caught:
        load_fixture(path)
    assert any(f"story {HELD_OUT} is reserved" in str(p) for p in caught.value.problems)


def test_refuses_a_reserved_story_by_text_file(tmp_path: Path) -> None:
    path = _real_fixture(tmp_path, "9000003", text_name=f"voa-{HELD_OUT}.txt")
    with pytest.raises(FixtureError, match=f"story {HELD_OUT} is reserved"):
        load_fixture(path)


def test_refuses_a_reserved_story_by_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (REAL_DATA / "voa-9000002.txt").read_text(encoding="utf-8")
    # Pretend the stand-in text is a reserved story; re-wrapped, it must still be caught.
    monkeypatch.setattr(reserved, "_BY_HASH", {reserved.text_hash(text): HELD_OUT})
    path = _real_fixture(tmp_path, "9000003")
    (tmp_path / "voa-9000003.txt").write_text(text.replace(" ", "\n", 3), encoding="utf-8")
    with pytest.raises(FixtureError, match=f"story {HELD_OUT} is reserved"):
        load_fixture(path)


def test_every_reserved_story_is_listed_once() -> None:
    assert len(reserved.RESERVED) == 16
    assert len(set(reserved.RESERVED.values())) == 16


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ({"invented": 22, "all": 22}, ["invented"]),
        ({"real-test": 12, "real": 12, "all": 12}, ["real-test"]),
        (
            {"real-test": 12, "real-dev": 22, "real": 34, "invented": 22, "all": 56},
            ["real-test", "real-dev", "real", "invented", "all"],
        ),
        ({"real-test": 2, "real": 2, "invented": 2, "all": 4}, ["real-test", "invented", "all"]),
        ({}, []),
    ],
)
def test_shown_groups(counts: dict[str, int], shown: list[str]) -> None:
    assert shown_groups(counts) == shown
