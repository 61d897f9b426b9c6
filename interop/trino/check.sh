#!/usr/bin/env bash
# Trino read check of K2's cold tables, outside K2's build: a private one-node Trino server opens the
# tables through exactly the catalog file `k2 cold catalog` prints, and interop/spark's ReadCheck runs
# the same comparisons as the Spark check against it (row counts, per-symbol sum(price*quantity), a
# one-symbol one-day filter, the snapshots' k2.journal-index, a FOR VERSION AS OF read).
#
#   interop/trino/check.sh DATA_DIR [K2 OPTIONS...]
#
#  1. Trino $TRINO_VERSION in $TRINO_DIR: downloaded from Maven Central and unpacked the first time
#     (trino-server tarball, ~820 MB), etc/ written for one node on 127.0.0.1:$TRINO_PORT;
#  2. etc/catalog/k2.properties: the Trino block of `k2 cold catalog` (with K2's embedded SQLite
#     catalog, sqlite-jdbc is copied into plugin/iceberg, as that block says);
#  3. starts the server and waits for it; 4. ENGINE=trino interop/spark/check.sh DATA_DIR K2 OPTIONS;
#  5. stops the server (KEEP_SERVER=1 leaves it running).
# Exit status: that of the comparisons (0 all matched, 1 mismatch), 2 on a setup error.
#
# Environment: TRINO_DIR (default /tmp/k2-trino), TRINO_PORT (default 18080), TRINO_VERSION (default 476,
# which needs Java 24+), TRINO_HEAP (default 2G), K2 (the k2 command), KEEP_SERVER, K2_MVN_LOCK.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ $# -lt 1 ]; then
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
data_dir="$(cd "$1" && pwd)"; shift
version="${TRINO_VERSION:-476}"
port="${TRINO_PORT:-18080}"
trino_dir="${TRINO_DIR:-/tmp/k2-trino}"
home="$trino_dir/trino-server-$version"
read -r -a k2_cmd <<< "${K2:-$root/k2}"

# shellcheck source=../../bin/find-jdk
. "$root/bin/find-jdk"
# shellcheck source=../lib/server.sh
. "$root/interop/lib/server.sh"
k2_find_jdk || exit 2
feature="$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "${feature:-0}" -ge 24 ] || { echo "check.sh: Trino $version needs Java 24 or newer; $JAVA_HOME is $feature" >&2; exit 2; }

if [ ! -x "$home/bin/launcher" ]; then
  mkdir -p "$trino_dir"
  tarball="$trino_dir/trino-server-$version.tar.gz"
  url="https://repo1.maven.org/maven2/io/trino/trino-server/$version/trino-server-$version.tar.gz"
  if [ ! -s "$tarball" ]; then
    echo "== downloading $url (~820 MB)" >&2
    curl -fsS --retry 2 -o "$tarball.part" "$url" || { echo "check.sh: cannot download $url" >&2; exit 2; }
    mv "$tarball.part" "$tarball"
  fi
  echo "== unpacking $tarball" >&2
  tar xzf "$tarball" -C "$trino_dir"
fi

# one node, loopback only
mkdir -p "$home/etc/catalog" "$trino_dir/data"
cat > "$home/etc/node.properties" <<PROPS
node.environment=k2check
node.id=k2-trino-check
node.data-dir=$trino_dir/data
node.bind-ip=127.0.0.1
node.internal-address=127.0.0.1
PROPS
cat > "$home/etc/jvm.config" <<PROPS
-server
-Xmx${TRINO_HEAP:-2G}
-XX:+UseG1GC
-XX:+ExitOnOutOfMemoryError
-Djdk.attach.allowAttachSelf=true
--enable-native-access=ALL-UNNAMED
--sun-misc-unsafe-memory-access=allow
PROPS
cat > "$home/etc/config.properties" <<PROPS
coordinator=true
node-scheduler.include-coordinator=true
http-server.http.port=$port
discovery.uri=http://127.0.0.1:$port
query.max-memory=1GB
query.max-memory-per-node=1GB
PROPS

# the catalog: exactly the Trino block K2 prints (key=value lines after "# Trino:", up to the blank line)
catalog_txt="$("${k2_cmd[@]}" cold catalog --data-dir "$data_dir" "$@")"
printf '%s\n' "$catalog_txt" | awk '/^# Trino:/ { on = 1; next } on && /^$/ { exit } on && !/^#/ { print }' \
  > "$home/etc/catalog/k2.properties"
grep -q '^connector.name=iceberg' "$home/etc/catalog/k2.properties" \
  || { echo "check.sh: k2 cold catalog printed no Trino block" >&2; exit 2; }
if grep -q 'connection-url=jdbc:sqlite:' "$home/etc/catalog/k2.properties"; then
  # the driver interop/spark resolves (the same pinned version K2 uses)
  (cd "$root/interop/spark" && ${K2_MVN_LOCK:+flock "$K2_MVN_LOCK"} mvn -B -q -DskipTests package)
  sqlite_jar="$(tr ':' '\n' < "$root/interop/spark/target/classpath.txt" | grep '/sqlite-jdbc-' | head -n 1)"
  [ -s "$sqlite_jar" ] || { echo "check.sh: no sqlite-jdbc jar on interop/spark's classpath" >&2; exit 2; }
  rm -f "$home"/plugin/iceberg/sqlite-jdbc-*.jar
  cp "$sqlite_jar" "$home/plugin/iceberg/"
fi
echo "== $home/etc/catalog/k2.properties"
sed 's/\(password=\)[^&;]*/\1***/' "$home/etc/catalog/k2.properties"

log="$trino_dir/server.log"
if curl -fs "http://127.0.0.1:$port/v1/info" >/dev/null 2>&1; then
  echo "check.sh: something already listens on 127.0.0.1:$port: stop it or set TRINO_PORT" >&2
  exit 2
fi
echo "== starting Trino $version on 127.0.0.1:$port (log: $log)"
PATH="$JAVA_HOME/bin:$PATH" k2_serve Trino "$log" 'SERVER STARTED' 120 "$home/bin/launcher" run

set +e
ENGINE=trino TRINO_URL="jdbc:trino://127.0.0.1:$port/k2/k2" "$root/interop/spark/check.sh" "$data_dir" "$@"
status=$?
set -e
exit $status
