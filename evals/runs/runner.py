"""Run configurations over fixtures with bounded concurrency, storing and scoring as results land.

`execute` takes several plans at once (a sweep) and shares one worker pool among them, so the
concurrency bound holds for the whole sweep. A fixture that fails is recorded with its error and
scored as an empty prediction; the run goes on.

Failure policy: a configuration fails when its model cannot be set up, or when the first
`FAIL_FAST` fixtures it finishes (all of them, if it has fewer) all failed: a dead endpoint, a
refused key, every call failing. Its remaining fixtures are cancelled, and it is reported as
failed with the first error instead of being scored as zeros.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from evals.loader import LoadedFixture, load_fixtures
from evals.metrics.score import FixtureScore
from evals.runs.adapters import Reconciled, checks_from_briefing, contested_of
from evals.runs.config import RunConfig
from evals.runs.progress import RunProgress
from evals.runs.provenance import git_info, package_versions, python_version, utc_now
from evals.runs.scoring import score_record, write_scores
from evals.runs.store import Aggregate, CheckOutcome, ErrorInfo, Manifest, RunRecord, RunStore
from schemas.article import ArticleIn
from schemas.briefing import Briefing
from schemas.result import ExtractionResult
from service.config import Settings
from service.errors import EvenhandError
from service.llm.base import StructuredModel

log = logging.getLogger(__name__)

FAIL_FAST = 3


class Extractor(Protocol):
    def __call__(
        self,
        article: ArticleIn,
        *,
        model: StructuredModel,
        settings: Settings,
        pipeline: str | None = None,
    ) -> ExtractionResult: ...


class Reconciler(Protocol):
    def __call__(self, results: Sequence[ExtractionResult]) -> Reconciled: ...


class Briefer(Protocol):
    def __call__(
        self, results: Sequence[ExtractionResult], *, model: StructuredModel, settings: Settings
    ) -> Briefing: ...


ModelFactory = Callable[[Settings, bool], StructuredModel]  # (settings, use response cache)


@dataclass(frozen=True)
class Backends:
    """The service functions a run calls; tests substitute the model factory only."""

    model_factory: ModelFactory
    extract: Extractor
    reconcile: Reconciler
    build_briefing: Briefer


def cached_model(settings: Settings, cache: bool) -> StructuredModel:
    """The configured model behind the response cache (by model, messages, parameters, schema)."""
    from service.llm.cache import CachingModel, default_cache_path
    from service.llm.factory import get_model

    return CachingModel(get_model(settings), default_cache_path(settings), enabled=cache)


def default_backends(model_factory: ModelFactory | None = None) -> Backends:
    # Imported here so `compare`, `report` and `rescore` never load the model stack.
    from service.briefing import build_briefing
    from service.extract import extract
    from service.reconcile import reconcile

    return Backends(
        model_factory=model_factory or cached_model,
        extract=extract,
        reconcile=reconcile,
        build_briefing=build_briefing,
    )


@dataclass
class RunPlan:
    config: RunConfig
    folder: Path
    settings: Settings
    fixtures: list[LoadedFixture]


def plan_run(config: RunConfig, folder: Path, base: Settings) -> RunPlan:
    fixtures = load_fixtures(
        config.fixtures, ids=config.ids, limit=config.limit, split=config.split
    )
    return RunPlan(config, folder, config.settings(base), fixtures)


@dataclass
class RunOutcome:
    label: str
    folder: Path
    aggregate: Aggregate
    failure: str | None = None  # why the configuration failed; its scores mean nothing then


@dataclass
class _Active:
    plan: RunPlan
    store: RunStore
    manifest: Manifest
    model: StructuredModel | None  # None: it could not be set up (see `failure`)
    key: int  # in the progress display
    failure: str | None = None
    scores: list[FixtureScore] = field(default_factory=list)


def _error(exc: BaseException) -> ErrorInfo:
    if isinstance(exc, EvenhandError):
        return ErrorInfo(type=type(exc).__name__, code=exc.code, message=exc.message)
    return ErrorInfo(type=type(exc).__name__, code=None, message=str(exc) or repr(exc))


def run_fixture(
    plan: RunPlan, model: StructuredModel, item: LoadedFixture, backends: Backends
) -> RunRecord:
    """Extract (and brief) one fixture; every exception becomes part of the record."""
    gold = item.fixture
    article = ArticleIn(
        text=gold.text,
        id=gold.id,
        title=gold.article.title,
        publisher=gold.article.publisher,
        published_at=gold.article.published_at,
    )
    started = time.perf_counter()
    record: dict[str, Any] = {"result": None, "error": None}
    try:
        result = backends.extract(
            article, model=model, settings=plan.settings, pipeline=plan.settings.pipeline
        )
        record["result"] = result
    except Exception as exc:  # one broken fixture must cost one fixture, not the sweep
        if not isinstance(exc, EvenhandError):
            log.exception("extraction of %s raised unexpectedly", gold.id)
        record["error"] = _error(exc)
    else:
        record |= _reconciled(plan, model, result, backends)
    return RunRecord(
        fixture_id=gold.id,
        fixture_sha256=item.sha256,
        split=item.split,
        fixture=gold,
        wall_s=time.perf_counter() - started,
        **record,
    )


def _reconciled(
    plan: RunPlan, model: StructuredModel, result: ExtractionResult, backends: Backends
) -> dict[str, Any]:
    """Disputed figures (from the briefing when one is built) and the briefing's checks.

    Neither failure voids the extraction's scores: a failed briefing fails its checks, a failed
    reconciliation reports no disputes and says so in `notes`.
    """
    article_id = result.article.id
    if plan.config.briefings:
        try:
            briefing = backends.build_briefing([result], model=model, settings=plan.settings)
        except Exception as exc:
            if not isinstance(exc, EvenhandError):
                log.exception("briefing of %s raised unexpectedly", article_id)
            failed = CheckOutcome(name="briefing_built", passed=False, reasons=[str(_error(exc))])
            return {"contested": [], "briefing_checks": [failed]}
        return {
            "contested": contested_of(briefing, article_id),
            "briefing_checks": checks_from_briefing(briefing),
        }
    try:
        return {"contested": contested_of(backends.reconcile([result]), article_id)}
    except Exception as exc:
        log.exception("reconciliation of %s raised unexpectedly", article_id)
        return {"contested": [], "notes": [f"reconciliation failed: {_error(exc)}"]}


def _start(plan: RunPlan, backends: Backends, progress: RunProgress) -> _Active:
    store = RunStore.create(plan.folder)
    key = progress.add(plan.config.label, len(plan.fixtures))
    model, failure = None, None
    try:
        model = backends.model_factory(plan.settings, plan.config.cache)
    except EvenhandError as exc:
        failure = f"model not set up: {_error(exc)}"
        progress.stopped(key, failure)
    resolved = (
        {"model": model.info.name, "backend": model.info.backend, "mode": model.info.mode}
        if model is not None
        else {"model": plan.settings.model, "backend": None, "mode": None}
    )
    manifest = Manifest(
        run_id=uuid.uuid4().hex,
        label=plan.config.label,
        config=plan.config,
        resolved={
            **resolved,
            "pipeline": plan.settings.pipeline,
            "prompt_version": plan.settings.prompt_version,
            "base_url": plan.settings.base_url,
        },
        git=git_info(),
        python=python_version(),
        packages=package_versions(),
        fixtures_dir=str(plan.config.fixtures.resolve()),
        fixtures={f.id: f.sha256 for f in plan.fixtures},
        started_at=utc_now(),
    )
    store.put_manifest(manifest)
    return _Active(plan, store, manifest, model, key, failure)


def _tracked(
    progress: RunProgress, run: _Active, item: LoadedFixture, backends: Backends
) -> RunRecord:
    assert run.model is not None  # fixtures are only submitted for a model that is set up
    progress.started(run.key, item.id)
    return run_fixture(run.plan, run.model, item, backends)


def _fails_fast(run: _Active) -> str | None:
    """Why the configuration failed, once its first `FAIL_FAST` fixtures all failed."""
    first = min(FAIL_FAST, len(run.plan.fixtures))
    if len(run.scores) != first or not all(s.failed for s in run.scores):
        return None
    return f"its first {first} fixture(s) all failed; first error: {run.scores[0].error}"


def execute(
    plans: Sequence[RunPlan],
    *,
    backends: Backends | None = None,
    concurrency: int = 1,
    quiet: bool = False,
) -> list[RunOutcome]:
    """Run every plan; returns each run's outcome in plan order. Progress goes to stderr."""
    backends = backends or default_backends()
    with RunProgress(quiet=quiet) as progress, ThreadPoolExecutor(concurrency) as pool:
        runs = [_start(plan, backends, progress) for plan in plans]
        futures: dict[Future[RunRecord], int] = {
            pool.submit(_tracked, progress, run, item, backends): index
            for index, run in enumerate(runs)
            if run.failure is None
            for item in run.plan.fixtures
        }
        try:
            for future in as_completed(futures):
                run = runs[futures[future]]
                if future.cancelled():
                    continue
                record = future.result()
                run.store.put_record(record)
                run.scores.append(score_record(record))
                progress.finished(
                    run.key,
                    record.fixture_id,
                    failed=record.error is not None,
                    wall_s=record.wall_s,
                )
                if run.failure is None and (failure := _fails_fast(run)):
                    run.failure = failure
                    progress.stopped(run.key, failure)
                    for other, index in futures.items():
                        if runs[index] is run:
                            other.cancel()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return [_finish(run) for run in runs]


def _finish(run: _Active) -> RunOutcome:
    scores = sorted(run.scores, key=lambda s: s.fixture_id)
    summary = write_scores(run.store, scores)
    # Cache hits cost no tokens, so a replayed run's cost reads low: record how many there were.
    cache = {k: v for k in ("hits", "misses") if isinstance(v := getattr(run.model, k, None), int)}
    update = {"finished_at": utc_now(), "model_cache": cache or None, "failure": run.failure}
    run.store.put_manifest(run.manifest.model_copy(update=update))
    return RunOutcome(run.plan.config.label, run.plan.folder, summary, run.failure)
