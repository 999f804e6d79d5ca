from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.service.review.conftest import import_seed


def test_import_stores_the_extraction_as_printed_with_its_text(
    client: TestClient, seed_json: dict[str, Any], seed_text: str
) -> None:
    extraction_id = import_seed(client, seed_json, seed_text)
    stored = client.get(f"/v1/extractions/{extraction_id}").json()
    assert stored["result"] == seed_json
    assert stored["claims"] == len(seed_json["claims"])


def test_text_may_be_left_out_once_the_server_has_it(
    client: TestClient, seed_json: dict[str, Any], seed_text: str
) -> None:
    import_seed(client, seed_json, seed_text)
    again = client.post("/v1/extractions/import", json=seed_json)
    assert again.status_code == 201, again.text


def _shifted(seed_json: dict[str, Any]) -> dict[str, Any]:
    claim = {**seed_json["claims"][0]}
    evidence = claim["evidence"][0]
    claim["evidence"] = [{**evidence, "start": evidence["start"] + 1, "end": evidence["end"] + 1}]
    return {**seed_json, "claims": [claim, *seed_json["claims"][1:]]}


@pytest.mark.parametrize(
    ("change", "with_text", "message"),
    [
        (_shifted, True, "evidence span(s) do not match"),
        (lambda j: j, False, "send its text"),
        (lambda j: {**j, "article": {**j["article"], "sha256": "0" * 64}}, True, "sha256 differs"),
    ],
    ids=["span-off-by-one", "unknown-text", "other-text"],
)
def test_import_refuses_what_does_not_fit_its_text(
    client: TestClient,
    seed_json: dict[str, Any],
    seed_text: str,
    change: Any,
    with_text: bool,
    message: str,
) -> None:
    body = change(seed_json)
    if with_text:
        body = {**body, "text": seed_text}
    reply = client.post("/v1/extractions/import", json=body)
    assert reply.status_code == 422
    assert message in reply.json()["error"]["message"]
