"""Versioned prompt files: ``prompts/<name>/<version>.yaml``.

A prompt file holds ``system`` and ``user`` templates (``string.Template``: ``$var``/``${var}``,
so JSON examples need no escaping) and a ``description``. Asking for version ``v3`` of a prompt
that only has ``v1`` and ``v2`` gives ``v2``: a prompt-set version bumps only the prompts that
changed. Every output records the resolved name, version and content hash (`PromptRef`).

A file may name a ``prefix`` prompt instead of its own ``system``: the prefix's system text, then
its user text (the article), come first, and the file's ``user`` text is the question after them.
Questions about one article that share a prefix are then the same tokens up to the question, and
the server evaluates the article once for all of them. The hash covers the prefix file too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Any

import yaml

from schemas.result import PromptRef
from service.errors import ConfigError
from service.llm.base import Message

_VERSION = re.compile(r"^v(\d+)$")


def default_prompts_dir() -> Path:
    # Source checkout and editable install: ../prompts; wheel install: prompts/ in site-packages.
    here = Path(__file__).resolve().parent.parent
    return here / "prompts"


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    sha256: str
    system: str
    user: str

    @property
    def ref(self) -> PromptRef:
        return PromptRef(name=self.name, version=self.version, sha256=self.sha256)

    def messages(self, **values: Any) -> list[Message]:
        """Render both templates; a missing variable is a programming error, so it raises."""
        return [
            {"role": "system", "content": Template(self.system).substitute(values)},
            {"role": "user", "content": Template(self.user).substitute(values)},
        ]


def _version_number(path: Path) -> int | None:
    match = _VERSION.match(path.stem)
    return int(match.group(1)) if match else None


def version_number(version: str) -> int:
    """3 for 'v3'; `ConfigError` for anything else."""
    match = _VERSION.match(version)
    if match is None:
        raise ConfigError(f"prompt version must look like 'v1', got {version!r}")
    return int(match.group(1))


@lru_cache(maxsize=128)
def load_prompt(name: str, version: str = "v1", prompts_dir: Path | None = None) -> Prompt:
    folder = (prompts_dir or default_prompts_dir()) / name
    wanted = _VERSION.match(version)
    if wanted is None:
        raise ConfigError(f"prompt version must look like 'v1', got {version!r}")
    candidates = sorted(
        (n, p)
        for p in folder.glob("v*.yaml")
        if (n := _version_number(p)) is not None and n <= int(wanted.group(1))
    )
    if not candidates:
        raise ConfigError(f"no prompt {name!r} at or below version {version} in {folder}")
    path = candidates[-1][1]
    raw = path.read_bytes()
    data = yaml.safe_load(raw)
    if not isinstance(data, dict) or "user" not in data or ("system" in data) == ("prefix" in data):
        raise ConfigError(f"{path}: a prompt file needs 'user' and either 'system' or 'prefix'")
    digest = hashlib.sha256(raw)
    system, user = data.get("system"), str(data["user"])
    if "prefix" in data:
        prefix = load_prompt(str(data["prefix"]), path.stem, prompts_dir)
        digest.update(prefix.sha256.encode())
        system, user = prefix.system, prefix.user + user
    return Prompt(
        name=name,
        version=path.stem,
        sha256=digest.hexdigest()[:16],
        system=str(system),
        user=user,
    )
