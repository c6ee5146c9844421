#!/usr/bin/env bash
# Prepare a test database and run the quality gates and the test suite.
#
# Without arguments (make test, .ci/run): ruff, pyright, the plugin matrix
# (focused tests with each smaller plugin combination users can configure,
# tests/matrix.py) and the whole suite with every plugin; the run fails when
# any of them fails, after all have run.
# TDPF_GATES_ONLY=1 leaves out the whole suite. Arguments replace all that with
# one pytest run (e.g. scripts/test.sh tests/tdpf -x); TDPF_PLUGINS="tdpf
# scheming_datasets ..." runs it with those plugins only.
source "$(dirname "$0")/common.sh"

# One ini per test database, so parallel runs on one machine do not collide.
INI="$VAR/test${TDPF_TEST_DB_NAME:+-$TDPF_TEST_DB_NAME}.ini"

ensure_system_packages
ensure_browser
ensure_venv requirements-dev.txt
ensure_postgres
ensure_redis
ensure_database "${TDPF_TEST_DB_NAME:-tdpf_test}"
# Tests fetch from fixture servers on 127.0.0.1 (refused by default).
REDIS_URL="${TDPF_TEST_REDIS_URL:-redis://127.0.0.1:6379/2}" \
TDPF_OUTBOUND_ALLOW_HOSTS="${TDPF_OUTBOUND_ALLOW_HOSTS-127.0.0.1}" \
TDPF_MFA_ENFORCE_ENROLMENT=false \
  render_ini "$INI" "$DB_URL" "http://test.ckan.net"
export CKAN_INI="$INI"

ckan -c "$INI" db init >/dev/null
ckan -c "$INI" db upgrade >/dev/null
set_datastore_permissions "$INI"
cd "$ROOT"

with_plugins_ini() {
  # $1: a name, $2: plugins; prints the path of a copy of the test ini
  # loading only those plugins
  local out="${INI%.ini}-$1.ini"
  sed "s/^ckan\.plugins = .*/ckan.plugins = $2/" "$INI" > "$out"
  echo "$out"
}

if [ $# -gt 0 ]; then
  [ -z "${TDPF_PLUGINS:-}" ] || { INI="$(with_plugins_ini plugins "$TDPF_PLUGINS")"; export CKAN_INI="$INI"; }
  exec pytest --ckan-ini="$INI" "$@"
fi

failed=()
gate() {
  # $1: name; the rest: the command. Every gate runs; failures are summed up.
  local name="$1"; shift
  say "$name"
  local start=$SECONDS
  if "$@"; then say "$name: passed ($((SECONDS - start)) s)"
  else failed+=("$name"); say "$name: FAILED ($((SECONDS - start)) s)"; fi
}

gate "ruff" ruff check --output-format concise .
# (no look-up of newer pyright releases: the pinned one is the gate)
gate "pyright" env PYRIGHT_PYTHON_IGNORE_WARNINGS=1 pyright --project pyrightconfig.json
mapfile -t combinations < <(python tests/matrix.py combinations)
for combination in "${combinations[@]}"; do
  read -r name plugins <<<"$combination"
  matrix_ini="$(with_plugins_ini "$name" "$plugins")"
  # shellcheck disable=SC2046 # the test paths are words
  gate "plugins: $name" env CKAN_INI="$matrix_ini" \
    pytest --ckan-ini="$matrix_ini" -q $(python tests/matrix.py tests "$name")
done
[ -n "${TDPF_GATES_ONLY:-}" ] || gate "tests: every plugin" pytest --ckan-ini="$INI" tests

if [ ${#failed[@]} -gt 0 ]; then
  die "failed: ${failed[*]}"
fi
say "all gates passed"
