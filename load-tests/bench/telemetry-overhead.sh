#!/usr/bin/env bash
# Benchmark (not a test): what observability costs on the state GET hot path. Starts one sidecar
# per setting, all in the same run, and loads each with the same state GET at a fixed rate:
#   metrics-off   spec.metrics.enabled: false (the baseline)
#   metrics-on    daprd's metrics recorded (the default)
#   tracing-0     metrics on, spec.tracing.samplingRate "0"
#   tracing-1     metrics on, spec.tracing.samplingRate "1", exported over OTLP/HTTP to a sink
#
#   load-tests/bench/telemetry-overhead.sh [seconds per run, default 15] [requests/s, default 1000]
#
# Prints p50/p90/p99 per setting and the ratio to metrics-off. Bounded in time: one 5 s warm-up
# and one measured run per setting; all traffic on loopback.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SECONDS_PER_RUN=${1:-15}
RATE=${2:-1000}
CONNECTIONS=10
BASE_PORT=${BENCH_PORT_BASE:-3600}
JAR="$ROOT/sidecar-app/target/quarkus-app/quarkus-run.jar"
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q install -DskipTests" >&2; exit 1; }
command -v hey >/dev/null || { echo "needs hey: apt-get install -y hey" >&2; exit 1; }

WORK=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

mkdir -p "$WORK/resources"
cat >"$WORK/resources/statestore.yaml" <<YAML
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: statestore
spec:
  type: state.in-memory
  version: v1
YAML
SINK_PORT=$((BASE_PORT + 99))
config() { # NAME SPEC
    printf 'apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: %s\nspec:\n%s\n' "$1" "$2" >"$WORK/$1.yaml"
}
config metrics-off '  metrics:
    enabled: false'
config metrics-on '  metrics:
    enabled: true'
config tracing-0 '  tracing:
    samplingRate: "0"
    otel:
      endpointAddress: "127.0.0.1:'$SINK_PORT'"
      protocol: http
      isSecure: false'
config tracing-1 '  tracing:
    samplingRate: "1"
    otel:
      endpointAddress: "127.0.0.1:'$SINK_PORT'"
      protocol: http
      isSecure: false'

# an OTLP sink that takes every export and answers 200
python3 -c '
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(200); self.send_header("content-length", "0"); self.end_headers()
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()' "$SINK_PORT" &
pids+=($!)

SETTINGS=(metrics-off metrics-on tracing-0 tracing-1)
VALUE='{"id":"order-1","customer":"c-42","items":[{"sku":"coffee","qty":2},{"sku":"bagel","qty":1}],"total":7.5}'
i=0
for s in "${SETTINGS[@]}"; do
    java -Xmx256m -jar "$JAR" --app-id bench --resources-path "$WORK/resources" --config "$WORK/$s.yaml" \
        --dapr-http-port $((BASE_PORT + i)) --dapr-grpc-port $((BASE_PORT + 50 + i)) \
        --metrics-port $((BASE_PORT + 20 + i)) --log-level warn >"$WORK/$s.log" 2>&1 &
    pids+=($!)
    i=$((i + 1))
done
i=0
for s in "${SETTINGS[@]}"; do
    url="http://127.0.0.1:$((BASE_PORT + i))"
    for _ in $(seq 600); do curl -sf -o /dev/null "$url/v1.0/healthz" && break; sleep 0.1; done
    curl -sf -X POST "$url/v1.0/state/statestore" -H 'content-type: application/json' \
        -d "[{\"key\":\"order-1\",\"value\":$VALUE}]"
    i=$((i + 1))
done

pct() { sort -g "$2.ms" | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100); if (i < 1) i = 1; printf "%.3f", v[i] }'; }
run() { # NAME URL
    hey -z "${SECONDS_PER_RUN}s" -c "$CONNECTIONS" -q $((RATE / CONNECTIONS)) -o csv "$2" >"$WORK/$1.csv"
    awk -F, 'NR > 1 && $7 == 200 { print $1 * 1000 }' "$WORK/$1.csv" >"$WORK/$1.ms"
    local ok all
    ok=$(wc -l <"$WORK/$1.ms"); all=$(($(wc -l <"$WORK/$1.csv") - 1))
    [ "$ok" -gt 0 ] && [ "$ok" -eq "$all" ] || { echo "$1: $((all - ok)) of $all requests failed" >&2; exit 1; }
    echo "$ok" >"$WORK/$1.count"
}

echo "warm-up (5 s each)"
i=0
for s in "${SETTINGS[@]}"; do
    hey -z 5s -c "$CONNECTIONS" "http://127.0.0.1:$((BASE_PORT + i))/v1.0/state/statestore/order-1" >/dev/null
    i=$((i + 1))
done
echo "measuring: $RATE requests/s, $CONNECTIONS connections, ${SECONDS_PER_RUN}s each"
i=0
for s in "${SETTINGS[@]}"; do
    run "$s" "http://127.0.0.1:$((BASE_PORT + i))/v1.0/state/statestore/order-1"
    i=$((i + 1))
done

printf '\n%-12s %9s %9s %9s %10s %18s\n' "" "p50 ms" "p90 ms" "p99 ms" "requests" "p50/p99 vs off"
for s in "${SETTINGS[@]}"; do
    printf '%-12s %9s %9s %9s %10s %18s\n' "$s" "$(pct 50 "$WORK/$s")" "$(pct 90 "$WORK/$s")" "$(pct 99 "$WORK/$s")" \
        "$(cat "$WORK/$s.count")" "$(awk -v a="$(pct 50 "$WORK/$s")" -v b="$(pct 50 "$WORK/metrics-off")" \
        -v c="$(pct 99 "$WORK/$s")" -v d="$(pct 99 "$WORK/metrics-off")" 'BEGIN { printf "%.2f / %.2f", a / b, c / d }')"
done
curl -sf "http://127.0.0.1:$((BASE_PORT + 21))/metrics" | grep -c '^dapr_' | xargs echo "metrics-on series lines:"
