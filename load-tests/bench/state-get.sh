#!/usr/bin/env bash
# Benchmark (not a test): latency a state GET through the sidecar adds, against a direct
# baseline measured in the same run.
#
#   load-tests/bench/state-get.sh [seconds per run, default 20] [requests/s, default 1000]
#
# The sidecar runs with state.in-memory; the baseline is a Vert.x HTTP server answering the
# same body from memory (DirectBaseline.java). Both are loaded by `hey` at a fixed rate over 10
# connections on loopback; the script prints p50/p90/p99 of each and the difference. Bounded in
# time: two warm-ups of 5 s and two measured runs.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SECONDS_PER_RUN=${1:-20}
RATE=${2:-1000}
CONNECTIONS=10
HTTP_PORT=${BENCH_HTTP_PORT:-3590}
GRPC_PORT=${BENCH_GRPC_PORT:-50590}
BASE_PORT=${BENCH_BASE_PORT:-3591}
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
VALUE='{"id":"order-1","customer":"c-42","items":[{"sku":"coffee","qty":2},{"sku":"bagel","qty":1}],"total":7.5}'

java -Xmx256m -jar "$JAR" --app-id bench --resources-path "$WORK/resources" \
    --dapr-http-port "$HTTP_PORT" --dapr-grpc-port "$GRPC_PORT" --log-level warn >"$WORK/sidecar.log" 2>&1 &
pids+=($!)
SIDECAR_PID=$!
java -Xmx128m -cp "$ROOT/sidecar-app/target/quarkus-app/lib/main/*" "$ROOT/load-tests/bench/DirectBaseline.java" "$BASE_PORT" "$VALUE" >"$WORK/baseline.log" 2>&1 &
pids+=($!)

for i in $(seq 300); do
    if curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/v1.0/healthz" && curl -sf -o /dev/null "http://127.0.0.1:$BASE_PORT/"; then break; fi
    sleep 0.1
done
curl -sf -X POST "http://127.0.0.1:$HTTP_PORT/v1.0/state/statestore" -H 'content-type: application/json' \
    -d "[{\"key\":\"order-1\",\"value\":$VALUE}]"
SIDECAR_URL="http://127.0.0.1:$HTTP_PORT/v1.0/state/statestore/order-1"
BASE_URL="http://127.0.0.1:$BASE_PORT/v1.0/state/statestore/order-1"
[ "$(curl -sf "$SIDECAR_URL")" = "$(curl -sf "$BASE_URL")" ] || { echo "sidecar and baseline answer differently" >&2; exit 1; }

# percentile P (in ms, microsecond resolution) of the per-request times hey wrote as CSV
pct() { sort -g "$2.ms" | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100); if (i < 1) i = 1; printf "%.3f", v[i] }'; }
run() { # NAME URL
    hey -z "${SECONDS_PER_RUN}s" -c "$CONNECTIONS" -q $((RATE / CONNECTIONS)) -o csv "$2" >"$WORK/$1.csv"
    # columns: response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset
    awk -F, 'NR > 1 && $7 == 200 { print $1 * 1000 }' "$WORK/$1.csv" >"$WORK/$1.ms"
    local ok all
    ok=$(wc -l <"$WORK/$1.ms"); all=$(($(wc -l <"$WORK/$1.csv") - 1))
    [ "$ok" -gt 0 ] && [ "$ok" -eq "$all" ] || { echo "$1: $((all - ok)) of $all requests failed" >&2; exit 1; }
    echo "$ok" >"$WORK/$1.count"
}

echo "warm-up (5 s each)"
hey -z 5s -c "$CONNECTIONS" "$SIDECAR_URL" >/dev/null
hey -z 5s -c "$CONNECTIONS" "$BASE_URL" >/dev/null
echo "measuring: $RATE requests/s, $CONNECTIONS connections, ${SECONDS_PER_RUN}s each"
run direct "$BASE_URL"
run sidecar "$SIDECAR_URL"

printf '\n%-10s %10s %10s %10s %12s\n' "" "p50 ms" "p90 ms" "p99 ms" "requests"
for n in direct sidecar; do
    printf '%-10s %10s %10s %10s %12s\n' "$n" "$(pct 50 "$WORK/$n")" "$(pct 90 "$WORK/$n")" \
        "$(pct 99 "$WORK/$n")" "$(cat "$WORK/$n.count")"
done
for p in 50 90 99; do
    d=$(pct $p "$WORK/direct"); s=$(pct $p "$WORK/sidecar")
    awk -v p=$p -v d="$d" -v s="$s" 'BEGIN { printf "added at p%s: %.3f ms (sidecar/direct = %.2f)\n", p, s - d, (d > 0 ? s / d : 0) }'
done
echo "sidecar RSS: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$SIDECAR_PID/status)"
