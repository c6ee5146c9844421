#!/usr/bin/env bash
# Set up (first run) and serve the TDPF portal at http://127.0.0.1:5000:
# gunicorn web server + background job worker + harvest consumers +
# periodic scheduler.
# Environment: TDPF_ADMIN_USER / TDPF_ADMIN_PASSWORD / TDPF_ADMIN_EMAIL for
# the operator account; TDPF_PORT; TDPF_NO_SERVE=1 to set up only.
source "$(dirname "$0")/common.sh"

PORT="${TDPF_PORT:-5000}"
INI="$VAR/ckan.ini"

ensure_system_packages
ensure_venv requirements.txt
ensure_postgres
ensure_redis
ensure_database "${TDPF_DB_NAME:-tdpf}"
render_ini "$INI" "$DB_URL" "${CKAN_SITE_URL:-http://127.0.0.1:$PORT}"
export CKAN_INI="$INI"

say "database schema (core and plugin migrations)"
ckan -c "$INI" db init >/dev/null
ckan -c "$INI" db upgrade >/dev/null
say "operator account"
ckan -c "$INI" tdpf operator --password-file "$VAR/admin_password"
say "demo catalog"
ckan -c "$INI" tdpf demo load

[ "${TDPF_NO_SERVE:-0}" = 1 ] && exit 0

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

say "background job worker"
ckan -c "$INI" jobs worker default >"$VAR/worker.log" 2>&1 &
pids+=($!)
say "harvest consumers (gather and fetch queues; two each, so one slow source never holds up the rest)"
for n in $(seq "${TDPF_HARVEST_CONSUMERS:-2}"); do
  ckan -c "$INI" harvester gather-consumer >>"$VAR/harvest-gather.log" 2>&1 &
  pids+=($!)
  ckan -c "$INI" harvester fetch-consumer >>"$VAR/harvest-fetch.log" 2>&1 &
  pids+=($!)
done
say "periodic scheduler"
ckan -c "$INI" tdpf scheduler >"$VAR/scheduler.log" 2>&1 &
pids+=($!)
say "serving on http://127.0.0.1:$PORT (Ctrl-C stops everything)"
gunicorn --bind "127.0.0.1:$PORT" --workers "${TDPF_WEB_WORKERS:-2}" --timeout 120 \
  --access-logfile "$VAR/access.log" ckanext.tdpf.wsgi:application &
pids+=($!)
wait -n "${pids[@]}"
