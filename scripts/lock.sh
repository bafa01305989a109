#!/usr/bin/env bash
# Re-resolve the dependencies in pyproject.toml (runtime and dev) and pin every
# package, transitive ones included, in requirements.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --upgrade pip
deps=$("$tmp/venv/bin/python" - <<'PY'
import tomllib
data = tomllib.load(open("pyproject.toml", "rb"))
print("\n".join(data["project"]["dependencies"] + data["dependency-groups"]["dev"]))
PY
)
echo "$deps" > "$tmp/req.in"
"$tmp/venv/bin/pip" install --quiet -r "$tmp/req.in"
"$tmp/venv/bin/pip" freeze --exclude-editable > requirements.lock
echo "requirements.lock updated:"; wc -l requirements.lock
