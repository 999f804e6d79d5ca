#!/usr/bin/env bash
# The test of /docs and /redoc renders them in headless Chromium (Debian package `chromium`).
# Installed here, once, as root (the test itself installs nothing); a no-op when present.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "FATAL: chromium is missing and only root can install it: apt-get install -y chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium
