#!/usr/bin/env bash
# Starts a private PostgreSQL cluster for the storage tests, idempotently, and prints the line
#   export DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/postgres
# on stdout (everything else goes to stderr), so callers can: eval "$(bash .ci/start-postgres.sh)"
# On a fresh Debian machine (as root) it installs the postgresql package first.
# Knobs: SIGNET_PG_PORT (default 55432), SIGNET_PG_DATA (default /tmp/signet-pgdata).
set -euo pipefail

port="${SIGNET_PG_PORT:-55432}"
data="${SIGNET_PG_DATA:-/tmp/signet-pgdata}"
url="postgres://postgres@127.0.0.1:${port}/postgres"
log() { echo "start-postgres: $*" >&2; }

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

bin="$(find_bin)"
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
  log "installing postgresql with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bin="$(find_bin)"
fi
[[ -x "$bin/initdb" ]] || { log "no initdb found under /usr/lib/postgresql"; exit 1; }

# The cluster runs as the unprivileged postgres user when we are root (PostgreSQL refuses root).
as_pg() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if as_pg "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  log "already accepting connections on port $port"
  echo "export DATABASE_URL=$url"
  exit 0
fi

if [[ ! -f "$data/PG_VERSION" ]]; then
  log "initdb into $data"
  mkdir -p "$data"
  [[ "$(id -u)" == 0 ]] && chown postgres:postgres "$data"
  chmod 700 "$data"
  as_pg "$bin/initdb" -D "$data" -A trust -U postgres >&2
fi

log "starting on port $port (log: $data.log)"
[[ "$(id -u)" == 0 ]] && touch "$data.log" && chown postgres:postgres "$data.log"
as_pg "$bin/pg_ctl" -D "$data" -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=400" -l "$data.log" -w -t 60 start >&2

for _ in $(seq 1 60); do
  if as_pg "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    echo "export DATABASE_URL=$url"
    exit 0
  fi
  sleep 1
done
log "PostgreSQL did not become ready; last log lines:"
tail -n 20 "$data.log" >&2 || true
exit 1
