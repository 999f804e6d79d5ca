"""A reviewed extraction as a hand-labelled fixture (format 1, `shared/specs/fixture-format.md`).

Rejected claims are left out; everything else is the reviewer's latest revision. Contested
entries come from reconciling the kept claims, as a briefing would find them.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from pydantic import ValidationError

from evals.gold import Fixture
from evals.loader import field_path
from schemas.result import ExtractionResult
from service.errors import InputError
from service.reconcile.record import reconcile
from service.review.corrections import ReviewState

_NOT_KEBAB = re.compile(r"[^a-z0-9]+")


def fixture_id(result: ExtractionResult) -> str:
    """A kebab-case id from the article's id, or its title when the id is a hash."""
    base = result.article.id
    if base.startswith("sha256:") and result.article.title:
        base = result.article.title
    slug = _NOT_KEBAB.sub("-", base.lower()).strip("-")[:80].strip("-")
    return slug or f"review-{result.article.sha256[:12]}"


def _contested(result: ExtractionResult) -> list[dict[str, Any]]:
    if not result.claims:
        return []
    record = reconcile([result])
    incident_of = {i.id: i.members[0].incident_id for i in record.incidents if i.members}
    claim_source = {c.id: c.source.name for c in result.claims}
    entries = []
    for figure in record.figures:
        if not figure.contested:
            continue
        values = [
            {"source": claim_source[v.claims[0].claim_id], "low": v.low, "high": v.high}
            for v in figure.values
            if v.status == "current" and not v.derived and v.claims
        ]
        if len({v["source"] for v in values}) >= 2:
            entries.append(
                {
                    "incident": incident_of.get(figure.incident_id),
                    "category": figure.category,
                    "party": figure.party,
                    "values": values,
                }
            )
    return entries


def build_fixture(state: ReviewState, text: str, fixture_key: str | None = None) -> Fixture:
    """The fixture of the reviewed record; InputError lists every field that does not fit."""
    result = state.result.model_copy(update={"claims": state.kept_claims()})
    article = result.article
    unreviewed = sum(1 for c in result.claims if c.id not in state.status)
    data: dict[str, Any] = {
        "format": 1,
        "id": fixture_key or fixture_id(result),
        "article": {
            "title": article.title,
            "publisher": article.publisher,
            "published_at": article.published_at,
            "text": text,
        },
        "incidents": [
            {"key": i.id, **i.model_dump(mode="json", exclude={"id"})} for i in result.incidents
        ],
        "claims": [
            {
                "incident": c.incident_id,
                "source": {**c.source.model_dump(mode="json"), "aliases": []},
                "kind": c.kind,
                "statement": c.statement,
                "evidence": list(dict.fromkeys(e.text for e in c.evidence)),
                "figures": [f.model_dump(mode="json", exclude={"text"}) for f in c.figures],
            }
            for c in result.claims
        ],
        "contested": _contested(result),
        "notes": (
            f"Exported from review revision {state.number} of {article.id} "
            f"({result.meta.pipeline} pipeline, {result.meta.model}); "
            f"{unreviewed} claim(s) kept without review."
        ),
    }
    try:
        return Fixture.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{field_path(e['loc'])}: {str(e['msg']).removeprefix('Value error, ')}"
            for e in exc.errors()
        ]
        raise InputError(
            "the reviewed record is not a valid fixture yet: " + "; ".join(problems),
            problems=problems,
        ) from None


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (the article text) as literal blocks a labeller can read and edit."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)


def fixture_yaml(fixture: Fixture) -> str:
    """YAML in the spec's field order, the article text inline."""
    data = fixture.model_dump(mode="json", exclude_none=False)
    data["article"].pop("text_file", None)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
