#!/usr/bin/env bash
# K2's cold tables on an Iceberg JDBC catalog in PostgreSQL, by configuration alone, read back by Spark.
#
#   interop/postgres/check.sh DATA_DIR
#
# DATA_DIR holds a K2 journal (e.g. `./k2 ingest --data-dir DATA_DIR ...`). The script
#  1. starts a private PostgreSQL server on 127.0.0.1:$PG_PORT (initdb into $PG_DIR the first time:
#     role k2 with a generated password kept in $PG_DIR/pgpass, database k2; the system cluster is untouched),
#  2. writes $PG_DIR/k2-postgres.properties: cold.catalog.uri=jdbc:postgresql://127.0.0.1:PORT/k2?user=k2
#     (the password comes from the pgpass file, through PGPASSFILE: it is in no K2 setting or output) and
#     cold.warehouse=DATA_DIR/cold/warehouse-postgres (its own files, apart from the SQLite catalog's),
#  3. k2 cold sync and k2 cold stats with --config that file, shows the catalog's rows (psql),
#  4. runs interop/spark/check.sh DATA_DIR --config that file (Spark through the PostgreSQL catalog),
#  5. stops the server (KEEP_SERVER=1 leaves it running; it is reused on the next run).
# Exit status: that of the Spark check (0 all matched, 1 mismatch), 2 on a setup error.
#
# Environment: PG_PORT (default 55432), PG_DIR (default /tmp/k2-postgres), PG_BIN (PostgreSQL's bin
# directory; default: pg_config --bindir, else the newest /usr/lib/postgresql/*/bin), K2 (the k2 command;
# default: the repository's ./k2), KEEP_SERVER. Needs PostgreSQL (Debian: apt-get install postgresql).
# As root, the server runs as the user postgres (PostgreSQL refuses to run as root).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ $# -ne 1 ]; then
  sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
data_dir="$(cd "$1" && pwd)"
port="${PG_PORT:-55432}"
pg_dir="${PG_DIR:-/tmp/k2-postgres}"
read -r -a k2_cmd <<< "${K2:-$root/k2}"

bin="${PG_BIN:-}"
if [ -z "$bin" ]; then
  bin="$(pg_config --bindir 2>/dev/null || true)"
  [ -x "$bin/initdb" ] || bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
fi
[ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] \
  || { echo "check.sh: no PostgreSQL server binaries (initdb, pg_ctl) found: apt-get install postgresql, or set PG_BIN" >&2; exit 2; }

as_server=()
if [ "$(id -u)" = 0 ]; then
  as_server=(runuser -u postgres --)
fi
mkdir -p "$pg_dir"
[ "$(id -u)" = 0 ] && chown postgres "$pg_dir"

export PGPASSFILE="$pg_dir/pgpass" # libpq (psql) and the PostgreSQL JDBC driver both read it
if [ ! -s "$pg_dir/data/PG_VERSION" ]; then
  echo "== initdb $pg_dir/data (role k2, scram-sha-256 on 127.0.0.1 only)"
  password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  printf '%s\n' "$password" > "$pg_dir/pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$pg_dir/pwfile"
  "${as_server[@]}" "$bin/initdb" -D "$pg_dir/data" -U k2 --pwfile="$pg_dir/pwfile" --auth=scram-sha-256 \
    -E UTF8 --no-locale >/dev/null
  rm -f "$pg_dir/pwfile"
  (umask 077 && printf '127.0.0.1:%s:*:k2:%s\n' "$port" "$password" > "$PGPASSFILE")
fi
[ -s "$PGPASSFILE" ] || { echo "check.sh: $PGPASSFILE is missing: remove $pg_dir and run again" >&2; exit 2; }
# the pgpass line names the port: rewrite it when PG_PORT changed
sed -i "s/^127\.0\.0\.1:[0-9]*:/127.0.0.1:$port:/" "$PGPASSFILE"

stop_server() {
  if [ "${KEEP_SERVER:-0}" != 1 ]; then
    "${as_server[@]}" "$bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null || true
  fi
}
if ! "${as_server[@]}" "$bin/pg_ctl" -D "$pg_dir/data" status >/dev/null 2>&1; then
  echo "== starting PostgreSQL ($("$bin/postgres" --version)) on 127.0.0.1:$port"
  "${as_server[@]}" "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$pg_dir" start >/dev/null \
    || { echo "check.sh: PostgreSQL did not start; see $pg_dir/server.log" >&2; tail -n 5 "$pg_dir/server.log" >&2; exit 2; }
fi
trap stop_server EXIT
psql_k2() { "$bin/psql" -h 127.0.0.1 -p "$port" -U k2 -X -v ON_ERROR_STOP=1 "$@"; }
if [ -z "$(psql_k2 -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'k2'")" ]; then
  psql_k2 -d postgres -qc 'CREATE DATABASE k2'
fi

config="$pg_dir/k2-postgres.properties"
cat > "$config" <<PROPS
# K2's cold tables on an Iceberg JDBC catalog in PostgreSQL (written by interop/postgres/check.sh)
cold.catalog.uri=jdbc:postgresql://127.0.0.1:$port/k2?user=k2
cold.warehouse=file://$data_dir/cold/warehouse-postgres
PROPS
echo "== $config"
cat "$config"

echo "== k2 cold sync"
t0=$(date +%s.%N)
"${k2_cmd[@]}" cold sync --data-dir "$data_dir" --config "$config" 2> >(grep -v 'Skipping dictionary encoding config' >&2)
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "(k2 cold sync into the PostgreSQL catalog: %.1f s wall, JVM start included)\n", b - a }'
echo "== k2 cold stats"
"${k2_cmd[@]}" cold stats --data-dir "$data_dir" --config "$config"
echo "== the catalog's rows in PostgreSQL (database k2)"
psql_k2 -d k2 -c 'SELECT catalog_name, table_namespace, table_name, iceberg_type, metadata_location FROM iceberg_tables ORDER BY table_name'
echo "== k2 cold catalog"
"${k2_cmd[@]}" cold catalog --data-dir "$data_dir" --config "$config" | sed -n '1,/^$/p'

echo "== Spark through the PostgreSQL catalog"
status=0
"$here/../spark/check.sh" "$data_dir" --config "$config" || status=$?
exit "$status"
