# Shared steps of scripts/serve.sh and scripts/test.sh (sourced, not run).
# Everything is idempotent: a second run only checks and moves on.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR="$ROOT/var"
VENV="${TDPF_VENV:-$ROOT/.venv}"
PY="${TDPF_PYTHON:-python3}"
PGHOST="${TDPF_PGHOST:-127.0.0.1}"
PGPORT="${TDPF_PGPORT:-5432}"
PGSUPER="${TDPF_PGSUPERUSER:-postgres}"
REDIS_URL="${CKAN_REDIS_URL:-redis://127.0.0.1:6379/1}"
mkdir -p "$VAR"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  is_root || die "missing: $* -- run as root, or install them: sudo apt-get install -y $*"
  command -v apt-get >/dev/null || die "missing: $* and no apt-get to install them"
  say "installing $* with apt"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_system_packages() {
  local need=()
  "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null ||
    die "Python 3.11 or newer is needed ($PY is $("$PY" -V 2>&1)); set TDPF_PYTHON=/path/to/python3.11"
  "$PY" -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
  command -v psql >/dev/null || need+=(postgresql-client)
  [ -e /usr/include/postgresql/libpq-fe.h ] || command -v pg_config >/dev/null || need+=(libpq-dev)
  command -v gcc >/dev/null || need+=(gcc)
  "$PY" -c 'import sysconfig,os,sys; sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_paths()["include"],"Python.h")) else 1)' || need+=(python3-dev)
  [ -e /usr/lib/x86_64-linux-gnu/libmagic.so.1 ] || [ -e /usr/lib/aarch64-linux-gnu/libmagic.so.1 ] || ldconfig -p 2>/dev/null | grep -q libmagic || need+=(libmagic1)
  if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi
}

ensure_browser() {
  # Browser tests use Debian's Chromium; Playwright's own download cannot work offline.
  [ -x /usr/bin/chromium ] || apt_install chromium
  # Japanese glyphs for readable screenshots (and realistic text layout).
  # Optional: without it, tests still pass; only screenshots show boxes.
  [ -e /usr/share/fonts/opentype/ipafont-gothic/ipag.ttf ] || ! is_root || apt_install fonts-ipafont-gothic
}

ensure_venv() {
  # $1: requirements file; reinstall only when it or setup.py changed.
  local req="$1"
  [ -x "$VENV/bin/python" ] || { say "creating virtualenv $VENV"; "$PY" -m venv "$VENV"; }
  local stamp="$VENV/.tdpf-installed" want
  want="$(cat "$ROOT/requirements.txt" "$ROOT/$req" "$ROOT/setup.py" | sha256sum | cut -d' ' -f1)-$req"
  if [ ! -f "$stamp" ] || ! grep -qx "$want" "$stamp"; then
    say "installing the TDPF bundle ($req)"
    "$VENV/bin/pip" install -q --upgrade pip setuptools wheel
    "$VENV/bin/pip" install -q -r "$ROOT/$req"
    "$VENV/bin/pip" install -q --no-deps -e "$ROOT"
    echo "$want" >> "$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
}

pg_ok() { "$VENV/bin/python" - "$PGHOST" "$PGPORT" "$PGSUPER" <<'PY' 2>/dev/null
import sys, psycopg2
psycopg2.connect(host=sys.argv[1], port=sys.argv[2], user=sys.argv[3], dbname="postgres", connect_timeout=3).close()
PY
}
redis_ok() { "$VENV/bin/python" -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_timeout=3).ping()" "$REDIS_URL" 2>/dev/null; }

psql_super() {
  # Runs SQL as the PostgreSQL superuser: over TCP (trust), else via the
  # postgres OS account (Debian's default peer authentication).
  if PGCONNECT_TIMEOUT=3 psql -h "$PGHOST" -p "$PGPORT" -U "$PGSUPER" -d postgres -Atqc "SELECT 1" >/dev/null 2>&1; then
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGSUPER" -d postgres -v ON_ERROR_STOP=1 -Atq "$@"
  elif is_root && id postgres >/dev/null 2>&1; then
    runuser -u postgres -- psql -p "$PGPORT" -d postgres -v ON_ERROR_STOP=1 -Atq "$@"
  else
    die "cannot reach PostgreSQL as superuser '$PGSUPER' at $PGHOST:$PGPORT (set TDPF_PGHOST/TDPF_PGPORT/TDPF_PGSUPERUSER, or run as root)"
  fi
}

ensure_postgres() {
  if PGCONNECT_TIMEOUT=3 psql -h "$PGHOST" -p "$PGPORT" -U "$PGSUPER" -d postgres -Atqc "SELECT 1" >/dev/null 2>&1; then return; fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then apt_install postgresql; fi
  if is_root; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | tail -1)" main start 2>/dev/null || true
    for _ in $(seq 30); do psql_super -c "SELECT 1" >/dev/null 2>&1 && return; sleep 1; done
  fi
  psql_super -c "SELECT 1" >/dev/null 2>&1 || die "PostgreSQL is not running at $PGHOST:$PGPORT; start it (pg_ctlcluster <version> main start) and run again"
}

ensure_redis() {
  if redis_ok; then return; fi
  command -v redis-server >/dev/null || apt_install redis-server
  if is_root || [ -w /tmp ]; then
    say "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
    for _ in $(seq 20); do redis_ok && return; sleep 0.5; done
  fi
  die "Redis does not answer at $REDIS_URL; start it (redis-server --daemonize yes) and run again"
}

ensure_database() {
  # $1: database name. Role ckan_tdpf owns it; its password is generated once.
  local db="$1" role="${TDPF_DB_ROLE:-ckan_tdpf}" pwfile="$VAR/db_password"
  [ -f "$pwfile" ] || { "$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(16))' > "$pwfile"; chmod 600 "$pwfile"; }
  DB_PASSWORD="$(cat "$pwfile")"
  psql_super <<SQL
DO \$\$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN PASSWORD '$DB_PASSWORD';
  ELSE
    ALTER ROLE $role LOGIN PASSWORD '$DB_PASSWORD';
  END IF;
END\$\$;
SQL
  if [ -z "$(psql_super -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    say "creating database $db"
    psql_super -c "CREATE DATABASE $db OWNER $role ENCODING 'UTF8' TEMPLATE template0"
  fi
  DB_URL="postgresql://$role:$DB_PASSWORD@$PGHOST:$PGPORT/$db"
  ensure_datastore_database "$db" "$role"
}

ensure_datastore_database() {
  # $1: main database, $2: its role. CKAN's DataStore (previews, the Data
  # API) lives in its own database "<main>_datastore", written by the main
  # role and read by the read-only role ckan_tdpf_ro (datastore_search runs
  # as that role). Its privileges are set by set_datastore_permissions.
  local ds="$1_datastore" ro="${TDPF_DATASTORE_RO_ROLE:-ckan_tdpf_ro}" pwfile="$VAR/datastore_ro_password"
  [ -f "$pwfile" ] || { "$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(16))' > "$pwfile"; chmod 600 "$pwfile"; }
  local ro_password; ro_password="$(cat "$pwfile")"
  psql_super <<SQL
DO \$\$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ro') THEN
    CREATE ROLE $ro LOGIN PASSWORD '$ro_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
  ELSE
    ALTER ROLE $ro LOGIN PASSWORD '$ro_password';
  END IF;
END\$\$;
SQL
  if [ -z "$(psql_super -c "SELECT 1 FROM pg_database WHERE datname = '$ds'")" ]; then
    say "creating database $ds (DataStore)"
    psql_super -c "CREATE DATABASE $ds OWNER $2 ENCODING 'UTF8' TEMPLATE template0"
  fi
  DATASTORE_WRITE_URL="postgresql://$2:$DB_PASSWORD@$PGHOST:$PGPORT/$ds"
  DATASTORE_READ_URL="postgresql://$ro:$ro_password@$PGHOST:$PGPORT/$ds"
}

set_datastore_permissions() {
  # $1: ini. CKAN's documented step: the SQL of `ckan datastore
  # set-permissions` run by the superuser (the read-only role may only
  # SELECT in the DataStore database and not connect to the main one).
  ckan -c "$1" datastore set-permissions | PGOPTIONS=--client-min-messages=warning psql_super >/dev/null
}

render_ini() {
  # $1: output ini, $2: database url, $3: site url
  "$VENV/bin/python" "$ROOT/scripts/render_config.py" "$1" \
    site_id=tdpf site_url="$3" sqlalchemy_url="$2" redis_url="$REDIS_URL" \
    storage_path="$VAR/storage" solr_url="${CKAN_SOLR_URL:-http://127.0.0.1:8983/solr/ckan}" \
    outbound_allow_hosts="${TDPF_OUTBOUND_ALLOW_HOSTS:-}" \
    ${DATASTORE_WRITE_URL:+datastore_write_url="$DATASTORE_WRITE_URL"} \
    ${DATASTORE_READ_URL:+datastore_read_url="$DATASTORE_READ_URL"} \
    mfa_enforce_enrolment="${TDPF_MFA_ENFORCE_ENROLMENT:-true}"
  mkdir -p "$VAR/storage"
}
