#!/usr/bin/env bash
# Starts the local PostgreSQL cluster (Debian packaging) if it is not running,
# waits until it accepts connections, creates a throwaway role and database for
# this run, and prints its URL as the LAST line on stdout:
#
#   postgres://sp_ci_<stamp>_<rand>:<password>@127.0.0.1:<port>/sp_ci_<stamp>_<rand>
#
# Everything else goes to stderr. Idempotent (each run gets a new database; a
# running cluster is left as it is) and non-interactive. It installs nothing:
# `.ci/run` does `apt-get install -y postgresql` first. When PostgreSQL cannot be
# started it exits non-zero with the reason: CI must fail, never skip.
#
# The role may create databases (CREATEDB), so tests can make empty ones of their
# own (two replicas migrating one empty database at once).
#
# Drop what a run created:  bash scripts/ci-postgres.sh --drop <name>
set -euo pipefail

log() { printf 'ci-postgres: %s\n' "$*" >&2; }
fail() {
  printf 'ci-postgres: FAILED: %s\n' "$*" >&2
  exit 1
}

# Runs a command as the postgres OS user (CI runs as root).
as_postgres() {
  if [ "$(id -un)" = postgres ]; then
    "$@"
  elif [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    fail "run as root or as the postgres user (running as $(id -un))"
  fi
}

command -v pg_lsclusters >/dev/null 2>&1 ||
  fail "PostgreSQL is not installed (no pg_lsclusters): apt-get install -y postgresql"
[ -d /etc/postgresql ] && [ -n "$(ls -A /etc/postgresql 2>/dev/null)" ] ||
  fail "no PostgreSQL version under /etc/postgresql: apt-get install -y postgresql"

# The newest installed version, and its "main" cluster (created if the package
# install skipped it, as some container images do).
version="$(ls /etc/postgresql | sort -V | tail -n 1)"
cluster=main
if ! pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { found = 1 } END { exit !found }'; then
  log "creating cluster $version/$cluster"
  pg_createcluster "$version" "$cluster" >&2 || fail "pg_createcluster $version $cluster failed"
fi

status="$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $4 }')"
port="$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $3 }')"
logfile="$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $7 }')"

if [ "$status" != online ]; then
  log "starting PostgreSQL $version/$cluster on port $port"
  if ! pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start >&2; then
    # Another run may have started it in the meantime: only fail if it is still down.
    if ! pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c && $4 ~ /^online/ { found = 1 } END { exit !found }'; then
      [ -n "$logfile" ] && [ -r "$logfile" ] && tail -n 30 "$logfile" >&2
      fail "pg_ctlcluster could not start PostgreSQL $version/$cluster (log above: $logfile)"
    fi
  fi
else
  log "PostgreSQL $version/$cluster is already running on port $port"
fi

# Accepting connections (not just "starting up"), for at most 60 s.
ready=""
for _ in $(seq 1 120); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then
    ready=yes
    break
  fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  [ -n "$logfile" ] && [ -r "$logfile" ] && tail -n 30 "$logfile" >&2
  fail "PostgreSQL on 127.0.0.1:$port is not accepting connections after 60 s"
fi

if [ "${1:-}" = --drop ]; then
  name="${2:?usage: ci-postgres.sh --drop <name>}"
  [[ "$name" =~ ^sp_ci_[a-z0-9_]+$ ]] || fail "refusing to drop \"$name\": not a name this script creates"
  as_postgres psql -p "$port" -X -q -v ON_ERROR_STOP=1 -d postgres \
    -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" \
    -c "DROP ROLE IF EXISTS \"$name\"" >&2 ||
    fail "could not drop $name"
  log "dropped $name"
  exit 0
fi

# A unique role and database for this run; the role owns the database.
name="sp_ci_$(date -u +%Y%m%d%H%M%S)_$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
password="$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
as_postgres psql -p "$port" -X -q -v ON_ERROR_STOP=1 -d postgres \
  -c "CREATE ROLE \"$name\" LOGIN CREATEDB PASSWORD '$password'" \
  -c "CREATE DATABASE \"$name\" OWNER \"$name\"" >&2 ||
  fail "could not create role and database $name"

url="postgres://$name:$password@127.0.0.1:$port/$name"
# The URL really works over TCP with the password (what the tests will do).
PGPASSWORD="$password" psql "postgresql://$name@127.0.0.1:$port/$name" -X -q -t -c "SELECT 1" >/dev/null ||
  fail "created $name but cannot connect to it over TCP with its password (check pg_hba.conf)"

log "database $name ready (drop it with: bash scripts/ci-postgres.sh --drop $name)"
printf '%s\n' "$url"
