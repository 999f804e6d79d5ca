"""The API's documentation: the OpenAPI document states this server's configured limits, and
the interactive pages (`/docs`: Swagger UI, `/redoc`: ReDoc) work without internet.

FastAPI's own pages load their JavaScript and CSS from a CDN; these load them from the
`fastapi-offline` package on PyPI, which ships the Swagger UI and ReDoc bundles, served
here under `/docs/assets/`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from service.config import Settings

ASSETS = "/docs/assets"


def assets_dir() -> Path:
    return Path(str(files("fastapi_offline") / "static"))


def _state_limits(document: dict[str, Any], settings: Settings) -> None:
    """Limits that come from settings, not from the models, written into their schemas."""
    schemas = document["components"]["schemas"]
    schemas["ArticleIn"]["properties"]["text"]["maxLength"] = settings.max_article_chars
    schemas["JobRequest"]["properties"]["articles"]["maxItems"] = settings.max_batch_articles
    for field in ("articles", "extraction_ids"):
        prop = schemas["BriefingRequest"]["properties"][field]
        prop["maxItems"] = settings.max_batch_articles
        prop["description"] += (
            f" Articles and extraction ids together: at most {settings.max_batch_articles}."
        )
    document["info"]["description"] += (
        f"\nLimits of this server: request bodies up to {settings.max_body_bytes:,} bytes (413 "
        f"beyond), article text up to {settings.max_article_chars:,} characters, "
        f"{settings.max_batch_articles} articles per job or briefing; longer than "
        f"{settings.sync_max_chars:,} characters of text is queued as a job (202).\n"
    )


def install(app: FastAPI, settings: Settings) -> None:
    """Serve /docs and /redoc from packaged assets (create the app with docs_url=None), and
    state `settings`' limits in the OpenAPI document."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _state_limits(build(), settings)
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]

    app.mount(ASSETS, StaticFiles(directory=assets_dir()), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} - API docs",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title} - API reference",
            redoc_js_url=f"{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS}/favicon.png",
            with_google_fonts=False,
        )
