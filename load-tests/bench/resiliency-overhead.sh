#!/usr/bin/env bash
# Benchmark (not a test): what a Resiliency policy (timeout + retry + circuit breaker) adds to a
# state GET, against the same GET on a store without a policy, both measured in the same run on
# the same sidecar.
#
#   load-tests/bench/resiliency-overhead.sh [seconds per run, default 15] [requests/s, default 1000]
#
# One sidecar, two state.in-memory stores: `plain` (no policy applies) and `guarded`
# (components.guarded.outbound: timeout 5s, constant retry x3, breaker with a CEL trip). The
# in-memory store keeps the backend out of the figure. Two measurements: latency at a fixed rate
# (hey, 10 connections: p50/p90/p99) and throughput unthrottled (hey, 10 connections, requests/s);
# runs alternate plain/guarded and each is done twice, after a 5 s warm-up of each.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SECONDS_PER_RUN=${1:-15}
RATE=${2:-1000}
CONNECTIONS=10
HTTP_PORT=${BENCH_HTTP_PORT:-3592}
GRPC_PORT=${BENCH_GRPC_PORT:-50592}
JAR="$ROOT/sidecar-app/target/quarkus-app/quarkus-run.jar"
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q install -DskipTests" >&2; exit 1; }
command -v hey >/dev/null || { echo "needs hey: apt-get install -y hey" >&2; exit 1; }

WORK=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

mkdir -p "$WORK/resources"
for name in plain guarded; do
    cat >"$WORK/resources/$name.yaml" <<YAML
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: $name
spec:
  type: state.in-memory
  version: v1
YAML
done
cat >"$WORK/resources/resiliency.yaml" <<YAML
apiVersion: dapr.io/v1alpha1
kind: Resiliency
metadata:
  name: bench
spec:
  policies:
    timeouts:
      storeTimeout: 5s
    retries:
      storeRetry:
        policy: constant
        duration: 100ms
        maxRetries: 3
    circuitBreakers:
      storeBreaker:
        maxRequests: 1
        interval: 10s
        timeout: 30s
        trip: consecutiveFailures > 5
  targets:
    components:
      guarded:
        outbound:
          timeout: storeTimeout
          retry: storeRetry
          circuitBreaker: storeBreaker
YAML
VALUE='{"id":"order-1","customer":"c-42","items":[{"sku":"coffee","qty":2},{"sku":"bagel","qty":1}],"total":7.5}'

java -Xmx256m -jar "$JAR" --app-id bench --resources-path "$WORK/resources" \
    --dapr-http-port "$HTTP_PORT" --dapr-grpc-port "$GRPC_PORT" --log-level warn >"$WORK/sidecar.log" 2>&1 &
pids+=($!)
SIDECAR_PID=$!
for i in $(seq 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/v1.0/healthz" && break
    sleep 0.1
done
for name in plain guarded; do
    curl -sf -X POST "http://127.0.0.1:$HTTP_PORT/v1.0/state/$name" -H 'content-type: application/json' \
        -d "[{\"key\":\"order-1\",\"value\":$VALUE}]"
done
curl -sf "http://127.0.0.1:$HTTP_PORT/v1.0/metadata" | grep -q 'components.guarded.outbound' \
    || { echo "the policy is not in force" >&2; exit 1; }
url() { echo "http://127.0.0.1:$HTTP_PORT/v1.0/state/$1/order-1"; }

pct() { sort -g "$2.ms" | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100); if (i < 1) i = 1; printf "%.3f", v[i] }'; }
latency() { # NAME STORE: fixed rate, per-request times appended to NAME.ms
    hey -z "${SECONDS_PER_RUN}s" -c "$CONNECTIONS" -q $((RATE / CONNECTIONS)) -o csv "$(url "$2")" >"$WORK/$1.csv"
    local all ok
    all=$(($(wc -l <"$WORK/$1.csv") - 1))
    ok=$(awk -F, 'NR > 1 && $7 == 200' "$WORK/$1.csv" | wc -l)
    [ "$ok" -eq "$all" ] || { echo "$1: $((all - ok)) of $all requests failed" >&2; exit 1; }
    awk -F, 'NR > 1 { print $1 * 1000 }' "$WORK/$1.csv" >>"$WORK/$1.ms"
}
throughput() { # STORE: requests/s unthrottled
    hey -z "$((SECONDS_PER_RUN / 2 > 3 ? SECONDS_PER_RUN / 2 : 3))s" -c "$CONNECTIONS" "$(url "$1")" \
        | awk '/Requests\/sec/ { print $2 }'
}

echo "warm-up (5 s each)"
hey -z 5s -c "$CONNECTIONS" "$(url plain)" >/dev/null
hey -z 5s -c "$CONNECTIONS" "$(url guarded)" >/dev/null
echo "latency: $RATE requests/s, $CONNECTIONS connections, ${SECONDS_PER_RUN}s x 2 per store, alternating"
for round in 1 2; do
    latency plain plain
    latency guarded guarded
done
echo "throughput: unthrottled, $CONNECTIONS connections, alternating"
tp_plain=0; tp_guarded=0
for round in 1 2; do
    tp_plain=$(awk -v a="$tp_plain" -v b="$(throughput plain)" 'BEGIN { print a + b / 2 }')
    tp_guarded=$(awk -v a="$tp_guarded" -v b="$(throughput guarded)" 'BEGIN { print a + b / 2 }')
done

printf '\n%-10s %10s %10s %10s %12s %14s\n' "" "p50 ms" "p90 ms" "p99 ms" "requests" "max req/s"
printf '%-10s %10s %10s %10s %12s %14.0f\n' plain "$(pct 50 "$WORK/plain")" "$(pct 90 "$WORK/plain")" \
    "$(pct 99 "$WORK/plain")" "$(wc -l <"$WORK/plain.ms")" "$tp_plain"
printf '%-10s %10s %10s %10s %12s %14.0f\n' guarded "$(pct 50 "$WORK/guarded")" "$(pct 90 "$WORK/guarded")" \
    "$(pct 99 "$WORK/guarded")" "$(wc -l <"$WORK/guarded.ms")" "$tp_guarded"
for p in 50 90 99; do
    d=$(pct $p "$WORK/plain"); s=$(pct $p "$WORK/guarded")
    awk -v p=$p -v d="$d" -v s="$s" 'BEGIN { printf "policy adds at p%s: %.3f ms (guarded/plain = %.2f)\n", p, s - d, (d > 0 ? s / d : 0) }'
done
awk -v a="$tp_guarded" -v b="$tp_plain" 'BEGIN { printf "throughput guarded/plain = %.2f\n", (b > 0 ? a / b : 0) }'
echo "sidecar RSS: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$SIDECAR_PID/status)"
