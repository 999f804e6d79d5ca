"""API keys: ``Authorization: Bearer <key>``, checked against SHA-256 digests in the settings.

A key's principal (a short prefix of its digest) owns what it creates: extractions, briefings,
jobs and idempotency records. Keys listed in `admin_keys` are admin keys: they read, list and
cancel every principal's objects. Without any configured key everyone is 'anonymous'.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

from service.errors import Unauthorized

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Caller:
    principal: str
    admin: bool = False

    @property
    def owner_filter(self) -> str | None:
        """Whose objects this caller may see: its own, or (admin) everyone's (None)."""
        return None if self.admin else self.principal


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _matches(digest: str, allowed: Sequence[str]) -> bool:
    matched = False
    for candidate in allowed:
        matched |= hmac.compare_digest(digest, candidate.strip().lower())
    return matched


def authenticate(
    authorization: str | None, digests: Sequence[str], admin_digests: Sequence[str] = ()
) -> Caller:
    """The caller: its principal (a short digest prefix of its key) and role; 'anonymous'
    when no keys are configured.

    Every configured digest is compared (constant time each), so timing reveals nothing about
    which digest, if any, came close.
    """
    if not digests and not admin_digests:
        return Caller(ANONYMOUS)
    scheme, _, key = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthorized("missing API key; send 'Authorization: Bearer <key>'")
    digest = key_digest(key.strip())
    user, admin = _matches(digest, digests), _matches(digest, admin_digests)
    if not (user or admin):
        raise Unauthorized("unknown API key")
    return Caller(digest[:16], admin=admin)
