from __future__ import annotations

from pathlib import Path

import pytest

from evals.runs.sweep import ModelSpec, SweepSpec
from service.errors import ConfigError
from service.llm.profiles import ProfileName, profile_for


@pytest.mark.parametrize(
    ("model", "forced", "profile"),
    [
        ("qwen2.5-coder-1.5b-instruct-q4_k_m", "auto", "small"),
        ("gpt-4o-mini", "auto", "capable"),
        ("some-unknown-model", "auto", "small"),  # the measured checks by default
        (None, "auto", "small"),
        ("gpt-4o-mini", "small", "small"),  # forced
    ],
)
def test_profile_for(model: str | None, forced: ProfileName, profile: str) -> None:
    assert profile_for(model, forced).name == profile


def test_unknown_forced_profile_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        profile_for("x", "huge")  # type: ignore[arg-type]


def test_sweep_varies_the_profile() -> None:
    spec = SweepSpec(
        name="s", out=Path("out"), models=[ModelSpec(name="m")], profiles=["small", "capable"]
    )
    assert [c.profile for c, _ in spec.configs()] == ["small", "capable"]
    assert [c.label for c, _ in spec.configs()] == ["m-default-v4-small", "m-default-v4-capable"]
