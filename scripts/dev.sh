#!/usr/bin/env bash
# One entry point behind the Makefile: set up Python and PostgreSQL, then run a task.
#   scripts/dev.sh setup|run|test|e2e|lint|migrate|demo|shell|soak|two-instances
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=$ROOT/.venv
PY=$VENV/bin/python
LOCAL_PG_PORT=${LOCAL_PG_PORT:-5433}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mError: %s\033[0m\n' "$*" >&2; exit 1; }

find_python() {
  local want candidate
  want=$(cat .python-version 2>/dev/null || echo 3.13)
  for candidate in python3 "python$want" "$(command -v pyenv >/dev/null && pyenv root 2>/dev/null)/versions/$want"*/bin/python3 python3.13 python3.12; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$candidate"; return
    fi
  done
  die "Python 3.12 or newer is needed (the project uses $want). Install it, e.g. with pyenv."
}

setup_python() {
  if [ ! -x "$PY" ]; then
    say "Creating .venv"
    "$(find_python)" -m venv "$VENV"
  fi
  local want have
  want=$(sha256sum requirements.lock | cut -d' ' -f1)
  have=$(cat "$VENV/.lock-sha" 2>/dev/null || true)
  if [ "$want" != "$have" ]; then
    say "Installing pinned dependencies from requirements.lock"
    "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$PY" -m pip install --quiet --disable-pip-version-check -r requirements.lock
    echo "$want" > "$VENV/.lock-sha"
  fi
}

pg_reachable() {  # host port
  "$PY" - "$1" "$2" <<'PYEOF' >/dev/null 2>&1
import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2)
s.close()
PYEOF
}

pg_bin() {
  local dir
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  done
}

as_pg_owner() {  # initdb and postgres refuse to run as root
  if [ "$(id -u)" = 0 ]; then
    local user=postgres
    id "$user" >/dev/null 2>&1 || user=nobody
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

start_local_cluster() {
  local bin data=$ROOT/.pgdata
  bin=$(pg_bin)
  [ -n "$bin" ] || return 1
  if [ ! -f "$data/PG_VERSION" ]; then
    say "Creating a project-local PostgreSQL cluster in .pgdata/"
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown "$(id -u postgres 2>/dev/null || id -u nobody)" "$data"
    as_pg_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  if ! pg_reachable 127.0.0.1 "$LOCAL_PG_PORT"; then
    say "Starting the local cluster on 127.0.0.1:$LOCAL_PG_PORT"
    as_pg_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
      -o "-p $LOCAL_PG_PORT -k $data -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$LOCAL_PG_PORT/strategy_portal"
}

setup_database() {
  if [ -z "${DATABASE_URL:-}" ] && [ "${PORTAL_LOCAL_PG:-}" = 1 ]; then
    start_local_cluster || die "PORTAL_LOCAL_PG=1 needs PostgreSQL's initdb and pg_ctl."
  fi
  if [ -z "${DATABASE_URL:-}" ]; then
    if ! pg_reachable 127.0.0.1 5432 && command -v pg_ctlcluster >/dev/null 2>&1; then
      local version
      for version in $(ls /etc/postgresql 2>/dev/null | sort -V -r); do
        say "Starting the system PostgreSQL $version cluster"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
        pg_reachable 127.0.0.1 5432 && break
      done
    fi
    if pg_reachable 127.0.0.1 5432; then
      export DATABASE_URL="postgres://postgres@127.0.0.1:5432/strategy_portal"
    elif pg_reachable 127.0.0.1 "$LOCAL_PG_PORT" || start_local_cluster; then
      export DATABASE_URL="postgres://postgres@127.0.0.1:$LOCAL_PG_PORT/strategy_portal"
    else
      die "No PostgreSQL found. Set DATABASE_URL, start a server on 127.0.0.1:5432, or install
       PostgreSQL 15+ (Debian/Ubuntu: apt-get install postgresql) so a local cluster can be made."
    fi
  fi
  "$PY" scripts/ensure_db.py
}

ensure_env_file() {
  # A local .env with a random secret key, so plain `.venv/bin/python manage.py ...`
  # works without exporting anything. It is git-ignored; real settings go in the
  # environment or an .env of your own (see .env.example).
  if [ ! -f .env ]; then
    say "Writing .env with a random SECRET_KEY for this checkout"
    { echo "# Made by scripts/dev.sh for local use; see .env.example for every setting."
      echo "SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
    } > .env
  fi
}

setup() { setup_python; ensure_env_file; setup_database; }

cmd=${1:-setup}
shift || true
# Local development defaults to DEBUG on; `test` and `e2e` run with DEBUG off, as production does.
case "$cmd" in test|e2e) ;; *) export DEBUG=${DEBUG:-true} ;; esac
case "$cmd" in
  setup) setup ;;
  migrate) setup; "$PY" manage.py migrate --noinput ;;
  demo) setup; "$PY" manage.py migrate --noinput; "$PY" manage.py load_demo_data ;;
  run)
    setup
    "$PY" manage.py migrate --noinput
    "$PY" manage.py load_demo_data
    # Email leaves through the task queue, as in production: a worker runs beside the
    # server and prints each message here (EMAIL_URL defaults to consolemail://).
    export TASKS_BACKEND=${TASKS_BACKEND:-database}
    if [ "$TASKS_BACKEND" = database ]; then
      "$PY" manage.py db_worker --no-startup-delay &
      worker=$!
      trap 'kill "$worker" 2>/dev/null || true' EXIT
    fi
    "$PY" manage.py runserver 127.0.0.1:8000 "$@"
    ;;
  lint)
    # The hooks in .pre-commit-config.yaml over every file: ruff check, ruff format,
    # django-upgrade and the import contracts. ruff format and django-upgrade rewrite
    # files and then fail; review with `git diff`.
    setup_python
    if [ -x "$VENV/bin/pre-commit" ]; then
      "$VENV/bin/pre-commit" run --all-files --show-diff-on-failure
    else
      # Without pre-commit, the same tools only report.
      "$VENV/bin/ruff" check .
      "$VENV/bin/ruff" format --check .
      git ls-files -z '*.py' | xargs -0 "$VENV/bin/django-upgrade" --target-version 6.1 --check
      "$VENV/bin/lint-imports" --no-logo
    fi
    ;;
  test)
    setup
    # Settings insist on a secret key when DEBUG is off, as in production.
    export SECRET_KEY=${SECRET_KEY:-test-only-secret-key}
    # The test servers speak plain http; production redirects it to https.
    export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-false}
    say "ruff"
    "$VENV/bin/ruff" check .
    "$VENV/bin/ruff" format --check .
    # The import contracts in pyproject.toml: the layering of the apps, no cycles.
    say "import contracts"
    "$VENV/bin/lint-imports" --no-logo
    say "manage.py check"
    "$PY" manage.py check --fail-level WARNING
    say "makemigrations --check"
    "$PY" manage.py makemigrations --check --dry-run
    say "OpenAPI schema"
    schema_file=$(mktemp)
    "$PY" manage.py spectacular --validate --fail-on-warn --file "$schema_file"
    rm -f "$schema_file"
    say "pytest"
    # pytest-django loads settings before tests/conftest.py runs, so the key must be set here.
    "$VENV/bin/pytest" "$@"
    ;;
  e2e)
    # Browser tests (tests/e2e): scripts/e2e.sh installs Chromium, the e2e Python pins,
    # axe-core and the Nu HTML Checker, then runs them against a live server.
    setup
    export SECRET_KEY=${SECRET_KEY:-test-only-secret-key}
    # The test servers speak plain http; production redirects it to https.
    export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-false}
    exec bash scripts/e2e.sh "$@"
    ;;
  shell) setup; "$PY" manage.py shell ;;
  soak) setup; "$PY" scripts/soak.py ;;
  two-instances) setup; "$PY" scripts/two_instances.py ;;
  *) die "unknown command: $cmd" ;;
esac
