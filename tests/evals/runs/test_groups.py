"""Real/invented groups through runs, tables, compare and the report; a failed configuration;
progress on stderr only."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from evals.compare import compare_groups
from evals.report.page import write_report
from evals.runs import runner
from evals.runs.config import RunConfig
from evals.runs.runner import FAIL_FAST, default_backends, execute, plan_run
from evals.runs.store import RunStore
from evals.tables import outcomes_tables
from service.cli.main import app
from service.config import Settings
from service.errors import BackendUnavailable
from service.llm.base import Message
from service.llm.fake import FakeModel
from tests.evals.fakes import fake_factory


def _dead(response_model: type[BaseModel], messages: Sequence[Message]) -> object:
    return BackendUnavailable("connection refused: http://127.0.0.1:9/v1")


def factory(settings: Settings, cache: bool) -> FakeModel:
    """The gold-answering fake, or a dead endpoint for a model named 'dead'."""
    if settings.model == "dead":
        return FakeModel(responder=_dead, name="dead")
    return fake_factory(settings, cache)


def test_groups_in_scores_tables_and_compare(
    mixed: Path, tmp_path: Path, settings: Settings
) -> None:
    plans = [
        plan_run(RunConfig(label=p, fixtures=mixed, pipeline=p), tmp_path / p, settings)
        for p in ("baseline", "default")
    ]
    base, cand = execute(plans, backends=default_backends(factory), quiet=True)
    groups = base.aggregate.groups
    assert {g: a.fixtures for g, a in groups.items()} == {
        "real-test": 1,
        "real-dev": 1,
        "real": 2,
        "invented": 2,
    }
    assert base.aggregate.fixtures == 4
    assert groups["real-test"].micro["claims.f1"] == pytest.approx(1.0)
    titles = [str(t.title) for t in outcomes_tables([base, cand])]
    assert [t.split()[0] for t in titles] == ["real-test", "real-dev", "real", "invented", "all"]
    scores = [RunStore.open(o.folder).scores() for o in (base, cand)]
    assert {s.fixture_id: s.split for s in scores[0]}["voa-9000001"] == "real-test"
    compared = compare_groups(*scores, resamples=100)
    assert list(compared) == ["real-test", "real-dev", "real", "invented", "all"]
    assert compared["invented"].shared == ["clash-north", "flood-delta"]
    html = write_report([base.folder, cand.folder], tmp_path / "report.html").read_text()
    assert html.index("real-test fixtures (1)") < html.index("invented fixtures (2)")
    assert "<td>real-dev</td>" in html


def test_a_split_only(mixed: Path, tmp_path: Path, settings: Settings) -> None:
    config = RunConfig(label="t", fixtures=mixed, split="real-test")
    (outcome,) = execute(
        [plan_run(config, tmp_path / "t", settings)], backends=default_backends(factory), quiet=True
    )
    assert outcome.aggregate.fixtures == 1
    assert [str(t.title).split()[0] for t in outcomes_tables([outcome])] == ["real-test"]


def test_dead_endpoint_fails_the_configuration(
    mixed: Path, tmp_path: Path, settings: Settings
) -> None:
    plans = [
        plan_run(RunConfig(label=m, fixtures=mixed, model=m), tmp_path / m, settings)
        for m in ("dead", "alive")
    ]
    dead, alive = execute(plans, backends=default_backends(factory), quiet=True)
    assert dead.failure is not None
    assert f"first {FAIL_FAST} fixture(s) all failed" in dead.failure
    assert "connection refused" in dead.failure
    # Fixtures not yet started are cancelled (a fast failure may let one more start first).
    assert len(RunStore.open(dead.folder).records()) >= FAIL_FAST
    assert RunStore.open(dead.folder).manifest().failure == dead.failure
    assert alive.failure is None
    html = write_report([dead.folder, alive.folder], tmp_path / "r.html").read_text()
    assert "configuration failed: its first 3 fixture(s) all failed" in html


def test_model_that_cannot_be_set_up(mixed: Path, tmp_path: Path, settings: Settings) -> None:
    def broken(settings: Settings, cache: bool) -> FakeModel:
        raise BackendUnavailable("no model file")

    plan = plan_run(RunConfig(label="x", fixtures=mixed), tmp_path / "x", settings)
    (outcome,) = execute([plan], backends=default_backends(broken), quiet=True)
    assert outcome.failure is not None
    assert "no model file" in outcome.failure
    assert outcome.aggregate.fixtures == 0


def test_cli_progress_on_stderr_and_failed_sweep(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "cached_model", factory)
    cli = CliRunner()
    out = tmp_path / "run"
    done = cli.invoke(app, ["eval", "run", "--fixtures", str(mixed), "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "real-test fixtures" in done.stdout
    assert "ETA" not in done.stdout
    assert "4/4 voa-9000002 ok" in done.stderr
    assert "ETA" in done.stderr
    quiet = cli.invoke(app, ["eval", "run", "--fixtures", str(mixed), "--out", str(out), "-q"])
    assert quiet.exit_code == 0
    assert quiet.stderr == ""
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(
        f"name: s\nfixtures: {mixed}\nout: out\nmodels: [{{name: dead}}, {{name: alive}}]\n",
        encoding="utf-8",
    )
    failed = cli.invoke(app, ["eval", "sweep", str(sweep), "--quiet"])
    assert failed.exit_code == 1
    assert "1 configuration(s) failed: dead-default-v4" in failed.stderr
    assert "CONFIGURATION FAILED" in failed.stdout
    assert "configuration failed" in (tmp_path / "out" / "report.html").read_text()
    bad = cli.invoke(
        app, ["eval", "run", "--fixtures", str(mixed), "--out", str(out), "--split", "x"]
    )
    assert bad.exit_code == 2
    assert "unknown split 'x'" in bad.stderr
