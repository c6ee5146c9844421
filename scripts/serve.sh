#!/usr/bin/env bash
# Set up (first run) and serve the TDPF portal at http://127.0.0.1:5000:
# the processes of the Procfile (gunicorn web server, background job
# workers, harvest consumers, periodic scheduler) under supervisord.
# Environment: TDPF_ADMIN_USER / TDPF_ADMIN_PASSWORD / TDPF_ADMIN_EMAIL for
# the operator account; TDPF_PORT; TDPF_WEB_WORKERS; TDPF_HARVEST_CONSUMERS;
# TDPF_NO_SERVE=1 to set up only.
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
set_datastore_permissions "$INI"
say "operator account"
ckan -c "$INI" tdpf operator --password-file "$VAR/admin_password"
say "demo catalog"
ckan -c "$INI" tdpf demo load

[ "${TDPF_NO_SERVE:-0}" = 1 ] && exit 0

# supervisord restarts any process that exits (ckanext-harvest's Redis
# consumers die on a socket timeout when their queue stays idle; our fetch
# consumers leave for a fresh process past import_worker_max_rss_mb, exit 75)
# and stops them all on Ctrl-C or SIGTERM. The Procfile says what runs;
# honcho renders it into supervisord's configuration.
# redis-py 8 gives every socket a 5 s read timeout, which kills
# ckanext-harvest's blocking BLPOP on an idle queue: the consumers (only
# they) get a one-hour timeout; supervisord restarts them after it.
case "$REDIS_URL" in *\?*) sep="&" ;; *) sep="?" ;; esac
export TDPF_HARVEST_REDIS_URL="${REDIS_URL}${sep}socket_timeout=3600"
export TDPF_WEB_WORKERS="${TDPF_WEB_WORKERS:-2}"
# the web workers' metrics files (prometheus_client multiprocess mode,
# emptied by gunicorn at start: ckanext/tdpf/ops/gunicorn.py)
export TDPF_METRICS_DIR="${TDPF_METRICS_DIR:-$VAR/metrics}"
# two consumers of each harvest queue, so one slow source never holds up the rest
consumers="${TDPF_HARVEST_CONSUMERS:-2}"
mkdir -p "$VAR/log"
honcho export -f "$ROOT/Procfile" -d "$ROOT" -a tdpf -l "$VAR/log" -p "$PORT" \
  -t "$ROOT/config/deploy/supervisord" -c "harvest_gather=$consumers,harvest_fetch=$consumers" \
  supervisord "$VAR/supervisor" 2>"$VAR/log/honcho-export.log" \
  || die "could not render the Procfile for supervisord: see var/log/honcho-export.log"
say "serving on http://127.0.0.1:$PORT (Ctrl-C stops everything; logs in var/log/;" \
  "supervisorctl -c var/supervisor/tdpf.conf status)"
exec supervisord -c "$VAR/supervisor/tdpf.conf"
