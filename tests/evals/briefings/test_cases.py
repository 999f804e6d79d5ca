"""The briefing cases in the repository: invented cases score perfectly, every case's template
summary passes every check, and `evenhand eval briefings` reports the scores."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from evals.briefings.cases import load_cases
from evals.briefings.run import CaseOutcome, run_cases
from service.cli.main import app
from service.config import Settings

CASES = Path(__file__).resolve().parents[3] / "evals" / "briefings" / "cases"


@pytest.fixture(scope="module")
def outcomes() -> dict[str, CaseOutcome]:
    done, _ = run_cases(load_cases(CASES), Settings())
    return {o.case.spec.name: o for o in done}


@pytest.mark.parametrize(
    "name", ["two-sides", "short-clash", "rising-toll", "denial", "quoted-twice"]
)
def test_invented_cases_score_perfectly(outcomes: dict[str, CaseOutcome], name: str) -> None:
    outcome = outcomes[name]
    assert outcome.counts.misses == []
    assert all(v in (None, 1.0) for v in outcome.counts.metrics().values())
    assert all(c.passed for c in outcome.briefing.checks), outcome.briefing.checks


def test_rising_toll_is_a_timeline_not_a_dispute(outcomes: dict[str, CaseOutcome]) -> None:
    briefing = outcomes["rising-toll"].briefing
    assert briefing.contested == [] or all(p.kind == "claim" for p in briefing.contested)
    (update,) = briefing.updates
    assert [s.low for s in update.steps] == [21, 31]


def test_real_case_includes_the_g7_story(outcomes: dict[str, CaseOutcome]) -> None:
    briefing = outcomes["ukraine-ceasefire"].briefing
    assert "voa-8010842" in briefing.meta.article_ids
    assert all(c.passed for c in briefing.checks)


def test_eval_briefings_command(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(
        app, ["eval", "briefings", "--cases", str(CASES), "--write-inputs", str(tmp_path)]
    )
    assert outcome.exit_code == 0, outcome.output
    assert "all cases:" in outcome.output
    assert (tmp_path / "sarrow-2024-09-10.json").is_file()
