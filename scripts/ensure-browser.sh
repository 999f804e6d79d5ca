#!/usr/bin/env bash
# The browser tests (tests/service/review/test_browser.py) drive Debian's Chromium through
# Playwright; `playwright install` is never used. Install the apt package once (as root, or with
# sudo), and fail loudly if that is impossible: the browser tests must never be skipped silently.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "Chromium is not installed; installing the Debian package" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
if [ ! -x /usr/bin/chromium ]; then
  echo "FATAL: /usr/bin/chromium is required for the browser tests and could not be installed" >&2
  exit 1
fi
