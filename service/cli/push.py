"""`evenhand push FILE.json`: store an extraction made by `evenhand extract` on a server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from service.cli.common import handles_errors
from service.cli.remote import Server
from service.config import get_settings
from service.errors import InputError
from service.io.articles import load_articles

ServerOpt = Annotated[
    str | None, typer.Option("--server", help="Server URL (default: EVENHAND_SERVER_URL).")
]
KeyOpt = Annotated[
    str | None,
    typer.Option("--key", help="API key (default: EVENHAND_SERVER_KEY).", show_default=False),
]


def _extraction(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not an extraction JSON file ({exc})") from None
    if not isinstance(data, dict) or "article" not in data or "claims" not in data:
        raise InputError(f"{path}: not an extraction (no 'article' and 'claims'); one per file")
    return data


@handles_errors
def push(
    file: Annotated[Path, typer.Argument(help="Extraction JSON as `evenhand extract` prints it.")],
    text: Annotated[
        Path | None,
        typer.Option(
            "--text",
            help="The article it was made from (.txt/.json); not needed if the "
            "server already has that text.",
        ),
    ] = None,
    server: ServerOpt = None,
    key: KeyOpt = None,
) -> None:
    """Store an extraction on a server for review; prints its id and review page."""
    body = _extraction(file)
    if text is not None:
        articles = list(load_articles([text]))
        if len(articles) != 1:
            raise InputError(f"{text}: holds {len(articles)} articles; give the one file")
        body["text"] = articles[0].text
    client = Server(get_settings(), server, key)
    stored = client.post_json("/v1/extractions/import", body)
    typer.echo(stored["id"])
    typer.echo(f"review: {client.url}/review/extractions/{stored['id']}", err=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the top-level app."""
    app.command("push")(push)
