#!/usr/bin/env bash
# K2's cold tables through an Iceberg REST catalog, by configuration alone, read back by Spark.
#
#   interop/rest/check.sh DATA_DIR
#
# DATA_DIR holds a K2 journal. The script
#  1. builds and starts RestCatalogServer on 127.0.0.1:$REST_PORT (Iceberg's test REST servlet over a
#     JdbcCatalog on SQLite in $REST_DIR/catalog.db; the server puts table files under $REST_DIR/warehouse),
#  2. k2 cold sync and k2 cold stats with --set cold.catalog.uri=http://127.0.0.1:PORT,
#  3. runs interop/spark/check.sh DATA_DIR --set cold.catalog.uri=... (Spark through the REST catalog),
#  4. stops the server (KEEP_SERVER=1 leaves it running).
# Exit status: that of the Spark check (0 all matched, 1 mismatch), 2 on a setup error.
#
# Environment: REST_PORT (default 18181), REST_DIR (default /tmp/k2-rest-catalog), K2 (the k2 command;
# default: the repository's ./k2), K2_MVN_LOCK (a lock file to serialise Maven with, via flock), KEEP_SERVER.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ $# -ne 1 ]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
data_dir="$(cd "$1" && pwd)"
port="${REST_PORT:-18181}"
rest_dir="${REST_DIR:-/tmp/k2-rest-catalog}"
read -r -a k2_cmd <<< "${K2:-$root/k2}"
# shellcheck source=../../bin/find-jdk
. "$root/bin/find-jdk"
# shellcheck source=../lib/server.sh
. "$root/interop/lib/server.sh"
k2_find_jdk || exit 2
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"

cp_file="$here/target/classpath.txt"
if [ ! -s "$cp_file" ] || [ -n "$(find "$here/pom.xml" "$here/src" -newer "$cp_file" -print -quit)" ]; then
  echo "check.sh: building interop/rest..." >&2
  lock=()
  [ -n "${K2_MVN_LOCK:-}" ] && lock=(flock "$K2_MVN_LOCK")
  (cd "$here" && "${lock[@]}" mvn -B -q -DskipTests package)
  touch "$cp_file"
fi

mkdir -p "$rest_dir"
k2_serve "the REST catalog server" "$rest_dir/server.log" 'listening on' 30 \
  "$JAVA_HOME/bin/java" -Xmx512m --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED \
  -cp "$here/target/classes:$(cat "$cp_file")" dev.k2.interop.rest.RestCatalogServer "$port" \
  "uri=jdbc:sqlite:$rest_dir/catalog.db" "warehouse=file://$rest_dir/warehouse" clients=1
grep 'listening on' "$rest_dir/server.log"

set_uri=(--set "cold.catalog.uri=http://127.0.0.1:$port")
echo "== k2 cold sync ${set_uri[*]}"
t0=$(date +%s.%N)
"${k2_cmd[@]}" cold sync --data-dir "$data_dir" "${set_uri[@]}" 2> >(grep -v 'Skipping dictionary encoding config' >&2)
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "(k2 cold sync through the REST catalog: %.1f s wall, JVM start included)\n", b - a }'
echo "== k2 cold stats"
"${k2_cmd[@]}" cold stats --data-dir "$data_dir" "${set_uri[@]}"
echo "== table files (placed by the server's warehouse, not cold.warehouse)"
find "$rest_dir/warehouse" -name '*.parquet' | sed 's|/[^/]*$||' | sort | uniq -c | head -n 5

echo "== Spark through the REST catalog"
status=0
"$here/../spark/check.sh" "$data_dir" "${set_uri[@]}" || status=$?
exit "$status"
