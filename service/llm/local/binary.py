"""Where llama.cpp's ``llama-server`` binary is: built once per version by
`scripts/build-llama-server.sh` (``make setup``) into the cache folder, or named by a setting."""

from __future__ import annotations

import os
from pathlib import Path

from service.config import Settings

# The llama.cpp sources are those vendored in this llama-cpp-python sdist (pinned, not a git
# checkout: pip fetches it from the package index like any other dependency).
LLAMA_CPP_PYTHON_VERSION = "0.3.36"
BUILD_COMMAND = "make llama-server  (scripts/build-llama-server.sh)"


def default_server_binary(settings: Settings) -> Path:
    return settings.cache_dir / "llama-server" / LLAMA_CPP_PYTHON_VERSION / "llama-server"


def server_binary(settings: Settings) -> Path:
    return settings.local_server_binary or default_server_binary(settings)


def binary_problem(settings: Settings) -> str | None:
    """What stops the server binary from running; None: it can."""
    path = server_binary(settings)
    if not path.is_file():
        return f"llama-server is not built ({path} is missing); build it with: {BUILD_COMMAND}"
    if not os.access(path, os.X_OK):
        return f"{path} is not executable"
    return None
