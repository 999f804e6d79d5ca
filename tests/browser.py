"""Debian's Chromium for the browser tests (never a browser a test tool downloads)."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("EVENHAND_CHROMIUM", "/usr/bin/chromium")
# This machine's network is closed: without these, Chromium keeps dialling hosts it cannot reach.
FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
