"""`evenhand eval check-fixtures`: the repository's fixtures pass; each labelling problem is one
line; the summary counts the splits."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from evals.check import check_fixtures, stated_numbers
from service.cli.main import app
from tests.evals.conftest import DATA

REPO_FIXTURES = Path(__file__).resolve().parents[2] / "evals" / "fixtures"


def test_repository_fixtures_pass() -> None:
    report = check_fixtures([REPO_FIXTURES])
    assert [str(p) for p in report.problems] == []
    assert report.fixtures


@pytest.mark.parametrize(
    ("evidence", "number"),
    [
        ("at least 1,200 people fled", 1200),
        ("three workers were killed", 3),
        ("one of the soldiers died", 1),
        ("dozens were hurt", 24),
        ("between 10 and 15 were detained", 15),
        ("2.5 million people need aid", 2_500_000),
    ],
)
def test_numbers_written_in_evidence(evidence: str, number: int) -> None:
    assert number in stated_numbers(evidence)


def _with(mixed: Path, old: str, new: str) -> None:
    path = mixed / "real" / "voa-9000001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "low: 3, high: 3",
            "low: 4, high: 4",
            "voa-9000001.yaml: claims[0].figures[0]: 4 (killed) is not written",
        ),
        (
            'evidence: "a blaze',
            'evidence: "A blaze',
            "voa-9000001.yaml: claims[0].evidence[0]: not verbatim",
        ),
        (
            'source: {name: "Ilse Marov"',
            'source: {name: "Ilse Marov", unknown: 1',
            "voa-9000001.yaml: claims[1].source.unknown: Extra inputs",
        ),
    ],
)
def test_one_line_per_problem(mixed: Path, old: str, new: str, problem: str) -> None:
    _with(mixed, old, new)
    report = check_fixtures([mixed])
    assert len(report.problems) == 1
    assert problem in str(report.problems[0])


@pytest.mark.parametrize(
    ("evidence", "problems"),
    [("No new date for a ceasefire was set.", 0), ("met in Orlan on Monday", 1)],
)
def test_zero_is_stated_by_a_negation(mixed: Path, evidence: str, problems: int) -> None:
    path = mixed / "real" / "voa-9000002.yaml"
    text = path.read_text(encoding="utf-8")
    quote = (
        "Negotiators from Dalmora and Kestria met in Orlan on Monday, "
        "the Kestrian foreign ministry said."
    )
    zero = "{category: other, party: Kestria, group: dates, low: 0, high: 0, qualifier: exact}"
    path.write_text(
        text.replace(quote, evidence) + f"    figures:\n      - {zero}\n", encoding="utf-8"
    )
    assert len(check_fixtures([mixed]).problems) == problems


def test_summary_and_unlabelled(mixed: Path) -> None:
    (mixed / "real" / "splits.yaml").write_text(
        "test: [voa-9000001, voa-9000009]\ndev: [voa-9000002]\n", encoding="utf-8"
    )
    report = check_fixtures([mixed])
    assert report.problems == []
    assert report.unlabelled == ["voa-9000009"]
    assert report.summary() == (
        "4 fixture(s): 1 real test, 1 real dev, 2 invented; real with contested figures or "
        "several sources: 1, real without figures: 1; 0 problem(s)"
    )


def test_cli_exit_codes(mixed: Path) -> None:
    runner = CliRunner()
    good = runner.invoke(
        app, ["eval", "check-fixtures", str(mixed), str(DATA / "flood-delta.yaml")]
    )
    assert good.exit_code == 1  # flood-delta twice: a duplicate id
    assert "duplicate fixture id 'flood-delta'" in good.stdout
    ok = runner.invoke(app, ["eval", "check-fixtures", str(mixed)])
    assert ok.exit_code == 0, ok.stdout
    assert ok.stdout.strip().endswith("0 problem(s)")
    _with(mixed, "low: 3, high: 3", "low: 4, high: 4")
    bad = runner.invoke(app, ["eval", "check-fixtures", str(mixed)])
    assert bad.exit_code == 1
    lines = bad.stdout.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("4 (killed) is not written in the claim's evidence")
    assert lines[1].endswith("1 problem(s)")
