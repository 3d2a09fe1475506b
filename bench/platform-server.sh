# Sourced by bench/http-publish and bench/token-connect: picks a JDK, builds unless --no-build was
# given, and starts `herald serve` with the REST API on CPU 0 (start_server STORAGE), waiting for
# /health. Sets work, token, mqtt_port, http_port, server_pid; the caller's EXIT trap calls stop_server.
die() { echo "$(basename "$0"): $*" >&2; exit 1; }
[ "$(nproc)" -ge 2 ] || die "needs 2 CPUs (server on CPU 0, load on CPU 1)"
for d in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
  [ -n "$d" ] && [ -x "$d/bin/java" ] && { JAVA_HOME="${d%/}"; break; }
done
export JAVA_HOME
mqtt_port=18831
http_port=18081
token="bench-admin-$(date +%s%N)"
work="$(mktemp -d "/tmp/herald-$(basename "$0").XXXXXX")"
server_pid=""

build_server() { echo "building herald..."; mvn -B -q package -DskipTests -pl server -am; }

start_server() {
  taskset -c 0 "$JAVA_HOME/bin/java" -Xms1g -Xmx2g --enable-native-access=ALL-UNNAMED -jar server/target/herald.jar \
    serve --mqtt-port "$mqtt_port" --tls-port 0 --ws-port 0 --wss-port 0 --http-port "$http_port" --https-port 0 \
    --storage "$1" --data-dir "$work/data" --admin-token "$token" --max-queued-messages 10000000 \
    >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$http_port/health" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; die "server exited at start"; }
    sleep 0.1
  done
  die "server not healthy after 30 s (log: $work/server.log)"
}

stop_server() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
}

# api METHOD PATH [JSON]: one REST call as the admin, the body on stdout; fails on a non-2xx answer.
api() {
  curl -sf -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${3:+-d "$3"} \
    "http://127.0.0.1:$http_port$2"
}
