"""Runs and sweeps through the real `service.extract.extract`, answered by a FakeModel."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest
from pydantic import BaseModel

from evals.runs.config import RunConfig
from evals.runs.runner import Backends, default_backends, execute, plan_run
from evals.runs.scoring import rescore
from evals.runs.store import RunStore
from evals.runs.sweep import load_sweep
from schemas.article import ArticleIn
from service.config import Settings
from service.errors import InvalidOutput
from service.llm.base import Message, StructuredModel
from service.llm.fake import FakeModel
from tests.evals.conftest import DATA
from tests.evals.fakes import fake_factory, respond

SWEEP = f"""
name: test-sweep
fixtures: {DATA}
out: out
models: $models
pipelines: [default, baseline]
prompt_versions: [v4]
concurrency: 2
"""
ONE_MODEL = SWEEP.replace("$models", "[{name: fake-a}]")
TWO_MODELS = SWEEP.replace("$models", "[{name: fake-a}, {name: fake-b, label: second}]")


def test_sweep_two_configs_two_fixtures(tmp_path: Path, settings: Settings) -> None:
    sweep_file = tmp_path / "sweep.yaml"
    sweep_file.write_text(ONE_MODEL, encoding="utf-8")
    spec = load_sweep(sweep_file)
    plans = [plan_run(config, folder, settings) for config, folder in spec.configs()]
    assert [p.config.label for p in plans] == ["fake-a-default-v4", "fake-a-baseline-v4"]
    outcomes = execute(
        plans,
        backends=default_backends(fake_factory),
        concurrency=spec.concurrency,
        quiet=True,
    )
    assert [o.folder for o in outcomes] == [tmp_path / "out" / p.config.label for p in plans]
    for outcome in outcomes:
        store = RunStore.open(outcome.folder)
        records = store.records()
        assert [r.fixture_id for r in records] == ["clash-north", "flood-delta"]
        assert all(r.error is None and r.result is not None for r in records)
        assert outcome.aggregate.fixtures == 2
        assert outcome.aggregate.failed == 0
        manifest = store.manifest()
        assert manifest.finished_at is not None
        assert manifest.resolved["model"] == "fake-a"
        assert set(manifest.fixtures) == {"clash-north", "flood-delta"}
        assert manifest.packages["pydantic"]
        assert (outcome.folder / "records" / "clash-north.json").is_file()
        on_disk = json.loads((outcome.folder / "scores.json").read_text())
        assert on_disk["aggregate"]["micro"] == outcome.aggregate.micro
    default, baseline = (o.aggregate.micro for o in outcomes)
    # The fake answers with the gold labels, so both pipelines find the claims.
    assert baseline["claims.f1"] == pytest.approx(1.0)
    assert default["claims.recall"] > 0.5
    assert default["cost.calls"] > baseline["cost.calls"]


def test_sweep_cross_product_and_labels(tmp_path: Path) -> None:
    sweep_file = tmp_path / "sweep.yaml"
    sweep_file.write_text(TWO_MODELS, encoding="utf-8")
    configs = load_sweep(sweep_file).configs()
    assert [c.label for c, _ in configs] == [
        "fake-a-default-v4",
        "fake-a-baseline-v4",
        "second-default-v4",
        "second-baseline-v4",
    ]
    assert configs[2][0].model == "fake-b"


def _failing_extract(
    article: ArticleIn, *, model: StructuredModel, settings: Settings, pipeline: str | None = None
) -> object:
    if article.id == "flood-delta":
        raise InvalidOutput("ClaimDraft still invalid after 2 attempts")
    raise RuntimeError("bug in the pipeline")


def test_failures_are_recorded_and_scored_not_skipped(tmp_path: Path, settings: Settings) -> None:
    real = default_backends(fake_factory)
    backends = Backends(real.model_factory, _failing_extract, real.reconcile, real.build_briefing)  # type: ignore[arg-type]
    plan = plan_run(RunConfig(label="broken", fixtures=DATA), tmp_path / "run", settings)
    (outcome,) = execute([plan], backends=backends, quiet=True)
    assert outcome.aggregate.failed == 2
    assert outcome.aggregate.micro["claims.recall"] == 0.0
    assert outcome.aggregate.micro["run.failed"] == 1.0
    errors = {r.fixture_id: r.error for r in RunStore.open(tmp_path / "run").records()}
    assert errors["flood-delta"] is not None
    assert errors["flood-delta"].code == "model_output_invalid"
    assert errors["clash-north"] is not None
    assert errors["clash-north"].type == "RuntimeError"


def test_rescore_uses_current_labels_without_a_model(tmp_path: Path, settings: Settings) -> None:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    for name in ("clash-north.yaml", "clash-north.txt", "flood-delta.yaml"):
        (fixtures / name).write_bytes((DATA / name).read_bytes())
    config = RunConfig(label="r", fixtures=fixtures, pipeline="baseline")
    plan = plan_run(config, tmp_path / "run", settings)
    (first,) = execute([plan], backends=default_backends(fake_factory), quiet=True)
    # A label fix after the run (4 captured -> 5); rescoring must apply it without a model.
    path = fixtures / "clash-north.yaml"
    path.write_text(
        path.read_text().replace("low: 4, high: 4, qualifier", "low: 5, high: 5, qualifier")
    )
    report = rescore(tmp_path / "run")
    assert report.changed == ["clash-north"]
    assert first.aggregate.micro["figures.f1"] == pytest.approx(1.0)
    # 6 gold figures, one now differs: tp 5, fp 1, fn 1.
    assert report.aggregate.micro["figures.f1"] == pytest.approx(10 / 12)
    with sqlite3.connect(tmp_path / "run" / "run.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM scores").fetchone() == (2,)
    assert RunStore.open(tmp_path / "run").manifest().rescored_at is not None


def _no_summary(response_model: type[BaseModel], messages: Sequence[Message]) -> object:
    try:
        return respond(response_model, messages)
    except AssertionError:  # the briefing's summary: let it fall back to its template
        return InvalidOutput("the fake writes no summaries")


@pytest.mark.parametrize("briefings", [False, True])
def test_contested_and_briefing_checks(tmp_path: Path, settings: Settings, briefings: bool) -> None:
    def factory(s: Settings, cache: bool) -> FakeModel:
        return FakeModel(responder=_no_summary)

    config = RunConfig(label="b", fixtures=DATA, pipeline="baseline", briefings=briefings)
    plan = plan_run(config, tmp_path / "run", settings)
    (outcome,) = execute([plan], backends=default_backends(factory), quiet=True)
    micro = outcome.aggregate.micro
    # Disputes come from the reconciliation step either way: 4 vs 3 captured is found.
    assert micro["contested.recall"] == 1.0
    assert micro["contested.precision"] == 1.0
    assert ("briefing.checks_passed" in micro) is briefings
    if briefings:
        records = RunStore.open(tmp_path / "run").records()
        assert all(r.briefing_checks for r in records)
