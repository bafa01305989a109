#!/usr/bin/env bash
# `make bench`: set up .venv and PostgreSQL as every other target does, then run the
# benchmark (scripts/bench.py): every page uncached, the default configuration (no cache
# settings), mixed traffic with publishes, and Redis if it answers. Bench databases are
# named *_bench_s<scale> on the server in DATABASE_URL (a name without "bench" becomes
# portal_bench_s<scale>), separate from the development and test databases; the Redis run
# uses BENCH_REDIS_URL (database 9 by default) and only moves its page-cache generation.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/dev.sh setup
if [ -z "${DATABASE_URL:-}" ]; then
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench
fi
exec .venv/bin/python scripts/bench.py "$@"
