"""The OpenAPI document is complete, and the API holds up to fuzzing generated from it."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from service.api.app import create_app
from service.api.auth import key_digest
from service.config import get_settings
from service.llm.fake import FakeModel
from service.store.db import Database
from service.store.migrate import upgrade

KEY = "fuzz-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
# Removed when the interpreter exits.
_FOLDER = tempfile.TemporaryDirectory(prefix="evenhand-fuzz-")


def _fuzzed_app() -> Any:
    # Built at import time (schemathesis needs the schema to parametrize); the autouse fixture
    # has not isolated the environment yet, so the database goes to a fresh temp folder.
    folder = Path(_FOLDER.name)
    cfg = get_settings().model_copy(
        update={
            "data_dir": folder,
            "database_url": f"sqlite:///{folder / 'fuzz.db'}",
            "rate_limit_per_minute": 0,
            "result_cache": False,
            "max_body_bytes": 200_000,
            "max_batch_articles": 20,
            "api_keys": [key_digest(KEY)],
        }
    )
    upgrade(Database(cfg.resolved_database_url))
    model = FakeModel.empty()
    return create_app(cfg, model_provider=lambda: model)


APP = _fuzzed_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_fuzzed_requests_conform_and_never_fail_with_5xx(case: schemathesis.Case) -> None:
    response = case.call(headers=AUTH)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
    # Not `positive_data_acceptance`: some schema-valid input is refused on purpose (an opaque
    # cursor that decodes to nothing, configured limits on article count and length).
    case.validate_response(
        response, headers=AUTH, excluded_checks=[schemathesis.checks.positive_data_acceptance]
    )


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    # APP, not create_app(): module fixtures run before the autouse isolation, and a default
    # app would migrate the developer's own database (a shared one, on these machines).
    with TestClient(APP) as client:
        result: dict[str, Any] = client.get("/openapi.json").json()
        return result


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/v1/extractions", "post", {"200", "202", "400", "413", "415", "422", "429", "504"}),
        ("/v1/briefings", "post", {"200", "202", "404", "409", "502", "503"}),
        ("/v1/jobs", "post", {"202", "409", "413", "422"}),
        ("/v1/jobs/{job_id}", "get", {"200", "404"}),
        ("/v1/jobs/{job_id}/cancel", "post", {"200", "404", "409"}),
        ("/readyz", "get", {"200", "503"}),
    ],
)
def test_operations_document_their_errors(
    document: dict[str, Any], path: str, method: str, statuses: set[str]
) -> None:
    responses = document["paths"][path][method]["responses"]
    assert statuses <= responses.keys()
    for status in statuses - {"200", "202"}:
        ref = responses[status]["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith("/ErrorBody")


def test_request_bodies_have_examples(document: dict[str, Any]) -> None:
    components = document["components"]["schemas"]
    for name in ("ArticleIn", "JobRequest", "BriefingRequest", "ErrorBody"):
        assert components[name].get("examples"), name
