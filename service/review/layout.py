"""The page frame shared by every review page: stylesheet, script, navigation."""

from __future__ import annotations

import json
from html import escape
from typing import Any

STATIC = "/review/static"


def page(title: str, body: str, *, data: dict[str, Any] | None = None) -> str:
    """A whole HTML document; `data` is handed to the script as JSON (never as markup)."""
    payload = ""
    if data is not None:
        # '<' escaped so article text can never close the script element.
        raw = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
        payload = f'<script type="application/json" id="review-data">{raw}</script>'
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)} · Evenhand review</title>"
        f"<link rel='stylesheet' href='{STATIC}/review.css'></head><body>"
        "<nav class='top'><a href='/review'>Evenhand review</a></nav>"
        f"<main>{body}</main>"
        "<div id='notice' role='alert' aria-live='assertive'></div>"
        f"{payload}<script src='{STATIC}/review.js' defer></script></body></html>"
    )


def options(values: tuple[str, ...], selected: str | None = None) -> str:
    return "".join(
        f"<option{' selected' if v == selected else ''}>{escape(v)}</option>" for v in values
    )
