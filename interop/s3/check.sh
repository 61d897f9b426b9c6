#!/usr/bin/env bash
# K2's cold tables in object storage, by configuration alone, read back by Trino: an S3 API server on
# 127.0.0.1 (S3Proxy, signature v4, files under $S3_DIR), `k2 cold sync` into s3://k2-bucket/warehouse
# with a catalog of its own, then interop/trino/check.sh through that catalog and bucket.
#
#   interop/s3/check.sh DATA_DIR
#
# DATA_DIR holds a K2 journal (e.g. `./k2 ingest --data-dir DATA_DIR ...`). The script
#  1. starts S3Proxy (s3proxy-$S3PROXY_VERSION-jar-with-dependencies from Maven Central the first time,
#     ~40 MB) on 127.0.0.1:$S3_PORT with a generated key pair and the bucket k2-bucket;
#  2. runs k2 cold sync and k2 cold stats with cold.warehouse=s3://k2-bucket/warehouse, cold.s3.endpoint,
#     cold.s3.pathStyle=true and the SQLite catalog $S3_DIR/catalog.db (the keys reach K2 and Trino
#     through AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, the AWS default chain: no K2 setting holds them);
#  3. runs interop/trino/check.sh DATA_DIR with the same settings (Trino's native S3 file system);
#  4. stops S3Proxy (KEEP_SERVER=1 leaves it running).
# Exit status: that of the Trino check (0 all matched, 1 mismatch), 2 on a setup error.
#
# Environment: S3_DIR (default /tmp/k2-s3), S3_PORT (default 18282), S3PROXY_VERSION (default 2.6.0),
# K2 (the k2 command), KEEP_SERVER, and what interop/trino/check.sh reads (TRINO_DIR, TRINO_PORT, ...).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ $# -ne 1 ]; then
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
data_dir="$(cd "$1" && pwd)"
s3_dir="${S3_DIR:-/tmp/k2-s3}"
port="${S3_PORT:-18282}"
version="${S3PROXY_VERSION:-2.6.0}"
read -r -a k2_cmd <<< "${K2:-$root/k2}"

# shellcheck source=../../bin/find-jdk
. "$root/bin/find-jdk"
# shellcheck source=../lib/server.sh
. "$root/interop/lib/server.sh"
k2_find_jdk || exit 2

jar="$s3_dir/s3proxy-$version.jar"
mkdir -p "$s3_dir/blobs/k2-bucket"
if [ ! -s "$jar" ]; then
  url="https://repo1.maven.org/maven2/org/gaul/s3proxy/$version/s3proxy-$version-jar-with-dependencies.jar"
  echo "== downloading $url" >&2
  curl -fsS --retry 2 -o "$jar.part" "$url" || { echo "check.sh: cannot download $url" >&2; exit 2; }
  mv "$jar.part" "$jar"
fi

export AWS_ACCESS_KEY_ID="k2-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export AWS_SECRET_ACCESS_KEY="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
export AWS_REGION=us-east-1
# S3Proxy predates the SDK's default streaming checksums: ask for them only where S3 requires them
export AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
(umask 077 && cat > "$s3_dir/s3proxy.conf" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$s3_dir/blobs
PROPS
)
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
  echo "check.sh: something already listens on 127.0.0.1:$port: stop it or set S3_PORT" >&2
  exit 2
fi
log="$s3_dir/s3proxy.log"
echo "== starting S3Proxy $version on 127.0.0.1:$port (files under $s3_dir/blobs, log: $log)"
k2_serve S3Proxy "$log" 'Started Server' 30 "$JAVA_HOME/bin/java" -jar "$jar" --properties "$s3_dir/s3proxy.conf"

k2_opts=(--set "cold.catalog.uri=jdbc:sqlite:$s3_dir/catalog.db" --set "cold.warehouse=s3://k2-bucket/warehouse"
  --set "cold.s3.endpoint=http://127.0.0.1:$port" --set "cold.s3.pathStyle=true")
echo "== k2 cold sync into s3://k2-bucket/warehouse"
"${k2_cmd[@]}" cold sync --data-dir "$data_dir" "${k2_opts[@]}"
"${k2_cmd[@]}" cold stats --data-dir "$data_dir" "${k2_opts[@]}"
echo "objects in the bucket: $(find "$s3_dir/blobs/k2-bucket" -type f | wc -l)"

set +e
"$root/interop/trino/check.sh" "$data_dir" "${k2_opts[@]}"
status=$?
set -e
exit $status
