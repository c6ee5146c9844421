#!/usr/bin/env bash
# Prepare a test database and run the whole test suite.
# Arguments replace the default "tests" (e.g. scripts/test.sh tests/tdpf -x).
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
cd "$ROOT"
[ $# -gt 0 ] || set -- tests
exec pytest --ckan-ini="$INI" "$@"
