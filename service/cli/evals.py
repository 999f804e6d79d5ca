"""`evenhand eval`: validate fixtures, run and sweep configurations, rescore, compare, report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer
from rich.console import Console

from evals.check import check_fixtures
from evals.compare import compare_groups, regressed
from evals.loader import DEFAULT_FIXTURES_DIR, write_fixture
from evals.report.page import write_report
from evals.runs.config import RunConfig, default_label
from evals.runs.runner import RunOutcome, execute, plan_run
from evals.runs.scoring import rescore
from evals.runs.store import RunStore
from evals.runs.sweep import load_sweep, write_index
from evals.splits import SELECTORS, Selector
from evals.tables import comparison_table, outcomes_tables
from service.cli.common import EXIT_FAILURE, fail, handles_errors
from service.cli.push import KeyOpt, ServerOpt
from service.cli.remote import Server
from service.config import get_settings
from service.errors import InputError

app = typer.Typer(
    name="eval",
    help="Score extraction against hand-labelled fixtures; sweeps, comparisons, HTML report.",
    no_args_is_help=True,
)
out = Console()

FixturesOpt = Annotated[
    Path, typer.Option("--fixtures", help="Folder of fixture YAML files.", file_okay=False)
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress on stderr (fixture, n/N, ETA).")
]
SplitOpt = Annotated[
    str | None,
    typer.Option("--split", help=f"Only these fixtures: {', '.join(SELECTORS)} (default: all)."),
]


def _selector(split: str | None) -> Selector | None:
    if split is not None and split not in SELECTORS:
        raise InputError(f"unknown split {split!r}; choose one of {', '.join(SELECTORS)}")
    return cast(Selector | None, split)


@app.command("check-fixtures")
@handles_errors
def check_fixtures_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Fixture files or folders (default: evals/fixtures)."),
    ] = None,
) -> None:
    """Check fixtures: schema, verbatim evidence, figures' numbers in their evidence, keys and
    sources resolving, reserved stories, splits; one line per problem, then a summary."""
    report = check_fixtures(paths or [DEFAULT_FIXTURES_DIR])
    for problem in report.problems:
        typer.echo(str(problem))
    if report.unlabelled:
        listed = ", ".join(report.unlabelled)
        typer.echo(f"listed in a splits file, no fixture yet ({len(report.unlabelled)}): {listed}")
    typer.echo(report.summary())
    if report.problems:
        raise typer.Exit(EXIT_FAILURE)


def _report_outcomes(outcomes: list[RunOutcome]) -> None:
    for table in outcomes_tables(outcomes):
        out.print(table)


def _fail_if_failed(outcomes: list[RunOutcome]) -> None:
    failed = [o for o in outcomes if o.failure]
    if failed:
        reasons = "; ".join(f"{o.label}: {o.failure}" for o in failed)
        raise fail(f"{len(failed)} configuration(s) failed: {reasons}", EXIT_FAILURE)


@app.command("run")
@handles_errors
def run_cmd(
    out_dir: Annotated[Path, typer.Option("--out", help="Run folder to write.")],
    fixtures: FixturesOpt = DEFAULT_FIXTURES_DIR,
    model: Annotated[str | None, typer.Option(help="Model name (default: settings).")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint.")] = None,
    api_key_env: Annotated[
        str | None, typer.Option(help="Environment variable holding the endpoint's key.")
    ] = None,
    pipeline: Annotated[str | None, typer.Option(help="default or baseline.")] = None,
    prompt_version: Annotated[str | None, typer.Option(help="Prompt set, e.g. v1.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Call the model afresh.")] = False,
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="Fixtures at once.")] = 1,
    briefings: Annotated[bool, typer.Option(help="Also build and check briefings.")] = False,
    ids: Annotated[list[str] | None, typer.Option("--id", help="Only this fixture.")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most N fixtures.")] = None,
    label: Annotated[str | None, typer.Option(help="Name in tables.")] = None,
    split: SplitOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Score one configuration over the fixtures; writes RUN_DIR (SQLite + JSON)."""
    config = RunConfig(
        label=label or default_label(model, pipeline, prompt_version),
        fixtures=fixtures,
        model=model,
        base_url=base_url,
        api_key_env=api_key_env,
        pipeline=pipeline,
        prompt_version=prompt_version,
        cache=not no_cache,
        concurrency=concurrency,
        briefings=briefings,
        split=_selector(split),
        ids=ids or None,
        limit=limit,
    )
    plan = plan_run(config, out_dir, get_settings())
    outcomes = execute([plan], concurrency=concurrency, quiet=quiet)
    _report_outcomes(outcomes)
    out.print(f"run written to {out_dir}")
    _fail_if_failed(outcomes)


@app.command("sweep")
@handles_errors
def sweep_cmd(
    sweep_file: Annotated[Path, typer.Argument(help="Sweep YAML (see evals/sweeps/).")],
    quiet: QuietOpt = False,
    report: Annotated[bool, typer.Option(help="Write OUT/report.html at the end.")] = True,
) -> None:
    """Run models x prompt versions x pipelines over the fixtures, concurrency bounded."""
    spec = load_sweep(sweep_file)
    settings = get_settings()
    plans = [plan_run(config, folder, settings) for config, folder in spec.configs()]
    outcomes = execute(plans, concurrency=spec.concurrency, quiet=quiet)
    index = write_index(spec, [(o.label, o.folder) for o in outcomes])
    _report_outcomes(outcomes)
    out.print(f"sweep index: {index}")
    if report:
        html = write_report([o.folder for o in outcomes], spec.out / "report.html")
        out.print(f"report: {html}")
    _fail_if_failed(outcomes)


@app.command("rescore")
@handles_errors
def rescore_cmd(
    run_dir: Annotated[Path, typer.Argument(help="Run folder.")],
    fixtures: Annotated[
        Path | None, typer.Option(help="Fixture folder (default: the one the run used).")
    ] = None,
) -> None:
    """Recompute scores from stored outputs with the current labels and metrics; no model calls."""
    done = rescore(run_dir, fixtures)
    label = RunStore.open(run_dir).manifest().label
    agg = done.aggregate
    out.print(
        f"{label}: {agg.fixtures} fixture(s) rescored, {agg.failed} failed; "
        f"claims.f1 {agg.micro.get('claims.f1')}"
    )
    if done.changed:
        out.print(f"labels changed since the run: {', '.join(done.changed)}")
    if done.missing:
        out.print(f"no longer in the fixture folder (stored copy used): {', '.join(done.missing)}")


@app.command("compare")
@handles_errors
def compare_cmd(
    base: Annotated[Path, typer.Argument(help="Base run folder.")],
    cand: Annotated[Path, typer.Argument(help="Candidate run folder.")],
    metric: Annotated[str | None, typer.Option(help="Gate on this metric, e.g. claims.f1.")] = None,
    max_drop: Annotated[
        float, typer.Option(min=0.0, help="Allowed drop of --metric (direction-aware).")
    ] = 0.02,
    average: Annotated[str, typer.Option(help="micro or macro.")] = "micro",
    resamples: Annotated[int, typer.Option(min=100, help="Bootstrap resamples.")] = 2000,
    seed: Annotated[int, typer.Option(help="Bootstrap seed.")] = 20211117,
    split: Annotated[
        str | None,
        typer.Option("--split", help="Gate on this group of fixtures (default: all of them)."),
    ] = None,
) -> None:
    """Per-metric deltas with paired bootstrap CIs per group of fixtures (real test, real dev,
    invented, all); exit 1 when --metric drops by more than --max-drop."""
    results = compare_groups(
        RunStore.open(base).scores(),
        RunStore.open(cand).scores(),
        average=average,
        resamples=resamples,
        seed=seed,
    )
    gate_group = _selector(split) or list(results)[-1]  # the last group holds every shared fixture
    if gate_group not in results:
        raise InputError(f"no {gate_group} fixtures in both runs; groups: {', '.join(results)}")
    for group, comparison in results.items():
        gated = metric if group == gate_group else None
        out.print(
            comparison_table(
                comparison, group=group, average=average, gate=gated, max_drop=max_drop
            )
        )
    result = results[gate_group]
    gate = result.get(metric) if metric else None
    if result.only_base or result.only_cand:
        out.print(
            f"not compared: only in base {result.only_base or '-'}, "
            f"only in candidate {result.only_cand or '-'}"
        )
    if gate is not None and regressed(gate, max_drop):
        raise fail(
            f"{gate.metric} regressed on {gate_group} fixtures: {gate.base:.3f} -> {gate.cand:.3f} "
            f"(allowed drop {max_drop})",
            EXIT_FAILURE,
        )


@app.command("report")
@handles_errors
def report_cmd(
    runs: Annotated[list[Path], typer.Argument(help="Run folders.")],
    html: Annotated[Path, typer.Option("--html", help="HTML file to write.")],
) -> None:
    """One self-contained HTML page: leaderboard, charts, per-fixture table, drill-downs."""
    written = write_report(runs, html)
    out.print(f"report written to {written}")


@app.command("import-review")
@handles_errors
def import_review_cmd(
    extraction_id: Annotated[str, typer.Argument(help="Reviewed extraction id ('ex_...').")],
    out_dir: Annotated[
        Path, typer.Option("--out", help="Fixture folder to write into.", file_okay=False)
    ] = DEFAULT_FIXTURES_DIR,
    fixture_id: Annotated[
        str | None, typer.Option("--fixture-id", help="Kebab-case id; default from the article.")
    ] = None,
    server: ServerOpt = None,
    key: KeyOpt = None,
) -> None:
    """Write a reviewed extraction from the server as a fixture (checked by the loader)."""
    params = {"fixture_id": fixture_id} if fixture_id else None
    text = Server(get_settings(), server, key).get_text(
        f"/v1/extractions/{extraction_id}/fixture", params
    )
    written = write_fixture(text, out_dir)
    out.print(f"fixture written to {written}")


def register(parent: typer.Typer) -> None:
    """Add `evenhand eval ...` to the top-level app."""
    parent.add_typer(app, name="eval")


@app.command("briefings")
@handles_errors
def briefings_cmd(
    cases_dir: Annotated[
        Path, typer.Option("--cases", help="Folder of briefing cases.", file_okay=False)
    ] = Path("evals/briefings/cases"),
    inputs: Annotated[
        Path | None,
        typer.Option("--write-inputs", help="Also write each case's extraction JSON here."),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every miss.")] = False,
) -> None:
    """Score briefings over multi-article cases: linking, source merges, disputes, updates."""
    import json

    from evals.briefings.cases import load_cases
    from evals.briefings.run import run_cases

    outcomes, total = run_cases(load_cases(cases_dir), get_settings())
    for outcome in outcomes:
        metrics = {k: v for k, v in outcome.counts.metrics().items() if v is not None}
        out.print(f"{outcome.case.spec.name} ({outcome.case.spec.split}): {metrics}")
        if verbose:
            for miss in outcome.counts.misses:
                out.print(f"  miss: {miss}", markup=False)
        if inputs is not None:
            inputs.mkdir(parents=True, exist_ok=True)
            for result in outcome.case.results:
                path = inputs / f"{result.article.id}.json"
                path.write_text(result.model_dump_json(indent=2) + "\n", encoding="utf-8")
    out.print("all cases: " + json.dumps(total.metrics()))
