"""Scores of a run folder, computed from stored records only: no model is ever called here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evals.gold import Fixture
from evals.loader import load_fixtures
from evals.metrics.ratio import aggregate
from evals.metrics.score import FixtureScore, score_fixture
from evals.runs.provenance import utc_now
from evals.runs.store import Aggregate, RunRecord, RunStore
from evals.splits import Split, group_counts, in_group


def score_record(
    record: RunRecord, fixture: Fixture | None = None, split: Split | None = None
) -> FixtureScore:
    """Score a stored record against `fixture` (default: the copy stored with the record)."""
    checks = record.briefing_checks
    return score_fixture(
        fixture or record.fixture,
        record.result,
        error=str(record.error) if record.error else None,
        contested=record.contested,
        briefing_checks=None if checks is None else [c.passed for c in checks],
        wall_s=record.wall_s,
        split=split or record.split,
    )


def _overall(scores: Sequence[FixtureScore]) -> Aggregate:
    metrics = [s.metrics for s in scores]
    return Aggregate(
        fixtures=len(scores),
        failed=sum(s.failed for s in scores),
        micro=aggregate(metrics, "micro"),
        macro=aggregate(metrics, "macro"),
    )


def summarise(scores: Sequence[FixtureScore]) -> Aggregate:
    """Overall aggregates, and the same for each group that has fixtures."""
    groups = [g for g in group_counts(s.split for s in scores) if g != "all"]
    return _overall(scores).model_copy(
        update={
            "groups": {g: _overall([s for s in scores if in_group(g, s.split)]) for g in groups}
        }
    )


def group_sizes(aggregates: Sequence[Aggregate]) -> dict[str, int]:
    """Fixtures per group over several runs (the most any run scored)."""
    sizes: dict[str, int] = {}
    for agg in aggregates:
        for group, sub in {**agg.groups, "all": agg}.items():
            sizes[group] = max(sizes.get(group, 0), sub.fixtures)
    return sizes


def write_scores(store: RunStore, scores: Sequence[FixtureScore]) -> Aggregate:
    summary = summarise(scores)
    store.put_scores(scores, summary)
    return summary


@dataclass
class RescoreReport:
    aggregate: Aggregate
    changed: list[str] = field(default_factory=list)  # fixtures whose labels changed since the run
    missing: list[str] = field(default_factory=list)  # fixtures no longer in the folder


def rescore(folder: Path, fixtures_dir: Path | None = None) -> RescoreReport:
    """Recompute every score of a run with the current metric code.

    Labels come from `fixtures_dir` (default: the folder the run used) when the fixture is still
    there, so corrected labels apply without re-running the model; otherwise from the copy stored
    with the run.
    """
    store = RunStore.open(folder)
    manifest = store.manifest()
    source = fixtures_dir or Path(manifest.fixtures_dir)
    current: Mapping[str, Fixture] = {}
    hashes: dict[str, str] = {}
    splits: dict[str, Split] = {}
    if source.is_dir():
        loaded = load_fixtures(source)
        current = {f.id: f.fixture for f in loaded}
        hashes = {f.id: f.sha256 for f in loaded}
        splits = {f.id: f.split for f in loaded}
    report_changed, report_missing, scores = [], [], []
    for record in store.records():
        if record.fixture_id not in current:
            report_missing.append(record.fixture_id)
        elif hashes[record.fixture_id] != record.fixture_sha256:
            report_changed.append(record.fixture_id)
        fid = record.fixture_id
        scores.append(score_record(record, current.get(fid), splits.get(fid)))
    summary = write_scores(store, scores)
    store.put_manifest(manifest.model_copy(update={"rescored_at": utc_now()}))
    return RescoreReport(summary, report_changed, report_missing)
