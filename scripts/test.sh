#!/usr/bin/env bash
# Prepare a test database and run the whole test suite.
# Extra arguments go to pytest (e.g. scripts/test.sh -k search -x).
source "$(dirname "$0")/common.sh"

INI="$VAR/test.ini"

ensure_system_packages
ensure_browser
ensure_venv requirements-dev.txt
ensure_postgres
ensure_redis
ensure_database "${TDPF_TEST_DB_NAME:-tdpf_test}"
REDIS_URL="${TDPF_TEST_REDIS_URL:-redis://127.0.0.1:6379/2}" \
  render_ini "$INI" "$DB_URL" "http://test.ckan.net"
export CKAN_INI="$INI"

ckan -c "$INI" db init >/dev/null
ckan -c "$INI" db upgrade >/dev/null
cd "$ROOT"
exec pytest --ckan-ini="$INI" tests "$@"
