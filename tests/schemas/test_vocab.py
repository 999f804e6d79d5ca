"""The prompts' category lists and the schema's vocabularies say the same words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from schemas import llm
from schemas.vocab import CLAIM_KINDS, EVENT_TYPES, FIGURE_CATEGORIES, QUALIFIERS, SOURCE_TYPES
from tests.paths import REPO

VOCABULARIES = {
    "event_type": EVENT_TYPES,
    "source_type": SOURCE_TYPES,
    "kind": CLAIM_KINDS,
    "category": FIGURE_CATEGORIES,
    "qualifier": QUALIFIERS,
}
FIELDS = {
    name
    for model in vars(llm).values()
    if isinstance(model, type) and issubclass(model, llm.BaseModel)
    for name in model.model_fields
}
PROMPTS = sorted((REPO / "prompts").glob("*/v*.yaml"))
_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def _system(path: Path) -> str:
    return str(yaml.safe_load(path.read_text(encoding="utf-8")).get("system", ""))


@pytest.mark.parametrize("path", PROMPTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_prompt_lists_every_value_of_the_fields_it_asks_for(path: Path) -> None:
    system = _system(path)
    for field, values in VOCABULARIES.items():
        if re.search(rf"\b{field}\s*[:(]", system):
            missing = [v for v in values if not re.search(rf"\b{v}\b", system)]
            assert not missing, f"{path}: {field} lacks {missing}"


@pytest.mark.parametrize("path", PROMPTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_prompt_names_no_value_outside_the_vocabularies(path: Path) -> None:
    known = {v for values in VOCABULARIES.values() for v in values} | FIELDS
    unknown = sorted(set(_SNAKE.findall(_system(path))) - known)
    assert not unknown, f"{path}: {unknown} are neither vocabulary values nor fields"
