#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server: initdb into a temporary directory,
# start on a free loopback port, export DATABASE_URL, stop and delete everything afterwards.
# initdb refuses to run as root, so as root the server runs as the `postgres` system user.
set -euo pipefail
bindir=""
for candidate in "$(dirname "$(command -v initdb 2>/dev/null || true)")" /usr/lib/postgresql/*/bin; do
  if [ -x "$candidate/initdb" ]; then bindir=$candidate; break; fi
done
[ -n "$bindir" ] || { echo "PostgreSQL binaries (initdb, pg_ctl) not found" >&2; exit 1; }
tmp=$(mktemp -d /tmp/huikuan-pg.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$tmp"
  as_pg() { su postgres -s /bin/sh -c "$1"; }
else
  as_pg() { sh -c "$1"; }
fi
cleanup() {
  as_pg "'$bindir/pg_ctl' -D '$tmp/data' -m fast -w stop" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
as_pg "'$bindir/initdb' -D '$tmp/data' -U huikuan -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
# fsync off: a test server's data is thrown away anyway.
as_pg "'$bindir/pg_ctl' -D '$tmp/data' -l '$tmp/server.log' -w -o \"-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off\" start" >/dev/null
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
export DATABASE_URL="postgres://huikuan@127.0.0.1:$port/postgres"
# Framework-free tests (the transparency log's SQL storage) take a plain DSN.
export HUIKUAN_TEST_PG_DSN="$DATABASE_URL"
"$@"
