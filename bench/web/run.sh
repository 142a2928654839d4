#!/usr/bin/env bash
# HTTP load benchmark (issue: web and API speed): installs wrk if missing, then loads the real server
# on loopback over the demo database, SQLite first, then PostgreSQL when ENTENTE_TEST_DATABASE_URL
# is set. Bounded: each path runs SECONDS x RUNS under wrk, on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN="${SECONDS_PER_RUN:-5}"
RUNS="${RUNS:-3}"
if ! command -v wrk >/dev/null; then
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi
cargo bench -p entente-web --bench http -- --seconds "$SECONDS_PER_RUN" --runs "$RUNS"
if [ -n "${ENTENTE_TEST_DATABASE_URL:-}" ]; then
  ENTENTE_TEST_BACKEND=postgres cargo bench -p entente-web --bench http -- --seconds "$SECONDS_PER_RUN" --runs "$RUNS"
fi
