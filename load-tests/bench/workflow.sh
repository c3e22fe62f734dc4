#!/usr/bin/env bash
# Benchmark (not a test): workflow throughput and latency through the sidecar, the official Java
# SDK's worker in a process of its own, one sidecar per backend.
#
#   load-tests/bench/workflow.sh [workflows per throughput run, default 5000] [backends, default "memory sqlite redis postgresql"]
#
# For each backend: a warm-up of BENCH_WARMUP (5,000) FanOut5 workflows (five no-op activities at
# once; on two cores the JIT compiles for the first thousands, and a sidecar runs for days), then
# the measured run of FanOut5; then, on the embedded default (sqlite; BENCH_LONG_BACKENDS for
# others), BENCH_LONG (10,000) Chain15 workflows (fifteen activities one after the other), after the same warm-up. CPU times are taken
# inside the measured run only. Prints workflows/s (first start to last completion), the p50 and
# p99 of each workflow's creation-to-completion time as the sidecar recorded it, the sidecar's
# and worker's peak RSS, and the CPU time per workflow of the sidecar, the SDK worker and the SDK
# client; each backend's throughput as a ratio to the in-memory backend's, measured in the same
# run, and a ceiling as the reference for the issue's targets: the rate the machine's cores would
# allow if the sidecar used no CPU at all (worker and client on the same machine, as here).
# Bounded: every run stops after 15 minutes at most.
# Redis and PostgreSQL are the loopback services (scripts/services.sh); a fresh app id per run
# keeps earlier runs' workflows apart, and the script deletes its keys and rows afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
COUNT=${1:-5000}
BACKENDS=${2:-memory sqlite redis postgresql}
LONG=${BENCH_LONG:-10000}
WARMUP=${BENCH_WARMUP:-5000}
LONG_BACKENDS=${BENCH_LONG_BACKENDS:-sqlite}
# the sidecar's JVM as quaprd starts it, unless BENCH_SIDECAR_OPTS says otherwise
SIDECAR_JVM=${BENCH_SIDECAR_OPTS:-@$ROOT/sidecar-app/src/main/jvm/jvm.options}
HTTP_PORT=${BENCH_HTTP_PORT:-3592}
GRPC_PORT=${BENCH_GRPC_PORT:-50592}
JAR="$ROOT/sidecar-app/target/quarkus-app/quarkus-run.jar"
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q install -DskipTests" >&2; exit 1; }

WORK=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# the Java SDK and its dependencies, as the e2e tests resolve them
(cd "$ROOT" && ./mvnw -B -ntp -q -o dependency:build-classpath -pl e2e-tests -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
CP=$(cat "$WORK/cp.txt")
RUN_ID=$(date +%s)

resources() { # BACKEND -> a resources folder, or nothing for the embedded default
    local dir="$WORK/resources-$1"
    mkdir -p "$dir"
    case "$1" in
    memory) # no actor state store: the engine keeps workflows in memory
        printf 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\nspec:\n  type: state.in-memory\n  version: v1\n' >"$dir/statestore.yaml" ;;
    redis)
        printf 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\nspec:\n  type: state.redis\n  version: v1\n  metadata:\n    - name: redisHost\n      value: "127.0.0.1:6379"\n    - name: actorStateStore\n      value: "true"\n' >"$dir/statestore.yaml" ;;
    postgresql)
        printf 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\nspec:\n  type: state.postgresql\n  version: v1\n  metadata:\n    - name: connectionString\n      value: "host=127.0.0.1 port=5432 user=postgres database=test sslmode=disable"\n    - name: tableName\n      value: "wfbench%s"\n    - name: actorStateStore\n      value: "true"\n' "$RUN_ID" >"$dir/statestore.yaml" ;;
    sqlite) ;;
    esac
}

rss_peak() { # PID FILE: samples VmRSS (kB) every 200 ms into FILE until PID exits
    while kill -0 "$1" 2>/dev/null; do
        awk '/VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null >>"$2" || true
        sleep 0.2
    done
}

bench() { # BACKEND WORKFLOW COUNT LABEL
    local backend=$1
    local args=(--app-id "wfbench-$backend-$RUN_ID" --dapr-http-port "$HTTP_PORT" --dapr-grpc-port "$GRPC_PORT"
        --dapr-listen-addresses 127.0.0.1 --metrics-port 0 --dapr-internal-grpc-port 0 --log-level warn --data-dir "$WORK/data-$backend")
    resources "$backend"
    [ "$backend" = sqlite ] || args+=(--resources-path "$WORK/resources-$backend")
    HOME="$WORK/home" MALLOC_ARENA_MAX=2 java ${SIDECAR_JVM} -jar "$JAR" "${args[@]}" >"$WORK/sidecar-$backend.log" 2>&1 &
    local sidecar=$!
    pids+=("$sidecar")
    for i in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/v1.0/healthz" && break; sleep 0.1; done
    java -Xmx512m -cp "$CP" "$ROOT/load-tests/bench/WorkflowBench.java" worker "$GRPC_PORT" >"$WORK/worker-$backend.log" 2>&1 &
    local worker=$!
    pids+=("$worker")
    : >"$WORK/rss-sidecar"; : >"$WORK/rss-worker"
    rss_peak "$sidecar" "$WORK/rss-sidecar" & pids+=($!)
    rss_peak "$worker" "$WORK/rss-worker" & pids+=($!)
    timeout 900 java -cp "$CP" "$ROOT/load-tests/bench/WorkflowBench.java" run "$GRPC_PORT" "$2" "$3" "$4" "$WARMUP" \
        "$sidecar" "$worker" >"$WORK/run"
    # peak RSS over the warm-up and the run
    awk -v s="$WORK/rss-sidecar" -v w="$WORK/rss-worker" '{
            ms = 0; while ((getline v < s) > 0) if (v + 0 > ms) ms = v + 0
            mw = 0; while ((getline v < w) > 0) if (v + 0 > mw) mw = v + 0
            printf "%s %d %d\n", $0, ms / 1024, mw / 1024 }' "$WORK/run" >>"$WORK/results"
    kill "$worker" "$sidecar" 2>/dev/null || true
    wait "$sidecar" 2>/dev/null || true
    wait "$worker" 2>/dev/null || true
}

for b in $BACKENDS; do
    echo "== $b: FanOut5 x $COUNT" >&2
    bench "$b" FanOut5 "$COUNT" "FanOut5/$b"
done
for b in $LONG_BACKENDS; do
    echo "== $b: Chain15 x $LONG" >&2
    bench "$b" Chain15 "$LONG" "Chain15/$b"
done

redis-cli --scan --pattern "wfbench-redis-$RUN_ID*" 2>/dev/null | xargs -r -n 500 redis-cli del >/dev/null 2>&1 || true
psql -h 127.0.0.1 -U postgres -d test -qc "DROP TABLE IF EXISTS wfbench$RUN_ID" >/dev/null 2>&1 || true

echo
printf '%-16s %8s %8s %8s %7s %7s %8s %7s %10s %10s %10s %9s %9s\n' run workflows seconds "wf/s" "p50 ms" "p99 ms" \
    "sidecar" "worker" "vs memory" "sidecar" "worker" "client" "ceiling"
printf '%-16s %8s %8s %8s %7s %7s %8s %7s %10s %10s %10s %9s %9s\n' "" "" "" "" "" "" "MB" "MB" "" "CPU ms/wf" \
    "CPU ms/wf" "CPU ms/wf" "wf/s"
mem=$(awk '$1 == "FanOut5/memory" { print $4 }' "$WORK/results")
cores=$(nproc)
while read -r label n secs rate p50 p99 ccpu scpu wcpu rss wrss; do
    ratio=$([ -n "$mem" ] && awk -v a="$rate" -v b="$mem" 'BEGIN { printf "%.2fx", a / b }' || echo "-")
    # the reference: what the SDK's own processes cost; with a sidecar that cost nothing, the
    # machine's cores could run at most this many workflows per second
    ceiling=$(awk -v c="$cores" -v w="$wcpu" -v k="$ccpu" -v n="$n" 'BEGIN { printf "%d", c * 1000 * n / (w + k) }')
    printf '%-16s %8d %8.1f %8.1f %7d %7d %8d %7d %10s %10.2f %10.2f %9.2f %9s\n' "$label" "$n" "$secs" "$rate" \
        "$p50" "$p99" "$rss" "$wrss" "$ratio" "$(awk -v a="$scpu" -v n="$n" 'BEGIN { print a / n }')" \
        "$(awk -v a="$wcpu" -v n="$n" 'BEGIN { print a / n }')" "$(awk -v a="$ccpu" -v n="$n" 'BEGIN { print a / n }')" \
        "$ceiling"
done <"$WORK/results"
echo
echo "targets (issue 12): FanOut5/memory >= 1000 wf/s, FanOut5/redis >= 300 wf/s, Chain15 x 10000 in < 60 s"
echo "ceiling: $cores cores / (worker + client CPU per workflow): the rate if the sidecar used no CPU at all"
