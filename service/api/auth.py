"""API keys: ``Authorization: Bearer <key>``, checked against SHA-256 digests in the settings."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from service.errors import Unauthorized

ANONYMOUS = "anonymous"


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def authenticate(authorization: str | None, digests: Sequence[str]) -> str:
    """The caller's principal: a short digest prefix of its key, or 'anonymous' without keys.

    Every configured digest is compared (constant time each), so timing reveals nothing about
    which digest, if any, came close.
    """
    if not digests:
        return ANONYMOUS
    scheme, _, key = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthorized("missing API key; send 'Authorization: Bearer <key>'")
    digest = key_digest(key.strip())
    matched = False
    for allowed in digests:
        matched |= hmac.compare_digest(digest, allowed.strip().lower())
    if not matched:
        raise Unauthorized("unknown API key")
    return digest[:16]
