"""Who is reviewing: the API key from the Authorization header or, in a browser, a cookie.

A browser cannot add a Bearer header to a page request, so `/review/login` puts the key in an
HttpOnly, SameSite=Strict cookie (the strict cookie is also what stops another site from
posting corrections in the reviewer's name). The owner filter is None without API keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.api.auth import ANONYMOUS, authenticate
from service.api.deps import Services, SettingsDep
from service.config import Settings

COOKIE = "evenhand_key"

_bearer = HTTPBearer(auto_error=False, description="An API key; required when keys are configured.")


@dataclass(frozen=True)
class Reviewer:
    principal: str

    @property
    def owner(self) -> str | None:
        """The owner filter for store reads: None (everything) when no keys are configured."""
        return None if self.principal == ANONYMOUS else self.principal


def reviewer_of(request: Request, settings: Settings) -> Reviewer:
    """Like the API's principal (same keys, same rate limit), with the cookie as a fallback."""
    header = request.headers.get("authorization")
    cookie = request.cookies.get(COOKIE)
    principal = authenticate(header or (f"Bearer {cookie}" if cookie else None), settings.api_keys)
    services: Services = request.app.state.services
    client = request.client.host if request.client else "unknown"
    services.limiter.check(principal if principal != ANONYMOUS else f"ip:{client}")
    return Reviewer(principal)


async def get_reviewer(
    request: Request,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    settings: SettingsDep,
) -> Reviewer:
    return reviewer_of(request, settings)


ReviewerDep = Annotated[Reviewer, Depends(get_reviewer)]
