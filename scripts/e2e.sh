#!/usr/bin/env bash
# Browser tests (tests/e2e). Run through `make e2e`: scripts/dev.sh has already made
# .venv, found PostgreSQL (DATABASE_URL) and set SECRET_KEY. This installs what only the
# browser tests need, then runs them:
#   - Debian's Chromium (never `playwright install`: it downloads a browser of its own);
#   - the pinned Python packages in requirements-e2e.lock (playwright and its deps);
#   - axe-core and the Nu HTML Checker from npm (package-lock.json) into node_modules/.
# Extra arguments go to pytest: `bash scripts/dev.sh e2e -k keyboard`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=$ROOT/.venv
PY=$VENV/bin/python
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mError: %s\033[0m\n' "$*" >&2; exit 1; }

apt_install() {  # package..., only as root (CI runs as root); otherwise say what to run
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing $* from Debian's packages"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    die "The browser tests need $*. Install it, e.g. 'sudo apt-get install $*', and run make e2e again."
  fi
}

[ -x "$CHROMIUM" ] || apt_install chromium
[ -x "$CHROMIUM" ] || die "Chromium is still missing at $CHROMIUM."
command -v java >/dev/null 2>&1 || apt_install default-jre-headless
command -v npm >/dev/null 2>&1 || apt_install npm

want=$(sha256sum requirements-e2e.lock | cut -d' ' -f1)
if [ "$want" != "$(cat "$VENV/.e2e-lock-sha" 2>/dev/null || true)" ]; then
  say "Installing the browser-test packages from requirements-e2e.lock"
  "$PY" -m pip install --quiet --disable-pip-version-check -r requirements-e2e.lock
  echo "$want" > "$VENV/.e2e-lock-sha"
fi

want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$want" != "$(cat node_modules/.lock-sha 2>/dev/null || true)" ]; then
  say "Installing axe-core and vnu-jar from package-lock.json"
  # --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime; we use the system's.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" > node_modules/.lock-sha
fi

say "Browser tests (Chromium $("$CHROMIUM" --version 2>/dev/null | awk '{print $2}'))"
export PORTAL_E2E=1 CHROMIUM
# --create-db: the live server needs transactional tests, which empty every table after
# each test; a reused test database with tables another branch left behind cannot be
# emptied. WhiteNoise warns that STATIC_ROOT is empty: the live server serves static files.
exec "$VENV/bin/pytest" tests/e2e --create-db -W "ignore:No directory at:UserWarning" "$@"
