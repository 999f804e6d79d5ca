"""The review pages (HTML) and their login; JSON endpoints are in `service.review.api`."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field

from schemas.briefing import Briefing
from service.api.auth import authenticate
from service.api.deps import ServicesDep, SettingsDep
from service.errors import Unauthorized
from service.review.access import COOKIE, reviewer_of
from service.review.briefing_page import render_briefing
from service.review.extraction_page import render_extraction
from service.review.list_page import render_list, render_login
from service.review.records import load
from service.store.reviews import list_briefings, list_extractions, readable_briefing, revisions

router = APIRouter(prefix="/review", include_in_schema=False)
STATIC_DIR = FilePath(__file__).resolve().parent / "static"
static_files = StaticFiles(directory=STATIC_DIR)

PageSize = Annotated[int, Query(ge=1, le=100)]
Cursor = Annotated[str | None, Query(max_length=500)]


def _login_redirect() -> RedirectResponse:
    return RedirectResponse("/review/login", status_code=303)


@router.get("", response_class=HTMLResponse)
async def review_list(
    request: Request,
    services: ServicesDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    date: Annotated[str | None, Query(max_length=10, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None,
    limit: PageSize = 25,
    extractions_cursor: Cursor = None,
    briefings_cursor: Cursor = None,
) -> Response:
    try:
        who = reviewer_of(request, settings)
    except Unauthorized:
        return _login_redirect()
    query, day = q or None, date or None
    with services.db.session() as session:
        extractions = list_extractions(
            session, owner=who.owner, query=query, date=day, limit=limit, cursor=extractions_cursor
        )
        briefings = list_briefings(
            session, owner=who.owner, query=query, date=day, limit=limit, cursor=briefings_cursor
        )
        html = render_list(extractions, briefings, query=query, date=day)
    return HTMLResponse(html)


@router.get("/extractions/{extraction_id}", response_class=HTMLResponse)
async def extraction_page(
    request: Request,
    extraction_id: Annotated[str, Path(max_length=100)],
    services: ServicesDep,
    settings: SettingsDep,
) -> Response:
    try:
        who = reviewer_of(request, settings)
    except Unauthorized:
        return _login_redirect()
    with services.db.session() as session:
        reviewed = load(session, extraction_id, who.owner)
        html = render_extraction(reviewed, revisions(session, extraction_id))
    return HTMLResponse(html)


@router.get("/briefings/{briefing_id}", response_class=HTMLResponse)
async def briefing_page(
    request: Request,
    briefing_id: Annotated[str, Path(max_length=100)],
    services: ServicesDep,
    settings: SettingsDep,
) -> Response:
    try:
        who = reviewer_of(request, settings)
    except Unauthorized:
        return _login_redirect()
    with services.db.session() as session:
        row = readable_briefing(session, briefing_id, who.owner)
        briefing = Briefing.model_validate(row.briefing)
        ids = list(row.extraction_ids)
    return HTMLResponse(render_briefing(briefing_id, briefing, ids))


@router.get("/login", response_class=HTMLResponse)
async def login_page() -> HTMLResponse:
    return HTMLResponse(render_login())


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(min_length=1, max_length=500)


@router.post("/login")
async def login(body: Login, settings: SettingsDep) -> JSONResponse:
    """Check the key, then keep it in an HttpOnly cookie for this site's review pages."""
    authenticate(f"Bearer {body.key}", settings.api_keys)  # Unauthorized: 401 as JSON
    response = JSONResponse({"ok": True})
    response.set_cookie(COOKIE, body.key, httponly=True, samesite="strict", path="/")
    return response
