# shellcheck shell=bash
# One way for the interop checks to run a server they need (S3Proxy, Trino, the REST catalog): source
# this file, then
#
#   k2_serve NAME LOG READY TIMEOUT_S COMMAND...
#
# starts COMMAND in the background with its output in LOG, stops it when the script exits (unless
# KEEP_SERVER is set), and returns once LOG holds a line matching the grep pattern READY. If the server
# exits first, or READY does not appear within TIMEOUT_S seconds, it prints why (the log's first ERROR
# and what follows, or its tail) and exits the script with status 2.
k2_serve() {
  local name="$1" log="$2" ready="$3" timeout="$4"
  shift 4
  "$@" > "$log" 2>&1 &
  k2_server_pid=$!
  trap k2_stop_server EXIT
  local deadline=$((SECONDS + timeout))
  until grep -q "$ready" "$log" 2>/dev/null; do
    if ! kill -0 "$k2_server_pid" 2>/dev/null; then
      echo "check.sh: $name exited while starting (log: $log):" >&2
      grep -A6 -m1 'ERROR' "$log" >&2 || tail -n 20 "$log" >&2
      exit 2
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "check.sh: $name did not start within $timeout s; see $log" >&2
      exit 2
    fi
    sleep 0.5
  done
}

k2_stop_server() {
  if [ -z "${KEEP_SERVER:-}" ] && [ -n "${k2_server_pid:-}" ]; then
    kill "$k2_server_pid" 2>/dev/null || true
    wait "$k2_server_pid" 2>/dev/null || true
  fi
}
