"""`evenhand serve`, `evenhand worker` and `evenhand db upgrade`."""

from __future__ import annotations

from typing import Annotated

import typer

from service.cli.common import handles_errors
from service.config import get_settings
from service.store.db import Database
from service.store.migrate import current_revision, head_revision, upgrade

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@handles_errors
def serve(
    host: Annotated[
        str, typer.Option(help="Address to bind; public only on purpose.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(help="Job worker threads in this process (default: worker_concurrency)."),
    ] = None,
    no_worker: Annotated[
        bool, typer.Option("--no-worker", help="API only; run `evenhand worker` elsewhere.")
    ] = False,
) -> None:
    """Run the HTTP API (uvicorn) with job workers as background threads."""
    import uvicorn

    from service.api.app import create_app

    threads = 0 if no_worker else (workers or get_settings().worker_concurrency)
    app = create_app(workers=threads)  # no settings given: no per-request override cost
    typer.echo(
        f"evenhand: serving on http://{host}:{port} with {threads} worker thread(s)", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)


@handles_errors
def worker(
    threads: Annotated[
        int | None, typer.Option(help="Items processed at once (default: worker_concurrency).")
    ] = None,
) -> None:
    """Process queued jobs without serving HTTP (several may share one PostgreSQL)."""
    from service.jobs.worker import run_until_signalled, worker_from_settings
    from service.llm.factory import get_model

    settings = get_settings()
    job_worker = worker_from_settings(settings, lambda: get_model(settings), threads=threads)
    typer.echo(f"evenhand: worker {job_worker.name} running; Ctrl-C to stop", err=True)
    run_until_signalled(job_worker)


@db_app.command("upgrade")
@handles_errors
def db_upgrade() -> None:
    """Apply pending migrations (the server also does this on start)."""
    db = Database(get_settings().resolved_database_url)
    before = current_revision(db)
    upgrade(db)
    typer.echo(f"database at revision {head_revision()} (was {before or 'empty'})")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the top-level app."""
    app.command()(serve)
    app.command()(worker)
    app.add_typer(db_app, name="db")
