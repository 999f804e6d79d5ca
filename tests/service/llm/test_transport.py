"""`Retry-After` parsing (the HTTP behaviour itself is covered over loopback in
`test_openai_backend`)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.llm.transport import retry_after_s

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after": "-3"}, 0.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "soon", "retry-after": "4"}, 4.0),
        ({"retry-after": "Wed, 01 May 2024 12:00:07 GMT"}, 7.0),
        ({"retry-after": "Wed, 01 May 2024 11:59:00 GMT"}, 0.0),  # already passed
        ({"retry-after": "whenever"}, None),
    ],
)
def test_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert retry_after_s(headers, now=NOW) == expected
