"""`evenhand model pull | serve | info`: prepare, run and inspect the model backend."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
from typing import Annotated

import typer

from service.cli.common import handles_errors
from service.config import get_settings
from service.errors import BackendUnavailable
from service.llm.factory import build_model
from service.llm.local.binary import binary_problem
from service.llm.local.server import ServerConfig, child_env
from service.llm.local.weights import CATALOGUE, embedded_status, ensure_weights

model_app = typer.Typer(help="Prepare, serve and inspect the model backend.", no_args_is_help=True)

DEFAULT_SERVE_PORT = 8080


@model_app.command()
@handles_errors
def pull() -> None:
    """Assemble and verify the embedded model's weights (once; later runs are instant)."""
    settings = get_settings()
    weights = CATALOGUE[settings.local_model]
    started = time.perf_counter()
    path = ensure_weights(settings)
    typer.echo(f"model:   {weights.alias}")
    typer.echo(f"path:    {path}")
    typer.echo(f"size:    {path.stat().st_size} bytes")
    typer.echo(f"sha256:  {weights.sha256}")
    typer.echo(f"time:    {time.perf_counter() - started:.1f} s")


@model_app.command()
@handles_errors
def serve(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = DEFAULT_SERVE_PORT,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
) -> None:
    """Run the embedded model as an OpenAI-compatible server in the foreground."""
    settings = get_settings()
    if problem := binary_problem(settings):
        raise BackendUnavailable(problem)
    config = dataclasses.replace(
        ServerConfig.from_settings(settings, ensure_weights(settings)), host=host, port=port
    )
    shown_host = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
    print(
        f"serving {config.alias} on http://{host}:{port}/v1 (Ctrl-C stops it); "
        "other processes use:\n"
        f"  EVENHAND_BASE_URL=http://{shown_host}:{port}/v1 EVENHAND_MODEL={config.alias}",
        file=sys.stderr,
        flush=True,
    )
    config.prepare()
    try:
        code = subprocess.run(
            config.command(port), stdin=subprocess.DEVNULL, env=child_env(), check=False
        ).returncode
    except KeyboardInterrupt:
        return
    if code != 0:
        raise BackendUnavailable(f"the model server exited with code {code}")


@model_app.command()
@handles_errors
def info() -> None:
    """Show which backend, model and mode the current settings resolve to."""
    settings = get_settings()
    model = build_model(settings)
    typer.echo(f"backend:  {model.info.backend}")
    typer.echo(f"model:    {model.info.name}")
    typer.echo(f"mode:     {model.info.mode}")
    typer.echo(f"temp:     {settings.temperature:g}")
    if settings.base_url is not None:
        typer.echo(f"endpoint: {settings.base_url}")
        return
    status = embedded_status(settings)
    if status.assembled:
        weights_state = f"assembled at {status.path}"
    else:
        weights_state = status.weights_problem or (
            f"installed, not assembled yet (`evenhand model pull` writes {status.path})"
        )
    typer.echo(f"weights:  {weights_state}")
    typer.echo(f"runtime:  {status.runtime_problem or 'llama-server built'}")
    typer.echo(f"context:  {settings.local_n_ctx} tokens")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the top-level app."""
    app.add_typer(model_app, name="model")
