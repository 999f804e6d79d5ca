"""What a manifest records about the code and environment a run came from."""

from __future__ import annotations

import datetime as dt
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from evals.runs.store import GitInfo

# The packages whose versions change outputs or scores.
PACKAGES = (
    "evenhand",
    "openai",
    "instructor",
    "pydantic",
    "llama_cpp_python",
    "rapidfuzz",
    "scipy",
    "numpy",
)
_REPO = Path(__file__).resolve().parents[2]


def python_version() -> str:
    return platform.python_version()


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(_REPO), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_info() -> GitInfo:
    commit = _git("rev-parse", "HEAD")
    status = _git("status", "--porcelain") if commit else None
    return GitInfo(commit=commit, dirty=None if status is None else bool(status))


def package_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions
