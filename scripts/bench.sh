#!/usr/bin/env bash
# `make bench`: set up .venv and PostgreSQL as every other target does, then run the
# benchmark (scripts/bench.py). Bench databases are named *_bench_s<scale> on the server
# in DATABASE_URL, separate from the development and test databases.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/dev.sh setup
if [ -z "${DATABASE_URL:-}" ]; then
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench
fi
exec .venv/bin/python scripts/bench.py "$@"
