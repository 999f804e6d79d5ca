#!/usr/bin/env bash
# The test suite needs PostgreSQL on 127.0.0.1:5432 (trust auth, database `test`). These machines
# start it before each session; if it has stopped, start it, and fail loudly if that is impossible:
# the PostgreSQL tests must never be skipped silently.
set -euo pipefail
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then exit 0; fi
echo "PostgreSQL is not answering on 127.0.0.1:5432; trying to start it" >&2
if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && exit 0
  sleep 1
done
echo "FATAL: PostgreSQL is required on 127.0.0.1:5432 for the test suite and could not be started" >&2
exit 1
