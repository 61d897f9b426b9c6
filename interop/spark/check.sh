#!/usr/bin/env bash
# Spark read check of K2's cold tables, outside K2's build (interop/spark is not a module of the root pom).
#
#   interop/spark/check.sh DATA_DIR [K2 OPTIONS...]
#
# K2 OPTIONS go to every k2 command, e.g. --set cold.catalog.uri=jdbc:postgresql://... or --config FILE.
# Builds this project (first run downloads Spark 4.1.3 + iceberg-spark-runtime 1.12.0, ~350 MB, from
# Maven Central), asks K2 for the catalog properties (k2 cold catalog), the table stats (k2 cold stats
# --json), the journal's per-symbol counts (k2 verify --json) and its ticks (k2 replay --sink csv:),
# then opens the tables with Spark (local[2]) through those properties and compares: row counts, per-symbol
# sum(price*quantity), a one-symbol one-day filter, the snapshot history's k2.journal-index and a
# VERSION AS OF read. Exit status 0 when all matched, 1 on a mismatch, 2 on a setup error.
# Run it while no `k2 cold sync` writes the tables (otherwise the counts move between the reads).
#
# Environment: K2 (the k2 command; default: the repository's ./k2), SPARK_MASTER (default local[2]),
# SPARK_HEAP (default 2g), K2_MVN_LOCK (a lock file to serialise Maven with, via flock), ENGINE=trino with
# TRINO_URL (jdbc:trino://HOST:PORT/k2/k2) to run the same comparisons against a running Trino instead
# (interop/trino/check.sh does that).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ $# -lt 1 ]; then
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
data_dir="$1"; shift
[ -d "$data_dir" ] || { echo "check.sh: no data directory $data_dir" >&2; exit 2; }

# a JDK >= 21, the newest found (as ./k2 does); Spark 4.1 with hadoop-client 3.5.0 runs on 17 to 25
# shellcheck source=../../bin/find-jdk
. "$root/bin/find-jdk"
k2_find_jdk || exit 2
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
read -r -a k2_cmd <<< "${K2:-$root/k2}"

cp_file="$here/target/classpath.txt"
if [ ! -s "$cp_file" ] || [ -n "$(find "$here/pom.xml" "$here/src" -newer "$cp_file" -print -quit)" ]; then
  echo "check.sh: building interop/spark..." >&2
  lock=()
  [ -n "${K2_MVN_LOCK:-}" ] && lock=(flock "$K2_MVN_LOCK")
  (cd "$here" && "${lock[@]}" mvn -B -q -DskipTests package)
  touch "$cp_file" # build-classpath leaves an unchanged file alone: mark this build
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
t0=$(date +%s.%N)
"${k2_cmd[@]}" cold catalog --data-dir "$data_dir" "$@" > "$work/catalog.txt"
"${k2_cmd[@]}" cold stats --json --data-dir "$data_dir" "$@" > "$work/stats.json"
"${k2_cmd[@]}" verify --json --data-dir "$data_dir" "$@" > "$work/verify.json" \
  || { echo "check.sh: k2 verify reports the journal inconsistent" >&2; cat "$work/verify.json" >&2; exit 1; }
"${k2_cmd[@]}" replay --data-dir "$data_dir" "$@" --sink "csv:$work/journal.csv" >&2
t1=$(date +%s.%N)
echo "k2 cold stats: $(cat "$work/stats.json")"
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "K2 side (catalog, stats, verify, replay to CSV): %.1f s\n", b - a }'

# the module flags Spark's own launcher adds (JavaModuleOptions), plus JDK 24+'s Unsafe switch
jvm=(-Xmx"${SPARK_HEAP:-2g}" -XX:+IgnoreUnrecognizedVMOptions
  --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  -Dk2.spark.master="${SPARK_MASTER:-local[2]}")
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" # loopback only
"$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$here/target/classes:$(cat "$cp_file")" dev.k2.interop.spark.ReadCheck \
  --engine "${ENGINE:-spark}" ${TRINO_URL:+--trino-url "$TRINO_URL"} \
  --catalog "$work/catalog.txt" --stats "$work/stats.json" --verify "$work/verify.json" \
  --journal-csv "$work/journal.csv" ${SYMBOL:+--symbol "$SYMBOL"} ${DAY:+--day "$DAY"}
