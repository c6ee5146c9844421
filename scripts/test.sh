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
prepare_test_site() {
  # $1: database, $2: Redis URL, $3: ini to write; an empty test site
  ensure_database "$1"
  # Tests fetch from fixture servers on 127.0.0.1 (refused by default).
  REDIS_URL="$2" \
  TDPF_OUTBOUND_ALLOW_HOSTS="${TDPF_OUTBOUND_ALLOW_HOSTS-127.0.0.1}" \
  TDPF_MFA_ENFORCE_ENROLMENT=false \
    render_ini "$3" "$DB_URL" "http://test.ckan.net"
  ckan -c "$3" db init >/dev/null
  ckan -c "$3" db upgrade >/dev/null
  set_datastore_permissions "$3"
}
TEST_REDIS_URL="${TDPF_TEST_REDIS_URL:-redis://127.0.0.1:6379/2}"
prepare_test_site "${TDPF_TEST_DB_NAME:-tdpf_test}" "$TEST_REDIS_URL" "$INI"
export CKAN_INI="$INI"
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
whole_suite() {
  # The whole suite in two halves at once, each on its own test site (database,
  # Redis db, ini): the machine's two cores, and the tests' waits on
  # subprocesses and servers, overlap. pytest-split cuts the suite by test
  # count, or where tests/.test_durations balances the halves if committed
  # (`python scripts/durations.py` writes it from the halves' JUnit reports).
  local db="${TDPF_TEST_DB_NAME:-tdpf_test}"
  local second_db="${db}_2" second_ini="${INI%.ini}-2.ini"
  local second_redis="${TDPF_TEST_REDIS_URL_2:-${TEST_REDIS_URL%/*}/$(( ${TEST_REDIS_URL##*/} + 1 ))}"
  local split=(--splits 2 --splitting-algorithm duration_based_chunks --durations=15
               --durations-path "$ROOT/tests/.test_durations" -p no:cacheprovider)
  prepare_test_site "$second_db" "$second_redis" "$second_ini" >/dev/null
  local log="$VAR/test-${second_db}.log" first=0 second=0
  env CKAN_INI="$second_ini" pytest --ckan-ini="$second_ini" "${split[@]}" --group 2 \
    --junitxml="$VAR/junit-$db-2.xml" tests > "$log" 2>&1 &
  local pid=$!
  pytest --ckan-ini="$INI" "${split[@]}" --group 1 --junitxml="$VAR/junit-$db-1.xml" tests \
    || first=$?
  wait "$pid" || second=$?
  say "second half of the suite (log: $log)"
  cat "$log"
  [ "$first" = 0 ] && [ "$second" = 0 ]
}
[ -n "${TDPF_GATES_ONLY:-}" ] || gate "tests: every plugin" whole_suite

if [ ${#failed[@]} -gt 0 ]; then
  die "failed: ${failed[*]}"
fi
say "all gates passed"
