"""`evenhand extract PATH...`: incidents and claims of articles in files.

Output: one article gives one JSON object on stdout; several give JSON Lines (one object per
line, written as each article finishes, so a long run can be followed and resumed with --ids).
`--format md` gives a readable rendering instead, articles separated by a rule. `--out DIR`
writes one file per article (`<id>.json` / `<id>.md`) and lists them on stderr. Progress goes to
stderr (one article: stage, call n/N, elapsed, ETA; several: a bar); `--quiet` silences it.
`--stream` writes JSON Lines of each claim as soon as it is ready (``{"type": "claim",
"article", "claim"}``), then the article's final record (``{"type": "result", "result"}``).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Annotated, Literal, get_args

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from schemas.result import ExtractionResult
from service.cli.common import handles_errors, warn_if_partial
from service.cli.progress import StageProgress
from service.config import PipelineName, get_settings
from service.errors import InputError, ModelError
from service.extract import extract
from service.extract.markdown import render_result
from service.extract.stream import event, stream_extraction
from service.io.articles import load_articles

Format = Literal["json", "md"]
_UNSAFE = re.compile(r"[^\w.-]+")


def _file_name(result: ExtractionResult, fmt: Format) -> str:
    stem = _UNSAFE.sub("_", result.article.id).strip("._") or result.article.sha256[:12]
    return f"{stem}.{fmt}"


def _rendered(result: ExtractionResult, fmt: Format, indent: int | None) -> str:
    return render_result(result) if fmt == "md" else result.model_dump_json(indent=indent) + "\n"


def _format(value: str) -> Format:
    if value == "json":
        return "json"
    if value == "md":
        return "md"
    raise InputError(f"--format must be json or md, not {value!r}")


def _out_dir(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise InputError(f"--out {path}: exists and is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--out {path}: cannot create it ({exc.strerror})") from None
    return path


@handles_errors
def extract_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Article files: .txt, .json or .jsonl (corpus shape).")
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="json (JSON Lines for several) or md.")
    ] = "json",
    pipeline: Annotated[
        str | None, typer.Option("--pipeline", "-p", help="default or baseline.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write one file per article here.")
    ] = None,
    ids: Annotated[
        str | None, typer.Option("--ids", help="Only these article ids (comma-separated).")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most N articles.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
    stream: Annotated[
        bool, typer.Option("--stream", help="JSON Lines of claims as they are ready, then results.")
    ] = False,
) -> None:
    """Extract incidents and source-attributed claims from articles."""
    from service.llm.factory import get_model  # starts nothing until a model is needed

    chosen: Format = _format(fmt)
    if pipeline is not None and pipeline not in get_args(PipelineName):
        raise InputError(f"--pipeline must be default or baseline, not {pipeline!r}")
    if stream and (chosen != "json" or out is not None):
        raise InputError("--stream writes JSON Lines to stdout: not with --format md or --out")
    settings = get_settings()
    wanted = [i.strip() for i in ids.split(",") if i.strip()] if ids else None
    # Read every input first: a bad file fails before any model time is spent.
    articles = list(
        load_articles(paths, ids=wanted, limit=limit, max_chars=settings.max_article_chars)
    )
    if not articles:
        raise InputError("no articles in the given files")
    folder = _out_dir(out) if out else None
    model = get_model(settings)
    if stream:
        for article in articles:
            for item in stream_extraction(
                article, model=model, settings=settings, pipeline=pipeline
            ):
                name, payload = event(item, article.resolved_id)
                sys.stdout.write(json.dumps({"type": name, **payload}) + "\n")
                sys.stdout.flush()
        return
    several = len(articles) > 1
    stages = StageProgress(quiet=quiet or several)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True, quiet=quiet or not several),
        transient=True,
    ) as progress:
        task = progress.add_task("extracting", total=len(articles))
        failed: list[str] = []
        written = 0
        for article in articles:
            progress.update(task, description=f"extracting {article.resolved_id}")
            try:
                result = extract(
                    article, model=model, settings=settings, pipeline=pipeline, progress=stages
                )
            except ModelError as exc:
                # A failed run costs its article in a batch; anything else stops the batch.
                if not several or exc.details.get("outcome") != "failed":
                    raise
                print(f"evenhand: error: {article.resolved_id}: {exc.message}", file=sys.stderr)
                failed.append(article.resolved_id)
                progress.advance(task)
                continue
            finally:
                stages.close()
            warn_if_partial(result.article.id, result.meta.status, len(result.meta.failures))
            if folder is not None:
                target = folder / _file_name(result, chosen)
                target.write_text(_rendered(result, chosen, 2), encoding="utf-8")
                print(f"wrote {target}", file=sys.stderr)
            else:
                text = _rendered(result, chosen, None if several else 2)
                sys.stdout.write(text if chosen == "json" or not written else f"\n---\n\n{text}")
                sys.stdout.flush()
                written += 1
            progress.advance(task)
    if failed:
        raise ModelError(
            f"{len(failed)} of {len(articles)} articles failed: {', '.join(failed)}",
            failed=failed,
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the top-level app."""
    app.command("extract")(extract_command)
