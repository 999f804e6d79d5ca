"""Who is reviewing: the API key from the Authorization header or, in a browser, a cookie.

A browser cannot add a Bearer header to a page request, so `/review/login` puts the key in an
HttpOnly, SameSite=Strict cookie (the strict cookie is also what stops another site from
posting corrections in the reviewer's name).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.api.auth import Caller
from service.api.deps import SettingsDep, identify
from service.config import Settings

COOKIE = "evenhand_key"

_bearer = HTTPBearer(auto_error=False, description="An API key; required when keys are configured.")


def reviewer_of(request: Request, settings: Settings) -> Caller:
    """The API's caller (same keys, roles and limits), with the cookie as a fallback."""
    header = request.headers.get("authorization")
    cookie = request.cookies.get(COOKIE)
    return identify(request, header or (f"Bearer {cookie}" if cookie else None), settings)


async def get_reviewer(
    request: Request,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    settings: SettingsDep,
) -> Caller:
    return reviewer_of(request, settings)


ReviewerDep = Annotated[Caller, Depends(get_reviewer)]
