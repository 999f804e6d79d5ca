"""Entry point of the `evenhand` command."""

from __future__ import annotations

import typer

from service.cli import brief, evals, extract, model, push, serve

app = typer.Typer(
    name="evenhand",
    help="Source-attributed incidents, claims and neutral briefings from news articles.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for module in (extract, brief, model, serve, push, evals):
    module.register(app)

if __name__ == "__main__":  # pragma: no cover
    app()
