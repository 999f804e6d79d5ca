"""A small client of an Evenhand server for CLI commands (`push`, `eval import-review`).

httpx failures and error answers become `ServerError` carrying the server's own message.
"""

from __future__ import annotations

from typing import Any

import httpx

from service.config import Settings
from service.errors import InputError, ServerError


class Server:
    def __init__(self, settings: Settings, url: str | None = None, key: str | None = None) -> None:
        self.url = (url or settings.server_url).rstrip("/")
        secret = key or (settings.server_key.get_secret_value() if settings.server_key else None)
        self._headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = httpx.request(
                method, f"{self.url}{path}", headers=self._headers, timeout=60.0, **kwargs
            )
        except httpx.HTTPError as exc:
            raise ServerError(
                f"cannot reach the server at {self.url} ({type(exc).__name__}); "
                "is `evenhand serve` running there? (--server or EVENHAND_SERVER_URL)"
            ) from None
        if response.is_error:
            try:
                message = response.json()["error"]["message"]
            except (ValueError, KeyError, TypeError):
                message = response.text[:200] or response.reason_phrase
            error = InputError if response.status_code in (400, 404, 422) else ServerError
            raise error(f"{self.url} answered {response.status_code}: {message}")
        return response

    def post_json(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        reply: dict[str, Any] = self._send("POST", path, json=body).json()
        return reply

    def get_text(self, path: str, params: dict[str, str] | None = None) -> str:
        return self._send("GET", path, params=params).text
