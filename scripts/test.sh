#!/usr/bin/env bash
# The whole test suite: linters, type checks, then pytest on SQLite (including the browser tests).
# With CI=true (or KENCHO_TEST_POSTGRES=1) the suite runs a second time on PostgreSQL, with the
# Celery worker tests against Redis.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== ruff"
.venv/bin/ruff check kencho bench manage.py
.venv/bin/ruff format --check kencho bench manage.py
echo "== mypy"
.venv/bin/mypy kencho bench

echo "== pytest on SQLite"
.venv/bin/pytest -p no:cacheprovider "$@"

if [ "${CI:-}" = "true" ] || [ "${KENCHO_TEST_POSTGRES:-}" = "1" ]; then
  bash scripts/ensure-services.sh
  echo "== pytest on PostgreSQL (with Redis and a Celery worker)"
  DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kencho}" \
  KENCHO_TEST_REDIS_URL="${KENCHO_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}" \
    .venv/bin/pytest -p no:cacheprovider "$@"
fi
