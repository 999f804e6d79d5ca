"""Response examples for the OpenAPI document (each is checked against its model in the tests)."""

from __future__ import annotations

from typing import Any

_WHEN = "2021-11-17T08:00:00Z"
_TEXT = "Seven soldiers were killed on Tuesday, the ministry said."

EXTRACTION_SUMMARY: dict[str, Any] = {
    "id": "ex_4f1c2a9e0b3d4c5e8a7b6c5d4e3f2a1b",
    "created_at": _WHEN,
    "article_id": "a1",
    "article_sha256": "9f2c" + "0" * 60,
    "pipeline": "default",
    "model": "qwen2.5-coder-1.5b",
    "prompt_version": "v1",
    "incidents": 1,
    "claims": 1,
    "status": "complete",
}

EXTRACTION: dict[str, Any] = {
    **EXTRACTION_SUMMARY,
    "result": {
        "article": {"id": "a1", "sha256": "9f2c" + "0" * 60, "chars": len(_TEXT)},
        "incidents": [
            {
                "id": "i1",
                "title": "Seven soldiers killed",
                "event_type": "battles",
                "date": "2021-11-16",
                "location": {"name": None, "country": None},
                "actors": [],
            }
        ],
        "claims": [
            {
                "id": "c1",
                "incident_id": "i1",
                "source": {"name": "the ministry", "type": "government", "side": None},
                "kind": "casualty_report",
                "statement": "Seven soldiers were killed on Tuesday.",
                "evidence": [{"text": _TEXT, "start": 0, "end": len(_TEXT)}],
                "figures": [
                    {
                        "category": "killed",
                        "party": None,
                        "group": "soldiers",
                        "low": 7,
                        "high": 7,
                        "qualifier": "exact",
                        "text": "Seven",
                    }
                ],
            }
        ],
        "meta": {
            "model": "qwen2.5-coder-1.5b",
            "backend": "embedded",
            "mode": "json_schema",
            "prompt_version": "v1",
            "pipeline": "default",
            "pipeline_version": "4",
            "latency_s": 21.4,
            "status": "complete",
        },
    },
}

JOB: dict[str, Any] = {
    "id": "job_0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a",
    "kind": "extract",
    "status": "running",
    "pipeline": "default",
    "created_at": _WHEN,
    "updated_at": _WHEN,
    "finished_at": None,
    "progress": {"total": 2, "queued": 0, "running": 1, "done": 0, "failed": 1, "cancelled": 0},
    "items": [
        {
            "seq": 0,
            "kind": "extract",
            "status": "failed",
            "attempts": 3,
            "article_id": "a1",
            "result_id": None,
            "error": {
                "code": "backend_transport_error",
                "message": "no model call succeeded (3 failed; last: the endpoint answered 500)",
                "details": {"outcome": "failed"},
            },
        },
        {
            "seq": 1,
            "kind": "extract",
            "status": "running",
            "attempts": 1,
            "article_id": "a2",
            "result_id": None,
            "error": None,
        },
    ],
}

HEALTH: dict[str, Any] = {"status": "ok", "checks": {"database": "ok", "model": "ok"}}
