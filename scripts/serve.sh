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

# Restarts its command whenever it exits, so a crashed worker or queue
# consumer (ckanext-harvest's Redis consumer dies on a socket timeout when
# the queue stays idle) never takes the portal down with it.
supervise() {  # $1: log file; the rest: the command
  local log="$1"; shift
  (
    child=
    trap '[ -n "$child" ] && kill "$child" 2>/dev/null; exit 0' TERM INT
    while true; do
      "$@" >>"$log" 2>&1 &
      child=$!
      wait "$child" || true
      echo "$(date -Is) supervise: '$*' exited; restarting in 2 s" >>"$log"
      sleep 2
    done
  ) &
  pids+=($!)
}

say "background job workers (trust jobs first, then default, then bulk link checks)"
# RQ takes the first non-empty queue of the list (ckanext.tdpf.queues): a
# personal-data scan never waits behind link checks. The second worker takes
# only trust jobs, so a scan starts even while the first runs a long job.
supervise "$VAR/worker.log" ckan -c "$INI" jobs worker tdpf_scan default tdpf_bulk
supervise "$VAR/worker-scan.log" ckan -c "$INI" jobs worker --no-scheduler tdpf_scan
say "harvest consumers (gather and fetch queues; two each, so one slow source never holds up the rest)"
# redis-py 8 gives every socket a 5 s read timeout, which kills
# ckanext-harvest's blocking BLPOP on an idle queue: the consumers (only
# they) get a one-hour timeout; the supervisor restarts them after it.
case "$REDIS_URL" in *\?*) sep="&" ;; *) sep="?" ;; esac
consumer=(env CKAN_REDIS_URL="${REDIS_URL}${sep}socket_timeout=3600" ckan -c "$INI")
# The fetch consumers are ckanext-harvest's, leaving for a fresh process once
# they pass import_worker_max_rss_mb (exit 75; supervise restarts them).
for n in $(seq "${TDPF_HARVEST_CONSUMERS:-2}"); do
  supervise "$VAR/harvest-gather.log" "${consumer[@]}" harvester gather-consumer
  supervise "$VAR/harvest-fetch.log" "${consumer[@]}" tdpf harvest fetch-consumer
done
say "periodic scheduler"
supervise "$VAR/scheduler.log" ckan -c "$INI" tdpf scheduler
say "serving on http://127.0.0.1:$PORT (Ctrl-C stops everything)"
gunicorn --bind "127.0.0.1:$PORT" --workers "${TDPF_WEB_WORKERS:-2}" --timeout 120 \
  --access-logfile "$VAR/access.log" ckanext.tdpf.wsgi:application &
pids+=($!)
wait -n "${pids[@]}"
