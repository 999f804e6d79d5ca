"""Small YAML tables shipped next to the code (capitals here; lexicon and outlets in briefing)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from service.errors import ConfigError
from service.reconcile.names import fold, same_party


def load_table(path: Path) -> dict[str, Any]:
    """A YAML mapping, or ConfigError naming the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return data


@cache
def _capitals() -> dict[str, list[str]]:
    table = load_table(Path(__file__).resolve().parent / "capitals.yaml").get("capitals")
    if not isinstance(table, dict):
        raise ConfigError("capitals.yaml: expected a 'capitals' mapping")
    return {str(k): [str(v) for v in vs] for k, vs in table.items()}


def capitals(party: str | None) -> list[str]:
    """Capitals (or seats of government) standing for `party`, folded; [] when unknown."""
    if not party:
        return []
    for country, names in _capitals().items():
        if same_party(country, party):
            return [fold(n) for n in names]
    return []
