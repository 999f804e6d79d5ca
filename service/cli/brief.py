"""`evenhand brief PATH...`: a neutral briefing from articles and/or extraction results.

Each PATH is an article file (whatever `evenhand extract` accepts: .txt, .json, .jsonl) or an
extraction result saved as JSON (one `ExtractionResult` or a list of them), so a briefing can be
rebuilt without extracting again. Articles are extracted first; the summary is then written by
the model from the reconciled record (`--no-model`: the deterministic template summary).
Progress (article n/N, stage, call n/N, elapsed, ETA) goes to stderr unless `--quiet`. A complete
briefing is cached: the same inputs a second time answer at once.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from schemas.result import ExtractionResult
from service.cli.common import handles_errors, warn_if_partial
from service.cli.progress import StageProgress
from service.config import get_settings
from service.errors import InputError


class Format(StrEnum):
    md = "md"
    json = "json"


def _is_result(item: Any) -> bool:
    return isinstance(item, dict) and {"article", "meta"} <= item.keys()


def read_results(path: Path) -> list[ExtractionResult] | None:
    """The extraction results in `path`, or None when it is not an extraction-result file."""
    if path.suffix.lower() != ".json" or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None  # not ours to judge: the article loader reports what is wrong with it
    items = data if isinstance(data, list) else [data]
    if not items or not all(_is_result(item) for item in items):
        return None
    try:
        return [ExtractionResult.model_validate(item) for item in items]
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"{path}: not a valid extraction result ({where}: {first['msg']})"
        ) from None


def register(app: typer.Typer) -> None:
    """Add this module's commands to the top-level app."""

    @app.command("brief")
    @handles_errors
    def brief(
        paths: Annotated[list[Path], typer.Argument(help="Article files or extraction JSON.")],
        output_format: Annotated[
            Format, typer.Option("--format", "-f", help="Markdown or Briefing JSON.")
        ] = Format.md,
        pipeline: Annotated[
            str | None, typer.Option(help="Extraction pipeline: default or baseline.")
        ] = None,
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
        ] = None,
        no_model: Annotated[
            bool, typer.Option("--no-model", help="Template summary; needs extraction JSON.")
        ] = False,
        quiet: Annotated[
            bool, typer.Option("--quiet", "-q", help="No progress on stderr.")
        ] = False,
        explain: Annotated[
            bool,
            typer.Option(
                "--explain",
                help="Show every link and non-link decision and every source merge: a Markdown "
                "section after the briefing, or on stderr with --format json.",
            ),
        ] = False,
    ) -> None:
        """Reconcile what several articles report about one event into a neutral briefing."""
        from service.briefing import build_briefing, render_explanation, render_markdown

        settings = get_settings()
        if pipeline is not None and pipeline not in ("default", "baseline"):
            raise InputError(f"unknown pipeline {pipeline!r}; use 'default' or 'baseline'")
        results: list[ExtractionResult] = []
        article_paths: list[Path] = []
        for path in paths:
            if not path.exists():
                raise InputError(f"{path}: no such file")
            found = read_results(path)
            if found is None:
                article_paths.append(path)
            else:
                results.extend(found)
        model = None
        if article_paths and no_model:
            raise InputError("--no-model needs extraction JSON files; articles need the model")
        if not no_model:
            from service.llm.factory import get_model

            model = get_model(settings)
        progress = StageProgress(quiet=quiet)
        try:
            if article_paths and model is not None:
                from service.extract import extract
                from service.io.articles import load_articles

                articles = list(load_articles(article_paths, max_chars=settings.max_article_chars))
                for n, article in enumerate(articles, 1):
                    progress.task(f"article {n}/{len(articles)} {article.resolved_id}")
                    results.append(
                        extract(
                            article,
                            model=model,
                            settings=settings,
                            pipeline=pipeline,
                            progress=progress,
                        )
                    )
            progress.task("briefing")
            progress.note("reconciling and writing the summary")
            briefing = build_briefing(results, model=model, settings=settings)
        finally:
            progress.close()
        warn_if_partial("the briefing", briefing.meta.status, len(briefing.meta.failures))
        text = (
            briefing.model_dump_json(indent=2) + "\n"
            if output_format is Format.json
            else render_markdown(briefing)
        )
        if explain and output_format is Format.md:
            text += "\n" + render_explanation(briefing)
        elif explain:
            # stdout stays one JSON document; the same decisions are in its fields.
            typer.echo(render_explanation(briefing), err=True, nl=False)
        if output is None:
            typer.echo(text, nl=False)
        else:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise InputError(f"{output}: cannot write ({exc.strerror})") from None
