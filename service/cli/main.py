"""Entry point of the `evenhand` command."""

from __future__ import annotations

from typing import Annotated

import typer

import service
from service.cli import brief, evals, extract, model, push, serve

app = typer.Typer(
    name="evenhand",
    help="Source-attributed incidents, claims and neutral briefings from news articles.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"evenhand {service.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Source-attributed incidents, claims and neutral briefings from news articles."""


for module in (extract, brief, model, serve, push, evals):
    module.register(app)

if __name__ == "__main__":  # pragma: no cover
    app()
